package io.jenkins.plugins.salesforce.core.api;

import io.jenkins.plugins.salesforce.core.OrgType;
import java.net.URI;

/**
 * What the plugin learns about an org right after getting a token: everything a credential stores besides its
 * secret. Holds no secret.
 *
 * @param orgId 18-character org id
 * @param username the Salesforce username of the token's user
 * @param userId 18-character user id
 * @param instanceUrl the instance URL the token response returned (base of all data calls)
 * @param orgType by the rule of {@link OrgType#classify}
 * @param devHub whether the org is a Dev Hub
 * @param orgName {@code Organization.Name}
 * @param instanceName {@code Organization.InstanceName}, for example {@code USA123}
 * @param apiVersion the newest API version the instance offers
 */
public record OrgInfo(
        String orgId,
        String username,
        String userId,
        URI instanceUrl,
        OrgType orgType,
        boolean devHub,
        String orgName,
        String instanceName,
        ApiVersion apiVersion) {}
