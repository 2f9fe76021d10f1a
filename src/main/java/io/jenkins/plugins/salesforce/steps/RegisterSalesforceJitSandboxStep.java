package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.salesforce.core.orgs.JitSandboxRequest;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code registerSalesforceJitSandbox(sandboxName: 'uat', productionOrg: 'prod')}: registers a sandbox by name under a
 * production org registered in the same store, with no secret of its own, as the Orgs page's {@code registerJitSandbox}
 * does: the sandbox is checked through the production org first (it exists, is ready, and was created or last
 * refreshed by the production org's user), and the same name under the same production org again updates it. The
 * build's authentication needs Credentials/Create and Credentials/Update on the target store and the right to use the
 * production org; a build that runs as SYSTEM is refused unless an administrator trusts such builds ({@link
 * BuildOrgs}). Returns the registered org as {@code salesforceOrgs} lists it.
 */
public class RegisterSalesforceJitSandboxStep extends RegistrationStep {
    private final String sandboxName;
    private String productionOrg;

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

    @Override
    public StepExecution start(StepContext context) {
        return register(context, "registerSalesforceJitSandbox", "JIT sandbox", (run, c) -> {
            JitSandboxRequest request =
                    new JitSandboxRequest(sandboxName, productionOrg, getId(), parsedMetadata(), getDescription());
            // the check logs in to the production org: the build must be allowed to use it, as for a token
            BuildOrgs.of(run).resolve(request.productionOrg(), false);
            return target -> CredentialsOrgStore.tokens(target).registry().registerJitSandbox(request);
        });
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("registerSalesforceJitSandbox", Messages._RegisterSalesforceJitSandboxStep_DisplayName());
        }
    }
}
