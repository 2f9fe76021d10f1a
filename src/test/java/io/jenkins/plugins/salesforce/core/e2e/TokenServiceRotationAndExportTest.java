package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Refresh-token rotation (the new token is stored before the access token is handed out) and auth URL export. */
class TokenServiceRotationAndExportTest {
    private final EmulatedOrgs sf = new EmulatedOrgs();
    private final FlakyStore store = new FlakyStore();
    private final TokenRig rig = new TokenRig(sf, store, UnaryOperator.identity());

    @AfterEach
    void stop() {
        rig.close();
    }

    private String refreshTokenIn(String authUrl) {
        return SfdxAuthUrl.parse(authUrl, sf.hosts).refreshToken().reveal();
    }

    /** Whether the emulator would still accept the auth URL's refresh token. */
    private boolean usable(String authUrl) {
        return sf.emulator
                .refreshToken(refreshTokenIn(authUrl))
                .isUsableAt(sf.emulator.clock().instant());
    }

    @Test
    void aRotatedRefreshTokenIsSavedAsARotationSoThatTheStoreCanDateIt() {
        sf.app.rotateRefreshTokens(true);
        rig.authUrlOrg("prod", sf.admin, sf.emulator.authUrlFor(sf.admin, sf.app), Map.of());

        rig.tokens.token("prod");

        assertThat(store.rotated, is(List.of("prod")));
    }

    @Test
    void everyGrantIsToldToTheStoreAndACachedTokenIsNot() {
        rig.authUrlOrg("prod", sf.admin, sf.emulator.authUrlFor(sf.admin, sf.app), Map.of());

        rig.tokens.token("prod");
        rig.tokens.token("prod");

        assertThat(store.granted, is(List.of("prod")));
        assertThat(store.rotated, is(List.of()));
    }

    @Test
    void aRotatedRefreshTokenIsStoredAndTheNextColdGrantUsesIt() {
        sf.app.rotateRefreshTokens(true);
        String original = sf.emulator.authUrlFor(sf.admin, sf.app);
        rig.authUrlOrg("prod", sf.admin, original, Map.of());

        rig.tokens.token("prod");

        String stored = rig.storedAuthUrl("prod");
        assertThat(stored, is(not(original)));
        RefreshToken successor = sf.emulator.refreshToken(refreshTokenIn(stored));
        assertThat(successor.user(), is(sf.admin));
        assertThat(successor.isUsableAt(sf.emulator.clock().instant()), is(true));
        SalesforceAuthException dead = assertThrows(SalesforceAuthException.class, () -> sf.refresh(original));
        assertThat(dead.reason(), is(Reason.INVALID_GRANT));

        sf.emulator.clock().advance(Duration.ofHours(2));
        TokenResult next = rig.tokens.token("prod");

        assertThat(sf.emulator.accessToken(next.accessToken().reveal()).user(), is(sf.admin));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.REFRESH_TOKEN), is(3));
        assertThat(rig.storedAuthUrl("prod"), is(not(stored)));
        OrgRecord record = rig.store.findById("prod").orElseThrow();
        assertThat(record.username(), is("admin@acme.com"));
    }

    @Test
    void whenTheRotatedRefreshTokenCannotBeStoredTheGrantFailsSayingSoAndHowToRecover() {
        sf.app.rotateRefreshTokens(true);
        rig.authUrlOrg("prod", sf.admin);
        store.failSaves = true;

        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.token("prod"));

        assertThat(e.reason(), is(Reason.INVALID_GRANT));
        assertThat(e.getMessage(), containsString("rotated the refresh token"));
        assertThat(e.getMessage(), containsString("could not be stored"));
        assertThat(e.fix(), containsString("register the org again"));
    }

    @Test
    void rotationDuringRegistrationStoresTheSuccessorNotTheDeadAuthUrl() {
        sf.app.rotateRefreshTokens(true);
        String given = sf.emulator.authUrlFor(sf.admin, sf.app);

        rig.tokens.register(new RegistrationRequest(
                "prod", new AuthUrlSecret(SecretText.of(given)), null, null, null, null, null, null));

        assertThat(rig.storedAuthUrl("prod"), is(not(given)));
        TokenResult t = rig.tokens.token("prod");
        assertThat(sf.emulator.accessToken(t.accessToken().reveal()).user(), is(sf.admin));
    }

    @Test
    void aRotationDuringValidationThroughTheRegistryIsStoredByTheFirstGrant() {
        sf.app.rotateRefreshTokens(true);
        String given = sf.emulator.authUrlFor(sf.admin, sf.app);
        rig.tokens
                .registry()
                .register(new RegistrationRequest(
                        "prod", new AuthUrlSecret(SecretText.of(given)), null, null, null, true, null, null));
        assertThat(rig.storedAuthUrl("prod"), is(given));

        TokenResult t = rig.tokens.token("prod");

        assertThat(sf.emulator.accessToken(t.accessToken().reveal()).user(), is(sf.admin));
        assertThat(rig.storedAuthUrl("prod"), is(not(given)));
        sf.emulator.clock().advance(Duration.ofHours(2));
        assertThat(
                sf.emulator
                        .accessToken(rig.tokens.token("prod").accessToken().reveal())
                        .user(),
                is(sf.admin));
    }

    @Test
    void manyConcurrentCallersOnARotatingAppCauseOneGrantAndOneStoredSuccessor() throws Exception {
        sf.app.rotateRefreshTokens(true);
        String original = sf.emulator.authUrlFor(sf.admin, sf.app);
        rig.authUrlOrg("prod", sf.admin, original, Map.of());
        sf.emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.slow(Duration.ofMillis(500)));
        List<Future<TokenResult>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                calls.add(threads.submit(() -> rig.tokens.token("prod")));
            }
            for (Future<TokenResult> f : calls) {
                assertThat(
                        f.get(10, TimeUnit.SECONDS).accessToken(),
                        is(calls.get(0).get().accessToken()));
            }
        }
        assertThat(rig.tokenRequests(), is(1));
        String stored = rig.storedAuthUrl("prod");
        assertThat(usable(stored), is(true));
    }

    @Test
    void aRegistrationRefusedAfterARotatingValidationSaysTheAuthUrlIsUsedUp() {
        sf.app.rotateRefreshTokens(true);
        String given = sf.emulator.authUrlFor(sf.admin, sf.app);

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> rig.tokens.register(new RegistrationRequest(
                        "prod",
                        new AuthUrlSecret(SecretText.of(given)),
                        "someone@else.com",
                        null,
                        null,
                        null,
                        null,
                        null)));

        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("export a new one"));
        assertThat(rig.store.list().size(), is(0));
    }

    @Test
    void anOrgThatAllowsExportHandsOutItsStoredAuthUrl() {
        String url = sf.emulator.authUrlFor(sf.admin, sf.app);
        OrgRecord prod = rig.authUrlOrg("prod", sf.admin, url, Map.of());
        rig.store.update(prod.withAllowAuthUrlExport(true));

        assertThat(rig.tokens.authUrl("prod").reveal(), is(url));
        assertThat(rig.tokens.authUrl("admin@acme.com").reveal(), is(url));
        assertThat(
                "a fresh grant per export tells that the app does not rotate refresh tokens",
                sf.emulator.requests().count(Endpoint.TOKEN),
                is(2));
    }

    @Test
    void anOrgThatDoesNotAllowExportIsRefusedWithTheFix() {
        rig.authUrlOrg("prod", sf.admin);

        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.authUrl("prod"));

        assertThat(e.reason(), is(Reason.NOT_ALLOWED));
        assertThat(e.fix(), containsString("an administrator can allow auth URL export on the credential"));
    }

    @Test
    void aJwtOrgHasNoAuthUrlToExport() {
        rig.jwtOrg("jwt", sf.admin);

        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.authUrl("jwt"));

        assertThat(e.reason(), is(Reason.NOT_ALLOWED));
        assertThat(e.getMessage(), containsString("JWT bearer org, which has no auth URL"));
        assertThat(e.getMessage(), containsString("private key"));
    }

    @Test
    void aJitSandboxHasNoAuthUrlToExport() {
        rig.authUrlOrg("prod", sf.admin);
        rig.store.save(RegisteredOrg.jitSandbox(OrgRecord.builder("uat", CredentialType.JIT_SANDBOX)
                .sandboxName("uat")
                .productionOrgId("prod")
                .build()));

        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.authUrl("uat"));

        assertThat(e.reason(), is(Reason.NOT_ALLOWED));
        assertThat(e.getMessage(), containsString("production org"));
    }

    @Test
    void anAuthUrlWhoseAppRotatesRefreshTokensIsNotExportedAndTheStoredOneKeepsWorking() {
        sf.app.rotateRefreshTokens(true).revokeFamilyOnReuse(true);
        OrgRecord prod = rig.authUrlOrg("prod", sf.admin);
        rig.store.update(prod.withAllowAuthUrlExport(true));

        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.authUrl("prod"));

        assertThat(e.reason(), is(Reason.NOT_ALLOWED));
        assertThat(e.getMessage(), containsString("rotates refresh tokens"));
        assertThat(e.fix(), containsString("authType: 'accessToken'"));
        assertThat(e.getMessage(), not(containsString(refreshTokenIn(rig.storedAuthUrl("prod")))));
        sf.emulator.clock().advance(Duration.ofHours(3));
        assertThat(usable(rig.storedAuthUrl("prod")), is(true));
        assertThat(
                sf.emulator
                        .accessToken(rig.tokens.token("prod").accessToken().reveal())
                        .user(),
                is(sf.admin));
    }

    @Test
    void reusingARotatedOutRefreshTokenRevokesTheWholeFamilyWhichIsWhyRotatingAuthUrlsStayInJenkins() {
        sf.app.rotateRefreshTokens(true).revokeFamilyOnReuse(true);
        String first = sf.emulator.authUrlFor(sf.admin, sf.app);
        String second = sf.emulator.authUrl(sf.emulator.refreshToken(
                sf.refresh(first).rotatedRefreshToken().orElseThrow().reveal()));

        assertThrows(SalesforceAuthException.class, () -> sf.refresh(first)); // someone else's stale copy

        assertThat(usable(second), is(false));
    }

    @Test
    void withoutRotationTheExportedAuthUrlWorksForItsHolderAndForJenkins() {
        OrgRecord prod = rig.authUrlOrg("prod", sf.admin);
        rig.store.update(prod.withAllowAuthUrlExport(true));

        String exported = rig.tokens.authUrl("prod").reveal();
        sf.refresh(exported); // the holder uses it

        assertThat(exported, is(rig.storedAuthUrl("prod")));
        sf.emulator.clock().advance(Duration.ofHours(3));
        assertThat(
                sf.emulator
                        .accessToken(rig.tokens.token("prod").accessToken().reveal())
                        .user(),
                is(sf.admin));
    }

    /** An in-memory store whose saves can be made to fail, as a full disk would. */
    static final class FlakyStore implements OrgStore {
        private final InMemoryOrgStore delegate = new InMemoryOrgStore();
        volatile boolean failSaves;
        final List<String> rotated = new CopyOnWriteArrayList<>();
        final List<String> granted = new CopyOnWriteArrayList<>();

        @Override
        public OrgRecord saveRotated(RegisteredOrg org) {
            rotated.add(org.id());
            return save(org);
        }

        @Override
        public void granted(String id, Instant at) {
            granted.add(id);
        }

        @Override
        public List<OrgRecord> list() {
            return delegate.list();
        }

        @Override
        public Optional<OrgRecord> findById(String id) {
            return delegate.findById(id);
        }

        @Override
        public Optional<RegisteredOrg> findRegistered(String id) {
            return delegate.findRegistered(id);
        }

        @Override
        public OrgRecord save(RegisteredOrg org) {
            if (failSaves) {
                throw new IllegalStateException("disk full");
            }
            return delegate.save(org);
        }

        @Override
        public OrgRecord update(OrgRecord record) {
            return delegate.update(record);
        }

        @Override
        public Optional<OrgRecord> remove(String id) {
            return delegate.remove(id);
        }

        @Override
        public OrgRecord setDefaultDevHub(String id) {
            return delegate.setDefaultDevHub(id);
        }

        @Override
        public <T> T atomically(Supplier<T> work) {
            return delegate.atomically(work);
        }
    }
}
