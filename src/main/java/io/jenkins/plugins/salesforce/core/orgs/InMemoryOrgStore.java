package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A thread-safe {@link OrgStore} in memory, for tests, benchmarks and the emulator-backed demo.
 *
 * <p>Writers take one reentrant lock and publish a new immutable snapshot; readers read the latest snapshot without
 * locking. So every read sees one consistent state, and every published state keeps the store's invariants.
 * {@link #list()} returns orgs in the order they were first added.
 */
public final class InMemoryOrgStore implements OrgStore {
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Snapshot snapshot = Snapshot.of(new LinkedHashMap<>());

    /** An empty store. */
    public InMemoryOrgStore() {}

    /**
     * A store holding these orgs as they are, keyed by id (a later org with the same id replaces an earlier one),
     * without the upsert-by-username of {@link #save}. For adapters that keep orgs elsewhere (the Jenkins credential
     * stores): they load a copy, let a {@link #save}/{@link #update}/... apply the rules to it, and write back the
     * difference. Orgs that already break an invariant (two with one username, written by hand) are kept as they are;
     * the next write keeps at most one default Dev Hub among the orgs it touches.
     */
    public static InMemoryOrgStore copyOf(Collection<RegisteredOrg> orgs) {
        InMemoryOrgStore store = new InMemoryOrgStore();
        LinkedHashMap<String, RegisteredOrg> byId = new LinkedHashMap<>();
        for (RegisteredOrg o : orgs) {
            byId.put(o.id(), o);
        }
        store.snapshot = Snapshot.of(byId);
        return store;
    }

    /** Every org with its secret, in the order {@link #list()} gives them. */
    public List<RegisteredOrg> registeredOrgs() {
        return List.copyOf(snapshot.byId().values());
    }

    @Override
    public List<OrgRecord> list() {
        return snapshot.records();
    }

    @Override
    public Optional<OrgRecord> findById(String id) {
        return findRegistered(id).map(RegisteredOrg::record);
    }

    @Override
    public Optional<RegisteredOrg> findRegistered(String id) {
        return id == null
                ? Optional.empty()
                : Optional.ofNullable(snapshot.byId().get(id));
    }

    @Override
    public Optional<OrgRecord> findByUsername(String username) {
        return snapshot.byUsername(username).map(RegisteredOrg::record);
    }

    @Override
    public OrgRecord save(RegisteredOrg org) {
        return write(current -> {
            OrgRecord in = org.record();
            RegisteredOrg sameUser = current.byUsername(in.username()).orElse(null);
            RegisteredOrg sameJit = in.isJitSandbox() ? current.jit(in.sandboxName(), in.productionOrgId()) : null;
            if (sameUser != null && sameJit != null && !sameUser.id().equals(sameJit.id())) {
                throw SalesforceAuthException.of(
                        Reason.NOT_ALLOWED,
                        "Username " + in.username() + " is registered as org "
                                + sameUser.record().describe()
                                + ", and sandbox " + in.sandboxName() + " of '" + in.productionOrgId()
                                + "' as org '" + sameJit.id() + "'.",
                        "Remove one of the two orgs first.");
            }
            RegisteredOrg same = sameUser != null ? sameUser : sameJit;
            String id = same != null ? same.id() : in.id();
            OrgRecord stored = id.equals(in.id()) ? in : in.toBuilder().id(id).build();
            current.put(new RegisteredOrg(stored, org.secret()));
            return stored;
        });
    }

    @Override
    public OrgRecord update(OrgRecord record) {
        return write(current -> {
            RegisteredOrg existing = current.byId.get(record.id());
            if (existing == null) {
                throw notFound(record.id());
            }
            if (existing.record().credentialType() != record.credentialType()) {
                throw SalesforceAuthException.of(
                        Reason.BAD_INPUT,
                        "Org '" + record.id() + "' is a "
                                + existing.record().credentialType().label() + " org, not a "
                                + record.credentialType().label() + " org.",
                        "Register the org again with its new secret to change how it authenticates.");
            }
            current.byUsername(record.username())
                    .filter(other -> !other.id().equals(record.id()))
                    .ifPresent(other -> {
                        throw SalesforceAuthException.of(
                                Reason.NOT_ALLOWED,
                                "Username " + record.username() + " is already registered as org "
                                        + other.record().describe() + ".",
                                "Use that org, or remove it before giving its username to org '" + record.id() + "'.");
                    });
            if (record.isJitSandbox()) {
                RegisteredOrg other = current.jit(record.sandboxName(), record.productionOrgId());
                if (other != null && !other.id().equals(record.id())) {
                    throw SalesforceAuthException.of(
                            Reason.NOT_ALLOWED,
                            "Sandbox " + record.sandboxName() + " of '" + record.productionOrgId()
                                    + "' is already registered as org '" + other.id() + "'.",
                            "Use that org, or remove it first.");
                }
            }
            current.put(new RegisteredOrg(record, existing.secret()));
            return record;
        });
    }

    @Override
    public Optional<OrgRecord> remove(String id) {
        return write(current -> {
            RegisteredOrg removed = id == null ? null : current.byId.remove(id);
            return Optional.ofNullable(removed).map(RegisteredOrg::record);
        });
    }

    @Override
    public OrgRecord setDefaultDevHub(String id) {
        return write(current -> {
            RegisteredOrg existing = id == null ? null : current.byId.get(id);
            if (existing == null) {
                throw notFound(id);
            }
            if (!existing.record().devHub()) {
                throw SalesforceAuthException.of(
                        Reason.WRONG_ORG_TYPE,
                        "Org " + existing.record().describe()
                                + " is not a Dev Hub, so it cannot be the default Dev Hub.",
                        "Choose an org registered as a Dev Hub, or mark this org as a Dev Hub first.");
            }
            OrgRecord stored = existing.record().withDefaultDevHub(true);
            current.put(new RegisteredOrg(stored, existing.secret()));
            return stored;
        });
    }

    @Override
    public Optional<OrgRecord> defaultDevHub() {
        return Optional.ofNullable(snapshot.defaultDevHub());
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Applies a change to a copy of the current state and publishes it; a failed change publishes nothing. */
    private <T> T write(java.util.function.Function<Draft, T> change) {
        lock.lock();
        try {
            Draft draft = new Draft(snapshot);
            T result = change.apply(draft);
            snapshot = Snapshot.of(draft.byId);
            return result;
        } finally {
            lock.unlock();
        }
    }

    private static SalesforceAuthException notFound(String id) {
        return SalesforceAuthException.of(
                Reason.NOT_FOUND,
                "No org is registered with the id '" + id + "'.",
                "Check the id, or register the org.");
    }

    private static String usernameKey(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    /** The state being changed by one write. */
    private static final class Draft {
        final LinkedHashMap<String, RegisteredOrg> byId;

        Draft(Snapshot from) {
            this.byId = new LinkedHashMap<>(from.byId());
        }

        Optional<RegisteredOrg> byUsername(String username) {
            if (username == null) {
                return Optional.empty();
            }
            return byId.values().stream()
                    .filter(o -> OrgRecordRules.sameUsername(o.record().username(), username))
                    .findFirst();
        }

        RegisteredOrg jit(String sandboxName, String productionOrgId) {
            return byId.values().stream()
                    .filter(o -> o.record().isJitSandbox()
                            && OrgRecordRules.sameSandboxName(o.record().sandboxName(), sandboxName)
                            && o.record().productionOrgId().equals(productionOrgId))
                    .findFirst()
                    .orElse(null);
        }

        /** Puts an org (replacing the one with its id, in place) and keeps at most one default Dev Hub. */
        void put(RegisteredOrg org) {
            if (org.record().defaultDevHub()) {
                for (Map.Entry<String, RegisteredOrg> e : byId.entrySet()) {
                    OrgRecord r = e.getValue().record();
                    if (r.defaultDevHub() && !r.id().equals(org.id())) {
                        e.setValue(new RegisteredOrg(
                                r.withDefaultDevHub(false), e.getValue().secret()));
                    }
                }
            }
            byId.put(org.id(), org);
        }
    }

    /** One published, immutable state of the store. */
    private record Snapshot(
            Map<String, RegisteredOrg> byId,
            Map<String, RegisteredOrg> byUsernameKey,
            List<OrgRecord> records,
            OrgRecord defaultDevHub) {

        static Snapshot of(LinkedHashMap<String, RegisteredOrg> orgs) {
            Map<String, RegisteredOrg> byUsername = new HashMap<>();
            List<OrgRecord> records = new ArrayList<>(orgs.size());
            OrgRecord defaultDevHub = null;
            for (RegisteredOrg o : orgs.values()) {
                records.add(o.record());
                if (o.record().username() != null) {
                    byUsername.put(usernameKey(o.record().username()), o);
                }
                if (o.record().defaultDevHub()) {
                    defaultDevHub = o.record();
                }
            }
            return new Snapshot(
                    Collections.unmodifiableMap(new LinkedHashMap<>(orgs)),
                    Map.copyOf(byUsername),
                    List.copyOf(records),
                    defaultDevHub);
        }

        Optional<RegisteredOrg> byUsername(String username) {
            return username == null ? Optional.empty() : Optional.ofNullable(byUsernameKey.get(usernameKey(username)));
        }
    }
}
