package io.jenkins.plugins.salesforce.ui.health;

import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.model.AsyncPeriodicWork;
import hudson.model.Item;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import io.jenkins.plugins.salesforce.credentials.LastGrants;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The health check of the registered orgs, and the last connection test of every org: what the check, the REST
 * test-connection action and the CLI's {@code salesforce-test} found, for the Salesforce Orgs page and
 * {@link OrgHealthMonitor}. Keyed like the token cache ({@code OrgStore.tokenCacheKey}: the credential store and the
 * credentials id), so that a folder's {@code prod} and the system's {@code prod} have their own status.
 *
 * <p><b>The check</b> tests every org of the system store and of every folder's store once per
 * {@code healthCheckIntervalMinutes} of {@link SalesforceConfiguration} (0 turns it off). It wakes every minute and
 * tests at most {@value #DEFAULT_MAX_PER_RUN} orgs (system property
 * {@code io.jenkins.plugins.salesforce.ui.health.OrgHealth.maxPerRun}), those not tested for the longest first, one
 * after the other: a hundred orgs are spread over twenty minutes. Each test is one fresh grant (the token then serves
 * builds from the cache).
 *
 * <p><b>The status</b> is saved after every change in
 * {@code $JENKINS_HOME/io.jenkins.plugins.salesforce.ui.health.OrgHealth.xml} ({@link XmlFile} writes atomically), so
 * that after a restart the page shows each org's last status, the monitor still names the orgs that no longer
 * authenticate, and an org tested shortly before is not due again at boot. Only the tests' outcomes are written,
 * which carry no secret: the org's reference, ids, username, the core's reason, message and fix, and Salesforce's
 * error as the core scrubbed it (a secret-shaped word Salesforce echoes back is {@code [redacted]}). A file that
 * cannot be read is logged and ignored: the status starts empty, and never stops Jenkins from starting.
 */
@Extension
@Restricted(NoExternalUse.class)
public class OrgHealth extends AsyncPeriodicWork {
    private static final Logger LOG = Logger.getLogger(OrgHealth.class.getName());
    private static final int DEFAULT_MAX_PER_RUN = 5;

    private final Map<String, Entry> orgs = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public OrgHealth() {
        super("Salesforce org health check");
        XmlFile file = getConfigFile();
        if (file.exists()) {
            try {
                orgs.putAll((Map<String, Entry>) file.read());
                orgs.values().removeIf(e -> !e.readable()); // entries this version cannot read
            } catch (IOException | RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "Ignoring the Salesforce org health status in " + file
                                + ", which cannot be read; the health check fills it again.",
                        e);
                orgs.clear();
            }
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
    private static String keyOf(@NonNull CredentialsStore store, @NonNull String id) {
        return new CredentialsOrgStore(store).tokenCacheKey(id);
    }

    /** Records a test result of the org {@code id} of {@code store}. */
    public void record(@NonNull CredentialsStore store, @NonNull String id, @NonNull ConnectionTest t) {
        String storeName = store.getContext() instanceof Item i ? i.getFullName() : "system";
        orgs.put(keyOf(store, id), new Entry(storeName, id, t));
        save();
    }

    /** The last result for the org {@code id} of {@code store}, or null when it was never tested. */
    @CheckForNull
    public ConnectionTest lastOf(@NonNull CredentialsStore store, @NonNull String id) {
        Entry e = orgs.get(keyOf(store, id));
        return e == null ? null : e.last();
    }

    /** Forgets one org. */
    public void forget(@NonNull CredentialsStore store, @NonNull String id) {
        if (orgs.remove(keyOf(store, id)) != null) {
            save();
        }
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

    // ------------------------------------------------------------------------------------------------ the check

    @Override
    public long getRecurrencePeriod() {
        return TimeUnit.MINUTES.toMillis(1);
    }

    static int maxPerRun() {
        return Math.max(1, SystemProperties.getInteger(OrgHealth.class.getName() + ".maxPerRun", DEFAULT_MAX_PER_RUN));
    }

    @Override
    protected void execute(TaskListener listener) {
        int tested = runOnce(Instant.now());
        if (tested > 0 && Jenkins.getInstanceOrNull() != null) { // the task's log lives in JENKINS_HOME
            listener.getLogger().println("Tested " + tested + " Salesforce orgs.");
        }
    }

    /** A registered org: its store, its id, and its key in the status. */
    private record Org(CredentialsStore store, String id, String key) {}

    /**
     * Tests the orgs that are due at {@code now}, at most {@link #maxPerRun()}, longest untested first. Every run,
     * even with the check off, drops the status of credentials removed outside the plugin (the credentials page,
     * configuration as code, a script), so that the monitor does not name an org that no longer exists, and their
     * last grants ({@link LastGrants}).
     *
     * @return how many orgs were tested
     */
    @SuppressWarnings("try")
    int runOnce(@NonNull Instant now) {
        Duration interval = Duration.ofMinutes(SalesforceConfiguration.get().getHealthCheckIntervalMinutes());
        boolean off = !interval.isPositive();
        if (off && orgs.isEmpty() && LastGrants.get().isEmpty()) {
            return 0;
        }
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            Map<String, Org> registered = registeredOrgs();
            if (orgs.keySet().retainAll(registered.keySet())) {
                save();
            }
            LastGrants.get().retainAll(registered.keySet());
            if (off) {
                return 0;
            }
            // Due when never tested, when the interval has passed, or when the last test claims to lie further in the
            // future than one interval (a clock that was wrong): such a date would otherwise postpone it for ever.
            List<Org> due = registered.values().stream()
                    .filter(o -> {
                        Instant last = lastCheckedAt(o.key());
                        return !last.plus(interval).isAfter(now) || last.isAfter(now.plus(interval));
                    })
                    .sorted(Comparator.comparing((Org o) -> lastCheckedAt(o.key())).thenComparing(Org::key))
                    .limit(maxPerRun())
                    .toList();
            for (Org o : due) {
                try {
                    record(o.store(), o.id(), check(o, now));
                } catch (RuntimeException e) {
                    // A refusal is a result, not an exception; this is the store failing (the next org still runs).
                    LOG.log(Level.WARNING, "Could not test Salesforce org " + o.key(), e);
                }
            }
            return due.size();
        }
    }

    /**
     * A fresh grant for an org with a secret. A JIT sandbox is checked without logging in to it, since each sandbox
     * login may cost the sandbox user a connected-app approval: its production org must answer and the sandbox must
     * be ready there (the production org's own entry tests its credential with a fresh grant).
     */
    private static ConnectionTest check(Org o, Instant now) {
        CredentialsOrgStore orgs = new CredentialsOrgStore(o.store());
        OrgRecord r = orgs.findById(o.id()).orElse(null);
        if (r == null || !r.isJitSandbox()) {
            return CredentialsOrgStore.tokens(o.store()).testConnection(o.id());
        }
        try {
            String orgId = CredentialsOrgStore.checkJitSandbox(o.store(), r);
            return ConnectionTest.sandboxReady(o.id(), now, orgId, r.username());
        } catch (SalesforceAuthException e) {
            return ConnectionTest.failed(o.id(), now, e);
        }
    }

    /** Every registered org of the system store and of every folder's store, by its key in the status. */
    private static Map<String, Org> registeredOrgs() {
        Map<String, Org> out = new LinkedHashMap<>();
        for (CredentialsStore store : SalesforceService.allStores()) {
            for (OrgRecord r : new CredentialsOrgStore(store).list()) {
                String key = keyOf(store, r.id());
                out.putIfAbsent(key, new Org(store, r.id(), key));
            }
        }
        return out;
    }

    /** When the org with this key was last tested, or {@link Instant#MIN} when never. */
    private Instant lastCheckedAt(String key) {
        Entry e = orgs.get(key);
        return e == null ? Instant.MIN : e.checkedAt();
    }

    // ------------------------------------------------------------------------------------------------ the file

    @NonNull
    XmlFile getConfigFile() {
        return new XmlFile(new File(Jenkins.get().getRootDir(), OrgHealth.class.getName() + ".xml"));
    }

    /** Writes the status; a failure is logged (the status in memory stays, and the next change writes it again). */
    private synchronized void save() {
        try {
            getConfigFile().write(new TreeMap<>(orgs));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not save the Salesforce org health status", e);
        }
    }
}
