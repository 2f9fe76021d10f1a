package io.jenkins.plugins.salesforce.ui.health;

import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.AsyncPeriodicWork;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.ModelObject;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.SystemProperties;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The health check: tests the connection of every registered org (the system store and every folder's store) once
 * per {@code healthCheckIntervalMinutes} of {@link SalesforceConfiguration} (0 turns it off), and keeps the results
 * in {@link OrgHealth} for the Salesforce Orgs page and {@link OrgHealthMonitor}.
 *
 * <p><b>Rate limit.</b> It wakes every minute and tests at most {@value #DEFAULT_MAX_PER_RUN} orgs per run (system
 * property {@code io.jenkins.plugins.salesforce.ui.health.OrgHealthCheck.maxPerRun}), those not tested for the longest
 * first, one after the other. A hundred orgs are thus spread over twenty minutes, and a change of the interval takes
 * effect at the next minute. Each test is one fresh grant (the token then serves builds from the cache).
 *
 * <p><b>After a restart.</b> {@link OrgHealth} keeps each org's last test in {@code JENKINS_HOME}, so an org tested
 * within the interval before the restart is not due again at boot; orgs that are due (never tested, or the controller
 * was down longer than the interval) are tested at most {@link #maxPerRun()} a minute as always, longest untested
 * first. The first run also drops the status of credentials removed meanwhile, even when the check is off.
 */
@Extension
@Restricted(NoExternalUse.class)
public class OrgHealthCheck extends AsyncPeriodicWork {
    private static final Logger LOG = Logger.getLogger(OrgHealthCheck.class.getName());
    /** Orgs tested per run by default. */
    public static final int DEFAULT_MAX_PER_RUN = 5;

    public OrgHealthCheck() {
        super("Salesforce org health check");
    }

    @NonNull
    public static OrgHealthCheck get() {
        return ExtensionList.lookupSingleton(OrgHealthCheck.class);
    }

    @Override
    public long getRecurrencePeriod() {
        return TimeUnit.MINUTES.toMillis(1);
    }

    static int maxPerRun() {
        return Math.max(
                1, SystemProperties.getInteger(OrgHealthCheck.class.getName() + ".maxPerRun", DEFAULT_MAX_PER_RUN));
    }

    @Override
    protected void execute(TaskListener listener) {
        int tested = runOnce(Instant.now());
        if (tested > 0 && Jenkins.getInstanceOrNull() != null) { // the task's log lives in JENKINS_HOME
            listener.getLogger().println("Tested " + tested + " Salesforce orgs.");
        }
    }

    /** An org due for a test: its store, its id, its key in {@link OrgHealth}, when it was last tested. */
    private record Due(CredentialsStore store, String storeName, String id, String key, Instant last) {}

    /**
     * Tests the orgs that are due at {@code now}, at most {@link #maxPerRun()}, longest untested first.
     *
     * @return how many orgs were tested
     */
    @SuppressWarnings("try")
    int runOnce(@NonNull Instant now) {
        int minutes = SalesforceConfiguration.get().getHealthCheckIntervalMinutes();
        OrgHealth health = OrgHealth.get();
        boolean prune = health.takePruneRequest();
        if (minutes <= 0) {
            // Off: test nothing, but still drop the status of removed credentials (kept from before the restart, or
            // recorded by a test connection), so that the monitor does not name an org that no longer exists.
            if (prune && !health.isEmpty()) {
                health.retainOnly(registeredOrgs().keySet());
            }
            return 0;
        }
        Duration interval = Duration.ofMinutes(minutes);
        SalesforceService service = SalesforceService.get();
        List<Due> due = new ArrayList<>();
        Map<String, Due> registered = registeredOrgs();
        for (Due d : registered.values()) {
            Instant last = health.lastCheckedAt(d.key());
            // Due when never tested, when the interval has passed, or when the last test claims to lie further in the
            // future than one interval (a clock that was wrong): such a date would otherwise postpone it for ever.
            if (last.equals(Instant.MIN) || !last.plus(interval).isAfter(now) || last.isAfter(now.plus(interval))) {
                due.add(new Due(d.store(), d.storeName(), d.id(), d.key(), last));
            }
        }
        health.retainOnly(registered.keySet());
        due.sort(Comparator.comparing(Due::last).thenComparing(Due::key));
        int n = 0;
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            for (Due d : due.subList(0, Math.min(due.size(), maxPerRun()))) {
                try {
                    ConnectionTest t = service.tokensIn(d.store()).testConnection(d.id());
                    health.record(d.key(), d.storeName(), d.id(), t);
                } catch (RuntimeException e) {
                    // A refusal is a result, not an exception; this is the store failing (the next org still runs).
                    LOG.log(Level.WARNING, "Could not test Salesforce org " + d.key(), e);
                }
                n++;
            }
        }
        return n;
    }

    /** Every registered org of every store (the system's and every folder's), by its key in {@link OrgHealth}. */
    @SuppressWarnings("try")
    private static Map<String, Due> registeredOrgs() {
        SalesforceService service = SalesforceService.get();
        Map<String, Due> out = new LinkedHashMap<>();
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            for (ModelObject context : contexts()) {
                CredentialsStore store = SalesforceService.storeOf(context);
                if (store == null) {
                    continue;
                }
                OrgStore orgs = service.orgStore(store);
                String storeName = context instanceof Item i ? i.getFullName() : "system";
                for (OrgRecord r : orgs.list()) {
                    String key = orgs.tokenCacheKey(r.id());
                    out.putIfAbsent(key, new Due(store, storeName, r.id(), key, Instant.MIN));
                }
            }
        }
        return out;
    }

    /** Jenkins and every folder-like item, whose credential stores hold orgs. */
    private static List<ModelObject> contexts() {
        List<ModelObject> out = new ArrayList<>();
        Jenkins j = Jenkins.get();
        out.add(j);
        for (Item i : j.allItems()) {
            if (i instanceof ItemGroup<?>) {
                out.add(i);
            }
        }
        return out;
    }
}
