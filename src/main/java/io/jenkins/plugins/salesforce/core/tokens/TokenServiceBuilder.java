package io.jenkins.plugins.salesforce.core.tokens;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SalesforceHosts;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.orgs.OrgRegistry;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.SandboxValidator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds a {@link TokenService}; see {@link TokenService#builder()}. Required: {@link #store} and one of
 * {@link #http} / {@link #httpClient}; {@link #build()} throws {@link IllegalStateException} without them. The
 * session timeout is an administrator's setting, so a value out of range is {@link Reason#BAD_INPUT}; the other
 * values come from code, so a bad one is an {@link IllegalArgumentException}.
 */
public final class TokenServiceBuilder {
    OrgStore store;
    SalesforceHttp http;
    HttpClient httpClient;
    SalesforceHosts hosts = SalesforceHosts.defaults();
    Clock clock = Clock.systemUTC();
    Duration sessionTimeout = TokenService.DEFAULT_SESSION_TIMEOUT;
    Duration skew = TokenService.DEFAULT_SKEW;
    JitSandboxTokens jitSandboxes;
    Function<OrgTokens, JitSandboxTokens> jitSandboxesFrom;
    SandboxValidator sandboxValidator;
    Function<OrgTokens, SandboxValidator> sandboxValidatorFrom;

    TokenServiceBuilder() {}

    /** Where the orgs live (required). The service builds its {@link OrgRegistry} over it. */
    public TokenServiceBuilder store(OrgStore store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /** The transport, with its timeouts and retry policy; takes precedence over {@link #httpClient}. */
    public TokenServiceBuilder http(SalesforceHttp http) {
        this.http = Objects.requireNonNull(http, "http");
        return this;
    }

    /**
     * An HTTP client (in Jenkins, from {@code ProxyConfiguration.newHttpClientBuilder()}, so the proxy settings
     * apply), wrapped in a {@link SalesforceHttp} with its default timeouts and retries.
     */
    public TokenServiceBuilder httpClient(HttpClient client) {
        this.httpClient = Objects.requireNonNull(client, "client");
        return this;
    }

    /** The allowed Salesforce hosts; default {@link SalesforceHosts#defaults()}. */
    public TokenServiceBuilder hosts(SalesforceHosts hosts) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        return this;
    }

    /** The clock expiry is measured with; default the system UTC clock. */
    public TokenServiceBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * The session timeout of orgs whose record does not declare one (metadata key
     * {@value TokenService#SESSION_TIMEOUT_KEY}); default 2 hours. Salesforce allows 15 minutes to 24 hours.
     */
    public TokenServiceBuilder sessionTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(TokenService.MIN_SESSION_TIMEOUT) < 0
                || timeout.compareTo(TokenService.MAX_SESSION_TIMEOUT) > 0) {
            // An administrator's setting (global configuration, JCasC): bad input with the fix, not a programmer error.
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The session timeout " + timeout + " is outside 15 minutes to 24 hours.",
                    "Use the session timeout of the orgs' Session Settings (2 hours by default).");
        }
        this.sessionTimeout = timeout;
        return this;
    }

    /**
     * How long before its expiry a token stops being handed out; default 5 minutes. Zero or more, and shorter
     * than 15 minutes (the shortest session timeout), so that every token is handed out for a while.
     */
    public TokenServiceBuilder skew(Duration skew) {
        Objects.requireNonNull(skew, "skew");
        if (skew.isNegative() || skew.compareTo(TokenService.MIN_SESSION_TIMEOUT) >= 0) {
            throw new IllegalArgumentException(
                    "The skew " + skew + " is not between 0 and 15 minutes: use a few minutes (5 by default).");
        }
        this.skew = skew;
        return this;
    }

    /** Mints JIT sandbox tokens through the production org; without it JIT sandboxes are refused (NOT_ALLOWED). */
    public TokenServiceBuilder jitSandboxes(JitSandboxTokens jitSandboxes) {
        this.jitSandboxes = jitSandboxes;
        return this;
    }

    /**
     * Like {@link #jitSandboxes}, for a collaborator that itself needs this service's tokens (the production
     * org's, cached): {@code factory} is called once, while the service is built, with the service as its
     * {@link OrgTokens}. It must only keep the reference, not ask for tokens yet. For the flows' authenticator:
     *
     * <pre>{@code
     * .jitSandboxesFrom(tokens -> {
     *     JitLogin auth = new JitLogin(FlowContext.of(http, hosts, clock, tokens));
     *     return (production, productionToken, sandbox) ->
     *             auth.login(production, sandbox.sandboxName()).accessToken();
     * })
     * }</pre>
     */
    public TokenServiceBuilder jitSandboxesFrom(Function<OrgTokens, JitSandboxTokens> factory) {
        this.jitSandboxesFrom = factory;
        return this;
    }

    /** Checks a sandbox before it is registered as a JIT sandbox; without it, registering one is refused. */
    public TokenServiceBuilder sandboxValidator(SandboxValidator sandboxValidator) {
        this.sandboxValidator = sandboxValidator;
        return this;
    }

    /**
     * Like {@link #sandboxValidator}, for a validator that needs this service's tokens (the flows'
     * {@code SandboxDiscovery} over a {@code FlowContext}); see {@link #jitSandboxesFrom} for the contract.
     */
    public TokenServiceBuilder sandboxValidatorFrom(Function<OrgTokens, SandboxValidator> factory) {
        this.sandboxValidatorFrom = factory;
        return this;
    }

    public TokenService build() {
        return new TokenService(this);
    }
}
