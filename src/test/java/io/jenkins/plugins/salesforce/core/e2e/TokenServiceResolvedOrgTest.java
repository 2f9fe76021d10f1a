package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code token(RegisteredOrg)}: a caller that has resolved the org in the service's store (the Jenkins layer resolves a
 * step's {@code org:} once) gets the token of {@code token(ref)}, from the same cache, without the store being asked
 * for the org again.
 */
class TokenServiceResolvedOrgTest {
    private final AtomicInteger finds = new AtomicInteger();
    private final InMemoryOrgStore orgs = new InMemoryOrgStore();
    /** The store, counting the lookups of one org (findById, findRegistered). */
    private final OrgStore counted = (OrgStore) Proxy.newProxyInstance(
            OrgStore.class.getClassLoader(), new Class<?>[] {OrgStore.class}, (proxy, method, args) -> {
                if (method.getName().startsWith("find")) {
                    finds.incrementAndGet();
                }
                try {
                    return method.invoke(orgs, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    private final TokenRig rig = new TokenRig(new EmulatedOrgs(), counted, UnaryOperator.identity());

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void aResolvedOrgGetsTheTokenOfItsReferenceFromTheSameCache() {
        rig.authUrlOrg("prod", rig.sf.admin);
        TokenResult byReference = rig.tokens.token("prod");
        RegisteredOrg resolved = rig.tokens.resolver().resolveRegistered("prod");
        finds.set(0);

        TokenResult byOrg = rig.tokens.token(resolved);

        assertThat(byOrg.accessToken(), is(byReference.accessToken()));
        assertThat(byOrg.username(), is("admin@acme.com"));
        assertThat("one grant for both", rig.tokenRequests(), is(1));
        assertThat("the store is not asked for the org again", finds.get(), is(0));
    }

    @Test
    void aColdResolvedOrgGetsOneGrantWhichItsReferenceThenReuses() {
        OrgRecord prod = rig.authUrlOrg("prod", rig.sf.admin);
        RegisteredOrg resolved = rig.tokens.resolver().resolveRegistered(prod.id());

        TokenResult first = rig.tokens.token(resolved);

        assertThat(rig.tokenRequests(), is(1));
        assertThat(rig.tokens.token("prod").accessToken(), is(first.accessToken()));
        assertThat(rig.tokenRequests(), is(1));
    }
}
