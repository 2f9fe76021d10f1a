package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.salesforce.core.CliEnvironment;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
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

    /** The org: credentials id, Salesforce username or JIT sandbox name. */
    @DataBoundSetter
    public void setOrg(@CheckForNull String org) {
        this.org = Util.fixEmptyAndTrim(org);
    }

    public boolean isDevHub() {
        return devHub;
    }

    /** Use the default Dev Hub instead of naming an org. */
    @DataBoundSetter
    public void setDevHub(boolean devHub) {
        this.devHub = devHub;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, org, devHub);
    }

    private static final class Execution extends OrgBlockExecution {
        private static final long serialVersionUID = 1L;

        private final transient String org;
        private final transient boolean devHub;

        Execution(StepContext context, String org, boolean devHub) {
            super(context);
            this.org = org;
            this.devHub = devHub;
        }

        @Override
        protected Variables fetch(Run<?, ?> run) throws Exception {
            BuildOrgs orgs = BuildOrgs.of(run);
            RegisteredOrg resolved = orgs.resolve(org, devHub);
            TokenResult token = orgs.tokens.token(resolved);
            orgs.used(resolved.id());
            String who = token.username() != null ? token.username() : devHub ? "the default Dev Hub" : org;
            return new Variables(
                    // devHub: true asks for the default Dev Hub as a Dev Hub: sf commands find it as target-dev-hub too
                    CliEnvironment.secrets(token, devHub),
                    CliEnvironment.facts(token),
                    "Salesforce org " + who + " (" + CliEnvironment.facts(token).get(CliEnvironment.INSTANCE_URL)
                            + ")");
        }
    }

    @Extension
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "withSalesforceOrg";
        }

        @Override
        public String getDisplayName() {
            return Messages.WithSalesforceOrgStep_DisplayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
