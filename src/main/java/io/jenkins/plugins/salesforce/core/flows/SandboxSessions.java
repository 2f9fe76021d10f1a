package io.jenkins.plugins.salesforce.core.flows;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sandbox sessions a code exchange opened, kept in memory so that the next login to the same sandbox refreshes
 * instead of exchanging a new code. Each code exchange is an OAuth approval of the production credential's app by the
 * sandbox user, and Salesforce keeps five per user and app: the sixth revokes the oldest, which may be a person's
 * {@code sf} session. Refreshing the one refresh token keeps a sandbox user at one live approval however many builds
 * and health checks log in.
 *
 * <p>The refresh token is not revoked once the access token is in hand: revoking a refresh token also ends the access
 * tokens issued with it. It lives only in this controller's memory, never in a credential, a build or a log, and it
 * belongs to exactly the production credential whose code exchange returned it (the key holds that credential's
 * secret): a changed production credential, or another store's credential for the same org, logs in afresh. A refused
 * refresh (the approval was revoked) forgets the session; the login then exchanges a code again.
 */
public final class SandboxSessions {
    private static final Logger LOG = Logger.getLogger(SandboxSessions.class.getName());

    /** Sandbox sessions kept at most; past that the least used are forgotten, which costs them a code exchange. */
    static final long MAXIMUM_SIZE = 1_000;

    private final Cache<Key, Session> sessions =
            Caffeine.newBuilder().maximumSize(MAXIMUM_SIZE).build();

    private record Key(OrgSecret production, String sandbox) {}

    /** What a code exchange left: whom it logged in, where, and the refresh token. */
    private record Session(
            String sandboxName, String username, URI loginUrl, SecretText refreshToken, SandboxProcessRow row) {
        @Override
        public String toString() {
            return "Session[" + sandboxName + ", " + username + ", refresh token ****]";
        }
    }

    private static Key key(RegisteredOrg production, String sandboxName) {
        return new Key(production.secret(), sandboxName.toLowerCase(Locale.ROOT));
    }

    /** Keeps the session a code exchange opened; a token without a refresh token opened none. */
    void keep(RegisteredOrg production, String username, URI loginUrl, AccessToken exchanged, SandboxProcessRow row) {
        exchanged
                .rotatedRefreshToken()
                .ifPresent(refresh -> sessions.put(
                        key(production, row.sandboxName()),
                        new Session(row.sandboxName(), username, loginUrl, refresh, row)));
    }

    /**
     * A new login to the sandbox through the session kept for it, or empty when there is none or Salesforce refused its
     * refresh token (the session is then forgotten). A transient failure is thrown: a code exchange would meet it too.
     */
    Optional<SandboxLogin> refresh(
            RegisteredOrg production, String sandboxName, AppCredentials app, FlowContext context) {
        Key key = key(production, sandboxName);
        Session s = sessions.getIfPresent(key);
        if (s == null) {
            return Optional.empty();
        }
        AccessToken token;
        try {
            token = context.refreshGrant().refresh(s.loginUrl(), app.clientId(), app.clientSecret(), s.refreshToken());
        } catch (SalesforceAuthException e) {
            if (e.reason().isTransient()) {
                throw e;
            }
            sessions.asMap().remove(key, s);
            LOG.log(Level.FINE, "The session of sandbox {0} ended ({1}); logging in afresh", new Object[] {
                s.sandboxName(), e.reason()
            });
            return Optional.empty();
        }
        token.rotatedRefreshToken()
                .ifPresent(next -> sessions.asMap()
                        .replace(key, s, new Session(s.sandboxName(), s.username(), s.loginUrl(), next, s.row())));
        return Optional.of(new SandboxLogin(
                s.sandboxName(), s.username(), JitLogin.withoutRefreshToken(token), production.record(), s.row()));
    }

    /** How many sandbox sessions are kept (approximately, as Caffeine counts). */
    long size() {
        return sessions.estimatedSize();
    }
}
