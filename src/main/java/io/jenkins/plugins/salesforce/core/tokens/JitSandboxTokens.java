package io.jenkins.plugins.salesforce.core.tokens;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;

/**
 * Mints a token for a JIT sandbox through its production org ({@code sandboxAuth}, then the authorization-code
 * exchange). The {@link TokenService} gets the production org's token (cached, single-flight) and hands it over; the
 * implementation lives with the sandbox flows and is given to {@link TokenServiceBuilder#jitSandboxes}. Without one,
 * the token service refuses JIT sandboxes with {@link Reason#NOT_ALLOWED}.
 */
@FunctionalInterface
public interface JitSandboxTokens {

    /**
     * Logs in to the sandbox.
     *
     * @param production the production org the sandbox hangs off, with its secret
     * @param productionToken a valid access token of the production org
     * @param sandbox the JIT sandbox's record (its {@link OrgRecord#sandboxName()} names the sandbox)
     * @return an access token of the sandbox
     * @throws SalesforceAuthException as Salesforce refused; {@link Reason#SESSION_EXPIRED} makes the token service
     *     get a new production token and call once more
     */
    AccessToken login(RegisteredOrg production, AccessToken productionToken, OrgRecord sandbox);
}
