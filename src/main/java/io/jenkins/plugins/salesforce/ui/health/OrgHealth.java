package io.jenkins.plugins.salesforce.ui.health;

import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.model.Item;
import hudson.model.Saveable;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The last connection test of every org: what the health check, the REST test-connection action and the CLI's
 * {@code salesforce-test} found. Keyed like the token cache ({@code OrgStore.tokenCacheKey}: the credential store
 * and the credentials id), so that a folder's {@code prod} and the system's {@code prod} have their own status.
 *
 * <p>Saved after every change, as Jenkins saves its own objects, in
 * {@code $JENKINS_HOME/io.jenkins.plugins.salesforce.ui.health.OrgHealth.xml} ({@link XmlFile} writes atomically), so
 * that after a restart the Salesforce Orgs page shows each org's last status, {@link OrgHealthMonitor} still names the
 * orgs that no longer authenticate, and {@link OrgHealthCheck} does not test again at boot what it tested recently.
 * Only the tests' outcomes are written, which carry no secret: the org's reference, ids, username, the core's reason,
 * message and fix, and Salesforce's error as the core scrubbed it (a secret-shaped word Salesforce echoes back is
 * {@code [redacted]}). A file that cannot be read is logged and ignored: the status starts empty, and never stops
 * Jenkins from starting.
 */
@Extension
@Restricted(NoExternalUse.class)
public class OrgHealth implements Saveable {
    private static final Logger LOG = Logger.getLogger(OrgHealth.class.getName());

    private final Map<String, Entry> orgs = new ConcurrentHashMap<>();

    public OrgHealth() {
        XmlFile file = getConfigFile();
        if (file.exists()) {
            try {
                file.unmarshal(this);
            } catch (IOException | RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "Ignoring the Salesforce org health status in " + file
                                + ", which cannot be read; the health check fills it again.",
                        e);
            }
            orgs.values().removeIf(e -> !e.readable()); // entries this version cannot read
        }
    }

    @NonNull
    public static OrgHealth get() {
        return ExtensionList.lookupSingleton(OrgHealth.class);
    }

    /**
     * A tested org: its store ({@code system} or the folder's full name), its id, and its last test. Plain fields,
     * since XStream cannot set a record's, and the instant as text, which Jenkins' XStream refuses: see the class
     * comment for why none is secret.
     */
    public static final class Entry {
        private final String storeName;
        private final String id;
        private final String org;
        private final boolean ok;
        private final String checkedAt;
        private final String orgId;
        private final String username;
        private final OrgType orgType;
        private final Reason reason;
        private final String message;
        private final String salesforceError;
        private final String fix;

        Entry(String storeName, String id, ConnectionTest t) {
            this.storeName = storeName;
            this.id = id;
            this.org = t.org();
            this.ok = t.ok();
            this.checkedAt = t.checkedAt().toString();
            this.orgId = t.orgId();
            this.username = t.username();
            this.orgType = t.orgType();
            this.reason = t.reason();
            this.message = t.message();
            this.salesforceError = t.salesforceError();
            this.fix = t.fix();
        }

        public String storeName() {
            return storeName;
        }

        public String id() {
            return id;
        }

        public ConnectionTest last() {
            return new ConnectionTest(
                    org, ok, checkedAt(), orgId, username, orgType, reason, message, salesforceError, fix);
        }

        Instant checkedAt() {
            return Instant.parse(checkedAt);
        }

        private boolean readable() {
            try {
                return storeName != null && id != null && checkedAt() != null && (ok || reason != null);
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    /** The key of an org: the token cache's ({@code OrgStore.tokenCacheKey}) of the store it lives in. */
    @NonNull
    static String keyOf(@NonNull CredentialsStore store, @NonNull String id) {
        return SalesforceService.get().orgStore(store).tokenCacheKey(id);
    }

    /** Records a test result of the org {@code id} of {@code store}. */
    public void record(@NonNull CredentialsStore store, @NonNull String id, @NonNull ConnectionTest t) {
        String storeName = store.getContext() instanceof Item i ? i.getFullName() : "system";
        orgs.put(keyOf(store, id), new Entry(storeName, id, t));
        saveQuietly();
    }

    /** The last result for the org {@code id} of {@code store}, or null when it was never tested. */
    @CheckForNull
    public ConnectionTest lastOf(@NonNull CredentialsStore store, @NonNull String id) {
        Entry e = orgs.get(keyOf(store, id));
        return e == null ? null : e.last();
    }

    /** When the org with this key was last tested, or {@link Instant#MIN} when never. */
    @NonNull
    Instant lastCheckedAt(@NonNull String key) {
        Entry e = orgs.get(key);
        return e == null ? Instant.MIN : e.checkedAt();
    }

    /** Forgets the orgs whose keys are not in {@code keep} (removed credentials). */
    void retainOnly(@NonNull Set<String> keep) {
        if (orgs.keySet().retainAll(keep)) {
            saveQuietly();
        }
    }

    /** Forgets one org. */
    public void forget(@NonNull CredentialsStore store, @NonNull String id) {
        if (orgs.remove(keyOf(store, id)) != null) {
            saveQuietly();
        }
    }

    boolean isEmpty() {
        return orgs.isEmpty();
    }

    /**
     * The orgs whose credential no longer authenticates, sorted by key: the last test failed for a lasting reason
     * (not an outage or a rate limit, which {@link Reason#isTransient()} marks).
     */
    @NonNull
    public List<Entry> failing() {
        return new TreeMap<>(orgs)
                .values().stream()
                        .filter(e -> !e.ok && !e.reason.isTransient())
                        .toList();
    }

    @NonNull
    XmlFile getConfigFile() {
        return new XmlFile(new File(Jenkins.get().getRootDir(), OrgHealth.class.getName() + ".xml"));
    }

    @Override
    public synchronized void save() throws IOException {
        getConfigFile().write(this);
    }

    /** Saves; a failure is logged (the status in memory stays, and the next change writes it again). */
    private void saveQuietly() {
        try {
            save();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not save the Salesforce org health status", e);
        }
    }
}
