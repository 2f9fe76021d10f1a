package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.salesforce.core.CliEnvironment;
import java.util.List;
import org.jenkinsci.plugins.credentialsbinding.impl.BindingStep;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code withSalesforceOrg(org: 'prod') { sh 'sf project deploy start' }}: runs its body with a registered org's
 * short-lived token in {@code SF_ACCESS_TOKEN} and {@code SF_TARGET_ORG}, and its facts in {@code SF_INSTANCE_URL},
 * {@code SF_USERNAME}, {@code SF_ORG_ID}, {@code SF_ORG_TYPE} ({@link CliEnvironment}). The token is masked in the log,
 * including its quoted and shell-escaped forms. {@code devHub: true} picks the default Dev Hub. This is also the block
 * form of {@code salesforceAccessToken}: Pipeline steps either always or never take a body.
 */
public class WithSalesforceOrgStep extends Step {
    private String org;
    private boolean devHub;

    @DataBoundConstructor
    public WithSalesforceOrgStep() {}

    @CheckForNull
    public String getOrg() {
        return org;
    }

    @DataBoundSetter
    public void setOrg(@CheckForNull String org) {
        this.org = Util.fixEmptyAndTrim(org);
    }

    public boolean isDevHub() {
        return devHub;
    }

    @DataBoundSetter
    public void setDevHub(boolean devHub) {
        this.devHub = devHub;
    }

    /**
     * Runs credentials-binding's {@code withCredentials} with the org's {@link SalesforceOrgBinding}: the token is
     * fetched on a background thread of the controller before the body starts, held encrypted in the body's context,
     * declared sensitive, masked in the log and in failures inside the body, and the body completes after a restart.
     */
    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new BindingStep(List.of(SalesforceOrgBinding.forStep(org, devHub))).start(context);
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("withSalesforceOrg", Messages._WithSalesforceOrgStep_DisplayName());
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }
    }
}
