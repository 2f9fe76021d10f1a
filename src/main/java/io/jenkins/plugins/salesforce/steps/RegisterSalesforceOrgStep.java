package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.core.orgs.SecretInput;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code registerSalesforceOrg(id: 'uat', authUrlFile: 'org.json', devHub: false, metadata: 'team=core')}: registers an
 * org, validated with Salesforce first (nothing is written when it fails), upserting by username. Any org with a
 * secret: an SFDX auth URL (the default type), a JWT key ({@code type: 'jwt'} with {@code clientId}, {@code loginUrl},
 * {@code username}) or client credentials ({@code type: 'clientCredentials'} with {@code clientId}, {@code
 * myDomainUrl}). Each secret comes from a workspace file or a Secret text / Secret file credential ({@link
 * StepSecrets}), never from a literal in the script. The build's authentication needs Credentials/Create and
 * Credentials/Update on the target store, and a build that runs as SYSTEM is refused unless an administrator trusts
 * such builds ({@link BuildOrgs}). Returns the registered org as {@code salesforceOrgs} lists it.
 */
public class RegisterSalesforceOrgStep extends RegistrationStep {
    private String type;
    private String username;
    private String authUrlFile;
    private String authUrlCredentialsId;
    private String clientId;
    private String loginUrl;
    private String audience;
    private String privateKeyFile;
    private String privateKeyCredentialsId;
    private String passphraseCredentialsId;
    private String myDomainUrl;
    private String clientSecretCredentialsId;
    private Boolean devHub;
    private Boolean defaultDevHub;
    private Boolean allowAuthUrlExport;

    @DataBoundConstructor
    public RegisterSalesforceOrgStep() {}

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
    public String getType() {
        return type;
    }

    @DataBoundSetter
    public void setType(@CheckForNull String type) {
        this.type = Util.fixEmptyAndTrim(type);
    }

    @CheckForNull
    public String getUsername() {
        return username;
    }

    @DataBoundSetter
    public void setUsername(@CheckForNull String username) {
        this.username = Util.fixEmptyAndTrim(username);
    }

    @CheckForNull
    public String getClientId() {
        return clientId;
    }

    @DataBoundSetter
    public void setClientId(@CheckForNull String clientId) {
        this.clientId = Util.fixEmptyAndTrim(clientId);
    }

    @CheckForNull
    public String getLoginUrl() {
        return loginUrl;
    }

    @DataBoundSetter
    public void setLoginUrl(@CheckForNull String loginUrl) {
        this.loginUrl = Util.fixEmptyAndTrim(loginUrl);
    }

    @CheckForNull
    public String getAudience() {
        return audience;
    }

    @DataBoundSetter
    public void setAudience(@CheckForNull String audience) {
        this.audience = Util.fixEmptyAndTrim(audience);
    }

    @CheckForNull
    public String getPrivateKeyFile() {
        return privateKeyFile;
    }

    @DataBoundSetter
    public void setPrivateKeyFile(@CheckForNull String privateKeyFile) {
        this.privateKeyFile = Util.fixEmptyAndTrim(privateKeyFile);
    }

    @CheckForNull
    public String getPrivateKeyCredentialsId() {
        return privateKeyCredentialsId;
    }

    @DataBoundSetter
    public void setPrivateKeyCredentialsId(@CheckForNull String privateKeyCredentialsId) {
        this.privateKeyCredentialsId = Util.fixEmptyAndTrim(privateKeyCredentialsId);
    }

    @CheckForNull
    public String getPassphraseCredentialsId() {
        return passphraseCredentialsId;
    }

    @DataBoundSetter
    public void setPassphraseCredentialsId(@CheckForNull String passphraseCredentialsId) {
        this.passphraseCredentialsId = Util.fixEmptyAndTrim(passphraseCredentialsId);
    }

    @CheckForNull
    public String getMyDomainUrl() {
        return myDomainUrl;
    }

    @DataBoundSetter
    public void setMyDomainUrl(@CheckForNull String myDomainUrl) {
        this.myDomainUrl = Util.fixEmptyAndTrim(myDomainUrl);
    }

    @CheckForNull
    public String getClientSecretCredentialsId() {
        return clientSecretCredentialsId;
    }

    @DataBoundSetter
    public void setClientSecretCredentialsId(@CheckForNull String clientSecretCredentialsId) {
        this.clientSecretCredentialsId = Util.fixEmptyAndTrim(clientSecretCredentialsId);
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

    @Override
    public StepExecution start(StepContext context) {
        return register(context, "registerSalesforceOrg", "Salesforce org", (run, c) -> {
            RegistrationRequest request = new RegistrationRequest(
                    getId(),
                    secret(run, c, SalesforceService.get()),
                    username,
                    devHub == null && Boolean.TRUE.equals(defaultDevHub) ? Boolean.TRUE : devHub,
                    defaultDevHub,
                    allowAuthUrlExport,
                    parsedMetadata(),
                    getDescription());
            return target -> CredentialsOrgStore.register(target, request);
        });
    }

    /** The org's secret: the fields of its type, each secret read from its file or credential. */
    private OrgSecret secret(Run<?, ?> run, StepContext context, SalesforceService service)
            throws IOException, InterruptedException {
        StepSecrets from = new StepSecrets(run, context);
        String authUrl =
                from.fileOrCredential("authUrlFile", authUrlFile, "authUrlCredentialsId", authUrlCredentialsId);
        String key = from.fileOrCredential(
                "privateKeyFile", privateKeyFile, "privateKeyCredentialsId", privateKeyCredentialsId);
        if (authUrl == null && key == null && clientSecretCredentialsId == null) {
            throw new AbortException("Give the org's secret: the auth URL as authUrlFile (a workspace file, such as the"
                    + " output of 'sf org auth show-sfdx-auth-url --target-org <alias> --json') or as"
                    + " authUrlCredentialsId (a Secret text or Secret file credential); with type: 'jwt', the private"
                    + " key as privateKeyFile or privateKeyCredentialsId; with type: 'clientCredentials', the consumer"
                    + " secret as clientSecretCredentialsId.");
        }
        return SecretInput.ofType(type)
                // the host is checked, and sf's JSON reduced to the URL, before anything is sent
                .sfdxAuthUrl(
                        authUrl == null
                                ? null
                                : SecretText.of(SfdxAuthUrl.read(authUrl, service.hosts())
                                        .format()))
                .clientId(clientId)
                .loginUrl(loginUrl)
                .privateKey(SecretText.ofNullable(key))
                .passphrase(secretOf(from, "passphraseCredentialsId", passphraseCredentialsId))
                .audience(audience)
                .clientSecret(secretOf(from, "clientSecretCredentialsId", clientSecretCredentialsId))
                .myDomainUrl(myDomainUrl)
                .toSecret();
    }

    @CheckForNull
    private static SecretText secretOf(StepSecrets from, String param, @CheckForNull String credentialsId)
            throws IOException {
        return credentialsId == null ? null : SecretText.of(from.fromCredential(param, credentialsId));
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
        public ListBoxModel doFillTypeItems() {
            ListBoxModel m = new ListBoxModel();
            m.add(Messages.RegisterSalesforceOrgStep_TypeLeftOut(), "");
            m.add(Messages.RegisterSalesforceOrgStep_TypeAuthUrl(), "authUrl");
            m.add(Messages.RegisterSalesforceOrgStep_TypeJwt(), "jwt");
            m.add(Messages.RegisterSalesforceOrgStep_TypeClientCredentials(), "clientCredentials");
            return m;
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
