package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.springframework.security.core.Authentication;

/**
 * {@code removeSalesforceOrg(org: 'uat')}: removes a registered org's credential from the target store ({@link
 * OrgStores}); Salesforce is not called and the refresh token is not revoked. A production org that JIT sandboxes hang
 * off is refused until they are removed. Needs Credentials/Delete, and a build that runs as SYSTEM is refused unless an
 * administrator trusts such builds. Returns the removed org.
 */
public class RemoveSalesforceOrgStep extends Step {
    private final String org;
    private String store;

    @DataBoundConstructor
    public RemoveSalesforceOrgStep(String org) {
        this.org = Util.fixEmptyAndTrim(org);
    }

    public String getOrg() {
        return org;
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
        return new Execution(context, org, store);
    }

    private static final class Execution extends SalesforceStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient String org;
        private final transient String store;

        Execution(StepContext context, String org, String store) {
            super(context);
            this.org = org;
            this.store = store;
        }

        @Override
        protected Map<String, Object> call(Run<?, ?> run) throws Exception {
            CredentialsStore target = OrgStores.target(run, store);
            Authentication auth = OrgStores.writer(run, target, "removeSalesforceOrg", CredentialsProvider.DELETE);
            OrgRecord removed;
            try (ACLContext ignored = ACL.as2(auth)) {
                removed = SalesforceService.get().tokensIn(target).registry().remove(org);
            }
            getContext()
                    .get(TaskListener.class)
                    .getLogger()
                    .println("Removed Salesforce org '" + removed.id() + "' from " + target.getContextDisplayName());
            return OrgMaps.of(removed);
        }
    }

    @Extension
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "removeSalesforceOrg";
        }

        @Override
        public String getDisplayName() {
            return Messages.RemoveSalesforceOrgStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
