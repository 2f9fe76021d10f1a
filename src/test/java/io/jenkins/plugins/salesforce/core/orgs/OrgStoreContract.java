package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrl;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrlRecord;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.devHubRecord;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.failsWith;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.jitRecord;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.withSecret;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OrgStore} must do. The in-memory store runs it here; the Jenkins credential store extends it
 * with its own {@link #newStore()} (public for that, in another package).
 */
public abstract class OrgStoreContract {
    OrgStore store;

    /** A new, empty store. */
    protected abstract OrgStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private OrgRecord save(OrgRecord record) {
        return store.save(withSecret(record));
    }

    private List<String> ids() {
        return store.list().stream().map(OrgRecord::id).toList();
    }

    private List<String> defaults() {
        return store.list().stream()
                .filter(OrgRecord::defaultDevHub)
                .map(OrgRecord::id)
                .toList();
    }

    @Test
    void anEmptyStoreHasNothing() {
        assertThat(store.list(), is(empty()));
        assertThat(store.findById("prod"), is(Optional.empty()));
        assertThat(store.findByUsername("admin@acme.com"), is(Optional.empty()));
        assertThat(store.findRegistered("prod"), is(Optional.empty()));
        assertThat(store.findJitSandboxes("uat"), is(empty()));
        assertThat(store.defaultDevHub(), is(Optional.empty()));
        assertThat(store.remove("prod"), is(Optional.empty()));
    }

    @Test
    void aSavedOrgIsFoundByIdAndByUsernameInAnyCase() {
        OrgRecord prod = authUrlRecord("prod", "Admin@Acme.com").build();
        assertThat(save(prod), is(prod));
        assertThat(store.list(), contains(prod));
        assertThat(store.findById("prod"), is(Optional.of(prod)));
        assertThat(store.findById("PROD"), is(Optional.empty()));
        assertThat(store.findByUsername("admin@acme.com"), is(Optional.of(prod)));
        assertThat(store.findByUsername("ADMIN@ACME.COM"), is(Optional.of(prod)));
        assertThat(store.findByUsername(null), is(Optional.empty()));
    }

    @Test
    void onlyFindRegisteredReturnsTheSecret() {
        OrgRecord prod = authUrlRecord("prod", "admin@acme.com").build();
        store.save(new RegisteredOrg(prod, authUrl("first")));
        assertThat(store.findRegistered("prod").orElseThrow().secret(), is(authUrl("first")));
        assertThat(store.findRegistered("prod").orElseThrow().record(), is(prod));
    }

    @Test
    void savingTheSameUsernameAgainUpdatesTheOrgAndKeepsItsId() {
        save(authUrlRecord("prod", "admin@acme.com").metadata(Map.of("v", "1")).build());
        OrgRecord again = authUrlRecord("other-id", "ADMIN@acme.com")
                .metadata(Map.of("v", "2"))
                .build();
        OrgRecord stored = store.save(new RegisteredOrg(again, authUrl("second")));

        assertThat(stored.id(), is("prod"));
        assertThat(stored.metadata(), is(Map.of("v", "2")));
        assertThat(stored.username(), is("ADMIN@acme.com"));
        assertThat(ids(), contains("prod"));
        assertThat(store.findById("other-id"), is(Optional.empty()));
        assertThat(store.findRegistered("prod").orElseThrow().secret(), is(authUrl("second")));
    }

    @Test
    void savingAnExistingIdWithANewUsernameReplacesThatOrg() {
        save(authUrlRecord("prod", "admin@acme.com").build());
        save(authUrlRecord("prod", "release@acme.com").build());
        assertThat(ids(), contains("prod"));
        assertThat(store.findByUsername("admin@acme.com"), is(Optional.empty()));
        assertThat(store.findById("prod").orElseThrow().username(), is("release@acme.com"));
    }

    @Test
    void aJitSandboxIsOneOrgPerNameAndProductionOrg() {
        save(authUrlRecord("prod", "admin@acme.com").build());
        save(authUrlRecord("prod2", "admin@beta.com").build());
        save(jitRecord("uat-1", "uat", "prod").build());
        OrgRecord again =
                save(jitRecord("uat-again", "UAT", "prod").description("again").build());
        save(jitRecord("uat-2", "uat", "prod2").build());

        assertThat(again.id(), is("uat-1"));
        assertThat(again.description(), is("again"));
        assertThat(ids(), containsInAnyOrder("prod", "prod2", "uat-1", "uat-2"));
        assertThat(
                store.findJitSandboxes("Uat").stream().map(OrgRecord::id).toList(),
                containsInAnyOrder("uat-1", "uat-2"));
        assertThat(store.findJitSandbox("uAT", "prod2").orElseThrow().id(), is("uat-2"));
        assertThat(store.findJitSandbox("uat", "prod3"), is(Optional.empty()));
        assertThat(store.findRegistered("uat-1").orElseThrow().secret(), is((OrgSecret) null));
    }

    @Test
    void aUsernameAndASandboxNameThatPointToTwoOrgsAreRefused() {
        save(authUrlRecord("prod", "admin@acme.com").build());
        save(authUrlRecord("uat-by-url", "admin@acme.com.uat")
                .orgType(OrgType.SANDBOX)
                .build());
        save(jitRecord("uat", "uat", "prod").build());
        List<OrgRecord> before = store.list();

        failsWith(
                Reason.NOT_ALLOWED,
                () -> save(jitRecord("uat", "uat", "prod")
                        .username("admin@acme.com.uat")
                        .build()),
                "admin@acme.com.uat",
                "'uat-by-url'",
                "'uat'");
        assertThat(store.list(), is(before));
    }

    @Test
    void savingADefaultDevHubClearsTheOldDefaultInTheSameStep() {
        save(devHubRecord("hub1", "hub1@acme.com").defaultDevHub(true).build());
        save(devHubRecord("hub2", "hub2@acme.com").build());
        assertThat(defaults(), contains("hub1"));

        save(devHubRecord("hub2", "hub2@acme.com").defaultDevHub(true).build());
        assertThat(defaults(), contains("hub2"));
        assertThat(store.defaultDevHub().orElseThrow().id(), is("hub2"));
        assertThat(store.findById("hub1").orElseThrow().defaultDevHub(), is(false));
    }

    @Test
    void savingTheDefaultWithoutTheFlagLeavesNoDefault() {
        save(devHubRecord("hub1", "hub1@acme.com").defaultDevHub(true).build());
        save(devHubRecord("hub1", "hub1@acme.com").build());
        assertThat(store.defaultDevHub(), is(Optional.empty()));
    }

    @Test
    void setDefaultDevHubMovesTheDefault() {
        save(devHubRecord("hub1", "hub1@acme.com").defaultDevHub(true).build());
        save(devHubRecord("hub2", "hub2@acme.com").build());

        OrgRecord hub2 = store.setDefaultDevHub("hub2");
        assertThat(hub2.defaultDevHub(), is(true));
        assertThat(defaults(), contains("hub2"));
        assertThat(store.setDefaultDevHub("hub2").id(), is("hub2"));
        assertThat(defaults(), contains("hub2"));
    }

    @Test
    void onlyARegisteredDevHubCanBecomeTheDefault() {
        save(devHubRecord("hub", "hub@acme.com").defaultDevHub(true).build());
        save(authUrlRecord("prod", "admin@acme.com").build());

        failsWith(Reason.WRONG_ORG_TYPE, () -> store.setDefaultDevHub("prod"), "'prod'", "not a Dev Hub");
        failsWith(Reason.NOT_FOUND, () -> store.setDefaultDevHub("nope"), "'nope'");
        assertThat(defaults(), contains("hub"));
    }

    @Test
    void updateChangesTheRecordAndKeepsTheSecret() {
        store.save(new RegisteredOrg(devHubRecord("hub", "hub@acme.com").build(), authUrl("hub-secret")));
        OrgRecord changed = store.update(store.findById("hub")
                .orElseThrow()
                .withMetadata(Map.of("team", "core"))
                .withDefaultDevHub(true));

        assertThat(changed.metadata(), is(Map.of("team", "core")));
        assertThat(store.findRegistered("hub").orElseThrow().secret(), is(authUrl("hub-secret")));
        assertThat(store.defaultDevHub().orElseThrow().id(), is("hub"));
    }

    @Test
    void updateObeysTheDefaultFlagLikeSave() {
        save(devHubRecord("hub1", "hub1@acme.com").defaultDevHub(true).build());
        save(devHubRecord("hub2", "hub2@acme.com").build());
        store.update(store.findById("hub2").orElseThrow().withDefaultDevHub(true));
        assertThat(defaults(), contains("hub2"));
        store.update(store.findById("hub2").orElseThrow().withDefaultDevHub(false));
        assertThat(defaults(), is(empty()));
    }

    @Test
    void updateRefusesAMissingOrgAKindChangeAndAnotherOrgsUsername() {
        save(authUrlRecord("prod", "admin@acme.com").build());
        save(authUrlRecord("qa", "qa@acme.com").build());
        save(jitRecord("uat", "uat", "prod").build());
        save(jitRecord("dev", "dev", "prod").build());
        List<OrgRecord> before = store.list();

        failsWith(
                Reason.NOT_FOUND,
                () -> store.update(authUrlRecord("nope", "x@acme.com").build()),
                "'nope'");
        failsWith(
                Reason.BAD_INPUT,
                () -> store.update(OrgRecord.builder("prod", CredentialType.JWT)
                        .username("admin@acme.com")
                        .build()),
                "SFDX auth URL org, not a JWT bearer org");
        failsWith(
                Reason.NOT_ALLOWED,
                () -> store.update(authUrlRecord("qa", "ADMIN@acme.com").build()),
                "admin@acme.com",
                "'prod'");
        failsWith(
                Reason.NOT_ALLOWED,
                () -> store.update(jitRecord("dev", "UAT", "prod").build()),
                "'uat'");
        assertThat(store.list(), is(before));
    }

    @Test
    void removeReturnsTheRemovedOrgAndForgetsIt() {
        save(devHubRecord("hub", "hub@acme.com").defaultDevHub(true).build());
        assertThat(store.remove("hub").orElseThrow().id(), is("hub"));
        assertThat(store.list(), is(empty()));
        assertThat(store.findByUsername("hub@acme.com"), is(Optional.empty()));
        assertThat(store.defaultDevHub(), is(Optional.empty()));
        assertThat(store.remove("hub"), is(Optional.empty()));
    }

    @Test
    void aListIsASnapshotThatCannotBeChanged() {
        save(authUrlRecord("prod", "admin@acme.com").build());
        List<OrgRecord> snapshot = store.list();
        save(authUrlRecord("qa", "qa@acme.com").build());
        assertThat(snapshot, hasSize(1));
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add(snapshot.get(0)));
    }

    @Test
    void atomicallyIsReentrantAndReturnsTheResult() {
        String id = store.atomically(() -> store.atomically(
                () -> save(authUrlRecord("prod", "a@acme.com").build()).id()));
        assertThat(id, is("prod"));
    }

    @Test
    void atomicallyKeepsOtherWritersOutUntilItEnds() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread holder = new Thread(() -> store.atomically(() -> {
            save(devHubRecord("hub1", "hub1@acme.com").build());
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return store.setDefaultDevHub("hub1");
        }));
        holder.start();
        assertThat(inside.await(10, TimeUnit.SECONDS), is(true));
        Thread writer = new Thread(() -> {
            try {
                save(devHubRecord("hub2", "hub2@acme.com").defaultDevHub(true).build());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        writer.start();
        writer.join(150);
        assertThat("a writer must wait for the atomic block", writer.isAlive(), is(true));
        release.countDown();
        holder.join(10_000);
        writer.join(10_000);
        assertThat(failure.get(), is((Throwable) null));
        // The writer ran after the block, so its default wins.
        assertThat(defaults(), contains("hub2"));
    }
}
