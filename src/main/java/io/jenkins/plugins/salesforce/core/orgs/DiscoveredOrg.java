package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.OrgType;
import java.util.Objects;

/**
 * What Salesforce said about an org after a successful authentication (SALESFORCE.md §6): the facts a registration
 * stores instead of what the user typed. The client's discovery result is adapted to this.
 *
 * @param orgId the org id, 15 or 18 characters
 * @param username the authenticated user's username
 * @param instanceUrl the org's instance URL
 * @param orgType the org's type (§6.3)
 * @param devHub whether Dev Hub is enabled in the org (§6.4)
 */
public record DiscoveredOrg(String orgId, String username, String instanceUrl, OrgType orgType, boolean devHub) {
    public DiscoveredOrg {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(instanceUrl, "instanceUrl");
        Objects.requireNonNull(orgType, "orgType");
    }
}
