package io.jenkins.plugins.salesforce.core.flows;

import io.jenkins.plugins.salesforce.core.SalesforceHosts;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.oauth.PemKeys;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.ClientCredentialsSecret;
import io.jenkins.plugins.salesforce.core.orgs.JwtSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.security.PrivateKey;

/**
 * The connected app behind a registered org's credential: its consumer key, its secret (auth URL, client
 * credentials) or private key (JWT). sandboxAuth and the code exchange use the production org's app; the scratch-org JWT grant the Dev Hub's.
 * {@link #toString()} shows the client id and the kind only.
 *
 * @param clientId the consumer key
 * @param clientSecret the consumer secret of an auth URL's or a client credentials app; empty for none, null for a
 *     JWT credential
 * @param privateKey the JWT key, or null for an auth URL credential
 */
record AppCredentials(String clientId, SecretText clientSecret, PrivateKey privateKey) {

    static AppCredentials of(RegisteredOrg org, SalesforceHosts hosts) {
        if (org.secret() instanceof JwtSecret jwt) {
            return new AppCredentials(
                    jwt.clientId(), null, PemKeys.readRsaPrivateKey(jwt.privateKey(), jwt.passphrase()));
        }
        if (org.secret() instanceof AuthUrlSecret url) {
            SfdxAuthUrl parsed = SfdxAuthUrl.parse(url.authUrl().reveal(), hosts);
            return new AppCredentials(parsed.clientId(), parsed.clientSecret(), null);
        }
        if (org.secret() instanceof ClientCredentialsSecret app) {
            return new AppCredentials(app.clientId(), app.clientSecret(), null);
        }
        throw new IllegalArgumentException("org " + org.id() + " has no secret");
    }

    boolean isJwt() {
        return privateKey != null;
    }

    @Override
    public String toString() {
        return "AppCredentials[clientId=" + clientId + ", " + (isJwt() ? "JWT key ****" : "client secret ****") + "]";
    }
}
