package io.jenkins.plugins.salesforce.ui.health;

import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.orgs.CredentialExpiry;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The orgs whose credential expires within {@code expiryWarningDays} of {@link SalesforceConfiguration} (or has
 * expired), for {@link OrgHealthMonitor}: every org of the system store and of every folder's store whose expiry is
 * known ({@link CredentialsOrgStore#expiries()}: an auth URL's refresh token policy, a JWT credential's certificate),
 * with the core's warning ({@link CredentialExpiry#warning}). Nothing is stored: the list is worked out from the
 * credentials and the last grants, at most once a minute (the monitor is asked on every page an administrator opens).
 */
@Restricted(NoExternalUse.class)
public final class ExpiryWarnings {
    private static final Duration FRESH = Duration.ofMinutes(1);

    /** An org named by the monitor: its store ({@code system} or the folder's full name), its id, and the warning. */
    public record Warning(String storeName, String id, String message) {}

    private static volatile List<Warning> last = List.of();
    private static volatile Instant lastAt = Instant.MIN;

    private ExpiryWarnings() {}

    /** The warnings, as worked out less than a minute ago. */
    @NonNull
    public static List<Warning> current() {
        Instant now = Instant.now();
        if (lastAt.plus(FRESH).isBefore(now) || lastAt.isAfter(now)) {
            last = scan(now);
            lastAt = now;
        }
        return last;
    }

    /** Works the warnings out again at the next {@link #current()} (after a change the monitor must show at once). */
    public static void refresh() {
        lastAt = Instant.MIN;
    }

    /** The warnings at {@code now}, sorted by store (the system's first) and id. */
    @NonNull
    @SuppressWarnings("try")
    static List<Warning> scan(@NonNull Instant now) {
        Duration warnBefore = Duration.ofDays(SalesforceConfiguration.get().getExpiryWarningDays());
        List<Warning> out = new ArrayList<>();
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            for (CredentialsStore store : SalesforceService.allStores()) {
                String storeName = store.getContext() instanceof Item i ? i.getFullName() : "system";
                for (Map.Entry<String, CredentialExpiry> e :
                        new CredentialsOrgStore(store).expiries().entrySet()) {
                    e.getValue()
                            .warning(now, warnBefore)
                            .ifPresent(w -> out.add(new Warning(storeName, e.getKey(), w)));
                }
            }
        }
        return out;
    }
}
