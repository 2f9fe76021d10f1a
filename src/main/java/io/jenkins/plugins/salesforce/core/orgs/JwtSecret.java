package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.oauth.Audience;

/**
 * What the JWT bearer grant needs besides the username (which is in the {@link OrgRecord}): the connected app's
 * client id (consumer key), the login URL, the private key in PEM, for an encrypted key its passphrase, and the JWT
 * audience when an administrator set one.
 * The key's format and the login URL's host are checked where they enter the plugin; here they are only carried.
 *
 * @param clientId the connected app's consumer key; not blank
 * @param loginUrl {@code https://login.salesforce.com}, {@code https://test.salesforce.com} or a My Domain URL;
 *     not blank
 * @param privateKey the PEM private key (PKCS#1 or PKCS#8); not empty
 * @param passphrase the key's passphrase, or null for an unencrypted key
 * @param audience the {@code aud} to sign with, or null to choose login or test from the org type
 */
public record JwtSecret(
        String clientId, String loginUrl, SecretText privateKey, SecretText passphrase, Audience audience)
        implements OrgSecret {

    /** A secret without a set audience. */
    public JwtSecret(String clientId, String loginUrl, SecretText privateKey, SecretText passphrase) {
        this(clientId, loginUrl, privateKey, passphrase, null);
    }

    public JwtSecret {
        if (clientId == null || clientId.isBlank()) {
            throw SalesforceAuthException.badField(
                    "clientId",
                    "'clientId' is empty.",
                    "Copy the consumer key of the connected app (Setup > App Manager > View > Manage Consumer Details).");
        }
        if (loginUrl == null || loginUrl.isBlank()) {
            throw SalesforceAuthException.badField(
                    "loginUrl",
                    "'loginUrl' is empty.",
                    "Use https://login.salesforce.com for production, https://test.salesforce.com for sandboxes,"
                            + " or the org's My Domain URL.");
        }
        if (privateKey == null || privateKey.reveal().isBlank()) {
            throw SalesforceAuthException.badField(
                    "privateKey",
                    "'privateKey' is empty.",
                    "Paste the PEM private key whose certificate is uploaded to the connected app.");
        }
        clientId = clientId.strip();
        loginUrl = loginUrl.strip();
        if (passphrase != null && passphrase.isEmpty()) {
            passphrase = null;
        }
    }

    @Override
    public CredentialType credentialType() {
        return CredentialType.JWT;
    }

    /** Shows nothing: not even the client id, so that no part of a credential ends up in a log. */
    @Override
    public String toString() {
        return "JwtSecret[****]";
    }
}
