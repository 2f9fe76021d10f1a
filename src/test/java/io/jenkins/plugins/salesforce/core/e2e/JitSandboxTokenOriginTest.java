package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.flows.FlowContext;
import io.jenkins.plugins.salesforce.core.flows.JitLogin;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.DiscoveredOrg;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.OrgTokens;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.Sandbox;
import io.jenkins.plugins.salesforce.emulator.User;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JIT sandbox's token belongs to exactly the credentials it was minted from: the sandbox credential, the production
 * org credential of the sandbox's own store (never a nearer store's credential with the same id), that credential's
 * secret and the sandbox name. The stores are laid out as in Jenkins: a folder's store in front of the system store,
 * both seen through one view that shares the token cache.
 */
class JitSandboxTokenOriginTest {
    private final EmulatedOrgs sf = new EmulatedOrgs();
    /** A second company, with a sandbox of the same name, whose admin registers their org in the folder. */
    private final Org globex = sf.emulator.productionOrg("globex");

    private final User globexAdmin = globex.user("admin@globex.com").preAuthorize(sf.app);
    private final Sandbox globexUat = globex.sandbox("uat");
    private final User globexUatAdmin = globexUat.userFor(globexAdmin).preAuthorize(sf.app);

    private final InMemoryOrgStore system = new InMemoryOrgStore();
    private final InMemoryOrgStore folder = new InMemoryOrgStore();
    private final TokenService root = TokenService.builder()
            .store(new InMemoryOrgStore())
            .http(sf.http)
            .hosts(sf.hosts)
            .clock(sf.emulator.clock())
            .jitSandboxesFrom(tokens -> {
                JitLogin login = new JitLogin(context(tokens));
                return (production, productionToken, sandbox) ->
                        login.login(production, sandbox.sandboxName()).accessToken();
            })
            .build();

    private FlowContext context(OrgTokens tokens) {
        return FlowContext.of(sf.http, sf.hosts, sf.emulator.clock(), tokens)
                .withTestLoginUrl(URI.create(sf.emulator.testUrl()));
    }

    @AfterEach
    void stop() {
        sf.close();
    }

    @Test
    void aJitSandboxIsMintedThroughTheProductionOrgOfItsOwnStoreWhateverANearerStoreHolds() {
        authUrlOrg(system, "prod", sf.admin);
        jitSandbox(system, "uat", "prod");
        authUrlOrg(folder, "prod", globexAdmin);

        TokenResult fromTheFolder = root.forStore(layered(folder, system)).token("uat");
        TokenResult fromTheSystem = root.forStore(layered(system)).token("uat");

        assertThat(sf.emulator.accessToken(fromTheFolder.accessToken().reveal()).user(), is(sf.uatAdmin));
        assertThat(fromTheFolder.username(), is(sf.uatAdmin.username()));
        assertThat(fromTheSystem.accessToken(), is(fromTheFolder.accessToken()));
        assertThat(
                "discovery wrote the system sandbox's own facts",
                system.findById("uat").orElseThrow().username(),
                is(sf.uatAdmin.username()));
    }

    @Test
    void aSandboxOfTheFolderUsesTheFolderProductionOrgAndTheSystemSandboxKeepsItsOwnToken() {
        authUrlOrg(system, "prod", sf.admin);
        jitSandbox(system, "uat", "prod");
        authUrlOrg(folder, "prod", globexAdmin);
        jitSandbox(folder, "uat", "prod");

        TokenResult folders = root.forStore(layered(folder, system)).token("uat");
        TokenResult systems = root.forStore(layered(system)).token("uat");

        assertThat(sf.emulator.accessToken(folders.accessToken().reveal()).user(), is(globexUatAdmin));
        assertThat(sf.emulator.accessToken(systems.accessToken().reveal()).user(), is(sf.uatAdmin));
        assertThat(folder.findById("uat").orElseThrow().username(), is(globexUatAdmin.username()));
        assertThat(system.findById("uat").orElseThrow().username(), is(sf.uatAdmin.username()));
    }

    @Test
    void aJitSandboxPointedAtAnotherProductionOrgGetsATokenOfThatOrgsSandbox() {
        authUrlOrg(system, "prod", sf.admin);
        authUrlOrg(system, "globex", globexAdmin);
        jitSandbox(system, "uat", "prod");
        TokenService tokens = root.forStore(layered(system));
        TokenResult before = tokens.token("uat");

        jitSandbox(system, "uat", "globex");
        TokenResult after = tokens.token("uat");

        assertThat(after.accessToken(), not(before.accessToken()));
        assertThat(sf.emulator.accessToken(after.accessToken().reveal()).user(), is(globexUatAdmin));
        assertThat(after.username(), is(globexUatAdmin.username()));
    }

    @Test
    void aProductionOrgWhoseSecretChangedMintsANewSandboxToken() {
        authUrlOrg(system, "prod", sf.admin);
        jitSandbox(system, "uat", "prod");
        TokenService tokens = root.forStore(layered(system));
        TokenResult before = tokens.token("uat");

        authUrlOrg(system, "prod", sf.admin); // a new auth URL (a new refresh token) for the same user

        assertThat(tokens.token("uat").accessToken(), not(before.accessToken()));
    }

    @Test
    void factsLearntThroughACredentialThatWasReplacedMeanwhileAreNotWritten() {
        authUrlOrg(system, "prod", sf.admin);
        authUrlOrg(system, "globex", globexAdmin);
        jitSandbox(system, "uat", "prod");
        OrgRecord used = system.findById("uat").orElseThrow();
        jitSandbox(system, "uat", "globex");

        root.forStore(system)
                .registry()
                .recordDiscovery(RegisteredOrg.jitSandbox(used), discoveredOf(sf.uatAdmin));

        assertThat(system.findById("uat").orElseThrow().username(), is(nullValue()));
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    private static DiscoveredOrg discoveredOf(User user) {
        return new DiscoveredOrg(
                user.org().id(), user.username(), user.org().instanceUrl(), user.org().type(), false);
    }

    private void authUrlOrg(InMemoryOrgStore store, String id, User user) {
        store.save(new RegisteredOrg(
                OrgRecord.builder(id, CredentialType.AUTH_URL)
                        .username(user.username())
                        .orgId(user.org().id())
                        .orgType(user.org().type())
                        .instanceUrl(user.org().instanceUrl())
                        .build(),
                new AuthUrlSecret(SecretText.of(sf.emulator.authUrlFor(user, sf.app)))));
    }

    /** A JIT sandbox as a fresh registration leaves it before its first token: nothing discovered yet. */
    private static void jitSandbox(InMemoryOrgStore store, String name, String productionId) {
        store.save(RegisteredOrg.jitSandbox(OrgRecord.builder(name, CredentialType.JIT_SANDBOX)
                .sandboxName(name)
                .productionOrgId(productionId)
                .build()));
    }

    /** Stores seen nearest first, as a job in a folder sees its folder's store and then the system store. */
    private static OrgStore layered(InMemoryOrgStore... nearestFirst) {
        return new Layered(List.of(nearestFirst));
    }

    private record Layered(List<InMemoryOrgStore> stores) implements OrgStore {
        private Optional<InMemoryOrgStore> holder(String id) {
            return stores.stream().filter(s -> s.findById(id).isPresent()).findFirst();
        }

        @Override
        public List<OrgRecord> list() {
            Map<String, OrgRecord> byId = new LinkedHashMap<>();
            stores.forEach(s -> s.list().forEach(r -> byId.putIfAbsent(r.id(), r)));
            return new ArrayList<>(byId.values());
        }

        @Override
        public Optional<OrgRecord> findById(String id) {
            return holder(id).flatMap(s -> s.findById(id));
        }

        @Override
        public Optional<RegisteredOrg> findRegistered(String id) {
            return holder(id).flatMap(s -> s.findRegistered(id));
        }

        @Override
        public OrgRecord save(RegisteredOrg org) {
            return holder(org.id()).orElse(stores.get(0)).save(org);
        }

        @Override
        public OrgRecord update(OrgRecord record) {
            return holder(record.id()).orElseThrow().update(record);
        }

        @Override
        public Optional<OrgRecord> remove(String id) {
            return holder(id).flatMap(s -> s.remove(id));
        }

        @Override
        public OrgRecord setDefaultDevHub(String id) {
            return holder(id).orElseThrow().setDefaultDevHub(id);
        }

        @Override
        public <T> T atomically(Supplier<T> work) {
            return work.get();
        }

        @Override
        public String tokenCacheKey(String id) {
            return holder(id).map(s -> "store" + System.identityHashCode(s) + "/" + id)
                    .orElse("?/" + id);
        }

        @Override
        public OrgStore scopeOf(String id) {
            return holder(id).map(s -> (OrgStore) new Layered(stores.subList(stores.indexOf(s), stores.size())))
                    .orElse(this);
        }
    }
}
