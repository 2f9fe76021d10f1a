package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.XmlFile;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.ModelObject;
import hudson.model.Saveable;
import hudson.model.listeners.ItemListener;
import hudson.model.listeners.SaveableListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Exactly one default Dev Hub per credential store, whoever wrote the store: this plugin's forms and steps keep the
 * rule as they write, but configuration as code, a hand-edited {@code credentials.xml}, the credentials plugin's XML
 * REST API and CLI, or another plugin's code can leave two credentials of one store marked {@code defaultDevHub}.
 *
 * <p><b>The rule.</b> When a store ({@code Domain.global()}) holds more than one Salesforce credential marked as its
 * default Dev Hub, one keeps the mark and the others lose it, written back to the store:
 * <ol>
 *   <li>the one that a credential form of the current request has just asked for
 *       ({@link #preferOnNextSave}): a new default replaces the old one (logged at INFO), once the new one is saved, so
 *       that the store is never saved without a default;
 *   <li>otherwise the <em>first in the store's order</em> (for configuration as code, the order of the YAML list):
 *       the one lookups already picked, so no build sees a change. This is a repair of a contradiction: it is logged
 *       as a WARNING naming every id and listed on {@link DefaultDevHubMonitor} for the administrators.
 * </ol>
 * Only credentials that this plugin can read count, as in every lookup (a credential with an invalid field is
 * ignored there, with a warning in the log).
 *
 * <p><b>When.</b> After every save of the system store or of a folder ({@link OnSave}: configuration as code, REST,
 * CLI, the UI), and once when Jenkins has loaded everything at startup ({@link OnStartup}), for a
 * {@code credentials.xml} or folder edited by hand. Loading itself changes nothing and never calls Salesforce; the
 * repair is a save afterwards. A folder reloaded from disk at run time ("Reload Configuration from Disk") is repaired
 * at its next save or at the next start; meanwhile its first default is the one used.
 */
@Restricted(NoExternalUse.class)
public final class DefaultDevHubs {
    private static final Logger LOG = Logger.getLogger(DefaultDevHubs.class.getName());

    /** While a store is being repaired: the repair's own saves need no second look. */
    private static final ThreadLocal<Boolean> ENFORCING = new ThreadLocal<>();

    private DefaultDevHubs() {}

    private static final String PREFERRED = DefaultDevHubs.class.getName() + ".preferred";

    /**
     * Records that the credential form of the current request makes {@code id} the store's default Dev Hub, for the
     * check after the store has saved it. Kept only as long as the request.
     */
    static void preferOnNextSave(@NonNull CredentialsStore store, @NonNull String id) {
        Map<String, String> preferred = preferredDefaults(true);
        if (preferred != null) {
            preferred.put(StoreLocks.keyOf(store), id);
        }
    }

    /**
     * The default Dev Hubs asked for by the form of the current request (store key to credentials id), kept as the
     * request's attribute.
     *
     * @param create whether to create the map when the request has none yet
     * @return the map, or null outside a request (or when none was created)
     */
    @CheckForNull
    private static Map<String, String> preferredDefaults(boolean create) {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        if (req == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> map = (Map<String, String>) req.getAttribute(PREFERRED);
        if (map == null && create) {
            map = new HashMap<>();
            req.setAttribute(PREFERRED, map);
        }
        return map;
    }

    /** What one enforcement did: the store, the default kept, the ones cleared, and whether it was a repair. */
    public record Outcome(String store, String kept, List<String> cleared, boolean repair) {
        /** The cleared ids as {@code 'a', 'b'}. */
        public String clearedList() {
            return quoted(cleared);
        }
    }

    /**
     * Applies the rule to one store.
     *
     * @return what was done, or null when the store had at most one default
     */
    @CheckForNull
    static Outcome enforce(@NonNull CredentialsStore store) {
        if (ENFORCING.get() != null) {
            return null;
        }
        List<SalesforceOrgCredentials> defaults = new ArrayList<>();
        for (Credentials c : store.getCredentials(Domain.global())) {
            if (c instanceof SalesforceOrgCredentials s && s.isDefaultDevHub() && readable(s)) {
                defaults.add(s);
            }
        }
        if (defaults.size() < 2) {
            return null;
        }
        Map<String, String> preferences = preferredDefaults(false);
        String preferred = preferences == null ? null : preferences.get(StoreLocks.keyOf(store));
        SalesforceOrgCredentials kept = defaults.stream()
                .filter(c -> c.getId().equals(preferred))
                .findFirst()
                .orElse(defaults.get(0));
        boolean repair = !kept.getId().equals(preferred);
        String where = describe(store.getContext());
        List<String> cleared = new ArrayList<>();
        // Not under the store's lock (StoreLocks): this runs inside the store's own save, which may hold the
        // provider's monitor, while a writer through CredentialsOrgStore holds that lock and waits for the monitor.
        // A concurrent write that marks a default again is looked at after its own save.
        ENFORCING.set(Boolean.TRUE);
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            for (SalesforceOrgCredentials c : defaults) {
                if (c != kept) {
                    store.updateCredentials(Domain.global(), c, withoutDefault(c));
                    cleared.add(c.getId());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Could not clear the default Dev Hub mark of " + (defaults.size() - 1) + " credentials of " + where
                            + "; '" + kept.getId() + "' is the one used",
                    e);
        } finally {
            ENFORCING.remove();
        }
        Outcome outcome = new Outcome(where, kept.getId(), List.copyOf(cleared), repair);
        if (repair) {
            LOG.log(
                    Level.WARNING,
                    "{0} had {1} default Dev Hubs ({2}). Kept ''{3}'', the first in the store''s order, and cleared the"
                            + " default on {4}. Mark only one credential of a store as its default Dev Hub (in"
                            + " configuration as code, defaultDevHub: true on one entry).",
                    new Object[] {
                        where,
                        defaults.size(),
                        quoted(defaults.stream()
                                .map(SalesforceOrgCredentials::getId)
                                .toList()),
                        kept.getId(),
                        quoted(cleared)
                    });
            DefaultDevHubMonitor.get().record(outcome);
        } else {
            LOG.log(Level.INFO, "''{0}'' is now the default Dev Hub of {1}; cleared the default on {2}", new Object[] {
                kept.getId(), where, quoted(cleared)
            });
        }
        return outcome;
    }

    private static boolean readable(SalesforceOrgCredentials c) {
        try {
            OrgCredentialsMapping.toRecord(c);
            return true;
        } catch (SalesforceAuthException e) {
            return false;
        }
    }

    private static Credentials withoutDefault(SalesforceOrgCredentials c) {
        RegisteredOrg org = OrgCredentialsMapping.toRegisteredOrg(c);
        return OrgCredentialsMapping.toCredentials(
                new RegisteredOrg(org.record().withDefaultDevHub(false), org.secret()), c.getScope(), c);
    }

    /** {@code 'a', 'b'}: ids as the log and the monitor list them. */
    static String quoted(List<String> ids) {
        return String.join(", ", ids.stream().map(id -> "'" + id + "'").toList());
    }

    /** "The system credentials" or "folder a/b", as the log and the monitor name a store. */
    static String describe(ModelObject context) {
        return context instanceof Item item
                ? Messages.DefaultDevHubs_Folder(item.getFullName())
                : Messages.DefaultDevHubs_System();
    }

    /** The credential store a saved object holds (the system store, a folder's), or null. */
    @CheckForNull
    private static CredentialsStore storeOf(Saveable saved) {
        if (saved instanceof SystemCredentialsProvider) {
            return SalesforceService.storeOf(Jenkins.get());
        }
        if (saved instanceof Item item && saved instanceof ItemGroup<?>) {
            return SalesforceService.storeOf(item);
        }
        return null;
    }

    /** Applies the rule after a store is saved. */
    @Extension
    @Restricted(NoExternalUse.class)
    public static final class OnSave extends SaveableListener {
        @Override
        public void onChange(Saveable o, XmlFile file) {
            if (ENFORCING.get() != null) {
                return;
            }
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                CredentialsStore store = storeOf(o);
                if (store != null) {
                    enforce(store);
                }
            }
        }
    }

    /** Applies the rule to every store once Jenkins has loaded them at startup. */
    @Extension
    @Restricted(NoExternalUse.class)
    public static final class OnStartup extends ItemListener {
        @Override
        public void onLoaded() {
            try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
                CredentialsStore system = SalesforceService.storeOf(Jenkins.get());
                if (system != null) {
                    enforce(system);
                }
                for (Item item : Jenkins.get().allItems(Item.class)) {
                    if (item instanceof ItemGroup<?>) {
                        CredentialsStore store = SalesforceService.storeOf(item);
                        if (store != null) {
                            enforce(store);
                        }
                    }
                }
            }
        }
    }
}
