package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsStore;
import com.google.common.collect.MapMaker;
import hudson.model.Item;
import hudson.model.ModelObject;
import hudson.model.User;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import jenkins.model.Jenkins;

/**
 * One reentrant lock per credential store (the {@code OrgStore} contract's "store's lock"), named by a key that
 * identifies the store across the objects that represent it: the provider class and the context's full name.
 * Several locks are always taken in the order of their keys, so two views over overlapping stores cannot deadlock.
 *
 * <p>The credential store's own synchronisation makes each add, update or remove atomic, but not a read-modify-write
 * of several of them (an upsert by username, moving the default Dev Hub), which this lock is for. The locks are held
 * weakly: a lock that no thread holds, waits for or is about to take is unreachable and its entry goes away, so the
 * map holds only the stores in use, not every store (folder, user) ever written. A thread that takes a lock keeps a
 * reference to it, so two threads asking for the same key meanwhile get the same lock.
 */
final class StoreLocks {
    private static final ConcurrentMap<String, ReentrantLock> LOCKS =
            new MapMaker().weakValues().makeMap();

    private StoreLocks() {}

    /** {@code <provider class>@<context>}: {@code @} for the system store, a folder's full name, {@code user:<id>}. */
    static String keyOf(CredentialsStore store) {
        ModelObject context = store.getContext();
        String where;
        if (context instanceof Jenkins) {
            where = "";
        } else if (context instanceof Item item) {
            where = item.getFullName();
        } else if (context instanceof User user) {
            where = "user:" + user.getId();
        } else {
            where = context.getClass().getName() + ":" + context.getDisplayName();
        }
        return store.getProvider() == null
                ? store.getClass().getName() + "@" + where
                : store.getProvider().getClass().getName() + "@" + where;
    }

    private static ReentrantLock lockOf(String key) {
        return LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
    }

    /** Runs {@code work} holding the locks of these keys, taken in key order. */
    static <T> T withLocks(List<String> keys, Supplier<T> work) {
        List<ReentrantLock> locks = keys.stream()
                .distinct()
                .sorted(Comparator.naturalOrder())
                .map(StoreLocks::lockOf)
                .toList();
        int held = 0;
        try {
            for (ReentrantLock l : locks) {
                l.lock();
                held++;
            }
            return work.get();
        } finally {
            for (int i = held - 1; i >= 0; i--) {
                locks.get(i).unlock();
            }
        }
    }
}
