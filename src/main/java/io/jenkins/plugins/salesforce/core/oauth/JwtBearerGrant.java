package io.jenkins.plugins.salesforce.core.oauth;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.http.Flow;
import io.jenkins.plugins.salesforce.core.http.Form;
import io.jenkins.plugins.salesforce.core.http.ResponseClassifier;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.http.SalesforceRequest;
import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The OAuth 2.0 JWT bearer grant. The form holds only {@code grant_type} and {@code assertion}; the client id travels
 * as {@code iss}.
 *
 * <p>Audience rule: the given audience, or the one {@link Audience#forLoginUrl} guesses from the login URL. When
 * Salesforce answers {@code audience is invalid} to login or test, the grant tries the other of the two once (an
 * audience an administrator set is used as it is, without a fallback); if the login URL is
 * {@code login.salesforce.com} or {@code test.salesforce.com} it switches the token host along with the audience
 * (Salesforce refuses a production host with a test audience and the reverse), while a My Domain stays the token host.
 * Any other failure, or a second failure, is reported as it is.
 */
public final class JwtBearerGrant {
    private final SalesforceHttp http;
    private final TokenEndpoint endpoint;
    private final Clock clock;

    public JwtBearerGrant(SalesforceHttp http, Predicate<URI> allowedHosts, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = new TokenEndpoint(allowedHosts, clock);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param loginUrl where to post: login, test, or the org's My Domain
     * @param clientId the connected app's consumer key ({@code iss})
     * @param username the Salesforce username ({@code sub})
     * @param key the RSA private key whose certificate is on the connected app
     * @param audience the audience, or null to guess it from the login URL
     */
    public AccessToken exchange(URI loginUrl, String clientId, String username, PrivateKey key, Audience audience) {
        String id = TokenEndpoint.required(clientId, "client id", "Enter the connected app's consumer key.");
        String sub = TokenEndpoint.required(
                username,
                "username",
                "Enter the Salesforce username (not the email address) of a pre-authorised user.");
        Audience first = audience != null ? audience : Audience.forLoginUrl(loginUrl);
        endpoint.tokenUrl(Flow.JWT_BEARER, loginUrl); // refuses a bad login URL before anything is signed
        try {
            return attempt(loginUrl, id, sub, key, first);
        } catch (SalesforceAuthException e) {
            if (!isAudienceInvalid(e)) {
                throw e;
            }
            Audience second = first.other().orElse(null);
            if (second == null) {
                throw e.withDetail(e.detail() + " The audience set on the credential is " + first.uri() + ".");
            }
            try {
                return attempt(hostFor(loginUrl, second), id, sub, key, second);
            } catch (SalesforceAuthException again) {
                throw again.withDetail(
                        again.detail() + " Tried the audiences " + first.uri() + " and " + second.uri() + ".");
            }
        }
    }

    private AccessToken attempt(URI loginUrl, String clientId, String username, PrivateKey key, Audience audience) {
        SecretText assertion = JwtAssertion.sign(clientId, username, audience, key, clock.instant());
        Form form = new Form()
                .add("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .addSecret("assertion", assertion);
        SalesforceRequest request = endpoint.request(Flow.JWT_BEARER, loginUrl, form);
        return endpoint.read(request, http.send(request));
    }

    /** The token host to use with an audience: login and test follow the audience, a My Domain stays. */
    static URI hostFor(URI loginUrl, Audience audience) {
        String host = loginUrl.getHost() == null ? "" : loginUrl.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("login.salesforce.com") || host.equals("test.salesforce.com")) {
            return audience.uri();
        }
        return loginUrl;
    }

    static boolean isAudienceInvalid(SalesforceAuthException e) {
        return e.reason() == Reason.INVALID_GRANT
                && ResponseClassifier.errorCode(e)
                        .map("invalid_grant"::equalsIgnoreCase)
                        .orElse(false)
                && e.salesforceError().toLowerCase(Locale.ROOT).contains("audience is invalid");
    }
}
