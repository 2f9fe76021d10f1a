package io.jenkins.plugins.salesforce;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.flows.FlowContext;
import io.jenkins.plugins.salesforce.core.flows.Frontdoor;
import io.jenkins.plugins.salesforce.core.flows.FrontdoorRequest;
import io.jenkins.plugins.salesforce.core.flows.FrontdoorUrl;
import io.jenkins.plugins.salesforce.core.flows.SandboxAuthFlow;
import io.jenkins.plugins.salesforce.core.flows.SandboxAuthResult;
import io.jenkins.plugins.salesforce.core.flows.ScratchOrgAuthFlow;
import io.jenkins.plugins.salesforce.core.flows.ScratchOrgAuthResult;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;

/**
 * The core flows for orgs that are not registered, for the pipeline steps, the Salesforce Orgs page, its REST actions
 * and the CLI: sandbox auth ({@link SandboxAuthFlow}), scratch-org auth ({@link ScratchOrgAuthFlow}) and frontdoor URLs
 * ({@link Frontdoor}), whose classes document their rules and errors. Each call runs over the token service of the
 * caller's view of the credentials, so production-org and Dev Hub tokens come from the controller's one token cache,
 * with the service's transport, allowed hosts and session timeout ({@link SalesforceService#flowContext}).
 *
 * <p>No permission is checked here: the caller checks its own first. Failures are {@link SalesforceAuthException}s
 * whose message names the fix; show it as is. Results hold secrets ({@code SecretText}); their {@code toString()}
 * hides them.
 */
@Extension
public class SalesforceFlows {

    /** The controller's flows. */
    @NonNull
    public static SalesforceFlows get() {
        return ExtensionList.lookupSingleton(SalesforceFlows.class);
    }

    /**
     * A token for a sandbox that is not registered, minted through a registered production org (id or username, or
     * null to try each); nothing is stored.
     */
    @NonNull
    public SandboxAuthResult sandboxAuth(
            @NonNull TokenService tokens, @NonNull String sandboxName, String productionOrg, boolean withFrontdoor) {
        return new SandboxAuthFlow(flows(tokens), tokens.resolver())
                .sandboxAuth(sandboxName, productionOrg, withFrontdoor);
    }

    /**
     * A token for a scratch org that is not registered, from the {@code ScratchOrgInfo} of a registered Dev Hub (id or
     * username, or null to try each, the default first).
     */
    @NonNull
    public ScratchOrgAuthResult scratchOrgAuth(@NonNull TokenService tokens, @NonNull String username, String devHub) {
        return new ScratchOrgAuthFlow(flows(tokens), tokens.resolver()).scratchOrgAuth(username, devHub);
    }

    /**
     * A frontdoor (one-click login) URL: a registered org, then the repository's pool, then a sandbox that is not
     * registered. <b>The URL is a secret.</b>
     */
    @NonNull
    public FrontdoorUrl frontdoor(@NonNull TokenService tokens, @NonNull FrontdoorRequest request) {
        return new Frontdoor(flows(tokens), tokens.resolver()).frontdoor(request);
    }

    private static FlowContext flows(TokenService tokens) {
        return SalesforceService.get().flowContext(tokens);
    }
}
