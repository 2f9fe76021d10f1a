package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.MyDomainRule;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * What the OAuth 2.0 client credentials grant needs: the app's consumer key and consumer secret, and the org's My
 * Domain URL, the only host that answers that grant. There is no username: the token runs as the app's "Run As" user,
 * which discovery finds. The URL's host is checked against the allowed hosts where it is used; here only that it is
 * not login or test ({@link MyDomainRule}).
 *
 * @param clientId the app's consumer key; not blank
 * @param clientSecret the app's consumer secret; not empty
 * @param myDomainUrl the org's My Domain URL, for example {@code https://acme.my.salesforce.com}; not blank
 */
public record ClientCredentialsSecret(String clientId, SecretText clientSecret, String myDomainUrl)
        implements OrgSecret {

    public ClientCredentialsSecret {
        if (clientId == null || clientId.isBlank()) {
            throw SalesforceAuthException.badField(
                    "clientId",
                    "'clientId' is empty.",
                    "Copy the consumer key of the External Client App or connected app that has the client"
                            + " credentials flow enabled.");
        }
        if (clientSecret == null || clientSecret.reveal().isBlank()) {
            throw SalesforceAuthException.badField(
                    "clientSecret",
                    "'clientSecret' is empty.",
                    "Copy the consumer secret of the app (next to its consumer key); the client credentials flow"
                            + " needs it.");
        }
        if (myDomainUrl == null || myDomainUrl.isBlank()) {
            throw SalesforceAuthException.badField(
                    "myDomainUrl",
                    "'myDomainUrl' is empty.",
                    "Set the org's My Domain URL (Setup > My Domain), for example https://acme.my.salesforce.com.");
        }
        clientId = clientId.strip();
        myDomainUrl = myDomainUrl.strip();
        MyDomainRule.requireMyDomain(hostOf(myDomainUrl), "myDomainUrl");
    }

    private static String hostOf(String url) {
        try {
            return new URI(url).getHost();
        } catch (URISyntaxException e) {
            return null; // the allowed-hosts check reports a URL that does not parse
        }
    }

    @Override
    public CredentialType credentialType() {
        return CredentialType.CLIENT_CREDENTIALS;
    }

    /** Shows nothing: not even the client id, so that no part of a credential ends up in a log. */
    @Override
    public String toString() {
        return "ClientCredentialsSecret[****]";
    }
}
