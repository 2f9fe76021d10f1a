package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundSetter;
import org.springframework.security.core.Authentication;

/**
 * What {@code registerSalesforceOrg} and {@code registerSalesforceJitSandbox} share: the {@code id}, {@code metadata},
 * {@code description} and {@code store} parameters, and how a registration is made from a build: the target store
 * is chosen and the build's authentication checked for Credentials/Create and Credentials/Update on it first
 * ({@link BuildOrgs#writer}), then the step reads what it needs as the build, writes as that authentication, logs
 * what it registered, and returns the org as {@code salesforceOrgs} lists it.
 */
@Restricted(NoExternalUse.class)
public abstract class RegistrationStep extends Step {
    private String id;
    private String metadata;
    private String description;
    private String store;

    /** A step's registration once the build's rights are checked: what to read first, then what to write. */
    interface Registration {
        /** Reads what the registration needs, as the build (workspace files, credentials, the orgs it may use). */
        Write prepare(Run<?, ?> run, StepContext context) throws Exception;
    }

    /** The write itself, run as the build's authentication. */
    interface Write {
        OrgRecord write(CredentialsStore target);
    }

    @CheckForNull
    public String getId() {
        return id;
    }

    @DataBoundSetter
    public void setId(@CheckForNull String id) {
        this.id = Util.fixEmptyAndTrim(id);
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

    /** The {@code metadata} parameter as a map; null when left out (keep what the org has). */
    @CheckForNull
    Map<String, String> parsedMetadata() {
        return OrgMetadata.given(metadata, "metadata");
    }

    /**
     * Runs a registration: rights first, then {@code registration} as the build, its write as the build's
     * authentication, and a log line naming {@code what} was registered ("Salesforce org", "JIT sandbox").
     */
    StepExecution register(StepContext context, String functionName, String what, Registration registration) {
        return BuildOrgs.nonBlocking(context, (run, c) -> {
            CredentialsStore target = BuildOrgs.targetStore(run, store);
            // Create and Update, as the Orgs page and the CLI ask: registering a known org again updates it
            Authentication auth =
                    BuildOrgs.writer(run, target, functionName, CredentialsProvider.CREATE, CredentialsProvider.UPDATE);
            Write write = registration.prepare(run, c);
            OrgRecord stored;
            try (ACLContext ignored = ACL.as2(auth)) {
                stored = write.write(target);
            }
            c.get(TaskListener.class)
                    .getLogger()
                    .println("Registered " + what + " " + stored.describe() + " as '" + stored.id() + "' in "
                            + target.getContextDisplayName());
            return OrgMaps.of(stored);
        });
    }
}
