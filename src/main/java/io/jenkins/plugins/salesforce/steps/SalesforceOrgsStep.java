package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.Extension;
import hudson.Util;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.orgs.OrgFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * {@code salesforceOrgs(type: 'Sandbox', devHub: false, metadata: 'team=core')}: the registered orgs the build can see
 * that match every filter given, sorted by id, as maps ({@code id, kind, username, instanceUrl, orgId, orgType, devHub,
 * defaultDevHub, metadata, allowAuthUrlExport, sandboxName, productionOrgId, description}). Never a secret. {@code
 * metadata} is {@code k=v,k2=v2} or a JSON object.
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

    /** Only Dev Hubs ({@code true}), only orgs that are not ({@code false}), or both (null). */
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
        return new Execution(context, type, devHub == null ? null : devHub.toString(), metadata);
    }

    private static final class Execution extends SalesforceStepExecution<List<Map<String, Object>>> {
        private static final long serialVersionUID = 1L;

        private final transient String type;
        private final transient String devHub;
        private final transient String metadata;

        Execution(StepContext context, String type, String devHub, String metadata) {
            super(context);
            this.type = type;
            this.devHub = devHub;
            this.metadata = metadata;
        }

        @Override
        protected List<Map<String, Object>> call(Run<?, ?> run) {
            Job<?, ?> job = run.getParent();
            List<Map<String, Object>> orgs = new ArrayList<>();
            SalesforceService.get()
                    .list(job, SalesforceService.authenticationOf(job), OrgFilter.parse(type, devHub, metadata))
                    .forEach(r -> orgs.add(OrgMaps.of(r)));
            return orgs;
        }
    }

    @Extension
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "salesforceOrgs";
        }

        @Override
        public String getDisplayName() {
            return Messages.SalesforceOrgsStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        /** Static choices: no permission to check, nothing looked up. */
        public ListBoxModel doFillDevHubItems() {
            return OptionalBooleanField.choices(
                    Messages.SalesforceOrgsStep_DevHubAny(),
                    Messages.SalesforceOrgsStep_DevHubOnly(),
                    Messages.SalesforceOrgsStep_DevHubNone());
        }

        /** The form's "Dev Hubs and other orgs" leaves {@code devHub} out (null), as in a script: not false. */
        @Override
        public Step newInstance(@Nullable StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
            return super.newInstance(req, OptionalBooleanField.fromForm(formData, "devHub"));
        }
    }
}
