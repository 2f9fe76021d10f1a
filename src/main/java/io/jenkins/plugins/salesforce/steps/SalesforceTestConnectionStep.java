package io.jenkins.plugins.salesforce.steps;

import hudson.Extension;
import hudson.Util;
import hudson.model.Job;
import hudson.model.TaskListener;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.credentials.OrgStoreView;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code salesforceTestConnection(org: 'prod')}: whether the org's stored credential still authenticates, with a fresh
 * grant. Does not fail the build when it does not: returns {@code ok}, {@code reason}, {@code message}, {@code
 * salesforceError}, {@code fix}, {@code summary} and the org's facts, and prints the summary.
 */
public class SalesforceTestConnectionStep extends Step {
    private final String org;

    @DataBoundConstructor
    public SalesforceTestConnectionStep(String org) {
        this.org = Util.fixEmptyAndTrim(org);
    }

    public String getOrg() {
        return org;
    }

    @Override
    public StepExecution start(StepContext context) {
        return BuildOrgs.nonBlocking(context, (run, c) -> {
            Job<?, ?> job = run.getParent();
            ConnectionTest test = OrgStoreView.tokens(job, SalesforceService.authenticationOf(job))
                    .testConnection(org == null ? "" : org);
            c.get(TaskListener.class).getLogger().println(test.summary());
            return OrgMaps.of(test);
        });
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("salesforceTestConnection", Messages._SalesforceTestConnectionStep_DisplayName());
        }
    }
}
