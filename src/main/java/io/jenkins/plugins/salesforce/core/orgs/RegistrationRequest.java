package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Map;

/**
 * What a user asks to register (UI form, REST, CLI, JCasC-free step): a secret and the user's own choices. Discovered
 * facts (org id, type, instance URL, username) are not part of it: {@link OrgRegistry#register} takes them from
 * Salesforce. A null choice means "keep what the registered org has" on an update, and the default on a new org.
 *
 * <p>The checks that need no Salesforce happen here, so that bad input is refused before any call.
 *
 * @param id the credentials id for a new org; null to generate one. Ignored when the username is already registered
 *     (the org keeps its id)
 * @param secret the auth URL or the JWT key; required
 * @param username required for JWT (the user to sign in as); for an auth URL, optional: when given, registration
 *     fails unless the auth URL signs in as this user
 * @param devHub use the org as a Dev Hub; null = as discovered (a new org) or as registered (an update, and only
 *     while Salesforce still says it is one)
 * @param defaultDevHub make the org the default Dev Hub ({@code true}), stop it being the default ({@code false}),
 *     or keep (null)
 * @param allowAuthUrlExport let the auth URL leave the controller; auth URL orgs only; null = keep (false for new)
 * @param metadata replaces the org's metadata; null = keep (empty for new)
 * @param description replaces the description; null = keep
 */
public record RegistrationRequest(
        String id,
        OrgSecret secret,
        String username,
        Boolean devHub,
        Boolean defaultDevHub,
        Boolean allowAuthUrlExport,
        Map<String, String> metadata,
        String description) {

    public RegistrationRequest {
        if (secret == null) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "No secret was given to register the org with.",
                    "Give the org's SFDX auth URL, or the connected app's client id, login URL and private key.");
        }
        id = id == null || id.isBlank() ? null : id.strip();
        username = OrgRecordRules.checkUsername(username == null || username.isBlank() ? null : username, secret.credentialType());
        if (Boolean.TRUE.equals(defaultDevHub) && Boolean.FALSE.equals(devHub)) {
            throw SalesforceAuthException.badField(
                    "defaultDevHub",
                    "'defaultDevHub' is true but 'devHub' is false.",
                    "Only a Dev Hub can be the default Dev Hub: set devHub to true, or defaultDevHub to false.");
        }
        if (Boolean.TRUE.equals(allowAuthUrlExport) && secret.credentialType() != CredentialType.AUTH_URL) {
            throw SalesforceAuthException.badField(
                    "allowAuthUrlExport",
                    "'allowAuthUrlExport' is true for a " + secret.credentialType().label() + " org, which has no auth URL.",
                    "Leave allowAuthUrlExport off; only an org registered with an SFDX auth URL can export it.");
        }
        metadata = metadata == null ? null : OrgMetadata.copyOf(metadata, "metadata");
    }

    /** A request with only the secret; use the {@code with...} methods for the rest. */
    public static RegistrationRequest of(OrgSecret secret) {
        return new RegistrationRequest(null, secret, null, null, null, null, null, null);
    }

    /** A JWT bearer request: the username is required for JWT. */
    public static RegistrationRequest of(JwtSecret secret, String username) {
        return new RegistrationRequest(null, secret, username, null, null, null, null, null);
    }

    public RegistrationRequest withSecret(OrgSecret newSecret) {
        return new RegistrationRequest(
                id, newSecret, username, devHub, defaultDevHub, allowAuthUrlExport, metadata, description);
    }

    public RegistrationRequest withId(String newId) {
        return new RegistrationRequest(
                newId, secret, username, devHub, defaultDevHub, allowAuthUrlExport, metadata, description);
    }

    public RegistrationRequest withUsername(String newUsername) {
        return new RegistrationRequest(
                id, secret, newUsername, devHub, defaultDevHub, allowAuthUrlExport, metadata, description);
    }

    public RegistrationRequest withDevHub(Boolean newDevHub) {
        return new RegistrationRequest(
                id, secret, username, newDevHub, defaultDevHub, allowAuthUrlExport, metadata, description);
    }

    public RegistrationRequest withDefaultDevHub(Boolean newDefaultDevHub) {
        return new RegistrationRequest(
                id, secret, username, devHub, newDefaultDevHub, allowAuthUrlExport, metadata, description);
    }

    public RegistrationRequest withAllowAuthUrlExport(Boolean allow) {
        return new RegistrationRequest(id, secret, username, devHub, defaultDevHub, allow, metadata, description);
    }

    public RegistrationRequest withMetadata(Map<String, String> newMetadata) {
        return new RegistrationRequest(
                id, secret, username, devHub, defaultDevHub, allowAuthUrlExport, newMetadata, description);
    }

    public RegistrationRequest withDescription(String newDescription) {
        return new RegistrationRequest(
                id, secret, username, devHub, defaultDevHub, allowAuthUrlExport, metadata, newDescription);
    }

    /** Shows the choices and hides the secret. */
    @Override
    public String toString() {
        return "RegistrationRequest[id=" + id + ", credentialType=" + secret.credentialType() + ", secret=****, username=" + username
                + ", devHub=" + devHub + ", defaultDevHub=" + defaultDevHub + ", allowAuthUrlExport="
                + allowAuthUrlExport + ", metadata=" + metadata + ", description=" + description + "]";
    }
}
