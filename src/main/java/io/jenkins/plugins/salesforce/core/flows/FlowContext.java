package io.jenkins.plugins.salesforce.core.flows;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SalesforceHosts;
import io.jenkins.plugins.salesforce.core.api.SalesforceApi;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.http.Sleeper;
import io.jenkins.plugins.salesforce.core.oauth.AuthorizationCodeGrant;
import io.jenkins.plugins.salesforce.core.oauth.JwtBearerGrant;
import io.jenkins.plugins.salesforce.core.oauth.RefreshTokenGrant;
import io.jenkins.plugins.salesforce.core.tokens.OrgTokens;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What every flow of this package needs, wired once: the transport, the host allowlist, the clock, the port to
 * production-org and Dev Hub tokens ({@link OrgTokens}), and the few settings the spec leaves to the plugin.
 *
 * @param http the transport to Salesforce
 * @param hosts the host allowlist; every login URL Salesforce returns ({@code loginUrl} of sandboxAuth, {@code
 *     LoginUrl} of ScratchOrgInfo) is checked against it before anything is sent there
 * @param clock issue times, expiry, and the age of new orgs (replication delay)
 * @param tokens production-org and Dev Hub tokens; the flows never run a grant for a registered org themselves
 * @param sleeper waits between replication-delay retries (tests pass one that advances their clock)
 * @param callbackUrl the {@code callbackUrl} sent to sandboxAuth and, byte for byte, the {@code redirect_uri} of the
 *     code exchange; it must be a callback URL of the production credential's connected app
 * @param testLoginUrl {@code https://test.salesforce.com}: the token host of a scratch-org JWT grant when {@code
 *     LoginUrl} is missing (the emulator's test host in tests)
 * @param sessionTimeout added to a token's issue time to give {@code expiresAt} (Salesforce does not say)
 * @param sandboxSessions the sandbox sessions code exchanges opened, shared by every context of one token service so
 *     that a sandbox user keeps one approval ({@link SandboxSessions})
 * @param unregisteredTokens the logins of unregistered sandboxes and scratch orgs, shared the same way
 *     ({@link UnregisteredTokens})
 */
public record FlowContext(
        SalesforceHttp http,
        SalesforceHosts hosts,
        Clock clock,
        OrgTokens tokens,
        Sleeper sleeper,
        String callbackUrl,
        URI testLoginUrl,
        Duration sessionTimeout,
        SandboxSessions sandboxSessions,
        UnregisteredTokens unregisteredTokens) {

    /** The sf CLI's callback URL, the one its {@code PlatformCLI} connected app has. */
    public static final String DEFAULT_CALLBACK_URL = "http://localhost:1717/OauthRedirect";

    /** Salesforce's test login host. */
    public static final URI TEST_LOGIN_URL = URI.create("https://test.salesforce.com");

    /** The session timeout assumed when none is configured: Salesforce's default of two hours. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofHours(2);

    public FlowContext {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(sleeper, "sleeper");
        if (callbackUrl == null || callbackUrl.isBlank()) {
            throw new IllegalArgumentException("callbackUrl must not be blank");
        }
        Objects.requireNonNull(testLoginUrl, "testLoginUrl");
        if (sessionTimeout == null || sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("sessionTimeout must be positive");
        }
        Objects.requireNonNull(sandboxSessions, "sandboxSessions");
        Objects.requireNonNull(unregisteredTokens, "unregisteredTokens");
    }

    /**
     * The defaults: real sleeps, the CLI's callback URL, test.salesforce.com, a two-hour session, sandbox sessions and
     * unregistered logins of its own (share them with {@link #withSandboxSessions} and {@link #withUnregisteredTokens}).
     */
    public static FlowContext of(SalesforceHttp http, SalesforceHosts hosts, Clock clock, OrgTokens tokens) {
        return new FlowContext(
                http,
                hosts,
                clock,
                tokens,
                Sleeper.THREAD,
                DEFAULT_CALLBACK_URL,
                TEST_LOGIN_URL,
                DEFAULT_SESSION_TIMEOUT,
                new SandboxSessions(),
                new UnregisteredTokens());
    }

    /**
     * A callback URL as the plugin sends it: an absolute URL (such as {@code http://localhost:1717/OauthRedirect}, or an
     * https URL of your own) without spaces or a fragment, exactly one of the production credential's app's callback
     * URLs. Blank means the sf CLI's.
     *
     * @throws SalesforceAuthException BAD_INPUT naming the field {@code callbackUrl} and the fix
     */
    public static String checkCallbackUrl(String url) {
        if (url == null || url.isBlank()) {
            return DEFAULT_CALLBACK_URL;
        }
        String given = url.strip();
        URI uri = null;
        try {
            uri = given.chars().anyMatch(Character::isWhitespace) ? null : new URI(given);
        } catch (URISyntaxException e) {
            // reported below
        }
        if (uri == null || !uri.isAbsolute() || uri.getRawFragment() != null || uri.isOpaque()) {
            throw SalesforceAuthException.badField(
                    "callbackUrl",
                    "The callback URL is not an absolute URL without spaces or a fragment.",
                    "Give one of the callback URLs of the production credential's connected app, byte for byte, such"
                            + " as " + DEFAULT_CALLBACK_URL + " (the sf CLI's), or leave it empty for that one.");
        }
        return given;
    }

    public FlowContext withCallbackUrl(String url) {
        return new FlowContext(
                http,
                hosts,
                clock,
                tokens,
                sleeper,
                url,
                testLoginUrl,
                sessionTimeout,
                sandboxSessions,
                unregisteredTokens);
    }

    public FlowContext withSleeper(Sleeper s) {
        return new FlowContext(
                http,
                hosts,
                clock,
                tokens,
                s,
                callbackUrl,
                testLoginUrl,
                sessionTimeout,
                sandboxSessions,
                unregisteredTokens);
    }

    public FlowContext withTestLoginUrl(URI url) {
        return new FlowContext(
                http,
                hosts,
                clock,
                tokens,
                sleeper,
                callbackUrl,
                url,
                sessionTimeout,
                sandboxSessions,
                unregisteredTokens);
    }

    public FlowContext withSessionTimeout(Duration timeout) {
        return new FlowContext(
                http,
                hosts,
                clock,
                tokens,
                sleeper,
                callbackUrl,
                testLoginUrl,
                timeout,
                sandboxSessions,
                unregisteredTokens);
    }

    public FlowContext withSandboxSessions(SandboxSessions sessions) {
        return new FlowContext(
                http,
                hosts,
                clock,
                tokens,
                sleeper,
                callbackUrl,
                testLoginUrl,
                sessionTimeout,
                sessions,
                unregisteredTokens);
    }

    public FlowContext withUnregisteredTokens(UnregisteredTokens logins) {
        return new FlowContext(
                http,
                hosts,
                clock,
                tokens,
                sleeper,
                callbackUrl,
                testLoginUrl,
                sessionTimeout,
                sandboxSessions,
                logins);
    }

    SalesforceApi api() {
        return new SalesforceApi(http, hosts::isAllowed);
    }

    JwtBearerGrant jwtGrant() {
        return new JwtBearerGrant(http, hosts::isAllowed, clock);
    }

    AuthorizationCodeGrant codeGrant() {
        return new AuthorizationCodeGrant(http, hosts::isAllowed, clock);
    }

    RefreshTokenGrant refreshGrant() {
        return new RefreshTokenGrant(http, hosts::isAllowed, clock);
    }
}
