package io.jenkins.plugins.salesforce.core.oauth;

import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.http.Flow;
import io.jenkins.plugins.salesforce.core.http.Form;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.http.SalesforceRequest;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The OAuth 2.0 refresh-token grant: the refresh token of an SFDX auth URL buys a short-lived access token. It is
 * idempotent, so the transport may retry it after a transient fault.
 */
public final class RefreshTokenGrant {
    private final SalesforceHttp http;
    private final TokenEndpoint endpoint;

    /**
     * @param http the transport
     * @param allowedHosts decides which login and instance URLs are Salesforce hosts
     * @param clock stands in for {@code issued_at} when Salesforce leaves it out
     */
    public RefreshTokenGrant(SalesforceHttp http, Predicate<URI> allowedHosts, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = new TokenEndpoint(allowedHosts, clock);
    }

    /**
     * Exchanges the refresh token. The form holds {@code grant_type}, {@code refresh_token}, {@code client_id},
     * and {@code client_secret} only when the secret is not empty; no {@code redirect_uri}, no {@code scope}.
     *
     * @param loginUrl where to post: the host of the auth URL (My Domain or instance), or login/test
     * @param clientId the connected app's consumer key ({@code PlatformCLI} for the CLI's app)
     * @param clientSecret the consumer secret; null or empty for an app without one
     * @param refreshToken the refresh token
     * @return the access token; if the app rotates refresh tokens, {@link AccessToken#rotatedRefreshToken()} holds
     *     the new one, which the caller must store
     */
    public AccessToken refresh(URI loginUrl, String clientId, SecretText clientSecret, SecretText refreshToken) {
        String id = TokenEndpoint.required(
                clientId, "client id", "Enter the connected app's consumer key (PlatformCLI for the sf CLI's app).");
        SecretText token = TokenEndpoint.requiredSecret(
                refreshToken, "refresh token", "Store an SFDX auth URL exported from an authorised org.");
        Form form = new Form()
                .add("grant_type", "refresh_token")
                .addSecret("refresh_token", token)
                .add("client_id", id);
        if (clientSecret != null && !clientSecret.isEmpty()) {
            form.addSecret("client_secret", clientSecret);
        }
        SalesforceRequest request = endpoint.request(Flow.REFRESH_TOKEN, loginUrl, form);
        return endpoint.read(request, http.send(request));
    }
}
