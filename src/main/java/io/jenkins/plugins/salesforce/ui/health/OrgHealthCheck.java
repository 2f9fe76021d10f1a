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
 * within the interval before the restart is not due again at boot.
 */
@Extension
@Restricted(NoExternalUse.class)
public class OrgHealthCheck extends AsyncPeriodicWork {
    private static final Logger LOG = Logger.getLogger(OrgHealthCheck.class.getName());
    private static final int DEFAULT_MAX_PER_RUN = 5;

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

    /** A registered org: its store, its id, and its key in {@link OrgHealth}. */
    private record Org(CredentialsStore store, String id, String key) {}

    /**
     * Tests the orgs that are due at {@code now}, at most {@link #maxPerRun()}, longest untested first. Every run,
     * even with the check off, drops the status of credentials removed outside the plugin (the credentials page,
     * configuration as code, a script), so that the monitor does not name an org that no longer exists.
     *
     * @return how many orgs were tested
     */
    @SuppressWarnings("try")
    int runOnce(@NonNull Instant now) {
        Duration interval = Duration.ofMinutes(SalesforceConfiguration.get().getHealthCheckIntervalMinutes());
        OrgHealth health = OrgHealth.get();
        boolean off = !interval.isPositive();
        if (off && health.isEmpty()) {
            return 0;
        }
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            Map<String, Org> registered = registeredOrgs();
            health.retainOnly(registered.keySet());
            if (off) {
                return 0;
            }
            // Due when never tested, when the interval has passed, or when the last test claims to lie further in the
            // future than one interval (a clock that was wrong): such a date would otherwise postpone it for ever.
            List<Org> due = registered.values().stream()
                    .filter(o -> {
                        Instant last = health.lastCheckedAt(o.key());
                        return !last.plus(interval).isAfter(now) || last.isAfter(now.plus(interval));
                    })
                    .sorted(Comparator.comparing((Org o) -> health.lastCheckedAt(o.key()))
                            .thenComparing(Org::key))
                    .limit(maxPerRun())
                    .toList();
            for (Org o : due) {
                try {
                    ConnectionTest t = SalesforceService.get().tokensIn(o.store()).testConnection(o.id());
                    health.record(o.store(), o.id(), t);
                } catch (RuntimeException e) {
                    // A refusal is a result, not an exception; this is the store failing (the next org still runs).
                    LOG.log(Level.WARNING, "Could not test Salesforce org " + o.key(), e);
                }
            }
            return due.size();
        }
    }

    /** Every registered org of the system store and of every folder's store, by its key in {@link OrgHealth}. */
    private static Map<String, Org> registeredOrgs() {
        List<ModelObject> contexts = new ArrayList<>(List.of(Jenkins.get()));
        Jenkins.get().allItems(Item.class, i -> i instanceof ItemGroup<?>).forEach(contexts::add);
        Map<String, Org> out = new LinkedHashMap<>();
        for (ModelObject context : contexts) {
            CredentialsStore store = SalesforceService.storeOf(context);
            if (store != null) {
                for (OrgRecord r : SalesforceService.get().orgStore(store).list()) {
                    String key = OrgHealth.keyOf(store, r.id());
                    out.putIfAbsent(key, new Org(store, r.id(), key));
                }
            }
        }
        return out;
    }
}
