package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Objects;

/**
 * A registered org with its secret: what an {@link OrgStore} holds and what the token service reads. Listing APIs
 * return {@link OrgRecord}s only; this type leaves the store only through {@link OrgStore#findRegistered(String)}.
 *
 * <p>The secret matches the record's kind: an {@link AuthUrlSecret} for {@link CredentialType#AUTH_URL}, a
 * {@link JwtSecret} for {@link CredentialType#JWT}, a {@link ClientCredentialsSecret} for
 * {@link CredentialType#CLIENT_CREDENTIALS}, and none (null) for a {@link CredentialType#JIT_SANDBOX}.
 *
 * @param record the non-secret part
 * @param secret the secret, null exactly for a JIT sandbox
 */
public record RegisteredOrg(OrgRecord record, OrgSecret secret) {

    public RegisteredOrg {
        Objects.requireNonNull(record, "record");
        if (record.isJitSandbox() && secret != null) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "JIT sandbox " + record.describe() + " was given a secret.",
                    "A JIT sandbox stores no secret: its tokens come through its production org. Register the sandbox"
                            + " with its own auth URL instead if it should have one.");
        }
        if (!record.isJitSandbox() && (secret == null || secret.credentialType() != record.credentialType())) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "Org " + record.describe() + " is a " + record.credentialType().label() + " org but "
                            + (secret == null
                                    ? "has no secret."
                                    : "was given a " + secret.credentialType().label() + " secret."),
                    switch (record.credentialType()) {
                        case AUTH_URL -> "Give the org's SFDX auth URL.";
                        case CLIENT_CREDENTIALS -> "Give the app's client id, client secret and My Domain URL.";
                        default -> "Give the connected app's client id, login URL and private key.";
                    });
        }
    }

    /** A JIT sandbox, which has no secret. */
    public static RegisteredOrg jitSandbox(OrgRecord record) {
        return new RegisteredOrg(record, null);
    }

    /** Same as {@code record().id()}. */
    public String id() {
        return record.id();
    }

    /** Shows the record and hides the secret. */
    @Override
    public String toString() {
        return "RegisteredOrg[record=" + record + ", secret=" + (secret == null ? "none" : "****") + "]";
    }
}
