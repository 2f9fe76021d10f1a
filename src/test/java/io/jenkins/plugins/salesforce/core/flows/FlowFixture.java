package io.jenkins.plugins.salesforce.core.flows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SalesforceHosts;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.http.RecordingSleeper;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.http.Sleeper;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.oauth.Audience;
import io.jenkins.plugins.salesforce.core.oauth.JwtBearerGrant;
import io.jenkins.plugins.salesforce.core.oauth.PemKeys;
import io.jenkins.plugins.salesforce.core.oauth.RefreshTokenGrant;
import io.jenkins.plugins.salesforce.core.oauth.TestKeys;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.JwtSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgRegistry;
import io.jenkins.plugins.salesforce.core.orgs.OrgResolver;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.OrgTokens;
import io.jenkins.plugins.salesforce.emulator.ConnectedApp;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.SalesforceEmulator;
import io.jenkins.plugins.salesforce.emulator.Sandbox;
import io.jenkins.plugins.salesforce.emulator.User;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The flows wired to a fresh emulator the way the Jenkins layer will wire them, with a plain {@link OrgTokens} made of
 * the grants (a cache per org id and a count of evictions), an in-memory store and a registry.
 *
 * <p>Seeds: production Dev Hub {@code acme} with {@code admin@acme.com} (pre-authorised for the app), its sandbox
 * {@code uat} (created by admin, copied 1 h ago), and one connected app with a secret, the CLI callback URL and the
 * test key's certificate. Nothing is registered until a test says so.
 */
final class FlowFixture implements AutoCloseable {
    static final String CONSUMER_KEY = "3MVG9FAKEconsumerKey.x1";
    static final String CALLBACK = "http://localhost:1717/OauthRedirect";
    static final KeyPair KEY = TestKeys.rsa();

    final SalesforceEmulator emulator = SalesforceEmulator.start();
    final SalesforceHosts hosts = SalesforceHosts.defaults().withAdditional(List.of("http://127.0.0.1"));
    final RecordingSleeper retrySleeper = new RecordingSleeper();
    final List<Duration> waits = new ArrayList<>();
    final HttpClient client = SalesforceHttp.configure(HttpClient.newBuilder())
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    final SalesforceHttp http = new SalesforceHttp(client, Duration.ofSeconds(5), retrySleeper.policy());
    final InMemoryOrgStore store = new InMemoryOrgStore();
    final GrantTokens tokens = new GrantTokens();
    /** Advances the emulator's clock instead of sleeping, and records each wait. */
    final Sleeper sleeper = d -> {
        waits.add(d);
        emulator.clock().advance(d);
    };

    final FlowContext context;
    final OrgRegistry registry;
    final OrgResolver resolver;
    final Org prod;
    final User admin;
    final ConnectedApp app;
    Sandbox uat;

    FlowFixture() {
        context = FlowContext.of(http, hosts, emulator.clock(), tokens)
                .withSleeper(sleeper)
                .withTestLoginUrl(URI.create(emulator.testUrl()));
        registry = new OrgRegistry(
                store,
                (secret, username) -> {
                    throw new UnsupportedOperationException("tests register orgs straight into the store");
                },
                new JitLogin(context));
        resolver = new OrgResolver(store);
        prod = emulator.productionOrg("acme").devHub(true);
        app = emulator.connectedApp(CONSUMER_KEY)
                .secret("FAKESECRET123")
                .callbackUrls(CALLBACK)
                .certificate(KEY.getPublic());
        admin = prod.user("admin@acme.com").preAuthorize(app);
        uat = prod.sandbox("uat");
        emulator.clock().advance(Duration.ofHours(1));
    }

    // ------------------------------------------------------------------------------------------------ registering

    /** Registers an org with an auth URL of the app, as the registry would after validation. */
    RegisteredOrg registerAuthUrl(String id, User user, OrgType type) {
        return registerAuthUrl(id, user, type, emulator.authUrlFor(user, app));
    }

    RegisteredOrg registerAuthUrl(String id, User user, OrgType type, String authUrl) {
        OrgRecord record = OrgRecord.builder(id, CredentialType.AUTH_URL)
                .username(user.username())
                .instanceUrl(user.org().instanceUrl())
                .orgId(user.org().id())
                .orgType(type)
                .devHub(user.org().isDevHub() && type != OrgType.SANDBOX && type != OrgType.SCRATCH)
                .build();
        store.save(new RegisteredOrg(record, new AuthUrlSecret(SecretText.of(authUrl))));
        return store.findRegistered(id).orElseThrow();
    }

    /** Registers an org with the app's JWT key, logging in at the org's instance URL. */
    RegisteredOrg registerJwt(String id, User user, OrgType type) {
        OrgRecord record = OrgRecord.builder(id, CredentialType.JWT)
                .username(user.username())
                .instanceUrl(user.org().instanceUrl())
                .orgId(user.org().id())
                .orgType(type)
                .devHub(user.org().isDevHub() && type != OrgType.SANDBOX && type != OrgType.SCRATCH)
                .build();
        store.save(new RegisteredOrg(
                record,
                new JwtSecret(
                        CONSUMER_KEY, user.org().loginUrl(), SecretText.of(TestKeys.pkcs8(KEY.getPrivate())), null)));
        return store.findRegistered(id).orElseThrow();
    }

    RegisteredOrg registerJit(String id, String sandboxName, String productionId) {
        OrgRecord record = OrgRecord.builder(id, CredentialType.JIT_SANDBOX)
                .sandboxName(sandboxName)
                .productionOrgId(productionId)
                .orgType(OrgType.SANDBOX)
                .build();
        store.save(RegisteredOrg.jitSandbox(record));
        return store.findRegistered(id).orElseThrow();
    }

    /** Every secret value the store holds, for the "JIT stores nothing" checks. */
    List<String> storedSecrets() {
        List<String> out = new ArrayList<>();
        for (OrgRecord r : store.list()) {
            RegisteredOrg o = store.findRegistered(r.id()).orElseThrow();
            if (o.secret() instanceof AuthUrlSecret a) {
                out.add(a.authUrl().reveal());
            } else if (o.secret() instanceof JwtSecret j) {
                out.add(j.privateKey().reveal());
            }
        }
        return out;
    }

    JitLogin authenticator() {
        return new JitLogin(context);
    }

    @Override
    public void close() {
        emulator.close();
    }

    /**
     * {@link OrgTokens} made of the grants: what the token service does, without its single-flight. A JIT sandbox
     * gets its token through {@link JitLogin}.
     */
    final class GrantTokens implements OrgTokens {
        final Map<String, AccessToken> cache = new ConcurrentHashMap<>();
        final List<String> evicted = new ArrayList<>();
        int grants;

        @Override
        public AccessToken accessToken(RegisteredOrg org) {
            AccessToken cached = cache.get(org.id());
            if (cached != null) {
                return cached;
            }
            AccessToken fresh = grant(org);
            cache.put(org.id(), fresh);
            return fresh;
        }

        @Override
        public synchronized void evict(RegisteredOrg org) {
            evicted.add(org.id());
            cache.remove(org.id());
        }

        private AccessToken grant(RegisteredOrg org) {
            grants++;
            Clock clock = emulator.clock();
            if (org.secret() instanceof AuthUrlSecret a) {
                SfdxAuthUrl url = SfdxAuthUrl.parse(a.authUrl().reveal(), hosts);
                return new RefreshTokenGrant(http, hosts::isAllowed, clock)
                        .refresh(url.loginUrl(), url.clientId(), url.clientSecret(), url.refreshToken());
            }
            if (org.secret() instanceof JwtSecret j) {
                return new JwtBearerGrant(http, hosts::isAllowed, clock)
                        .exchange(
                                URI.create(j.loginUrl()),
                                j.clientId(),
                                org.record().username(),
                                PemKeys.readRsaPrivateKey(j.privateKey(), j.passphrase()),
                                Audience.forOrgType(org.record().orgType()));
            }
            RegisteredOrg production = resolver.productionOrgOf(org.record());
            return authenticator().login(production, org.record().sandboxName()).accessToken();
        }
    }
}
