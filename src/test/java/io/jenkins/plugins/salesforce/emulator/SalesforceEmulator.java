package io.jenkins.plugins.salesforce.emulator;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * A Salesforce emulator on loopback HTTP (or HTTPS, see {@link Builder#https}): a login host, a test host and one
 * instance host per org, each its own {@link HttpServer} on its own port of 127.0.0.1, all sharing this state. See the
 * package documentation for the seeding API, faults and counters. Close it when done (try-with-resources or {@code
 * @AfterEach}).
 */
public final class SalesforceEmulator implements AutoCloseable {
    static final String LOOPBACK = "127.0.0.1";
    private static final Pattern SANDBOX_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,9}");
    private static final String[] ADJECTIVES = {"fun", "bold", "calm", "dark", "fast", "kind", "wise", "zany"};
    private static final String[] NOUNS = {"cat", "fox", "owl", "elk", "yak", "ant", "bee", "cod"};

    /** How long an authorization code lives: the emulator's default (docs/emulator.md lists such choices). */
    public static final Duration AUTH_CODE_LIFETIME = Duration.ofMinutes(15);
    /** How long a singleaccess OTP lives. */
    public static final Duration OTP_LIFETIME = Duration.ofMinutes(5);

    /** A simulated host: the login host, the test host, or an org's instance host. */
    record Host(String role, Org org) {
        static final String LOGIN = "login";
        static final String TEST = "test";
        static final String INSTANCE = "instance";

        boolean isInstance() {
            return org != null;
        }

        String label() {
            return org == null ? role : INSTANCE + ":" + org.name();
        }
    }

    private final MutableClock clock;
    private final Ids ids = new Ids();
    private final ReentrantLock lock = new ReentrantLock();
    private final Faults faults = new Faults();
    private final RequestLog requests = new RequestLog();
    private final ExecutorService executor;
    private final EmulatorHandler handler;
    private final Map<Integer, HttpServer> servers = new ConcurrentHashMap<>();
    private final Map<Integer, Host> hosts = new ConcurrentHashMap<>();
    private final int basePort;
    private final AtomicInteger nextInstancePortOffset = new AtomicInteger(2);
    private final int loginPort;
    private final int testPort;
    private final EmulatorTls tls;
    private volatile boolean strictJwtExpiry;
    private volatile boolean closed;

    private final List<Org> orgs = new CopyOnWriteArrayList<>();
    private final Map<String, ConnectedApp> apps = new ConcurrentHashMap<>();
    // Issued tokens in issue order. Queues, not copy-on-write lists: a long benchmark issues tens of thousands of
    // tokens, and copying the whole list on every issue made each token request cost more than the one before.
    private final Queue<RefreshToken> refreshTokens = new ConcurrentLinkedQueue<>();
    private final Map<String, RefreshToken> refreshTokensByValue = new ConcurrentHashMap<>();
    private final Queue<AccessToken> accessTokens = new ConcurrentLinkedQueue<>();
    private final Map<String, AccessToken> accessTokensByValue = new ConcurrentHashMap<>();
    private final Map<String, AuthCode> authCodes = new ConcurrentHashMap<>();
    private final Map<String, SingleAccessOtp> otps = new ConcurrentHashMap<>();
    private final AtomicLong serials = new AtomicLong();
    private final AtomicInteger scratchCounter = new AtomicInteger();

    private SalesforceEmulator(Builder b) {
        this.clock = b.clock == null ? MutableClock.fixed() : b.clock;
        this.strictJwtExpiry = b.strictJwtExpiry;
        this.basePort = b.basePort;
        this.tls = b.tls;
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("sf-emulator-", 0).factory());
        this.handler = new EmulatorHandler(this);
        ConnectedApp cli = new ConnectedApp(ConnectedApp.PLATFORM_CLI).callbackUrls(ConnectedApp.PLATFORM_CLI_CALLBACK);
        apps.put(cli.consumerKey(), cli);
        try {
            int wantedLogin = b.loginPort != 0 ? b.loginPort : basePort;
            this.loginPort = bind(wantedLogin, new Host(Host.LOGIN, null));
            this.testPort = bind(basePort != 0 ? basePort + 1 : 0, new Host(Host.TEST, null));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** An emulator on ephemeral ports with a {@link MutableClock#fixed()} clock. */
    public static SalesforceEmulator start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for {@link #start()}. */
    public static final class Builder {
        private MutableClock clock;
        private int loginPort;
        private int basePort;
        private boolean strictJwtExpiry;
        private EmulatorTls tls;

        private Builder() {}

        /**
         * Serves every host over HTTPS with a new {@link EmulatorTls#generate() generated} certificate, as the real
         * {@code sf} CLI needs (it always turns an auth URL's host into {@code https://}). Default: plain HTTP.
         */
        public Builder https() {
            return https(EmulatorTls.generate());
        }

        /** Serves every host over HTTPS with this identity; clients trust {@link EmulatorTls#caCertificate()}. */
        public Builder https(EmulatorTls tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** The clock for issue times and expiry; default {@link MutableClock#fixed()}. */
        public Builder clock(MutableClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Pins the login host's port (the test and instance hosts stay ephemeral unless {@link #basePort} is set). */
        public Builder loginPort(int port) {
            this.loginPort = port;
            return this;
        }

        /** Pins every port: login = {@code port}, test = {@code port + 1}, instance hosts {@code port + 2} onwards. */
        public Builder basePort(int port) {
            this.basePort = port;
            return this;
        }

        /** Also reject JWT assertions whose {@code exp} is more than 300 s ahead (off by default, as in Salesforce). */
        public Builder strictJwtExpiry(boolean strict) {
            this.strictJwtExpiry = strict;
            return this;
        }

        public SalesforceEmulator start() {
            return new SalesforceEmulator(this);
        }
    }

    // ---------------------------------------------------------------- hosts

    /** The login host, playing {@code https://login.salesforce.com}: {@code http(s)://127.0.0.1:<port>}. */
    public String loginUrl() {
        return origin(loginPort);
    }

    /** The test host, playing {@code https://test.salesforce.com}. */
    public String testUrl() {
        return origin(testPort);
    }

    public int loginPort() {
        return loginPort;
    }

    public int testPort() {
        return testPort;
    }

    /** {@code https} when the emulator serves TLS, else {@code http}: every host and every URL it hands out use it. */
    public String scheme() {
        return tls == null ? "http" : "https";
    }

    /** The TLS identity when the emulator serves HTTPS, else null. */
    public EmulatorTls tls() {
        return tls;
    }

    /** The origin of one of the emulator's hosts, in the scheme requests come in on. */
    String origin(int port) {
        return scheme() + "://" + LOOPBACK + ":" + port;
    }

    static int portOf(String origin) {
        URI u = URI.create(origin);
        if (u.getPort() < 0) {
            throw new IllegalArgumentException("Not an emulator origin (no port): " + origin);
        }
        return u.getPort();
    }

    // ---------------------------------------------------------------- accessors

    public MutableClock clock() {
        return clock;
    }

    public Faults faults() {
        return faults;
    }

    public RequestLog requests() {
        return requests;
    }

    /** Forgets the request log and removes every fault rule. State (orgs, tokens) is kept. */
    public void resetRequestsAndFaults() {
        requests.reset();
        faults.clear();
    }

    /** Turns the strict JWT {@code exp} check (at most 300 s ahead) on or off. */
    public SalesforceEmulator strictJwtExpiry(boolean strict) {
        this.strictJwtExpiry = strict;
        return this;
    }

    boolean strictJwtExpiry() {
        return strictJwtExpiry;
    }

    // ---------------------------------------------------------------- seeding

    /**
     * The production org with this My Domain prefix (e.g. {@code acme}, playing {@code acme.my.salesforce.com}),
     * created on first call: Enterprise Edition, not a sandbox, no trial, named after the prefix ({@code Acme}).
     */
    public Org productionOrg(String myDomainPrefix) {
        return topLevelOrg(myDomainPrefix, "Enterprise Edition", ".my.salesforce.com");
    }

    /** A Developer Edition org (playing {@code <prefix>.develop.my.salesforce.com}), created on first call. */
    public Org developerEdition(String myDomainPrefix) {
        return topLevelOrg(myDomainPrefix, "Developer Edition", ".develop.my.salesforce.com");
    }

    private Org topLevelOrg(String prefix, String organizationType, String domainSuffix) {
        Objects.requireNonNull(prefix, "myDomainPrefix");
        String domain = prefix.toLowerCase(Locale.ROOT) + domainSuffix;
        lock.lock();
        try {
            for (Org o : orgs) {
                if (o.myDomain().equals(domain)) {
                    return o;
                }
            }
            Org org = new Org(
                    this, ids.next("00D"), Org.Kind.PRODUCTION, null, domain, capitalise(prefix), clock.instant());
            org.organizationType(organizationType);
            addOrg(org);
            return org;
        } finally {
            lock.unlock();
        }
    }

    /** The connected app with this consumer key, created (no secret, no callback, installed everywhere) on first call. */
    public ConnectedApp connectedApp(String consumerKey) {
        return apps.computeIfAbsent(consumerKey, ConnectedApp::new);
    }

    /** The Salesforce CLI's app: key {@code PlatformCLI}, empty secret, callback {@code http://localhost:1717/OauthRedirect}. */
    public ConnectedApp platformCli() {
        return apps.get(ConnectedApp.PLATFORM_CLI);
    }

    /**
     * Issues a refresh token for the user and app (one approval, subject to the 5-approval cap) and returns the SFDX
     * auth URL {@code force://<key>:<secret>:<token>@127.0.0.1:<port>} of the user's org instance host.
     */
    public String authUrlFor(User user, ConnectedApp app) {
        return authUrl(issueRefreshToken(user, app));
    }

    /** {@link #authUrlFor(User, ConnectedApp)} with the {@code PlatformCLI} app. */
    public String authUrlFor(User user) {
        return authUrlFor(user, platformCli());
    }

    /** The auth URL for an existing refresh token (pointing at the org's current instance host). */
    public String authUrl(RefreshToken token) {
        return "force://" + token.app().consumerKey() + ":" + token.app().secret() + ":" + token.value() + "@"
                + LOOPBACK + ":" + token.org().instancePort();
    }

    /** Issues a refresh token (an approval: the oldest beyond the app's cap is revoked). */
    public RefreshToken issueRefreshToken(User user, ConnectedApp app) {
        return issueRefreshToken(user, app, null);
    }

    /**
     * Issues a refresh token with a chosen value (for a stable auth URL across restarts of the hand-run emulator);
     * null picks a random one. The value must be in {@code [A-Za-z0-9._-]}.
     */
    public RefreshToken issueRefreshToken(User user, ConnectedApp app, String value) {
        if (value != null && !value.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("A refresh token must match [A-Za-z0-9._-]+");
        }
        lock.lock();
        try {
            return newRefreshToken(user, app, value, true);
        } finally {
            lock.unlock();
        }
    }

    /** Issues an access token (a session) directly, as if some grant had run. */
    public AccessToken issueAccessToken(User user, ConnectedApp app) {
        lock.lock();
        try {
            return newAccessToken(user, app, null, "seeded");
        } finally {
            lock.unlock();
        }
    }

    /** Issues a one-time authorization code for {@code redirectUri}, valid for {@link #AUTH_CODE_LIFETIME}. */
    public AuthCode issueAuthCode(User user, ConnectedApp app, String redirectUri) {
        lock.lock();
        try {
            return newAuthCode(user, app, redirectUri);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- inspection

    public List<Org> orgs() {
        return List.copyOf(orgs);
    }

    /** The org with this 15- or 18-character id, or null. */
    public Org org(String id) {
        if (id == null || id.length() < 15) {
            return null;
        }
        String id15 = id.substring(0, 15);
        for (Org o : orgs) {
            if (o.id15().equals(id15)) {
                return o;
            }
        }
        return null;
    }

    /** The user with this username (case-insensitive) in any org, or null. */
    public User findUser(String username) {
        if (username == null) {
            return null;
        }
        for (Org o : orgs) {
            User u = o.findUserHere(username);
            if (u != null) {
                return u;
            }
        }
        return null;
    }

    /** The connected app with this consumer key, or null. */
    public ConnectedApp findApp(String consumerKey) {
        return consumerKey == null ? null : apps.get(consumerKey);
    }

    public List<RefreshToken> refreshTokens() {
        return List.copyOf(refreshTokens);
    }

    public List<AccessToken> accessTokens() {
        return List.copyOf(accessTokens);
    }

    /** The refresh token with this value, or null. */
    public RefreshToken refreshToken(String value) {
        return value == null ? null : refreshTokensByValue.get(value);
    }

    /** The access token with this value, or null. */
    public AccessToken accessToken(String value) {
        return value == null ? null : accessTokensByValue.get(value);
    }

    public AuthCode authCode(String value) {
        return value == null ? null : authCodes.get(value);
    }

    public List<AuthCode> authCodes() {
        return List.copyOf(authCodes.values());
    }

    public SingleAccessOtp otp(String value) {
        return value == null ? null : otps.get(value);
    }

    public List<SingleAccessOtp> otps() {
        return List.copyOf(otps.values());
    }

    // ---------------------------------------------------------------- lifecycle

    /** Stops every host. */
    @Override
    public void close() {
        closed = true;
        for (HttpServer s : servers.values()) {
            s.stop(0);
        }
        servers.clear();
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "SalesforceEmulator[login=" + loginUrl() + ", test=" + testUrl() + ", orgs=" + orgs.size() + "]";
    }

    // ---------------------------------------------------------------- internal: state changes (lock held or taken)

    Ids ids() {
        return ids;
    }

    ReentrantLock lock() {
        return lock;
    }

    Host host(int port) {
        return hosts.get(port);
    }

    RefreshToken newRefreshToken(User user, ConnectedApp app, String value, boolean approval) {
        Instant now = clock.instant();
        RefreshToken t =
                new RefreshToken(serials.incrementAndGet(), value == null ? ids.refreshToken() : value, user, app, now);
        if (refreshTokensByValue.putIfAbsent(t.value(), t) != null) {
            throw new IllegalArgumentException("Refresh token value already issued");
        }
        refreshTokens.add(t);
        if (approval) {
            user.approve(app);
            enforceApprovalCap(user, app);
        }
        return t;
    }

    private void enforceApprovalCap(User user, ConnectedApp app) {
        List<RefreshToken> live = new ArrayList<>();
        for (RefreshToken t : refreshTokens) {
            if (t.user() == user && t.app() == app && !t.isRevoked()) {
                live.add(t);
            }
        }
        live.sort(Comparator.comparing(RefreshToken::issuedAt).thenComparingLong(RefreshToken::serial));
        for (int i = 0; i < live.size() - app.maxApprovalsPerUser(); i++) {
            revoke(live.get(i), "approval cap");
        }
    }

    /** Revokes every token of a rotation family (reuse of a rotated-out token), and their access tokens. */
    void revokeFamily(RefreshToken first) {
        for (RefreshToken t : refreshTokens) {
            if (t.family() == first) {
                revoke(t, "family revoked on reuse");
            }
        }
    }

    void revoke(RefreshToken token, String because) {
        token.revoke(because);
        for (AccessToken a : accessTokens) {
            if (a.refreshToken() == token) {
                a.revoke();
            }
        }
    }

    AccessToken newAccessToken(User user, ConnectedApp app, RefreshToken source, String grant) {
        Instant now = clock.instant();
        AccessToken t = new AccessToken(
                serials.incrementAndGet(),
                app.issuesJwtAccessTokens()
                        ? ids.jwtAccessToken()
                        : ids.accessToken(user.org().id15()),
                user,
                app,
                source,
                grant,
                now,
                now.plus(user.org().sessionTimeout()));
        accessTokens.add(t);
        accessTokensByValue.put(t.value(), t);
        return t;
    }

    AuthCode newAuthCode(User user, ConnectedApp app, String redirectUri) {
        Instant now = clock.instant();
        AuthCode c = new AuthCode(ids.authCode(), user, app, redirectUri, now, now.plus(AUTH_CODE_LIFETIME));
        authCodes.put(c.value(), c);
        return c;
    }

    SingleAccessOtp newOtp(AccessToken session, String startUrl) {
        SingleAccessOtp o = new SingleAccessOtp(
                ids.otp(), session, startUrl, clock.instant().plus(OTP_LIFETIME));
        otps.put(o.value(), o);
        return o;
    }

    Sandbox createSandbox(Org production, String name) {
        if (name == null || !SANDBOX_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "A sandbox name is 1 to 10 letters and digits, starting with a letter: " + name);
        }
        lock.lock();
        try {
            List<User> prodUsers = production.users();
            Instant now = clock.instant();
            Sandbox s = new Sandbox(
                    this,
                    production,
                    name,
                    ids.next("0GQ"),
                    now.minus(Sandbox.copyTime()),
                    prodUsers.isEmpty() ? null : prodUsers.get(0));
            populateSandbox(s);
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** Creates the sandbox org, copies the production users into it and adds a Completed process row. */
    void populateSandbox(Sandbox s) {
        lock.lock();
        try {
            Org production = s.production();
            String lower = s.name().toLowerCase(Locale.ROOT);
            String prefix =
                    production.myDomain().substring(0, production.myDomain().indexOf('.'));
            Org org = new Org(
                    this,
                    ids.next("00D"),
                    Org.Kind.SANDBOX,
                    production,
                    prefix + "--" + lower + ".sandbox.my.salesforce.com",
                    production.name(),
                    clock.instant());
            org.organizationType(production.organizationType()).namespacePrefix(production.namespacePrefix());
            for (User pu : production.users()) {
                User copy = new User(this, ids.next("005"), s.sandboxUsername(pu), org);
                copy.name(pu.firstName(), pu.lastName()).email(pu.email());
                copy.preAuthorize(pu.preAuthorizedApps().toArray(ConnectedApp[]::new));
                for (ConnectedApp a : pu.approvedApps()) {
                    copy.approve(a);
                }
                if (!pu.isActive()) {
                    copy.deactivate();
                }
                org.addUserCopy(copy);
            }
            addOrg(org);
            s.org(org);
            Instant now = clock.instant();
            s.addProcess(new SandboxProcess(
                    ids.next("0GR"),
                    s,
                    now.minus(Sandbox.copyTime()),
                    "Completed",
                    now,
                    100,
                    org.id15(),
                    s.createdBy()));
        } finally {
            lock.unlock();
        }
    }

    ScratchOrgInfo createScratchOrg(Org hub, String signupUsername) {
        lock.lock();
        try {
            if (findUser(signupUsername) != null) {
                throw new IllegalArgumentException("Username already taken: " + signupUsername);
            }
            int n = scratchCounter.incrementAndGet();
            String domain =
                    ADJECTIVES[(n - 1) % ADJECTIVES.length] + "-" + NOUNS[(n - 1) / ADJECTIVES.length % NOUNS.length]
                            + "-" + (1233 + n) + ".scratch.my.salesforce.com";
            Instant now = clock.instant();
            LocalDate expires = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(7);
            Org org = new Org(this, ids.next("00D"), Org.Kind.SCRATCH, hub, domain, hub.name() + " scratch " + n, now);
            org.trialExpirationDate(expires);
            addOrg(org);
            User user = org.user(signupUsername);
            for (User hu : hub.users()) {
                user.preAuthorize(hu.preAuthorizedApps().toArray(ConnectedApp[]::new));
            }
            user.approve(platformCli());
            List<User> hubUsers = hub.users();
            return new ScratchOrgInfo(
                    this, ids.next("2SR"), hub, org, user, hubUsers.isEmpty() ? null : hubUsers.get(0), now, expires);
        } finally {
            lock.unlock();
        }
    }

    private void addOrg(Org org) {
        orgs.add(org);
        org.port(bind(nextInstancePort(), new Host(Host.INSTANCE, org)));
    }

    void moveOrg(Org org) {
        lock.lock();
        try {
            org.port(bind(nextInstancePort(), new Host(Host.INSTANCE, org)));
        } finally {
            lock.unlock();
        }
    }

    void retirePorts(Org org) {
        for (int port : org.formerPorts()) {
            HttpServer s = servers.remove(port);
            if (s != null) {
                s.stop(0);
            }
            hosts.remove(port);
        }
    }

    private int nextInstancePort() {
        return basePort == 0 ? 0 : basePort + nextInstancePortOffset.getAndIncrement();
    }

    private int bind(int port, Host host) {
        if (closed) {
            throw new IllegalStateException("The emulator is closed");
        }
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(LOOPBACK), port);
            HttpServer server;
            if (tls == null) {
                server = HttpServer.create(address, 64);
            } else {
                HttpsServer https = HttpsServer.create(address, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
                server = https;
            }
            server.createContext("/", handler);
            server.setExecutor(executor);
            int actual = server.getAddress().getPort();
            hosts.put(actual, host);
            servers.put(actual, server);
            server.start();
            return actual;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot bind the emulator's " + host.label() + " host to " + LOOPBACK + ":" + port, e);
        }
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
