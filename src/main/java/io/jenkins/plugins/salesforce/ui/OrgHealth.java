package io.jenkins.plugins.salesforce.ui;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The last connection test of every org, in memory: what the health check, the REST test-connection action and the
 * CLI's {@code salesforce-test} found. Keyed like the token cache ({@code OrgStore.tokenCacheKey}: the credential store
 * and the credentials id), so that a folder's {@code prod} and the system's {@code prod} have their own status.
 * Holds {@link ConnectionTest}s only, which carry no secret. Lost on restart: the health check fills it again.
 */
@Extension
@Restricted(NoExternalUse.class)
public class OrgHealth {
    /** A tested org: where it lives, its id, and the last result. */
    public record Entry(String key, String storeName, String id, ConnectionTest last) {}

    private final Map<String, Entry> last = new ConcurrentHashMap<>();

    @NonNull
    public static OrgHealth get() {
        return ExtensionList.lookupSingleton(OrgHealth.class);
    }

    /** Records a test result. */
    public void record(@NonNull String key, @NonNull String storeName, @NonNull String id, @NonNull ConnectionTest t) {
        last.put(key, new Entry(key, storeName, id, t));
    }

    /** The last result for the org with this key, or null when it was never tested. */
    @CheckForNull
    public ConnectionTest lastOf(@NonNull String key) {
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
        last.keySet().retainAll(keep);
    }

    /** Forgets one org. */
    void forget(@NonNull String key) {
        last.remove(key);
    }

    /**
     * The orgs whose credential no longer authenticates: the last test failed for a lasting reason (not an outage
     * or a rate limit, which {@link io.jenkins.plugins.salesforce.core.Reason#isTransient()} marks), sorted by key.
     */
    @NonNull
    public Map<String, Entry> failing() {
        Map<String, Entry> out = new TreeMap<>();
        for (Entry e : last.values()) {
            if (!e.last().ok() && !e.last().reason().isTransient()) {
                out.put(e.key(), e);
            }
        }
        return out;
    }
}
