package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.TaskListener;
import io.jenkins.plugins.salesforce.core.CliEnvironment;
import io.jenkins.plugins.salesforce.core.tokens.MinValidity;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code refreshSalesforceToken(minValidity: 10)} inside {@code withSalesforceOrg { }}: renews the block's token on the
 * controller when it would expire within {@code minValidity} minutes (the block's own when left out), so that the
 * steps after it get a token that lasts, however long the block has run. The variables change for the steps that start
 * afterwards; every token the block was given stays masked. The refresh token or key never goes to the agent. Returns
 * the variables that are not secret ({@code SF_TOKEN_EXPIRES_AT}, {@code SF_INSTANCE_URL}, ...).
 */
public class RefreshSalesforceTokenStep extends Step {
    private Integer minValidity;

    @DataBoundConstructor
    public RefreshSalesforceTokenStep() {}

    /** Minutes the token must stay valid at least; null for the block's {@code minValidity}. */
    @CheckForNull
    public Integer getMinValidity() {
        return minValidity;
    }

    @DataBoundSetter
    public void setMinValidity(@CheckForNull Integer minValidity) {
        this.minValidity = MinValidity.given(minValidity);
    }

    @Override
    public StepExecution start(StepContext context) {
        return BuildOrgs.nonBlocking(context, (run, c) -> {
            OrgSession session = c.get(OrgSession.class);
            if (session == null) {
                throw new AbortException("refreshSalesforceToken renews the token of the withSalesforceOrg block it is"
                        + " in, and is in none; fix: call it inside withSalesforceOrg(...) { }.");
            }
            TaskListener listener = c.get(TaskListener.class);
            Map<String, String> facts = session.bind(run, listener, minValidity);
            listener.getLogger()
                    .println("The block's Salesforce token is valid until "
                            + facts.get(CliEnvironment.TOKEN_EXPIRES_AT));
            return facts;
        });
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("refreshSalesforceToken", Messages._RefreshSalesforceTokenStep_DisplayName());
        }
    }
}
