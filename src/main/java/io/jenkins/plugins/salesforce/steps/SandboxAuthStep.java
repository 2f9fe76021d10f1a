package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.salesforce.SalesforceFlows;
import io.jenkins.plugins.salesforce.core.CliEnvironment;
import io.jenkins.plugins.salesforce.core.flows.SandboxAuthResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code sandboxAuth(sandboxName: 'uat', productionOrg: 'prod')}: a short-lived token for a sandbox that is
 * <em>not</em> registered, minted through a registered production org (every one in turn when {@code productionOrg} is
 * left out); nothing is stored. A registered sandbox is refused with a pointer to {@code salesforceAccessToken}.
 * Returns the map of {@code salesforceAccessToken} plus {@code sandboxName}, {@code sandboxUsername}, {@code
 * productionOrg} (its id) and, with {@code frontdoor: true}, a single-use {@code frontdoorUrl}. The values are secrets
 * Jenkins cannot mask (see {@link SalesforceAccessTokenStep}).
 */
public class SandboxAuthStep extends Step {
    private final String sandboxName;
    private String productionOrg;
    private boolean frontdoor;

    @DataBoundConstructor
    public SandboxAuthStep(String sandboxName) {
        this.sandboxName = Util.fixEmptyAndTrim(sandboxName);
    }

    public String getSandboxName() {
        return sandboxName;
    }

    @CheckForNull
    public String getProductionOrg() {
        return productionOrg;
    }

    @DataBoundSetter
    public void setProductionOrg(@CheckForNull String productionOrg) {
        this.productionOrg = Util.fixEmptyAndTrim(productionOrg);
    }

    public boolean isFrontdoor() {
        return frontdoor;
    }

    @DataBoundSetter
    public void setFrontdoor(boolean frontdoor) {
        this.frontdoor = frontdoor;
    }

    @Override
    public StepExecution start(StepContext context) {
        return BuildOrgs.nonBlocking(context, (run, c) -> {
            BuildOrgs orgs = BuildOrgs.of(run);
            SandboxAuthResult r = SalesforceFlows.get().sandboxAuth(orgs.tokens, sandboxName, productionOrg, frontdoor);
            orgs.used(r.productionOrg().id(), "sandbox accessToken");
            Map<String, String> m = new LinkedHashMap<>(CliEnvironment.tokenMap(r.token()));
            m.put("sandboxName", r.sandboxName());
            m.put("sandboxUsername", r.sandboxUsername());
            m.put("productionOrg", r.productionOrg().id());
            r.frontdoor().ifPresent(url -> m.put("frontdoorUrl", url.reveal()));
            return m;
        });
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("sandboxAuth", Messages._SandboxAuthStep_DisplayName());
        }
    }
}
