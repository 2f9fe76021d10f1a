package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.springframework.security.core.Authentication;

/**
 * {@code removeSalesforceOrg(org: 'uat')}: removes a registered org's credential from the target store ({@link
 * BuildOrgs}); Salesforce is not called and the refresh token is not revoked. A production org that JIT sandboxes hang
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
        return BuildOrgs.nonBlocking(context, (run, c) -> {
            CredentialsStore target = BuildOrgs.targetStore(run, store);
            Authentication auth = BuildOrgs.writer(run, target, "removeSalesforceOrg", CredentialsProvider.DELETE);
            OrgRecord removed;
            try (ACLContext ignored = ACL.as2(auth)) {
                removed = CredentialsOrgStore.tokens(target).registry().remove(org);
            }
            c.get(TaskListener.class)
                    .getLogger()
                    .println("Removed Salesforce org '" + removed.id() + "' from " + target.getContextDisplayName());
            return OrgMaps.of(removed);
        });
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("removeSalesforceOrg", Messages._RemoveSalesforceOrgStep_DisplayName());
        }
    }
}
