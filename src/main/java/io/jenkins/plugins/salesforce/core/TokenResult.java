package io.jenkins.plugins.salesforce.core;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * What a build receives for an org: a short-lived access token and the facts a tool needs to use it
 * (accessToken, instanceUrl, username, orgId, orgType, expiresAt). The refresh token or key that minted it never
 * appears here. {@link #toString()} shows {@code ****} for the token.
 *
 * @param accessToken the access token
 * @param instanceUrl base URL of every API call with this token
 * @param username the Salesforce username the token acts as
 * @param orgId the 18-character org id
 * @param orgType the org's type, or null when not known yet (an org loaded from configuration and never used)
 * @param expiresAt when the plugin stops handing out this token (issue time + session timeout); Salesforce may
 *     end the session earlier, which callers see as {@link Reason#SESSION_EXPIRED}
 */
public record TokenResult(
        SecretText accessToken, URI instanceUrl, String username, String orgId, OrgType orgType, Instant expiresAt) {

    public TokenResult {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(instanceUrl, "instanceUrl");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
