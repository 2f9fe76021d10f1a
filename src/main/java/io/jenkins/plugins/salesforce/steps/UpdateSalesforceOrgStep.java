package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.springframework.security.core.Authentication;

/**
 * {@code updateSalesforceOrg(org: 'uat', metadata: 'team=core,pool=ci', devHub: true, defaultDevHub: true)}:
 * changes a registered org's Dev Hub flags and metadata without calling Salesforce (no re-validation). Only what is
 * given changes; {@code metadata} replaces the whole metadata. Needs Credentials/Update on the target store, and a
 * build that runs as SYSTEM is refused unless an administrator trusts such builds ({@link BuildOrgs}).
 */
public class UpdateSalesforceOrgStep extends Step {
    private final String org;
    private Boolean devHub;
    private Boolean defaultDevHub;
    private String metadata;
    private String store;

    @DataBoundConstructor
    public UpdateSalesforceOrgStep(String org) {
        this.org = Util.fixEmptyAndTrim(org);
    }

    public String getOrg() {
        return org;
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
    public String getMetadata() {
        return metadata;
    }

    @DataBoundSetter
    public void setMetadata(@CheckForNull String metadata) {
        this.metadata = Util.fixEmptyAndTrim(metadata);
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
            Authentication auth = BuildOrgs.writer(run, target, "updateSalesforceOrg", CredentialsProvider.UPDATE);
            Map<String, String> newMetadata = OrgMetadata.given(metadata, "metadata");
            try (ACLContext ignored = ACL.as2(auth)) {
                return OrgMaps.of(CredentialsOrgStore.tokens(target)
                        .registry()
                        .updateMetadata(org, devHub, defaultDevHub, newMetadata));
            }
        });
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("updateSalesforceOrg", Messages._UpdateSalesforceOrgStep_DisplayName(), "devHub", "defaultDevHub");
        }

        /** Static choices: no permission to check, nothing looked up. */
        public ListBoxModel doFillDevHubItems() {
            return choices(
                    Messages.StepChoice_LeaveAsItIs(), Messages.StepChoice_DevHubOn(), Messages.StepChoice_DevHubOff());
        }

        /** Static choices: no permission to check, nothing looked up. */
        public ListBoxModel doFillDefaultDevHubItems() {
            return choices(
                    Messages.StepChoice_LeaveAsItIs(),
                    Messages.StepChoice_DefaultDevHubOn(),
                    Messages.StepChoice_DefaultDevHubOff());
        }
    }
}
