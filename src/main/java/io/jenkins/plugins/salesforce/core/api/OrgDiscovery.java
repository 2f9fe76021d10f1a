package io.jenkins.plugins.salesforce.core.api;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.DiscoveredOrg;
import java.util.Objects;

/**
 * Learns everything a credential stores about its org from a fresh token, in four or five calls: identity (falling back
 * to userinfo when the identity URL cannot be read), API versions, the Organization query, and the Dev Hub check.
 * Sandboxes and scratch orgs cannot be Dev Hubs, so they skip that call.
 */
public final class OrgDiscovery {
    private final SalesforceApi api;

    public OrgDiscovery(SalesforceApi api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    /**
     * @throws io.jenkins.plugins.salesforce.core.SalesforceAuthException from any of the calls; a SESSION_EXPIRED
     *     means the caller should get a new token once and try again
     */
    public DiscoveredOrg discover(AccessToken token) {
        Identity identity = identity(token);
        ApiVersion version = api.latestApiVersion(token);
        Organization org = api.organization(token, version);
        OrgType type = org.orgType();
        boolean devHub = type != OrgType.SANDBOX && type != OrgType.SCRATCH && api.isDevHub(token, version);
        return new DiscoveredOrg(
                token.orgId(), identity.username(), token.instanceUrl().toString(), type, devHub);
    }

    private Identity identity(AccessToken token) {
        try {
            return api.identity(token);
        } catch (SalesforceAuthException e) {
            if (e.reason() == Reason.NOT_FOUND || e.reason() == Reason.BAD_RESPONSE) {
                return api.userInfo(token);
            }
            throw e;
        }
    }
}
