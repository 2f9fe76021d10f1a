package io.jenkins.plugins.salesforce.ui.health;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.init.Terminator;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Saveable;
import hudson.model.listeners.ItemListener;
import hudson.model.listeners.SaveableListener;
import hudson.util.XStream2;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.SystemProperties;
import jenkins.util.Timer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The last connection test of every org: what the health check, the REST test-connection action and the CLI's
 * {@code salesforce-test} found. Keyed like the token cache ({@code OrgStore.tokenCacheKey}: the credential store
 * and the credentials id), so that a folder's {@code prod} and the system's {@code prod} have their own status.
 *
 * <p><b>Persisted</b> in {@code $JENKINS_HOME/io.jenkins.plugins.salesforce.ui.health.OrgHealth.xml}, so that after a
 * restart the Salesforce Orgs page shows each org's last status, {@link OrgHealthMonitor} still names the orgs that no
 * longer authenticate, and {@link OrgHealthCheck} does not test again at boot what it tested recently.
 * <ul>
 *   <li>Only {@link ConnectionTest}s are written, which carry no secret: the org's reference, ids, username, the
 *       core's reason, message and fix, and Salesforce's error as the core scrubbed it (no token, no auth URL, no
 *       key; a secret-shaped word Salesforce echoes back is {@code [redacted]}).
 *   <li>Writes are batched: a change schedules one save {@value #DEFAULT_SAVE_DELAY_SECONDS} seconds later (system
 *       property {@code io.jenkins.plugins.salesforce.ui.health.OrgHealth.saveDelaySeconds}), however many tests are
 *       recorded meanwhile, and whatever is pending is written at shutdown. {@link XmlFile} writes through an
 *       {@code AtomicFileWriter}: a crash leaves the old file or the new one, never half of one.
 *   <li>A missing, unreadable or corrupt file is logged and ignored (the status is then empty until the next tests,
 *       as before this file existed); so is an entry this version cannot read. It never stops Jenkins from starting.
 *   <li>Entries of removed credentials are dropped: at once when the plugin removes the org, otherwise by the health
 *       check's next run after a credential store changed (or after the start), even when the periodic test is off.
 * </ul>
 */
@Extension
@Restricted(NoExternalUse.class)
public class OrgHealth implements Saveable {
    private static final Logger LOG = Logger.getLogger(OrgHealth.class.getName());
    /** Seconds between a change and its save, by default. */
    public static final int DEFAULT_SAVE_DELAY_SECONDS = 10;

    /** A tested org: where it lives, its id, and the last result. */
    public record Entry(String key, String storeName, String id, ConnectionTest last) {}

    private final Map<String, Entry> last = new ConcurrentHashMap<>();
    private final AtomicBoolean saveScheduled = new AtomicBoolean();
    /** Whether the map holds changes not yet written. */
    private volatile boolean dirty;
    /** Whether the file was read (or found missing or unreadable). */
    private volatile boolean loaded;
    /** Whether entries of removed credentials may be left: at start, and after a credential store changed. */
    private final AtomicBoolean pruneWanted = new AtomicBoolean(true);

    @NonNull
    public static OrgHealth get() {
        return ExtensionList.lookupSingleton(OrgHealth.class);
    }

    /** Records a test result. */
    public void record(@NonNull String key, @NonNull String storeName, @NonNull String id, @NonNull ConnectionTest t) {
        load();
        last.put(key, new Entry(key, storeName, id, t));
        changed();
    }

    /** The last result for the org with this key, or null when it was never tested. */
    @CheckForNull
    public ConnectionTest lastOf(@NonNull String key) {
        load();
        Entry e = last.get(key);
        return e == null ? null : e.last();
    }

    /** When the org with this key was last tested, or {@link Instant#MIN} when never. */
    @NonNull
    Instant lastCheckedAt(@NonNull String key) {
        ConnectionTest t = lastOf(key);
        return t == null ? Instant.MIN : t.checkedAt();
    }

    /** Forgets the orgs whose keys are not in {@code keep} (removed credentials). */
    void retainOnly(@NonNull Set<String> keep) {
        load();
        if (last.keySet().retainAll(keep)) {
            changed();
        }
    }

    /** Forgets one org. */
    public void forget(@NonNull String key) {
        load();
        if (last.remove(key) != null) {
            changed();
        }
    }

    /** Whether entries of removed credentials may be left over; asking clears the flag (the caller prunes). */
    boolean takePruneRequest() {
        return pruneWanted.getAndSet(false);
    }

    /** Whether any org has a recorded status. */
    boolean isEmpty() {
        load();
        return last.isEmpty();
    }

    /**
     * The orgs whose credential no longer authenticates: the last test failed for a lasting reason (not an outage
     * or a rate limit, which {@link io.jenkins.plugins.salesforce.core.Reason#isTransient()} marks), sorted by key.
     */
    @NonNull
    public Map<String, Entry> failing() {
        load();
        Map<String, Entry> out = new TreeMap<>();
        for (Entry e : last.values()) {
            if (!e.last().ok() && !e.last().reason().isTransient()) {
                out.put(e.key(), e);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------- persistence

    /** {@code $JENKINS_HOME/io.jenkins.plugins.salesforce.ui.health.OrgHealth.xml}. */
    @NonNull
    XmlFile getConfigFile() {
        return new XmlFile(XSTREAM, new File(Jenkins.get().getRootDir(), OrgHealth.class.getName() + ".xml"));
    }

    private static final XStream2 XSTREAM = new XStream2();

    static {
        XSTREAM.alias("salesforce-org-health", Stored.class);
        XSTREAM.alias("org", StoredTest.class);
    }

    /** Reads the file once; a missing, unreadable or corrupt file leaves the status empty. */
    private void load() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (loaded) {
                return;
            }
            if (Jenkins.getInstanceOrNull() == null) {
                return; // no Jenkins (yet): read it on a later call
            }
            loaded = true;
            XmlFile file = getConfigFile();
            if (!file.exists()) {
                return;
            }
            Object read;
            try {
                read = file.read();
            } catch (IOException | RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "Ignoring the Salesforce org health status in " + file
                                + ", which cannot be read; the health check fills it again.",
                        e);
                return;
            }
            if (!(read instanceof Stored stored)) {
                LOG.log(Level.WARNING, "Ignoring the Salesforce org health status in {0}: not a status file.", file);
                return;
            }
            if (stored.version > Stored.VERSION) {
                LOG.log(
                        Level.INFO,
                        "{0} was written by a newer version of the plugin; reading what this one knows.",
                        file);
            }
            int skipped = 0;
            for (StoredTest s : stored.orgs == null ? List.<StoredTest>of() : stored.orgs) {
                Entry e = s == null ? null : s.toEntry();
                if (e == null) {
                    skipped++;
                } else {
                    last.putIfAbsent(e.key(), e); // a test recorded before the load is newer
                }
            }
            if (skipped > 0) {
                LOG.log(
                        Level.WARNING,
                        "Ignored {0} unreadable entries of the Salesforce org health status in {1}.",
                        new Object[] {skipped, file});
            }
        }
    }

    private static int saveDelaySeconds() {
        return Math.max(
                0,
                SystemProperties.getInteger(
                        OrgHealth.class.getName() + ".saveDelaySeconds", DEFAULT_SAVE_DELAY_SECONDS));
    }

    /** Marks the status changed and schedules one save, unless one is already scheduled. */
    private void changed() {
        dirty = true;
        if (saveScheduled.compareAndSet(false, true)) {
            try {
                Timer.get().schedule(this::saveScheduled, saveDelaySeconds(), TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                saveScheduled.set(false); // the timer is gone (shutting down): the terminator writes it
            }
        }
    }

    private void saveScheduled() {
        saveScheduled.set(false);
        flush();
    }

    /** Writes the status now if it changed since the last write; a failure is logged and retried by the next save. */
    void flush() {
        if (!dirty
                || Jenkins.getInstanceOrNull() == null
                || !ExtensionList.lookup(OrgHealth.class).contains(this)) {
            return; // nothing new, or this is a Jenkins that has stopped (tests start several in one JVM)
        }
        try {
            save();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not save the Salesforce org health status", e);
        }
    }

    /** Writes the status now (atomically: {@link XmlFile} writes a temporary file and moves it in place). */
    @Override
    public synchronized void save() throws IOException {
        load();
        dirty = false;
        Stored s = new Stored();
        for (Entry e : new TreeMap<>(last).values()) {
            s.orgs.add(StoredTest.of(e));
        }
        try {
            getConfigFile().write(s);
        } catch (IOException | RuntimeException e) {
            dirty = true; // written by the next change's save, or at shutdown
            throw e;
        }
    }

    /** Writes what is pending when Jenkins stops. */
    @Terminator
    public static void saveOnShutdown() {
        ExtensionList<OrgHealth> all = ExtensionList.lookup(OrgHealth.class);
        if (!all.isEmpty()) {
            all.get(0).flush();
        }
    }

    /** The file: a version and one {@link StoredTest} per org. */
    static final class Stored {
        /** The format written by this version. */
        static final int VERSION = 1;

        int version = VERSION;
        List<StoredTest> orgs = new ArrayList<>();
    }

    /**
     * One entry as written: plain fields (XStream cannot set a record's components), the instant as ISO-8601, the org
     * type as its label and the reason as its name. No secret: see the class comment.
     */
    static final class StoredTest {
        String key;
        String store;
        String id;
        /** The reference that was tested, as given. */
        String ref;

        boolean ok;
        String checkedAt;
        String orgId;
        String username;
        String orgType;
        String reason;
        String message;
        String salesforceError;
        String fix;

        static StoredTest of(Entry e) {
            ConnectionTest t = e.last();
            StoredTest s = new StoredTest();
            s.key = e.key();
            s.store = e.storeName();
            s.id = e.id();
            s.ref = t.org();
            s.ok = t.ok();
            s.checkedAt = t.checkedAt().toString();
            s.orgId = t.orgId();
            s.username = t.username();
            s.orgType = t.orgType() == null ? null : t.orgType().label();
            s.reason = t.reason() == null ? null : t.reason().name();
            s.message = t.message();
            s.salesforceError = t.salesforceError();
            s.fix = t.fix();
            return s;
        }

        /** The entry, or null when a field this version needs is missing or unknown. */
        @CheckForNull
        Entry toEntry() {
            if (key == null || store == null || id == null || checkedAt == null) {
                return null;
            }
            try {
                ConnectionTest t = new ConnectionTest(
                        ref,
                        ok,
                        Instant.parse(checkedAt),
                        orgId,
                        username,
                        orgType == null ? null : OrgType.parse(orgType),
                        reason == null ? null : Reason.valueOf(reason),
                        message,
                        salesforceError,
                        fix);
                return new Entry(key, store, id, t);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    // -------------------------------------------------------------------------------- removed credentials

    /** Asks for a prune when something holding a credential store is saved (the system credentials, a folder...). */
    @Extension
    @Restricted(NoExternalUse.class)
    public static final class StoreChanges extends SaveableListener {
        @Override
        public void onChange(Saveable o, XmlFile file) {
            if (SalesforceService.holdsCredentialStore(o)) {
                pruneLater();
            }
        }
    }

    private static void pruneLater() {
        ExtensionList<OrgHealth> all = ExtensionList.lookup(OrgHealth.class);
        if (!all.isEmpty()) {
            all.get(0).pruneWanted.set(true);
        }
    }

    /** Asks for a prune when a folder (with its credential store) is deleted or moved. */
    @Extension
    @Restricted(NoExternalUse.class)
    public static final class FolderChanges extends ItemListener {
        @Override
        public void onDeleted(Item item) {
            if (item instanceof ItemGroup<?>) {
                pruneLater();
            }
        }

        @Override
        public void onLocationChanged(Item item, String oldFullName, String newFullName) {
            if (item instanceof ItemGroup<?>) {
                pruneLater();
            }
        }
    }
}
