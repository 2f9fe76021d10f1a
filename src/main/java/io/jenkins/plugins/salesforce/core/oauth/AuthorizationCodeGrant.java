package io.jenkins.plugins.salesforce.core.oauth;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
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
 * The OAuth 2.0 authorization-code exchange, used after the Tooling API's {@code sandboxAuth} call to log in to a
 * sandbox. A code is single use: once the POST may have reached Salesforce it is never sent again, whatever the answer
 * (even a 5xx or a reset). Only a connection that could not be opened at all is retried.
 */
public final class AuthorizationCodeGrant {
    private final SalesforceHttp http;
    private final TokenEndpoint endpoint;

    public AuthorizationCodeGrant(SalesforceHttp http, Predicate<URI> allowedHosts, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = new TokenEndpoint(allowedHosts, clock);
    }

    /**
     * Exchanges the code.
     *
     * @param loginUrl the {@code loginUrl} sandboxAuth returned
     * @param clientId the production org's consumer key, the one sent to sandboxAuth
     * @param clientSecret the consumer secret; null or empty for an app without one
     * @param code the {@code authCode}
     * @param redirectUri byte for byte the {@code callbackUrl} sent to sandboxAuth (not trimmed, not normalised)
     * @return the access token; {@link AccessToken#rotatedRefreshToken()} holds the refresh token Salesforce issued
     *     with it, if any
     */
    public AccessToken exchange(
            URI loginUrl, String clientId, SecretText clientSecret, SecretText code, String redirectUri) {
        String id = TokenEndpoint.required(clientId, "client id", "Enter the production org's consumer key.");
        SecretText c = TokenEndpoint.requiredSecret(
                code, "authorization code", "Run the sandbox authorisation again to get a new code.");
        if (redirectUri == null || redirectUri.isBlank()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The redirect URI is empty.",
                    "Use the callback URL registered on the connected app, the one sent to sandboxAuth.");
        }
        Form form = new Form()
                .add("grant_type", "authorization_code")
                .addSecret("code", c)
                .add("client_id", id)
                .add("redirect_uri", redirectUri);
        if (clientSecret != null && !clientSecret.isEmpty()) {
            form.addSecret("client_secret", clientSecret);
        }
        SalesforceRequest request = endpoint.request(Flow.AUTHORIZATION_CODE, loginUrl, form);
        return endpoint.read(request, http.send(request));
    }
}
