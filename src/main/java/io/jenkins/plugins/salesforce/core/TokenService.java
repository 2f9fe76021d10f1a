package io.jenkins.plugins.salesforce.core;

import io.jenkins.plugins.salesforce.core.api.OrgInfo;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgKind;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgRegistry;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.core.orgs.SandboxValidator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one entry point the Jenkins layer calls for tokens: resolve an {@code org:} reference, answer from the cache
 * or run the grant, and hand back a {@link TokenResult}. Build one per Jenkins instance (per store) with
 * {@link #builder()} and share it: it is thread-safe, and its cache is what makes thousands of builds cost a handful
 * of grants.
 *
 * <h2>Expiry and skew</h2>
 * Salesforce does not say when an access token expires. The service takes {@code expiresAt = issued_at + session
 * timeout}, where the session timeout is the org's own when its record declares one (metadata key {@value
 * #SESSION_TIMEOUT_KEY}, in minutes, 15 to 1440 like Salesforce's setting) and the configured default otherwise (2
 * hours, Salesforce's default). A cached token is handed out until {@code expiresAt - skew} (default 5 minutes), so
 * that a build never starts with a token about to die and clocks a little apart do not matter. After that the next
 * caller runs a new grant.
 *
 * <h2>Single-flight</h2>
 * For each org at most one grant runs at a time: callers that find a grant under way wait for it and share its token
 * or its failure. Different orgs never wait for each other (there is no global lock). A failed grant is not cached:
 * every caller that waited for it sees the same exception, and the next call tries again.
 *
 * <h2>Expired sessions</h2>
 * A session can end before {@code expiresAt} (an admin logs the user out, a shorter policy). {@link #withToken} runs
 * a call with a token and, when it fails with {@link Reason#SESSION_EXPIRED}, forgets the token, gets a new one and
 * runs the call exactly once more.
 *
 * <h2>Refresh-token rotation</h2>
 * When the connected app rotates refresh tokens, the refresh grant returns a new one and the old one is dead. The
 * service stores the new auth URL through the {@link OrgStore} (atomically, keeping the record as it is then)
 * before it hands out the token. If storing fails, the grant fails with {@link Reason#INVALID_GRANT} saying so: the
 * stored auth URL no longer works and the org must be registered again.
 *
 * <h2>Discovery on first use</h2>
 * An org loaded from configuration without its org id, type or username (or a JIT sandbox without its username and
 * instance URL) is discovered once, after its first successful grant, and the result recorded in the store
 * ({@link OrgRegistry#recordDiscovery}); later grants find the record complete and do not discover again.
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
    private final SalesforceOrgValidator salesforce;
    private final Clock clock;
    private final Duration sessionTimeout;
    private final Duration skew;
    private final JitSandboxTokens jitSandboxes;
    private final SandboxValidator sandboxValidator;
    /** The factories the collaborators came from, applied again for each {@link #forStore sibling}; may be null. */
    private final Function<OrgTokens, JitSandboxTokens> jitSandboxesFrom;

    private final Function<OrgTokens, SandboxValidator> sandboxValidatorFrom;
    /**
     * Per org ({@link OrgStore#tokenCacheKey}): the token being minted (not done) or the last one minted (done
     * normally). Shared with the {@link #forStore siblings}.
     */
    private final ConcurrentMap<String, CompletableFuture<Cached>> cache;

    private TokenService(Builder b) {
        this.store = Objects.requireNonNull(b.store, "store");
        this.clock = b.clock;
        this.sessionTimeout = b.sessionTimeout;
        this.skew = b.skew;
        this.cache = new ConcurrentHashMap<>();
        SalesforceHttp http = b.http != null
                ? b.http
                : new SalesforceHttp(Objects.requireNonNull(b.httpClient, "http or httpClient"));
        this.salesforce = new SalesforceOrgValidator(http, b.hosts, clock);
        // The registry asks through this field, so that a validator built from this service can be set last.
        this.registry = new OrgRegistry(store, salesforce, this::validateSandbox);
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
     * timeouts and collaborators; collaborators given as factories ({@link Builder#jitSandboxesFrom},
     * {@link Builder#sandboxValidatorFrom}) are built again with the sibling, so that they ask it, not this service,
     * for production tokens). In Jenkins the orgs a build sees depend on its folder, so the plugin builds one
     * service per Jenkins instance and asks it {@code forStore(viewOfThisFolder)} per call: every view then shares
     * one cache and one single flight per org. Cache entries are keyed by {@link OrgStore#tokenCacheKey(String)},
     * so that two stores holding the same credentials id never share a token. Cheap: it builds one
     * {@link OrgRegistry}.
     */
    public TokenService forStore(OrgStore other) {
        return new TokenService(this, other);
    }

    /** The cache key of the org with this id in this service's store. */
    private String key(String id) {
        return Objects.requireNonNull(store.tokenCacheKey(id), "tokenCacheKey");
    }

    /**
     * A builder. Required: {@link Builder#store} and one of {@link Builder#http} / {@link Builder#httpClient}.
     * Defaults: {@link SalesforceHosts#defaults()}, the system UTC clock, a 2-hour session timeout, a 5-minute skew,
     * no JIT sandbox support, no sandbox validator.
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
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The registry over the same store, whose {@code register} validates with Salesforce through this service. Prefer
     * {@link #register} for auth URLs: it also stores a refresh token rotated during validation at once (through the
     * registry, the first grant stores it).
     */
    public OrgRegistry registry() {
        return registry;
    }

    // ------------------------------------------------------------------------------------------------- tokens

    /**
     * A token for an org: from the cache while fresh, else from a new grant (one per org however many callers).
     *
     * @param ref a credentials id, a username or a JIT sandbox name ({@link OrgRegistry#resolve})
     * @throws SalesforceAuthException NOT_FOUND / BAD_INPUT for the reference, or the grant's failure
     */
    public TokenResult token(String ref) {
        return cached(registry.resolveRegistered(ref)).result();
    }

    /**
     * {@link #token(String)} for an org the caller has already resolved in this service's store ({@link
     * OrgRegistry#resolveRegistered}), so that it is not looked up again.
     *
     * @throws SalesforceAuthException the grant's failure
     */
    public TokenResult token(RegisteredOrg org) {
        return cached(Objects.requireNonNull(org, "org")).result();
    }

    /**
     * A token for the default Dev Hub ({@code devHub: true}).
     *
     * @throws SalesforceAuthException NOT_FOUND when no default Dev Hub is set, or the grant's failure
     */
    public TokenResult defaultDevHubToken() {
        return token(registry.resolveDefaultDevHub().id());
    }

    /**
     * Runs {@code call} with a token for the org; when it fails with {@link Reason#SESSION_EXPIRED}, forgets that
     * token, gets a new one and runs {@code call} once more. A second SESSION_EXPIRED propagates (and the second
     * token is forgotten as well), so there is no loop.
     */
    public <T> T withToken(String ref, Function<TokenResult, T> call) {
        Objects.requireNonNull(call, "call");
        RegisteredOrg org = registry.resolveRegistered(ref);
        Cached first = cached(org);
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
            evict(first.key(), first);
        }
        Cached second = cached(org);
        try {
            return call.apply(second.result());
        } catch (SalesforceAuthException e) {
            if (e.reason() == Reason.SESSION_EXPIRED) {
                evict(second.key(), second);
            }
            throw e;
        }
    }

    @Override
    public AccessToken accessToken(RegisteredOrg org) {
        return cached(Objects.requireNonNull(org, "org")).token();
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
        cache.computeIfPresent(key, (id, f) -> f.isDone() ? null : f);
    }

    /** Forgets every cached token (of every store sharing the cache), for example after the allowed hosts changed. */
    public void evictAll() {
        cache.forEach((id, f) -> {
            if (f.isDone()) {
                cache.remove(id, f);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------- export

    /**
     * The stored auth URL ({@code authType: 'sfdxAuthUrl'}), for an org whose record allows auth URL export.
     *
     * @throws SalesforceAuthException NOT_ALLOWED when export is not allowed, or the org has no auth URL (JWT, JIT)
     */
    public SecretText authUrl(String ref) {
        RegisteredOrg org = registry.resolveRegistered(ref);
        OrgRecord record = org.record();
        if (record.kind() != OrgKind.AUTH_URL) {
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED,
                    "Org " + record.describe() + " is a " + record.kind().label() + " org, which has no auth URL to"
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
        return salesforce.successorOf((AuthUrlSecret) org.secret()).authUrl();
    }

    // -------------------------------------------------------------------------------------------- registration

    /**
     * Registers an org through the {@link #registry()} (validated with Salesforce first; nothing is written when
     * validation fails), and stores the successor of the auth URL if Salesforce rotated its refresh token during
     * the validation. An auth URL may be given as the sf CLI prints it ({@code sf org auth show-sfdx-auth-url
     * --json}); it is stored as the bare URL.
     */
    public OrgRecord register(RegistrationRequest asHandedIn) {
        RegistrationRequest request =
                asHandedIn.secret() instanceof AuthUrlSecret url
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

    // ------------------------------------------------------------------------------------------ test connection

    /**
     * Tests whether the org's stored credential still authenticates (the test connection): runs a fresh grant
     * (bypassing the cache; the new token then replaces the cached one) and reports the outcome. A refusal by
     * Salesforce, an outage or an unknown reference is reported, never thrown.
     */
    public ConnectionTest testConnection(String ref) {
        Instant now = clock.instant();
        try {
            RegisteredOrg org = registry.resolveRegistered(ref);
            evict(org);
            return ConnectionTest.passed(ref, now, cached(org).result());
        } catch (SalesforceAuthException e) {
            return ConnectionTest.failed(ref, now, e);
        }
    }

    // ---------------------------------------------------------------------------------------------- the cache

    /**
     * Where a token for an org comes from: its cache key and the secret it is minted with. For an org with a secret,
     * the org itself (key: the store's and the id). For a JIT sandbox, also the production org that mints its tokens,
     * looked up in the sandbox credential's own scope ({@link OrgStore#scopeOf}), never in a nearer store: the key
     * names the production credential used and the sandbox name, and the secret is the production org's. So a token
     * is only ever handed out for exactly the credentials it was minted from, and a JIT sandbox pointed at another
     * production org, or a production org whose secret changed, gets a new token.
     */
    private record Derivation(String key, OrgSecret secret, TokenService scope, RegisteredOrg production) {}

    private Derivation derive(RegisteredOrg org) {
        OrgRecord record = org.record();
        if (!record.isJitSandbox()) {
            return new Derivation(key(org.id()), org.secret(), this, null);
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
        RegisteredOrg production = scope.registry.productionOrgOf(record);
        String key = key(org.id()) + " <- " + scope.key(production.id()) + " #" + record.sandboxName();
        return new Derivation(key, production.secret(), scope, production);
    }

    private Cached cached(RegisteredOrg org) {
        Derivation from = derive(org);
        String key = from.key();
        while (true) {
            CompletableFuture<Cached> current = cache.get(key);
            if (current != null) {
                if (!current.isDone()) {
                    return await(current, org);
                }
                Cached c = current.getNow(null);
                if (c != null && c.isFreshAt(clock.instant())) {
                    if (c.isFrom(from.secret())) {
                        return c;
                    }
                    if (from.production() == null) {
                        // The caller's copy may predate a rotation this token came with: ask the store.
                        RegisteredOrg now = store.findRegistered(org.id()).orElse(org);
                        if (c.isFrom(now.secret())) {
                            return c;
                        }
                    }
                }
                cache.remove(key, current);
                continue;
            }
            CompletableFuture<Cached> mine = new CompletableFuture<>();
            if (cache.putIfAbsent(key, mine) != null) {
                continue;
            }
            try {
                Cached c = grant(org, from);
                mine.complete(c);
                return c;
            } catch (RuntimeException | Error e) {
                cache.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
        }
    }

    private Cached await(CompletableFuture<Cached> grant, RegisteredOrg org) {
        try {
            return grant.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SalesforceAuthException.of(
                    Reason.UNREACHABLE,
                    "Waiting for the token of org " + org.record().describe()
                            + " was interrupted (the build was probably aborted).",
                    "Run the build again.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Forgets the token only if it is still the one that failed, so a token someone else just got survives. */
    private void evict(String id, Cached failed) {
        cache.computeIfPresent(id, (k, f) -> f.isDone() && f.getNow(null) == failed ? null : f);
    }

    // ------------------------------------------------------------------------------------------------- grants

    private Cached grant(RegisteredOrg given, Derivation from) {
        // Read the org again inside the single flight: the caller's copy may hold a refresh token rotated away since.
        RegisteredOrg org = store.findRegistered(given.id()).orElse(given);
        OrgRecord record = org.record();
        AccessToken token;
        OrgSecret source = org.secret();
        switch (source) {
            case null -> {
                Cached production = from.scope().cached(from.production());
                token = jitLogin(record, from, production);
                source = production.source();
            }
            case AuthUrlSecret stored -> {
                AuthUrlSecret current = salesforce.successorOf(stored);
                SfdxAuthUrl url = salesforce.parse(current);
                token = salesforce.refresh(url);
                if (token.rotatedRefreshToken().isPresent()) {
                    source = storeRotated(org, url, token.rotatedRefreshToken().get());
                } else if (current != stored) {
                    source = storeSuccessor(org, current);
                }
                if (current != stored) {
                    salesforce.successorStored(stored);
                }
            }
            default -> token = salesforce.grant(source, record.username(), record.orgType());
        }
        record = discoverIfIncomplete(org.secret() == null ? org : new RegisteredOrg(record, source), token);
        Instant expiresAt = token.issuedAt().plus(sessionTimeoutOf(record));
        TokenResult result = new TokenResult(
                token.value(), token.instanceUrl(), record.username(), token.orgId(), record.orgType(), expiresAt);
        LOG.log(Level.FINE, "New token for org {0}, handed out until {1}", new Object[] {
            record.describe(), expiresAt.minus(skew)
        });
        return new Cached(from.key(), result, token, expiresAt.minus(skew), source);
    }

    /** A JIT sandbox's token, through the production org of its {@link Derivation} and that org's token. */
    private AccessToken jitLogin(OrgRecord sandbox, Derivation from, Cached production) {
        TokenService scope = from.scope();
        try {
            return scope.jitSandboxes.login(from.production(), production.token(), sandbox);
        } catch (SalesforceAuthException e) {
            if (e.reason() != Reason.SESSION_EXPIRED) {
                throw e;
            }
            scope.evict(production.key(), production);
            Cached again = scope.cached(from.production());
            return scope.jitSandboxes.login(from.production(), again.token(), sandbox);
        }
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
                return store.save(new RegisteredOrg(now.record(), successor));
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
        String minutes = record.metadata().get(SESSION_TIMEOUT_KEY);
        if (minutes == null) {
            return sessionTimeout;
        }
        try {
            Duration d = Duration.ofMinutes(Long.parseLong(minutes.strip()));
            if (d.compareTo(MIN_SESSION_TIMEOUT) >= 0 && d.compareTo(MAX_SESSION_TIMEOUT) <= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw SalesforceAuthException.of(
                Reason.BAD_INPUT,
                "The metadata '" + SESSION_TIMEOUT_KEY + "' of org " + record.describe() + " is '" + minutes
                        + "', not a session timeout in minutes from 15 to 1440.",
                "Set it to the org's session timeout in minutes (Setup > Session Settings, for example 120), or"
                        + " remove it to use the default of " + sessionTimeout.toMinutes() + " minutes.");
    }

    private String validateSandbox(RegisteredOrg production, String sandboxName) {
        return sandboxValidator.validateSandbox(production, sandboxName);
    }

    private static String noSandboxValidator(RegisteredOrg production, String sandboxName) {
        throw SalesforceAuthException.of(
                Reason.NOT_ALLOWED,
                "JIT sandbox " + sandboxName + " cannot be registered: sandbox checks are not configured in this"
                        + " token service.",
                "Register the sandbox with its own auth URL, or install a plugin version with JIT sandbox support.");
    }

    @Override
    public String toString() {
        return "TokenService[cachedOrgs=" + cache.size() + ", sessionTimeout=" + sessionTimeout + ", skew=" + skew
                + ", jitSandboxes=" + (jitSandboxes != null) + "]";
    }

    /**
     * A minted token under its cache key, the time from which it is no longer handed out, and the secret it came from
     * (a JIT sandbox's: its production org's).
     */
    private record Cached(String key, TokenResult result, AccessToken token, Instant staleAt, OrgSecret source) {
        boolean isFreshAt(Instant now) {
            return now.isBefore(staleAt);
        }

        /** Whether this token came from that secret (a changed credential invalidates it). */
        boolean isFrom(OrgSecret secret) {
            return Objects.equals(source, secret);
        }

        @Override
        public String toString() {
            return "Cached[" + result + ", staleAt=" + staleAt + "]";
        }
    }

    /** Builds a {@link TokenService}; see {@link TokenService#builder()}. */
    public static final class Builder {
        private OrgStore store;
        private SalesforceHttp http;
        private HttpClient httpClient;
        private SalesforceHosts hosts = SalesforceHosts.defaults();
        private Clock clock = Clock.systemUTC();
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private Duration skew = DEFAULT_SKEW;
        private JitSandboxTokens jitSandboxes;
        private Function<OrgTokens, JitSandboxTokens> jitSandboxesFrom;
        private SandboxValidator sandboxValidator;
        private Function<OrgTokens, SandboxValidator> sandboxValidatorFrom;

        private Builder() {}

        /** Where the orgs live (required). The service builds its {@link OrgRegistry} over it. */
        public Builder store(OrgStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The transport, with its timeouts and retry policy; takes precedence over {@link #httpClient}. */
        public Builder http(SalesforceHttp http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /**
         * An HTTP client (in Jenkins, from {@code ProxyConfiguration.newHttpClientBuilder()}, so the proxy settings
         * apply), wrapped in a {@link SalesforceHttp} with its default timeouts and retries.
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The allowed Salesforce hosts; default {@link SalesforceHosts#defaults()}. */
        public Builder hosts(SalesforceHosts hosts) {
            this.hosts = Objects.requireNonNull(hosts, "hosts");
            return this;
        }

        /** The clock expiry is measured with; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The session timeout of orgs whose record does not declare one (metadata key
         * {@value TokenService#SESSION_TIMEOUT_KEY}); default 2 hours. Salesforce allows 15 minutes to 24 hours.
         */
        public Builder sessionTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.compareTo(MIN_SESSION_TIMEOUT) < 0 || timeout.compareTo(MAX_SESSION_TIMEOUT) > 0) {
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
        public Builder skew(Duration skew) {
            Objects.requireNonNull(skew, "skew");
            if (skew.isNegative() || skew.compareTo(MIN_SESSION_TIMEOUT) >= 0) {
                throw SalesforceAuthException.of(
                        Reason.BAD_INPUT,
                        "The skew " + skew + " is not between 0 and 15 minutes.",
                        "Use a few minutes (5 by default).");
            }
            this.skew = skew;
            return this;
        }

        /** Mints JIT sandbox tokens through the production org; without it JIT sandboxes are refused (NOT_ALLOWED). */
        public Builder jitSandboxes(JitSandboxTokens jitSandboxes) {
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
         *     SandboxAuthenticator auth = new SandboxAuthenticator(FlowContext.of(http, hosts, clock, tokens));
         *     return (production, productionToken, sandbox) ->
         *             auth.login(production, sandbox.sandboxName()).accessToken();
         * })
         * }</pre>
         */
        public Builder jitSandboxesFrom(Function<OrgTokens, JitSandboxTokens> factory) {
            this.jitSandboxesFrom = factory;
            return this;
        }

        /** Checks a sandbox before it is registered as a JIT sandbox; without it, registering one is refused. */
        public Builder sandboxValidator(SandboxValidator sandboxValidator) {
            this.sandboxValidator = sandboxValidator;
            return this;
        }

        /**
         * Like {@link #sandboxValidator}, for a validator that needs this service's tokens (the flows'
         * {@code SandboxDiscovery} over a {@code FlowContext}); see {@link #jitSandboxesFrom} for the contract.
         */
        public Builder sandboxValidatorFrom(Function<OrgTokens, SandboxValidator> factory) {
            this.sandboxValidatorFrom = factory;
            return this;
        }

        public TokenService build() {
            return new TokenService(this);
        }
    }
}
