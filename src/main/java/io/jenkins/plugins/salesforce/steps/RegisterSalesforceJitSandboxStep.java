package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.core.orgs.JitSandboxRequest;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.springframework.security.core.Authentication;

/**
 * {@code registerSalesforceJitSandbox(sandboxName: 'uat', productionOrg: 'prod')}: registers a sandbox by name under a
 * production org registered in the same store, with no secret of its own, as the Orgs page's {@code registerJitSandbox}
 * does: the sandbox is checked through the production org first (it exists, is ready, and was created or last
 * refreshed by the production org's user), and the same name under the same production org again updates it. The
 * build's authentication needs Credentials/Create and Credentials/Update on the target store and the right to use the
 * production org; a build that runs as SYSTEM is refused unless an administrator trusts such builds ({@link
 * BuildOrgs}). Returns the registered org as {@code salesforceOrgs} lists it.
 */
public class RegisterSalesforceJitSandboxStep extends Step {
    private final String sandboxName;
    private String productionOrg;
    private String id;
    private String metadata;
    private String description;
    private String store;

    @DataBoundConstructor
    public RegisterSalesforceJitSandboxStep(String sandboxName) {
        this.sandboxName = Util.fixEmptyAndTrim(sandboxName);
    }

    public String getSandboxName() {
        return sandboxName;
    }

    @CheckForNull
    public String getProductionOrg() {
        return productionOrg;
    }

    @DataBoundSetter
    public void setProductionOrg(@CheckForNull String productionOrg) {
        this.productionOrg = Util.fixEmptyAndTrim(productionOrg);
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

    @Override
    public StepExecution start(StepContext context) {
        return BuildOrgs.nonBlocking(context, (run, c) -> {
            CredentialsStore target = BuildOrgs.targetStore(run, store);
            Authentication auth = BuildOrgs.writer(
                    run,
                    target,
                    "registerSalesforceJitSandbox",
                    CredentialsProvider.CREATE,
                    CredentialsProvider.UPDATE);
            JitSandboxRequest request = new JitSandboxRequest(
                    sandboxName,
                    productionOrg,
                    id,
                    metadata == null ? null : OrgMetadata.parse(metadata, "metadata"),
                    description);
            // the check logs in to the production org: the build must be allowed to use it, as for a token
            BuildOrgs.of(run).resolve(request.productionOrg(), false);
            OrgRecord stored;
            try (ACLContext ignored = ACL.as2(auth)) {
                stored = CredentialsOrgStore.tokens(target).registry().registerJitSandbox(request);
            }
            c.get(TaskListener.class)
                    .getLogger()
                    .println("Registered JIT sandbox " + stored.describe() + " as '" + stored.id() + "' in "
                            + target.getContextDisplayName());
            return OrgMaps.of(stored);
        });
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("registerSalesforceJitSandbox", Messages._RegisterSalesforceJitSandboxStep_DisplayName());
        }
    }
}
