package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.springframework.security.core.Authentication;

/**
 * {@code registerSalesforceOrg(id: 'uat', authUrlFile: 'org.json', devHub: false, metadata: 'team=core')}:
 * registers an org with an SFDX auth URL, validated with Salesforce first (nothing is written when it
 * fails), upserting by username. The auth URL comes from a workspace file ({@code authUrlFile}: the output of {@code sf
 * org auth show-sfdx-auth-url --json}, or the bare URL) or from a Secret text / Secret file credential ({@code
 * authUrlCredentialsId}); never from a literal in the script, which would sit in the job's configuration and the
 * build's {@code program.dat}. The build's authentication needs Credentials/Create and Credentials/Update on the
 * target store, and a build that runs as SYSTEM is refused unless an administrator trusts such builds
 * ({@link BuildOrgs}). Returns the registered org as {@code salesforceOrgs} lists it.
 */
public class RegisterSalesforceOrgStep extends Step {
    /** Larger than any auth URL or {@code sf org auth show-sfdx-auth-url} output. */
    static final long MAX_FILE_SIZE = 256 * 1024;

    private String id;
    private String authUrlFile;
    private String authUrlCredentialsId;
    private Boolean devHub;
    private Boolean defaultDevHub;
    private Boolean allowAuthUrlExport;
    private String metadata;
    private String description;
    private String store;

    @DataBoundConstructor
    public RegisterSalesforceOrgStep() {}

    @CheckForNull
    public String getId() {
        return id;
    }

    @DataBoundSetter
    public void setId(@CheckForNull String id) {
        this.id = Util.fixEmptyAndTrim(id);
    }

    @CheckForNull
    public String getAuthUrlFile() {
        return authUrlFile;
    }

    @DataBoundSetter
    public void setAuthUrlFile(@CheckForNull String authUrlFile) {
        this.authUrlFile = Util.fixEmptyAndTrim(authUrlFile);
    }

    @CheckForNull
    public String getAuthUrlCredentialsId() {
        return authUrlCredentialsId;
    }

    @DataBoundSetter
    public void setAuthUrlCredentialsId(@CheckForNull String authUrlCredentialsId) {
        this.authUrlCredentialsId = Util.fixEmptyAndTrim(authUrlCredentialsId);
    }

    @CheckForNull
    public Boolean getDevHub() {
        return devHub;
    }

    @DataBoundSetter
    public void setDevHub(@CheckForNull Boolean devHub) {
        this.devHub = devHub;
    }

    @CheckForNull
    public Boolean getDefaultDevHub() {
        return defaultDevHub;
    }

    @DataBoundSetter
    public void setDefaultDevHub(@CheckForNull Boolean defaultDevHub) {
        this.defaultDevHub = defaultDevHub;
    }

    @CheckForNull
    public Boolean getAllowAuthUrlExport() {
        return allowAuthUrlExport;
    }

    @DataBoundSetter
    public void setAllowAuthUrlExport(@CheckForNull Boolean allowAuthUrlExport) {
        this.allowAuthUrlExport = allowAuthUrlExport;
    }

    @CheckForNull
    public String getMetadata() {
        return metadata;
    }

    @DataBoundSetter
    public void setMetadata(@CheckForNull String metadata) {
        this.metadata = Util.fixEmptyAndTrim(metadata);
    }

    @CheckForNull
    public String getDescription() {
        return description;
    }

    @DataBoundSetter
    public void setDescription(@CheckForNull String description) {
        this.description = Util.fixEmptyAndTrim(description);
    }

    @CheckForNull
    public String getStore() {
        return store;
    }

    @DataBoundSetter
    public void setStore(@CheckForNull String store) {
        this.store = Util.fixEmptyAndTrim(store);
    }

    @Override
    public StepExecution start(StepContext context) {
        return BuildOrgs.nonBlocking(context, (run, c) -> {
            SalesforceService service = SalesforceService.get();
            CredentialsStore target = BuildOrgs.targetStore(run, store);
            // Create and Update, as the Orgs page and the CLI ask: the same username in the store updates its org
            Authentication auth = BuildOrgs.writer(
                    run, target, "registerSalesforceOrg", CredentialsProvider.CREATE, CredentialsProvider.UPDATE);
            SfdxAuthUrl url = SfdxAuthUrl.read(authUrlText(run, c), service.hosts());
            RegistrationRequest request = new RegistrationRequest(
                    id,
                    new AuthUrlSecret(SecretText.of(url.format())),
                    null,
                    devHub == null && Boolean.TRUE.equals(defaultDevHub) ? Boolean.TRUE : devHub,
                    defaultDevHub,
                    allowAuthUrlExport,
                    metadata == null ? null : OrgMetadata.parse(metadata, "metadata"),
                    description);
            OrgRecord stored;
            try (ACLContext ignored = ACL.as2(auth)) {
                stored = CredentialsOrgStore.register(target, request);
            }
            c.get(TaskListener.class)
                    .getLogger()
                    .println("Registered Salesforce org " + stored.describe() + " as '" + stored.id() + "' in "
                            + target.getContextDisplayName());
            return OrgMaps.of(stored);
        });
    }

    private String authUrlText(Run<?, ?> run, StepContext context) throws IOException, InterruptedException {
        if ((authUrlFile == null) == (authUrlCredentialsId == null)) {
            throw new AbortException("Give the auth URL either as authUrlFile (a workspace file, such as the output"
                    + " of 'sf org auth show-sfdx-auth-url --target-org <alias> --json') or as authUrlCredentialsId"
                    + " (a Secret text or Secret file credential), exactly one of them.");
        }
        return authUrlFile != null ? fromWorkspace(context, authUrlFile) : fromCredential(run);
    }

    private static String fromWorkspace(StepContext context, String path) throws IOException, InterruptedException {
        FilePath workspace = context.get(FilePath.class);
        if (workspace == null) {
            throw new AbortException("authUrlFile needs a workspace: call registerSalesforceOrg inside node { }.");
        }
        if (!workspace.isDescendant(path)) {
            throw new AbortException("authUrlFile '" + path + "' is not inside the workspace.");
        }
        FilePath file = workspace.child(path);
        if (!file.exists() || file.isDirectory()) {
            throw new AbortException("authUrlFile '" + path + "' does not exist in the workspace. Write it with"
                    + " sh 'sf org auth show-sfdx-auth-url --target-org <alias> --json > " + path + "'.");
        }
        if (file.length() > MAX_FILE_SIZE) {
            throw new AbortException("authUrlFile '" + path + "' is larger than " + MAX_FILE_SIZE / 1024
                    + " KB: it is not an auth URL or sf's JSON output.");
        }
        return file.readToString();
    }

    private String fromCredential(Run<?, ?> run) throws IOException {
        StandardCredentials c =
                CredentialsProvider.findCredentialById(authUrlCredentialsId, StandardCredentials.class, run);
        if (c == null) {
            throw new AbortException("No credential '" + authUrlCredentialsId + "' is visible to this build.");
        }
        CredentialsProvider.track(run, c);
        if (c instanceof StringCredentials s) {
            return s.getSecret().getPlainText();
        }
        if (c instanceof FileCredentials f) {
            try (InputStream in = f.getContent()) {
                byte[] bytes = in.readNBytes((int) MAX_FILE_SIZE + 1);
                if (bytes.length > MAX_FILE_SIZE) {
                    throw new AbortException("The Secret file '" + authUrlCredentialsId + "' is larger than "
                            + MAX_FILE_SIZE / 1024 + " KB: it is not an auth URL or sf's JSON output.");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }
        throw new AbortException("Credential '" + authUrlCredentialsId + "' is a "
                + c.getDescriptor().getDisplayName() + "; authUrlCredentialsId needs a Secret text (the auth URL)"
                + " or a Secret file (the auth URL or sf's JSON).");
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super(
                    "registerSalesforceOrg",
                    Messages._RegisterSalesforceOrgStep_DisplayName(),
                    "devHub",
                    "defaultDevHub",
                    "allowAuthUrlExport");
        }

        /** Static choices: no permission to check, nothing looked up. */
        public ListBoxModel doFillDevHubItems() {
            return choices(
                    Messages.RegisterSalesforceOrgStep_DevHubLeftOut(),
                    Messages.StepChoice_DevHubOn(),
                    Messages.StepChoice_DevHubOff());
        }

        /** Static choices: no permission to check, nothing looked up. */
        public ListBoxModel doFillDefaultDevHubItems() {
            return choices(
                    Messages.RegisterSalesforceOrgStep_DefaultDevHubLeftOut(),
                    Messages.StepChoice_DefaultDevHubOn(),
                    Messages.StepChoice_DefaultDevHubOff());
        }

        /** Static choices: no permission to check, nothing looked up. */
        public ListBoxModel doFillAllowAuthUrlExportItems() {
            return choices(
                    Messages.RegisterSalesforceOrgStep_AllowAuthUrlExportLeftOut(),
                    Messages.RegisterSalesforceOrgStep_AllowAuthUrlExportOn(),
                    Messages.RegisterSalesforceOrgStep_AllowAuthUrlExportOff());
        }
    }
}
