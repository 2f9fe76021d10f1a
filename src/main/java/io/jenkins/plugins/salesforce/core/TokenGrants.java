package io.jenkins.plugins.salesforce.core;

import io.jenkins.plugins.salesforce.core.api.OrgInfo;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgRegistry;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
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
     * Mints a token for the org, to be cached under {@code key}.
     *
     * @param jitLogin logs a JIT sandbox (an org without a secret of its own, given its record) in
     */
    TokenCache.Minted mint(RegisteredOrg given, String key, Function<OrgRecord, Granted> jitLogin) {
        RegisteredOrg org = store.findRegistered(given.id()).orElse(given);
        OrgRecord record = org.record();
        Granted granted =
                switch (org.secret()) {
                    case null -> jitLogin.apply(record);
                    case AuthUrlSecret stored -> rotation.refresh(org, stored);
                    case OrgSecret other ->
                        new Granted(salesforce.grant(other, record.username(), record.orgType()), other);
                };
        AccessToken token = granted.token();
        record = discoverIfIncomplete(
                org.secret() == null ? org : new RegisteredOrg(record, granted.source()), token);
        Instant expiresAt = token.issuedAt().plus(sessionTimeoutOf(record));
        TokenResult result = new TokenResult(
                token.value(), token.instanceUrl(), record.username(), token.orgId(), record.orgType(), expiresAt);
        LOG.log(Level.FINE, "New token for org {0}, handed out until {1}", new Object[] {
            record.describe(), expiresAt.minus(skew)
        });
        return new TokenCache.Minted(key, result, token, expiresAt.minus(skew), granted.source());
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
        OrgInfo info;
        try {
            info = salesforce.discover(token);
        } catch (SalesforceAuthException e) {
            // The token is good; the record stays incomplete and the next grant discovers again.
            LOG.log(Level.WARNING, "Could not discover org {0} after its first token: {1}", new Object[] {
                record.describe(), e.getMessage()
            });
            return record;
        }
        return registry.recordDiscovery(used, SalesforceOrgValidator.discovered(info));
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
