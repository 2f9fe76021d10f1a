package io.jenkins.plugins.salesforce.core.tokens;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.ClientCredentialsSecret;
import io.jenkins.plugins.salesforce.core.orgs.DiscoveredOrg;
import io.jenkins.plugins.salesforce.core.orgs.JwtSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgRegistry;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Mints one token for an org, the work behind a cache miss of the {@link TokenService}: reads the org again (the
 * caller's copy may hold a refresh token rotated away since), runs its grant (an auth URL's through
 * {@link AuthUrlRotation}, a JIT sandbox's through its production org), discovers an incomplete record once, and
 * works out until when the token is handed out.
 */
final class TokenGrants {
    private static final Logger LOG = Logger.getLogger(TokenGrants.class.getName());

    /** A token and the secret it was minted with (for a JIT sandbox: its production org's). */
    record Granted(AccessToken token, OrgSecret source) {}

    private final OrgStore store;
    private final OrgRegistry registry;
    private final SalesforceOrgValidator salesforce;
    private final AuthUrlRotation rotation;
    private final Duration sessionTimeout;
    private final Duration skew;

    TokenGrants(
            OrgStore store,
            OrgRegistry registry,
            SalesforceOrgValidator salesforce,
            AuthUrlRotation rotation,
            Duration sessionTimeout,
            Duration skew) {
        this.store = store;
        this.registry = registry;
        this.salesforce = salesforce;
        this.rotation = rotation;
        this.sessionTimeout = sessionTimeout;
        this.skew = skew;
    }

    /**
     * Mints a token for the org of the derivation, to be cached under its key: the {@link TokenCache}'s loader. The
     * grant runs here, one frame below the cache: an auth URL's refresh grant (with the successor of the stored auth
     * URL a validation may have left, and what Salesforce rotated stored by {@link AuthUrlRotation}), a JWT bearer
     * grant, a client credentials grant, or a JIT sandbox's login through its production org.
     */
    TokenCache.Minted mint(TokenService.Derivation from) {
        RegisteredOrg org = store.findRegistered(from.org().id()).orElse(from.org());
        OrgRecord record = org.record();
        Granted granted =
                switch (org.secret()) {
                    case null -> from.scope().jitLogin(from, record);
                    case AuthUrlSecret stored -> {
                        AuthUrlSecret used = salesforce.successorOf(stored);
                        SfdxAuthUrl url = salesforce.parse(used);
                        AccessToken token = salesforce
                                .refreshGrant()
                                .refresh(url.loginUrl(), url.clientId(), url.clientSecret(), url.refreshToken());
                        yield new Granted(token, rotation.refreshed(org, stored, used, url, token));
                    }
                    case JwtSecret jwt -> new Granted(salesforce.jwt(jwt, record.username(), record.orgType()), jwt);
                    case ClientCredentialsSecret app -> new Granted(salesforce.clientCredentials(app), app);
                };
        AccessToken token = granted.token().requireOpaque("org " + record.describe());
        if (org.secret() != null) {
            store.granted(record.id(), token.issuedAt()); // for the expiry of an idle refresh token
        }
        record = discoverIfIncomplete(org.secret() == null ? org : new RegisteredOrg(record, granted.source()), token);
        Instant expiresAt = token.issuedAt().plus(sessionTimeoutOf(record));
        TokenResult result = new TokenResult(
                token.value(), token.instanceUrl(), record.username(), token.orgId(), record.orgType(), expiresAt);
        LOG.log(Level.FINE, "New token for org {0}, handed out until {1}", new Object[] {
            record.describe(), expiresAt.minus(skew)
        });
        return new TokenCache.Minted(from.key(), result, token, expiresAt.minus(skew), granted.source());
    }

    /**
     * An org loaded from configuration without its org id, type or username (or a JIT sandbox without its username
     * and instance URL) is discovered once, after its first successful grant, and the result recorded in the store;
     * later grants find the record complete.
     */
    private OrgRecord discoverIfIncomplete(RegisteredOrg used, AccessToken token) {
        OrgRecord record = used.record();
        boolean incomplete = record.isJitSandbox()
                ? record.username() == null || record.instanceUrl() == null
                : record.username() == null || record.orgId() == null || record.orgType() == null;
        if (!incomplete) {
            return record;
        }
        DiscoveredOrg info;
        try {
            info = salesforce.discover(token);
        } catch (SalesforceAuthException e) {
            // The token is good; the record stays incomplete and the next grant discovers again.
            LOG.log(Level.WARNING, "Could not discover org {0} after its first token: {1}", new Object[] {
                record.describe(), e.getMessage()
            });
            return record;
        }
        return registry.recordDiscovery(used, info);
    }

    private Duration sessionTimeoutOf(OrgRecord record) {
        String minutes = record.metadata().get(TokenService.SESSION_TIMEOUT_KEY);
        if (minutes == null) {
            return sessionTimeout;
        }
        try {
            Duration d = Duration.ofMinutes(Long.parseLong(minutes.strip()));
            if (d.compareTo(TokenService.MIN_SESSION_TIMEOUT) >= 0
                    && d.compareTo(TokenService.MAX_SESSION_TIMEOUT) <= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw SalesforceAuthException.of(
                Reason.BAD_INPUT,
                "The metadata '" + TokenService.SESSION_TIMEOUT_KEY + "' of org " + record.describe() + " is '"
                        + minutes + "', not a session timeout in minutes from 15 to 1440.",
                "Set it to the org's session timeout in minutes (Setup > Session Settings, for example 120), or"
                        + " remove it to use the default of " + sessionTimeout.toMinutes() + " minutes.");
    }
}
