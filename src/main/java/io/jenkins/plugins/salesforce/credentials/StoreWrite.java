package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.BulkChange;
import hudson.model.Saveable;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.DefaultDevHubSetting;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * One change of a store's Salesforce credentials, as {@link CredentialsOrgStore} computed it, written to the
 * credential store: refused when another writer replaced a credential it read, else applied as one save of the store
 * ({@link BulkChange}) and undone in memory when a step or the save fails, so the store is never left half written.
 */
final class StoreWrite {
    private static final Logger LOG = Logger.getLogger(StoreWrite.class.getName());

    private final CredentialsStore store;
    private final String key;
    private final boolean asSystem;
    private final boolean rotation;

    /**
     * {@code asSystem}: as the token service's bookkeeping, else as the current thread (the store's checks apply);
     * {@code rotation}: a new secret written is one Salesforce rotated, else one registered now
     * ({@link OrgCredentialsMapping#dateSecret}).
     */
    StoreWrite(CredentialsStore store, String key, boolean asSystem, boolean rotation) {
        this.store = store;
        this.key = key;
        this.asSystem = asSystem;
        this.rotation = rotation;
    }

    /** Refuses a write when a credential it replaces is not the one the store holds now: another writer changed it. */
    @SuppressWarnings("try")
    void refuseIfChanged(List<CredentialsOrgStore.Entry> read) {
        List<Credentials> now;
        try (ACLContext system = ACL.as2(ACL.SYSTEM2)) {
            now = store.getCredentials(Domain.global());
        }
        for (CredentialsOrgStore.Entry e : read) {
            if (now.stream().noneMatch(c -> c == e.credentials())) {
                throw SalesforceAuthException.of(
                        Reason.NOT_READY,
                        "The credential '" + e.record().id() + "' of " + key + " was changed by someone else while"
                                + " this change was being made; nothing was written.",
                        "Try again: the change will be made on the credentials as they are now.");
            }
        }
    }

    /**
     * Writes the change as one save of the store (see the class comment). When {@code moveDefault}, the default Dev Hub
     * setting becomes {@code newDefault} (null clears it) once the credentials are written: with the same save for a
     * folder, right after it for the system store.
     */
    @SuppressWarnings("try")
    void apply(
            Map<String, CredentialsOrgStore.Entry> before,
            List<RegisteredOrg> changed,
            List<CredentialsOrgStore.Entry> removed,
            boolean moveDefault,
            @CheckForNull String newDefault) {
        Saveable saved = savedWith(store);
        DefaultDevHubSetting setting = moveDefault ? DefaultDevHubSetting.of(store) : null;
        boolean settingWithStore = setting != null && saved != null && saved == setting.owner();
        List<Runnable> undo = new ArrayList<>();
        Instant now = Instant.now();
        try (ACLContext unused = asSystem ? ACL.as2(ACL.SYSTEM2) : null;
                BulkChange bulk = saved == null || (changed.isEmpty() && removed.isEmpty() && !settingWithStore)
                        ? null // nothing of the store to save
                        : new BulkChange(saved)) {
            assert unused == null || asSystem;
            for (RegisteredOrg o : changed) {
                CredentialsOrgStore.Entry old = before.get(o.id());
                if (old == null) {
                    AbstractOrgCredentials added = OrgCredentialsMapping.toCredentials(o, null, null);
                    OrgCredentialsMapping.dateSecret(added, null, rotation, now);
                    if (store.addCredentials(Domain.global(), added)) {
                        undo.add(() -> undoStep(() -> store.removeCredentials(Domain.global(), added)));
                    }
                } else {
                    AbstractOrgCredentials replacement = OrgCredentialsMapping.toCredentials(
                            o, old.credentials().getScope(), old.credentials());
                    OrgCredentialsMapping.dateSecret(replacement, old.credentials(), rotation, now);
                    if (store.updateCredentials(Domain.global(), old.credentials(), replacement)) {
                        undo.add(() -> undoStep(
                                () -> store.updateCredentials(Domain.global(), replacement, old.credentials())));
                    }
                }
            }
            for (CredentialsOrgStore.Entry old : removed) {
                if (store.removeCredentials(Domain.global(), old.credentials())) {
                    undo.add(() -> undoStep(() -> store.addCredentials(Domain.global(), old.credentials())));
                }
            }
            if (settingWithStore) {
                String was = setting.id();
                setting.set(newDefault);
                undo.add(() -> undoStep(() -> {
                    setting.set(was);
                    return true;
                }));
            }
            if (bulk != null) {
                // The steps checked the caller's permissions; the save itself is the store's, as the system (the
                // system store's save wants Overall/Administer of whoever calls it).
                try (ACLContext system = ACL.as2(ACL.SYSTEM2)) {
                    bulk.commit();
                }
            }
        } catch (IOException | RuntimeException e) {
            undo(saved, undo);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Could not save the credentials of " + key + "; nothing changed", io);
            }
            throw (RuntimeException) e;
        }
        if (setting != null && !settingWithStore) {
            try {
                setting.set(newDefault);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Could not save the default Dev Hub setting of " + key + "; it is as it was", e);
            }
        }
    }

    /** Undoes the steps made, last first, in memory only (the failed save is not tried again). */
    @SuppressWarnings("try")
    private void undo(@CheckForNull Saveable saved, List<Runnable> undo) {
        try (ACLContext system = ACL.as2(ACL.SYSTEM2);
                BulkChange noSave = saved == null ? null : new BulkChange(saved)) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
            if (noSave != null) {
                noSave.abort();
            }
        }
    }

    private interface StoreStep {
        boolean run() throws IOException;
    }

    private void undoStep(StoreStep step) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not undo a step of a failed write to " + key, e);
        }
    }

    /**
     * What a store's writes save, for {@link BulkChange}: the system credentials provider for the system store, the
     * folder (or user) for a store held by one; null when it cannot be told (then each step saves on its own).
     */
    @CheckForNull
    static Saveable savedWith(@NonNull CredentialsStore store) {
        if (store instanceof SystemCredentialsProvider.StoreImpl) {
            return SystemCredentialsProvider.getInstance();
        }
        return store.getContext() instanceof Saveable s && !(store.getContext() instanceof Jenkins) ? s : null;
    }
}
