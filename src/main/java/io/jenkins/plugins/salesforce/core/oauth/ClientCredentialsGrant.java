package io.jenkins.plugins.salesforce.core.oauth;

import io.jenkins.plugins.salesforce.core.MyDomainRule;
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
 * The OAuth 2.0 client credentials grant: an app's consumer key and secret buy an access token for the app's "Run As"
 * user, with no refresh token. Salesforce answers it only at the org's My Domain, so {@code login.salesforce.com} and
 * {@code test.salesforce.com} are refused before anything is sent ({@link MyDomainRule}). Like the refresh grant it
 * is idempotent, so the transport may retry it after a transient fault.
 */
public final class ClientCredentialsGrant {
    private final SalesforceHttp http;
    private final TokenEndpoint endpoint;

    /**
     * @param http the transport
     * @param allowedHosts decides which My Domain and instance URLs are Salesforce hosts
     * @param clock stands in for {@code issued_at} when Salesforce leaves it out
     */
    public ClientCredentialsGrant(SalesforceHttp http, Predicate<URI> allowedHosts, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = new TokenEndpoint(allowedHosts, clock);
    }

    /**
     * Posts {@code grant_type=client_credentials}, {@code client_id} and {@code client_secret} (nothing else) to
     * {@code <My Domain>/services/oauth2/token}.
     *
     * @param myDomainUrl the org's My Domain URL; login and test are refused (BAD_INPUT naming {@code myDomainUrl})
     * @param clientId the app's consumer key
     * @param clientSecret the app's consumer secret
     */
    public AccessToken exchange(URI myDomainUrl, String clientId, SecretText clientSecret) {
        String id = TokenEndpoint.required(
                clientId,
                "client id",
                "Enter the consumer key of the app that has the client credentials flow enabled.");
        SecretText secret = TokenEndpoint.requiredSecret(
                clientSecret,
                "client secret",
                "Enter the app's consumer secret; the client credentials flow needs it.");
        if (myDomainUrl != null) {
            MyDomainRule.requireMyDomain(myDomainUrl.getHost(), "myDomainUrl");
        }
        Form form = new Form()
                .add("grant_type", "client_credentials")
                .add("client_id", id)
                .addSecret("client_secret", secret);
        SalesforceRequest request = endpoint.request(Flow.CLIENT_CREDENTIALS, myDomainUrl, form);
        return endpoint.read(request, http.send(request));
    }
}
