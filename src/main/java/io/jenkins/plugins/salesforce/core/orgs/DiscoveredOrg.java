package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.OrgType;
import java.util.Objects;

/**
 * What Salesforce said about an org after a successful authentication (the client's discovery): the facts a
 * registration stores instead of what the user typed.
 *
 * @param orgId the org id, 15 or 18 characters
 * @param username the authenticated user's username
 * @param instanceUrl the org's instance URL
 * @param orgType the org's type
 * @param devHub whether Dev Hub is enabled in the org
 */
public record DiscoveredOrg(String orgId, String username, String instanceUrl, OrgType orgType, boolean devHub) {
    public DiscoveredOrg {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(instanceUrl, "instanceUrl");
        Objects.requireNonNull(orgType, "orgType");
    }
}
