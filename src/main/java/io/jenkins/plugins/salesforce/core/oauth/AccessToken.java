package io.jenkins.plugins.salesforce.core.oauth;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A short-lived access token and what the token response said about it. Salesforce does not say when it expires; the
 * caller adds the configured session timeout to {@link #issuedAt()}.
 *
 * <p>{@link #toString()} shows the instance URL, ids, issue time and scope, and {@code ****} for the token and any
 * rotated refresh token.
 */
public final class AccessToken {
    private final SecretText value;
    private final URI instanceUrl;
    private final URI identityUrl;
    private final String orgId;
    private final String userId;
    private final Instant issuedAt;
    private final String scope;
    private final SecretText rotatedRefreshToken;

    /**
     * @param value the access token
     * @param instanceUrl base URL of every data call ({@code instance_url}), already checked against the allowlist
     * @param identityUrl the identity URL ({@code id})
     * @param orgId the 18-character org id, the second-to-last segment of the identity URL
     * @param userId the 18-character user id, the last segment of the identity URL
     * @param issuedAt {@code issued_at}
     * @param scope {@code scope}, space separated; may be empty
     * @param rotatedRefreshToken a new refresh token when the app rotates them, else null
     */
    public AccessToken(
            SecretText value,
            URI instanceUrl,
            URI identityUrl,
            String orgId,
            String userId,
            Instant issuedAt,
            String scope,
            SecretText rotatedRefreshToken) {
        this.value = Objects.requireNonNull(value, "value");
        this.instanceUrl = Objects.requireNonNull(instanceUrl, "instanceUrl");
        this.identityUrl = Objects.requireNonNull(identityUrl, "identityUrl");
        this.orgId = Objects.requireNonNull(orgId, "orgId");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
        this.scope = scope == null ? "" : scope;
        this.rotatedRefreshToken = rotatedRefreshToken;
    }

    public SecretText value() {
        return value;
    }

    /**
     * This token, or a refusal when it is a JWT-based access token ({@code eyJ...}, which an External Client App or a
     * connected app issues when "Issue JSON Web Token (JWT)-based access tokens" is on): the sf CLI takes only
     * Salesforce's opaque tokens ({@code 00D...!...}) as a target org, so the build would fail later and less clearly.
     *
     * @param org the org, for the message: "org 'prod' (admin@acme.com)", "sandbox 'uat'"
     * @throws SalesforceAuthException BAD_INPUT naming the app setting to turn off
     */
    public AccessToken requireOpaque(String org) {
        if (value.reveal().startsWith("eyJ")) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "Salesforce issued a JWT-based access token for " + org + ", which the sf CLI does not accept"
                            + " as a target org.",
                    "Turn off 'Issue JSON Web Token (JWT)-based access tokens for named users' in the OAuth settings"
                            + " of the External Client App (or connected app) that the credential uses, or give Jenkins"
                            + " an app of its own without it.");
        }
        return this;
    }

    public URI instanceUrl() {
        return instanceUrl;
    }

    public URI identityUrl() {
        return identityUrl;
    }

    /** The 18-character org id. */
    public String orgId() {
        return orgId;
    }

    /** The 18-character user id. */
    public String userId() {
        return userId;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public String scope() {
        return scope;
    }

    /**
     * The new refresh token when the connected app has refresh-token rotation on. The old one is then dead already, so
     * the caller must store this one before anything else.
     */
    public Optional<SecretText> rotatedRefreshToken() {
        return Optional.ofNullable(rotatedRefreshToken);
    }

    @Override
    public String toString() {
        return "AccessToken[instanceUrl=" + instanceUrl + ", orgId=" + orgId + ", userId=" + userId + ", issuedAt="
                + issuedAt + ", scope=" + scope + ", value=" + value + ", rotatedRefreshToken="
                + (rotatedRefreshToken == null ? "none" : rotatedRefreshToken) + "]";
    }
}
