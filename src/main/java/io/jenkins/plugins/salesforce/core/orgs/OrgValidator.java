package io.jenkins.plugins.salesforce.core.orgs;

/**
 * Checks a secret against Salesforce before anything is stored: authenticates with it and discovers the org
 * (its identity, type and Dev Hub flag). The client implements it; the registry calls it outside any store lock.
 */
@FunctionalInterface
public interface OrgValidator {

    /**
     * Authenticates with the secret and returns what Salesforce says about the org.
     *
     * @param secret the auth URL, the JWT key or the client credentials to try
     * @param username the user to sign in as: required for a {@link JwtSecret} (the assertion's subject); for an
     *     {@link AuthUrlSecret} or a {@link ClientCredentialsSecret} null, as the refresh token or the app's Run As
     *     user names it
     * @throws io.jenkins.plugins.salesforce.core.SalesforceAuthException with the reason Salesforce gave (for example
     *     INVALID_GRANT, INACTIVE_USER, UNREACHABLE)
     */
    DiscoveredOrg validate(OrgSecret secret, String username);
}
