package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.SandboxValidator;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.User;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenService#forStore}: services over different stores share one token cache, keyed by
 * {@link OrgStore#tokenCacheKey}, so that the same org costs one grant whichever view asks, and two stores holding
 * the same id never get each other's token.
 */
class TokenServiceForStoreTest {
    private final EmulatedOrgs sf = new EmulatedOrgs();

    @AfterEach
    void close() {
        sf.close();
    }

    private InMemoryOrgStore storeWith(String id, User user) {
        InMemoryOrgStore store = new InMemoryOrgStore();
        store.save(new RegisteredOrg(
                OrgRecord.builder(id, CredentialType.AUTH_URL)
                        .username(user.username())
                        .build(),
                new AuthUrlSecret(SecretText.of(sf.emulator.authUrlFor(user, sf.app)))));
        return store;
    }

    private TokenService serviceOver(OrgStore store) {
        return TokenService.builder()
                .store(store)
                .http(sf.http)
                .hosts(sf.hosts)
                .clock(sf.emulator.clock())
                .build();
    }

    /** The same store seen through another object whose cache keys carry a prefix. */
    private static OrgStore prefixed(OrgStore store, String prefix) {
        return (OrgStore) Proxy.newProxyInstance(
                OrgStore.class.getClassLoader(), new Class<?>[] {OrgStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("tokenCacheKey")) {
                        return prefix + args[0];
                    }
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void siblingsOverTheSameOrgsShareOneGrant() {
        InMemoryOrgStore store = storeWith("prod", sf.admin);
        TokenService root = serviceOver(store);
        TokenResult first = root.token("prod");
        TokenResult second = root.forStore(store).token("prod");
        assertThat(second.accessToken(), is(first.accessToken()));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
    }

    @Test
    void theSameIdInTwoStoresWithDistinctKeysGetsTwoTokens() {
        InMemoryOrgStore folder = storeWith("prod", sf.admin);
        InMemoryOrgStore system = storeWith("prod", sf.uatAdmin);
        TokenService root = serviceOver(new InMemoryOrgStore());
        TokenResult a = root.forStore(prefixed(folder, "folder/")).token("prod");
        TokenResult b = root.forStore(prefixed(system, "system/")).token("prod");
        assertThat(b.accessToken(), not(a.accessToken()));
        assertThat(b.username(), is(sf.uatAdmin.username()));
        assertThat(root.forStore(prefixed(folder, "folder/")).token("prod").accessToken(), is(a.accessToken()));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(2));
    }

    @Test
    void evictAllForgetsTheTokensOfEverySibling() {
        InMemoryOrgStore store = storeWith("prod", sf.admin);
        TokenService root = serviceOver(new InMemoryOrgStore());
        TokenService sibling = root.forStore(store);
        sibling.token("prod");
        root.evictAll();
        sibling.token("prod");
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(2));
    }

    @Test
    void collaboratorsGivenAsFactoriesAreBuiltAgainWithEachSibling() {
        java.util.List<io.jenkins.plugins.salesforce.core.tokens.OrgTokens> given = new java.util.ArrayList<>();
        TokenService root = TokenService.builder()
                .store(new InMemoryOrgStore())
                .http(sf.http)
                .hosts(sf.hosts)
                .clock(sf.emulator.clock())
                .jitSandboxesFrom(tokens -> {
                    given.add(tokens);
                    return (production, productionToken, sandbox) -> productionToken;
                })
                .sandboxValidatorFrom(tokens -> {
                    given.add(tokens);
                    return (production, sandboxName) -> new SandboxValidator.Sandbox("00D000000000009AAA", null, null);
                })
                .build();
        TokenService sibling = root.forStore(new InMemoryOrgStore());
        assertThat(given.size(), is(4));
        assertThat(given.get(0) == root && given.get(1) == root, is(true));
        assertThat(given.get(2) == sibling && given.get(3) == sibling, is(true));
    }
}
