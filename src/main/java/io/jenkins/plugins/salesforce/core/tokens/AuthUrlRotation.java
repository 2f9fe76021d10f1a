package io.jenkins.plugins.salesforce.core.tokens;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgRegistry;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a stored auth URL working when the connected app rotates refresh tokens: the refresh grant then returns a new
 * refresh token and the old one is dead, so the new auth URL is written to the {@link OrgStore} (atomically, keeping
 * the record as it is then) before the token is handed out. If storing fails, the grant fails with
 * {@link Reason#INVALID_GRANT} saying so: the stored auth URL no longer works and the org must be registered again.
 * The same write-back follows a registration (validating an auth URL runs a grant) and an export (the auth URL handed
 * out is the one that works now).
 */
final class AuthUrlRotation {
    private static final Logger LOG = Logger.getLogger(AuthUrlRotation.class.getName());

    private final OrgStore store;
    private final SalesforceOrgValidator salesforce;

    AuthUrlRotation(OrgStore store, SalesforceOrgValidator salesforce) {
        this.store = store;
        this.salesforce = salesforce;
    }

    /**
     * After a refresh grant with {@code used} (the stored auth URL, or its successor not stored yet; parsed as
     * {@code url}): stores what Salesforce rotated, or else the successor, and returns the auth URL that works after
     * the grant (stored by then).
     */
    AuthUrlSecret refreshed(
            RegisteredOrg org, AuthUrlSecret stored, AuthUrlSecret used, SfdxAuthUrl url, AccessToken token) {
        AuthUrlSecret source = stored;
        if (token.rotatedRefreshToken().isPresent()) {
            source = storeRotated(org, url, token.rotatedRefreshToken().get());
        } else if (used != stored) {
            source = storeSuccessor(org, used);
        }
        if (used != stored) {
            salesforce.successorStored(stored);
        }
        return source;
    }

    /**
     * The auth URL to export (the one that works now), for an org whose record allows export, and only while its app
     * does not rotate refresh tokens. {@code freshGrant} runs one grant after the checks: when Salesforce rotated the
     * token in it, an exported copy would be used up by whichever of Jenkins and its holder refreshed first, and the
     * reuse of a rotated-out token makes Salesforce revoke the whole family, the stored credential included.
     *
     * @throws SalesforceAuthException NOT_ALLOWED when export is not allowed, the org has no auth URL (JWT, JIT), or its
     *     app rotates refresh tokens
     */
    SecretText export(RegisteredOrg org, Runnable freshGrant) {
        OrgRecord record = org.record();
        if (record.credentialType() != CredentialType.AUTH_URL) {
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED,
                    "Org " + record.describe() + " is a "
                            + record.credentialType().label() + " org, which has no auth URL to"
                            + " export"
                            + (record.isJitSandbox()
                                    ? " (its tokens come through its production org)."
                                    : " (it signs" + " in with a private key)."),
                    "Ask for an access token instead (authType: 'accessToken').");
        }
        if (!record.allowAuthUrlExport()) {
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED,
                    "Org " + record.describe() + " does not allow auth URL export.",
                    "Ask for an access token instead, or an administrator can allow auth URL export on the"
                            + " credential.");
        }
        freshGrant.run();
        RegisteredOrg now = store.findRegistered(org.id()).orElse(org);
        if (!Objects.equals(now.secret(), org.secret())) {
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED,
                    "The connected app of org " + record.describe() + " rotates refresh tokens, so an exported auth URL"
                            + " would stop working as soon as Jenkins or its holder refreshed it, and reusing it would"
                            + " make Salesforce revoke the stored credential too.",
                    "Ask for an access token instead (authType: 'accessToken'), or turn off refresh token rotation on"
                            + " the connected app.");
        }
        return salesforce.successorOf((AuthUrlSecret) now.secret()).authUrl();
    }

    /**
     * Registers through the registry, and stores the successor of the auth URL if Salesforce rotated its refresh token
     * during the validation. An auth URL may be given as the sf CLI prints it; it is stored as the bare URL.
     */
    OrgRecord register(OrgRegistry registry, RegistrationRequest asHandedIn) {
        RegistrationRequest request = asHandedIn.secret() instanceof AuthUrlSecret url
                ? asHandedIn.withSecret(salesforce.asGiven(url))
                : asHandedIn;
        OrgRecord stored;
        try {
            stored = registry.register(request);
        } catch (SalesforceAuthException e) {
            if (request.secret() instanceof AuthUrlSecret given && salesforce.successorOf(given) != given) {
                salesforce.successorStored(given);
                throw e.withDetail(e.detail() + " The connected app rotates refresh tokens, so checking the auth URL"
                        + " used it up: export a new one before trying again.");
            }
            throw e;
        }
        if (request.secret() instanceof AuthUrlSecret given) {
            AuthUrlSecret successor = salesforce.successorOf(given);
            if (successor != given) {
                store.atomically(() -> store.findRegistered(stored.id())
                        .filter(o -> given.equals(o.secret()))
                        .map(o -> store.save(new RegisteredOrg(o.record(), successor))));
                salesforce.successorStored(given);
            }
        }
        return stored;
    }

    private AuthUrlSecret storeRotated(RegisteredOrg org, SfdxAuthUrl used, SecretText newRefreshToken) {
        AuthUrlSecret successor;
        try {
            successor = salesforce.rotated(used, newRefreshToken);
        } catch (SalesforceAuthException e) {
            // The new token does not fit an auth URL; the message names the part, never its value.
            throw rotationLost(org, e.detail());
        }
        return storeSuccessor(org, successor);
    }

    private AuthUrlSecret storeSuccessor(RegisteredOrg org, AuthUrlSecret successor) {
        try {
            store.atomically(() -> {
                RegisteredOrg now = store.findRegistered(org.id())
                        .orElseThrow(() -> SalesforceAuthException.of(
                                Reason.NOT_FOUND,
                                "Org " + org.record().describe() + " was removed while its token was being minted.",
                                "Register the org again with a new auth URL."));
                return store.saveRotated(new RegisteredOrg(now.record(), successor));
            });
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Salesforce rotated the refresh token of org {0}, but storing it failed ({1})",
                    new Object[] {org.record().describe(), e.getClass().getSimpleName()});
            throw rotationLost(
                    org,
                    e instanceof SalesforceAuthException s
                            ? s.detail()
                            : "the store failed with " + e.getClass().getSimpleName() + ".");
        }
        LOG.log(
                Level.FINE,
                "Stored the rotated refresh token of org {0}",
                org.record().describe());
        return successor;
    }

    private static SalesforceAuthException rotationLost(RegisteredOrg org, String why) {
        return SalesforceAuthException.of(
                Reason.INVALID_GRANT,
                "Salesforce rotated the refresh token of org " + org.record().describe()
                        + " (the connected app has refresh token rotation on), but the new one could not be stored: "
                        + why + " The stored auth URL no longer works.",
                "Check that Jenkins can save the credential, then register the org again with a new auth URL"
                        + " ('sf org auth show-sfdx-auth-url --target-org <alias> --json').");
    }
}
