package io.jenkins.plugins.salesforce;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.ModelObject;
import hudson.security.ACL;
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
import org.springframework.security.core.Authentication;

/**
 * The core flows for orgs that are not registered, for the Jenkins layer (pipeline steps, the Salesforce Orgs page,
 * its REST actions, the CLI): sandbox auth ({@link SandboxAuthFlow}), scratch-org auth ({@link ScratchOrgAuthFlow}) and
 * frontdoor URLs ({@link Frontdoor}).
 *
 * <p>Each call runs over the token service of the caller's view of the credentials ({@link
 * SalesforceService#tokens(ModelObject, Authentication)}, or {@code tokens(view)} for a view the caller also uses for
 * the usage audit). Production-org and Dev Hub tokens therefore come from the controller's one token cache, under the
 * right store's key, and the transport, allowed hosts and session timeout are the service's ({@link
 * SalesforceService#flowContext}).
 *
 * <p>No permission is checked here: the caller checks its own first, and passes the build's authentication or
 * {@link ACL#SYSTEM2} after such a check. Failures are {@link SalesforceAuthException}s whose message names the fix;
 * show it as is. Results hold secrets ({@code SecretText}); their {@code toString()} hides them.
 */
@Extension
public class SalesforceFlows {

    /** The controller's flows. */
    @NonNull
    public static SalesforceFlows get() {
        return ExtensionList.lookupSingleton(SalesforceFlows.class);
    }

    /**
     * A token for a sandbox that is not registered, minted through a registered production org; nothing is stored.
     *
     * @param sandboxName the sandbox name, 1-10 letters and digits
     * @param productionOrg the production org (id or username), or null to try every registered production org
     * @param withFrontdoor also make a single-use frontdoor URL
     * @throws SalesforceAuthException NOT_ALLOWED when the sandbox is registered (use its id), NOT_FOUND, NOT_READY,
     *     WRONG_ORG_TYPE, or the grant's failure
     */
    @NonNull
    public SandboxAuthResult sandboxAuth(
            @NonNull TokenService tokens, @NonNull String sandboxName, String productionOrg, boolean withFrontdoor) {
        return new SandboxAuthFlow(flows(tokens), tokens.resolver())
                .sandboxAuth(sandboxName, productionOrg, withFrontdoor);
    }

    /**
     * A token for a scratch org that is not registered, from the {@code ScratchOrgInfo} of a registered Dev Hub.
     *
     * @param username the scratch org's signup username
     * @param devHub the Dev Hub (id or username), or null to try every registered Dev Hub, the default first
     * @throws SalesforceAuthException NOT_ALLOWED when the org is registered, NOT_FOUND, NOT_READY, INACTIVE_ORG,
     *     WRONG_ORG_TYPE, BAD_INPUT (a hub without a JWT key and no usable SfdxAuthUrl__c), or the grant's failure
     */
    @NonNull
    public ScratchOrgAuthResult scratchOrgAuth(@NonNull TokenService tokens, @NonNull String username, String devHub) {
        return new ScratchOrgAuthFlow(flows(tokens), tokens.resolver()).scratchOrgAuth(username, devHub);
    }

    /**
     * A frontdoor (one-click login) URL: a registered org, then the repository's pool, then a sandbox that is not
     * registered. <b>The URL is a secret.</b>
     *
     * @throws SalesforceAuthException NOT_FOUND naming every lookup tried, or the failure of the one that matched
     */
    @NonNull
    public FrontdoorUrl frontdoor(@NonNull TokenService tokens, @NonNull FrontdoorRequest request) {
        return new Frontdoor(flows(tokens), tokens.resolver()).frontdoor(request);
    }

    private static FlowContext flows(TokenService tokens) {
        return SalesforceService.get().flowContext(tokens);
    }
}
