package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;

/**
 * An SFDX auth URL ({@code force://...}), held as a secret: it contains a refresh token. It is parsed and checked
 * where it enters the plugin ({@code SfdxAuthUrl}); here it is only carried.
 *
 * @param authUrl the auth URL; not empty
 */
public record AuthUrlSecret(SecretText authUrl) implements OrgSecret {

    public AuthUrlSecret {
        if (authUrl == null || authUrl.reveal().isBlank()) {
            throw SalesforceAuthException.badField(
                    "sfdxAuthUrl",
                    "'sfdxAuthUrl' is empty.",
                    "Paste the org's SFDX auth URL (force://...), as printed by"
                            + " 'sf org auth show-sfdx-auth-url --target-org <alias> --json'.");
        }
    }

    @Override
    public CredentialType credentialType() {
        return CredentialType.AUTH_URL;
    }

    @Override
    public String toString() {
        return "AuthUrlSecret[****]";
    }
}
