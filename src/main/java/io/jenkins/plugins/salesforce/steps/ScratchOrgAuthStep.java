package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.salesforce.SalesforceFlows;
import io.jenkins.plugins.salesforce.core.CliEnvironment;
import io.jenkins.plugins.salesforce.core.flows.ScratchOrgAuthResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code scratchOrgAuth(username: 'test-abc@example.com', devHub: 'hub')}: a short-lived token for a scratch org that
 * is not registered, from a registered Dev Hub's {@code ScratchOrgInfo} ({@code SfdxAuthUrl__c}, else JWT with the
 * hub's key); every registered Dev Hub, the default first, when {@code devHub} is left out. Returns the map of {@code
 * salesforceAccessToken} plus {@code devHub} (its id), {@code method} ({@code SFDX_AUTH_URL} or {@code JWT}) and {@code
 * expirationDate}. Secrets Jenkins cannot mask: see {@link SalesforceAccessTokenStep}.
 */
public class ScratchOrgAuthStep extends Step {
    private final String username;
    private String devHub;

    @DataBoundConstructor
    public ScratchOrgAuthStep(String username) {
        this.username = Util.fixEmptyAndTrim(username);
    }

    public String getUsername() {
        return username;
    }

    @CheckForNull
    public String getDevHub() {
        return devHub;
    }

    @DataBoundSetter
    public void setDevHub(@CheckForNull String devHub) {
        this.devHub = Util.fixEmptyAndTrim(devHub);
    }

    @Override
    public StepExecution start(StepContext context) {
        return BuildOrgs.nonBlocking(context, (run, c) -> {
            BuildOrgs orgs = BuildOrgs.of(run);
            ScratchOrgAuthResult r = SalesforceFlows.get().scratchOrgAuth(orgs.tokens, username, devHub);
            orgs.used(r.devHubId(), "scratch org accessToken");
            Map<String, String> m = new LinkedHashMap<>(CliEnvironment.tokenMap(r.token()));
            m.put("devHub", r.devHubId());
            m.put("method", r.method().name());
            m.put("expirationDate", r.expirationDate());
            return m;
        });
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("scratchOrgAuth", Messages._ScratchOrgAuthStep_DisplayName());
        }
    }
}
