package io.jenkins.plugins.salesforce.core.tokens;

import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SalesforceHosts;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgRegistry;
import io.jenkins.plugins.salesforce.core.orgs.OrgResolver;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.core.orgs.SandboxValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one entry point the Jenkins layer calls for tokens: resolve an {@code org:} reference, answer from the cache
 * or run the grant, and hand back a {@link TokenResult}. Build one per Jenkins instance (per store) with
 * {@link #builder()} and share it: it is thread-safe, and its cache is what makes thousands of builds cost a handful
 * of grants. The work is split by job: {@link TokenCache} (single flight, expiry, failed loads dropped),
 * {@link TokenGrants} (one grant, discovery on first use), {@link AuthUrlRotation} (rotated refresh tokens stored).
 *
 * <h2>Expiry and skew</h2>
 * Salesforce does not say when an access token expires. The service takes {@code expiresAt = issued_at + session
 * timeout}, where the session timeout is the org's own when its record declares one (metadata key {@value
 * #SESSION_TIMEOUT_KEY}, in minutes, 15 to 1440 like Salesforce's setting) and the configured default otherwise (2
 * hours, Salesforce's default). A cached token is handed out until {@code expiresAt - skew} (default 5 minutes), so
 * that a build never starts with a token about to die and clocks a little apart do not matter. After that the next
 * caller runs a new grant.
 *
 * <h2>Single flight, and which token</h2>
 * One grant per org at a time, shared by the callers that wait for it; a failure is not cached ({@link TokenCache}).
 * A token is cached under the credentials it comes from and handed out only while the org still has the secret it was
 * minted with; see {@link #forStore} and the JIT sandbox derivation below.
 *
 * <h2>Expired sessions</h2>
 * A session can end before {@code expiresAt} (an admin logs the user out, a shorter policy). {@link #withToken} runs
 * a call with a token and, when it fails with {@link Reason#SESSION_EXPIRED}, forgets the token, gets a new one and
 * runs the call exactly once more.
 *
 * <p>No secret appears in an exception, a log record or a {@code toString()} of this class.
 */
public final class TokenService implements OrgTokens {
    /** The default session timeout: Salesforce's default for an org (Session Settings, 2 hours). */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofHours(2);
    /** The default skew: a token is no longer handed out this long before its expiry. */
    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);
    /**
     * The metadata key that gives one org its own session timeout, in whole minutes (for example
     * {@code sessionTimeoutMinutes=30} for an org whose Session Settings say 30 minutes).
     */
    public static final String SESSION_TIMEOUT_KEY = "sessionTimeoutMinutes";

    static final Duration MIN_SESSION_TIMEOUT = Duration.ofMinutes(15);
    static final Duration MAX_SESSION_TIMEOUT = Duration.ofHours(24);

    private static final Logger LOG = Logger.getLogger(TokenService.class.getName());

    private final OrgStore store;
    private final OrgRegistry registry;
    private final OrgResolver resolver;
    private final SalesforceOrgValidator salesforce;
    private final Clock clock;
    private final Duration sessionTimeout;
    private final Duration skew;
    private final AuthUrlRotation rotation;
    private final TokenGrants grants;
    private final JitSandboxTokens jitSandboxes;
    private final SandboxValidator sandboxValidator;
    /** The factories the collaborators came from, applied again for each {@link #forStore sibling}; may be null. */
    private final Function<OrgTokens, JitSandboxTokens> jitSandboxesFrom;

    private final Function<OrgTokens, SandboxValidator> sandboxValidatorFrom;
    /** Per org ({@link OrgStore#tokenCacheKey}); shared with the {@link #forStore siblings}. */
    private final TokenCache cache;

    TokenService(TokenServiceBuilder b) {
        if (b.store == null) {
            throw new IllegalStateException("A token service needs a store(...).");
        }
        this.store = b.store;
        this.clock = b.clock;
        this.sessionTimeout = b.sessionTimeout;
        this.skew = b.skew;
        this.cache = new TokenCache(clock);
        if (b.http == null && b.httpClient == null) {
            throw new IllegalStateException("A token service needs http(...) or httpClient(...).");
        }
        SalesforceHttp http = b.http != null ? b.http : new SalesforceHttp(b.httpClient);
        this.salesforce = new SalesforceOrgValidator(http, b.hosts, clock);
        // The registry asks through this field, so that a validator built from this service can be set last.
        this.registry = new OrgRegistry(store, salesforce, this::validateSandbox);
        this.resolver = new OrgResolver(store);
        this.rotation = new AuthUrlRotation(store, salesforce);
        this.grants = new TokenGrants(store, registry, salesforce, rotation, sessionTimeout, skew);
        // Last, so that a factory handed this service sees it complete.
        this.jitSandboxesFrom = b.jitSandboxesFrom;
        this.sandboxValidatorFrom = b.sandboxValidatorFrom;
        this.jitSandboxes = b.jitSandboxesFrom != null ? b.jitSandboxesFrom.apply(this) : b.jitSandboxes;
        SandboxValidator sandboxes =
                b.sandboxValidatorFrom != null ? b.sandboxValidatorFrom.apply(this) : b.sandboxValidator;
        this.sandboxValidator = sandboxes != null ? sandboxes : TokenService::noSandboxValidator;
    }

    /** A sibling over another store: same transport, hosts, clock, timeouts, collaborators and token cache. */
    private TokenService(TokenService parent, OrgStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = parent.clock;
        this.sessionTimeout = parent.sessionTimeout;
        this.skew = parent.skew;
        this.salesforce = parent.salesforce;
        this.cache = parent.cache;
        this.registry = new OrgRegistry(store, salesforce, this::validateSandbox);
        this.resolver = new OrgResolver(store);
        this.rotation = new AuthUrlRotation(store, salesforce);
        this.grants = new TokenGrants(store, registry, salesforce, rotation, sessionTimeout, skew);
        // Collaborators built from a service get this sibling, so that the production org's token they ask for is
        // cached under this store's key, and a refresh token rotated meanwhile is stored in this store.
        this.jitSandboxesFrom = parent.jitSandboxesFrom;
        this.sandboxValidatorFrom = parent.sandboxValidatorFrom;
        this.jitSandboxes = jitSandboxesFrom != null ? jitSandboxesFrom.apply(this) : parent.jitSandboxes;
        this.sandboxValidator =
                sandboxValidatorFrom != null ? sandboxValidatorFrom.apply(this) : parent.sandboxValidator;
    }

    /**
     * A token service over another store that shares this one's token cache (and its transport, hosts, clock,
     * timeouts and collaborators; collaborators given as factories ({@link TokenServiceBuilder#jitSandboxesFrom},
     * {@link TokenServiceBuilder#sandboxValidatorFrom}) are built again with the sibling, so that they ask it, not
     * this service, for production tokens). In Jenkins the orgs a build sees depend on its folder, so the plugin
     * builds one service per Jenkins instance and asks it {@code forStore(viewOfThisFolder)} per call: every view
     * then shares one cache and one single flight per org. Cache entries are keyed by
     * {@link OrgStore#tokenCacheKey(String)}, so that two stores holding the same credentials id never share a token.
     * Cheap: it builds one {@link OrgRegistry} and one {@link OrgResolver}.
     */
    public TokenService forStore(OrgStore other) {
        return new TokenService(this, other);
    }

    /** The cache key of the org with this id in this service's store. */
    private String key(String id) {
        String key = store.tokenCacheKey(id);
        if (key == null) {
            throw new IllegalStateException(store.getClass().getName() + " gave no token cache key for " + id);
        }
        return key;
    }

    /**
     * A builder. Required: {@link TokenServiceBuilder#store} and one of {@link TokenServiceBuilder#http} /
     * {@link TokenServiceBuilder#httpClient}. Defaults: {@link SalesforceHosts#defaults()}, the system UTC clock, a
     * 2-hour session timeout, a 5-minute skew, no JIT sandbox support, no sandbox validator.
     *
     * <pre>{@code
     * TokenService tokens = TokenService.builder()
     *         .store(store)
     *         .httpClient(SalesforceHttp.configure(HttpClient.newBuilder()).build())
     *         .hosts(SalesforceHosts.defaults())
     *         .build();
     * TokenResult t = tokens.token("prod");
     * }</pre>
     */
    public static TokenServiceBuilder builder() {
        return new TokenServiceBuilder();
    }

    /**
     * The registry over the same store, whose {@code register} validates with Salesforce through this service. Prefer
     * {@link #register} for auth URLs: it also stores a refresh token rotated during validation at once (through the
     * registry, the first grant stores it).
     */
    public OrgRegistry registry() {
        return registry;
    }

    /** The reads over the same store: the org an {@code org:} reference names, the default Dev Hub, lists. */
    public OrgResolver resolver() {
        return resolver;
    }

    /**
     * A token for an org: from the cache while fresh, else from a new grant (one per org however many callers).
     *
     * @param ref a credentials id, a username or a JIT sandbox name ({@link OrgResolver#resolve})
     * @throws SalesforceAuthException NOT_FOUND / BAD_INPUT for the reference, or the grant's failure
     */
    public TokenResult token(String ref) {
        return cache.get(derive(resolver.resolveRegistered(ref)), grants::mint).result();
    }

    /**
     * {@link #token(String)} for an org the caller has already resolved in this service's store ({@link
     * OrgResolver#resolveRegistered}), so that it is not looked up again.
     *
     * @throws SalesforceAuthException the grant's failure
     */
    public TokenResult token(RegisteredOrg org) {
        return cache.get(derive(Objects.requireNonNull(org, "org")), grants::mint)
                .result();
    }

    /**
     * A token for the default Dev Hub ({@code devHub: true}).
     *
     * @throws SalesforceAuthException NOT_FOUND when no default Dev Hub is set, or the grant's failure
     */
    public TokenResult defaultDevHubToken() {
        return token(resolver.resolveDefaultDevHub().id());
    }

    /**
     * Runs {@code call} with a token for the org; when it fails with {@link Reason#SESSION_EXPIRED}, forgets that
     * token, gets a new one and runs {@code call} once more. A second SESSION_EXPIRED propagates (and the second
     * token is forgotten as well), so there is no loop.
     */
    public <T> T withToken(String ref, Function<TokenResult, T> call) {
        Objects.requireNonNull(call, "call");
        RegisteredOrg org = resolver.resolveRegistered(ref);
        TokenCache.Minted first = cache.get(derive(org), grants::mint);
        try {
            return call.apply(first.result());
        } catch (SalesforceAuthException e) {
            if (e.reason() != Reason.SESSION_EXPIRED) {
                throw e;
            }
            LOG.log(
                    Level.FINE,
                    "Session of org {0} ended early; getting a new token",
                    org.record().describe());
            cache.evict(first.key(), first);
        }
        TokenCache.Minted second = cache.get(derive(org), grants::mint);
        try {
            return call.apply(second.result());
        } catch (SalesforceAuthException e) {
            if (e.reason() == Reason.SESSION_EXPIRED) {
                cache.evict(second.key(), second);
            }
            throw e;
        }
    }

    @Override
    public AccessToken accessToken(RegisteredOrg org) {
        return cache.get(derive(Objects.requireNonNull(org, "org")), grants::mint)
                .token();
    }

    /** Forgets the org's token (a grant under way is not affected: its token is new). */
    @Override
    public void evict(RegisteredOrg org) {
        String key;
        try {
            key = derive(org).key();
        } catch (SalesforceAuthException e) {
            return; // a JIT sandbox whose production org is gone has no token to forget
        }
        cache.evict(key);
    }

    /** Forgets every cached token (of every store sharing the cache), for example after the allowed hosts changed. */
    public void evictAll() {
        cache.evictAll();
    }

    /**
     * The stored auth URL ({@code authType: 'sfdxAuthUrl'}), for an org whose record allows auth URL export and whose
     * app does not rotate refresh tokens, which a fresh grant tells ({@link AuthUrlRotation#export}).
     *
     * @throws SalesforceAuthException NOT_ALLOWED when export is not allowed, the org has no auth URL (JWT, JIT), or
     *     its app rotates refresh tokens; the grant's failure
     */
    public SecretText authUrl(String ref) {
        RegisteredOrg org = resolver.resolveRegistered(ref);
        return rotation.export(org, () -> {
            evict(org);
            token(org);
        });
    }

    /**
     * Registers an org through the {@link #registry()} (validated with Salesforce first; nothing is written when
     * validation fails), and stores the successor of the auth URL if Salesforce rotated its refresh token during
     * the validation. An auth URL may be given as the sf CLI prints it ({@code sf org auth show-sfdx-auth-url
     * --json}); it is stored as the bare URL.
     */
    public OrgRecord register(RegistrationRequest asHandedIn) {
        return rotation.register(registry, asHandedIn);
    }

    /**
     * Tests whether the org's stored credential still authenticates (the test connection): runs a fresh grant
     * (bypassing the cache; the new token then replaces the cached one) and reports the outcome. A refusal by
     * Salesforce, an outage or an unknown reference is reported, never thrown.
     */
    public ConnectionTest testConnection(String ref) {
        Instant now = clock.instant();
        try {
            RegisteredOrg org = resolver.resolveRegistered(ref);
            evict(org);
            return ConnectionTest.passed(ref, now, token(org));
        } catch (SalesforceAuthException e) {
            return ConnectionTest.failed(ref, now, e);
        }
    }

    /**
     * Where a token for an org comes from: its cache key and the secret it is minted with. For an org with a secret,
     * the org itself (key: the store's and the id). For a JIT sandbox, also the production org that mints its tokens,
     * looked up in the sandbox credential's own scope ({@link OrgStore#scopeOf}), never in a nearer store: the key
     * names the production credential used and the sandbox name, and the secret is the production org's. So a token
     * is only ever handed out for exactly the credentials it was minted from, and a JIT sandbox pointed at another
     * production org, or a production org whose secret changed, gets a new token.
     */
    record Derivation(String key, RegisteredOrg org, OrgSecret secret, TokenService scope, RegisteredOrg production)
            implements TokenCache.Lookup {
        /** A cached token is handed out only for the secret it was minted with. */
        @Override
        public boolean usable(TokenCache.Minted minted) {
            if (minted.isFrom(secret)) {
                return true;
            }
            // The caller's copy may predate a rotation this token came with: ask the store.
            return production == null
                    && minted.isFrom(
                            scope.store.findRegistered(org.id()).orElse(org).secret());
        }

        @Override
        public String what() {
            return org.record().describe();
        }
    }

    private Derivation derive(RegisteredOrg org) {
        OrgRecord record = org.record();
        if (!record.isJitSandbox()) {
            return new Derivation(key(org.id()), org, org.secret(), this, null);
        }
        if (jitSandboxes == null) {
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED,
                    "JIT sandbox " + record.describe() + " cannot get a token: JIT sandbox login is not configured"
                            + " in this token service.",
                    "Register the sandbox with its own auth URL, or install a plugin version with JIT sandbox"
                            + " support.");
        }
        OrgStore scoped = store.scopeOf(org.id());
        TokenService scope = scoped == store ? this : forStore(scoped);
        RegisteredOrg production = scope.resolver.productionOrgOf(record);
        String key = key(org.id()) + " <- " + scope.key(production.id()) + " #" + record.sandboxName();
        return new Derivation(key, org, production.secret(), scope, production);
    }

    /**
     * A JIT sandbox's token, through the production org of its {@link Derivation} and that org's token; called on the
     * derivation's {@linkplain Derivation#scope scope}.
     */
    TokenGrants.Granted jitLogin(Derivation from, OrgRecord sandbox) {
        TokenCache.Minted production = cache.get(derive(from.production()), grants::mint);
        AccessToken token;
        try {
            token = jitSandboxes.login(from.production(), production.token(), sandbox);
        } catch (SalesforceAuthException e) {
            if (e.reason() != Reason.SESSION_EXPIRED) {
                throw e;
            }
            cache.evict(production.key(), production);
            TokenCache.Minted again = cache.get(derive(from.production()), grants::mint);
            token = jitSandboxes.login(from.production(), again.token(), sandbox);
        }
        return new TokenGrants.Granted(token, production.source());
    }

    private SandboxValidator.Sandbox validateSandbox(RegisteredOrg production, String sandboxName) {
        return sandboxValidator.validateSandbox(production, sandboxName);
    }

    private static SandboxValidator.Sandbox noSandboxValidator(RegisteredOrg production, String sandboxName) {
        throw new IllegalStateException("JIT sandboxes need a token service built with sandboxValidator(...)");
    }

    @Override
    public String toString() {
        return "TokenService[cachedOrgs=" + cache.size() + ", sessionTimeout=" + sessionTimeout + ", skew=" + skew
                + ", jitSandboxes=" + (jitSandboxes != null) + "]";
    }
}
