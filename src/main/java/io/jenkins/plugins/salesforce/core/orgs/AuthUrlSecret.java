package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

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

    /**
     * Whether the other auth URL holds the same refresh token (compared in constant time; the client id, secret and
     * host may differ, as one grant can be written with another My Domain). False when either is not shaped like
     * {@code force://id:secret:token@host}.
     */
    public boolean sharesRefreshTokenWith(AuthUrlSecret other) {
        Optional<String> mine = refreshTokenPart(authUrl.reveal());
        Optional<String> theirs = refreshTokenPart(other.authUrl.reveal());
        return mine.isPresent()
                && theirs.isPresent()
                && MessageDigest.isEqual(
                        mine.get().getBytes(StandardCharsets.UTF_8),
                        theirs.get().getBytes(StandardCharsets.UTF_8));
    }

    /** The refresh token of {@code force://id:secret:token@host}: the part after the second ':', before the last '@'. */
    private static Optional<String> refreshTokenPart(String url) {
        String text = url.strip();
        int at = text.lastIndexOf('@');
        if (!text.startsWith("force://") || at < 0) {
            return Optional.empty();
        }
        String[] parts = text.substring("force://".length(), at).split(":", -1);
        return parts.length == 3 && !parts[2].isEmpty() ? Optional.of(parts[2]) : Optional.empty();
    }

    /**
     * Refuses registering (or testing) an auth URL whose refresh token another credential already holds. Salesforce
     * can rotate a refresh token on each use: the first credential to use it would hold the successor and the other a
     * dead token, whose next use makes Salesforce revoke the whole token family, the first credential's included.
     *
     * @param holder how to name the other credential to this user (its id and store when the user may see them)
     */
    public static SalesforceAuthException registeredElsewhere(String holder) {
        return SalesforceAuthException.of(
                Reason.NOT_ALLOWED,
                "The refresh token of this auth URL is already registered, as " + holder + ". One refresh token must"
                        + " be registered once: with refresh token rotation, two credentials holding it would revoke"
                        + " each other's tokens.",
                "Use the credential that holds it (orgs of a store are visible in every folder below it), or log in"
                        + " again (sf org login web, then sf org auth show-sfdx-auth-url) to get a second refresh"
                        + " token for this one.");
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
