package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Job;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.orgs.OrgFilter;
import io.jenkins.plugins.salesforce.credentials.OrgStoreView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code salesforceOrgs(type: 'Sandbox', devHub: false, metadata: 'team=core')}: the registered orgs the build can see
 * that match every filter given, sorted by id, as {@link OrgMaps} writes them (never a secret). {@code metadata} is
 * {@code k=v,k2=v2} or a JSON object.
 */
public class SalesforceOrgsStep extends Step {
    private String type;
    private Boolean devHub;
    private String metadata;

    @DataBoundConstructor
    public SalesforceOrgsStep() {}

    @CheckForNull
    public String getType() {
        return type;
    }

    @DataBoundSetter
    public void setType(@CheckForNull String type) {
        this.type = Util.fixEmptyAndTrim(type);
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
    public String getMetadata() {
        return metadata;
    }

    @DataBoundSetter
    public void setMetadata(@CheckForNull String metadata) {
        this.metadata = Util.fixEmptyAndTrim(metadata);
    }

    @Override
    public StepExecution start(StepContext context) {
        return BuildOrgs.nonBlocking(context, (run, c) -> {
            Job<?, ?> job = run.getParent();
            OrgFilter filter = OrgFilter.parse(type, devHub == null ? null : devHub.toString(), metadata);
            List<Map<String, Object>> orgs = new ArrayList<>();
            OrgStoreView.tokens(job, SalesforceService.authenticationOf(job))
                    .resolver()
                    .list(filter)
                    .forEach(r -> orgs.add(OrgMaps.of(r)));
            return orgs;
        });
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("salesforceOrgs", Messages._SalesforceOrgsStep_DisplayName(), "devHub");
        }

        /** Static choices: no permission to check, nothing looked up. */
        public ListBoxModel doFillDevHubItems() {
            return choices(
                    Messages.SalesforceOrgsStep_DevHubAny(),
                    Messages.SalesforceOrgsStep_DevHubOnly(),
                    Messages.SalesforceOrgsStep_DevHubNone());
        }
    }
}
