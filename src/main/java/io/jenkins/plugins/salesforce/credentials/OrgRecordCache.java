package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.XmlFile;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Saveable;
import hudson.model.listeners.ItemListener;
import hudson.model.listeners.SaveableListener;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The non-secret part of each Salesforce credential of a store (its {@link OrgRecord}), converted once per
 * credential <em>instance</em> instead of on every read. Converting is the expensive part of a lookup (the record's
 * checks: username and URL patterns, URI parsing, the metadata text; about 4 us per credential), and a token request
 * reads the stores several times (docs/performance.md, "Org lookups in Jenkins").
 *
 * <p><b>What is cached, and for whom.</b> Only records, keyed by the credential object itself: no secret (the secret
 * is read from the credential when the token service asks for it, {@link CredentialsOrgStore.Entry#org()}), no
 * list of credentials anyone may see. Every read still asks the store for its current list as the calling thread
 * ({@link CredentialsStore#getCredentials}, which applies the store's own VIEW check), and {@link OrgStoreView} still
 * asks {@code CredentialsProvider.lookupCredentialsIn...} with the view's authentication which of them it may show.
 * So the cache answers "what org is this credential?", never "which credentials may this caller see?": a caller
 * gets exactly the credentials an uncached read would give it.
 *
 * <p><b>Invalidation.</b> The credentials plugin treats a stored credential as immutable (consumer.adoc: "all
 * non-secret properties can be assumed as eager-fetch immutable"): every change path replaces the instance. The UI,
 * REST/CLI {@code config.xml} and this plugin's own writes go through {@link CredentialsStore#updateCredentials}
 * with a new object, {@code addCredentials}/{@code removeCredentials} change the list, and configuration as code
 * and a reload from disk install new objects. A snapshot is therefore used only while the store's current list holds
 * exactly the same instances in the same order (a pointer comparison per credential); otherwise it is rebuilt,
 * converting only the instances it has not seen. On top of that, {@link Invalidation} drops every snapshot when a
 * credential store's owner is saved (the system credentials, a folder, a user) or an item is deleted or moved, which
 * covers a credential edited in place and then saved (a script), and lets removed credentials be collected at once.
 */
@Restricted(NoExternalUse.class)
final class OrgRecordCache {
    /** A converted credential: its record, or null when it could not be converted (logged once). */
    private record Converted(SalesforceOrgCredentials credentials, OrgRecord record) {}

    /** One store's list as last read (every credential, in order) and the conversion of its Salesforce ones. */
    private record Snapshot(List<Credentials> source, Map<Credentials, Converted> converted) {}

    private static final ConcurrentMap<String, Snapshot> SNAPSHOTS = new ConcurrentHashMap<>();

    private OrgRecordCache() {}

    /**
     * The records of the Salesforce credentials in {@code current} (a store's list as just read), in its order, each
     * converted with {@code convert} unless this instance was converted before; credentials {@code convert} refuses
     * (it throws {@link SalesforceAuthException}) are left out, and {@code refused} is told once per instance.
     */
    @NonNull
    static List<CredentialsOrgStore.Entry> entries(
            @NonNull String storeKey,
            @NonNull List<Credentials> current,
            @NonNull Function<SalesforceOrgCredentials, OrgRecord> convert,
            @NonNull BiConsumer<SalesforceOrgCredentials, SalesforceAuthException> refused) {
        Snapshot old = SNAPSHOTS.get(storeKey);
        Snapshot now =
                old != null && sameInstances(old.source(), current) ? old : rebuild(old, current, convert, refused);
        if (now != old) {
            SNAPSHOTS.put(storeKey, now);
        }
        List<CredentialsOrgStore.Entry> out = new ArrayList<>();
        for (Credentials c : now.source()) {
            Converted v = now.converted().get(c);
            if (v != null && v.record() != null) {
                out.add(new CredentialsOrgStore.Entry(v.credentials(), v.record()));
            }
        }
        return out;
    }

    private static boolean sameInstances(List<Credentials> a, List<Credentials> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static Snapshot rebuild(
            Snapshot old,
            List<Credentials> current,
            Function<SalesforceOrgCredentials, OrgRecord> convert,
            BiConsumer<SalesforceOrgCredentials, SalesforceAuthException> refused) {
        Map<Credentials, Converted> converted = new IdentityHashMap<>();
        for (Credentials c : current) {
            if (!(c instanceof SalesforceOrgCredentials s)) {
                continue;
            }
            Converted known = old == null ? null : old.converted().get(c);
            if (known == null) {
                try {
                    known = new Converted(s, convert.apply(s));
                } catch (SalesforceAuthException e) {
                    refused.accept(s, e);
                    known = new Converted(s, null);
                }
            }
            converted.put(c, known);
        }
        return new Snapshot(Collections.unmodifiableList(new ArrayList<>(current)), converted);
    }

    /** Forgets every snapshot. */
    static void clear() {
        SNAPSHOTS.clear();
    }

    /** How many stores have a snapshot (for tests). */
    static int size() {
        return SNAPSHOTS.size();
    }

    /**
     * Drops the snapshots when something that {@linkplain SalesforceService#holdsCredentialStore holds a credential
     * store} is saved or deleted. Not needed for correctness on the plugin
     * API's change paths (see the class comment); it covers in-place edits and releases removed credentials early.
     * Saves of builds and jobs, by far the most frequent, are ignored.
     */
    @Extension
    @Restricted(NoExternalUse.class)
    public static final class Invalidation extends SaveableListener {
        @Override
        public void onChange(Saveable o, XmlFile file) {
            if (SalesforceService.holdsCredentialStore(o)) {
                clear();
            }
        }

        @Override
        public void onDeleted(Saveable o, XmlFile file) {
            if (SalesforceService.holdsCredentialStore(o)) {
                clear();
            }
        }
    }

    /** Drops the snapshots when an item (a folder with a credential store) is deleted, renamed or moved. */
    @Extension
    @Restricted(NoExternalUse.class)
    public static final class ItemInvalidation extends ItemListener {
        @Override
        public void onDeleted(Item item) {
            if (item instanceof ItemGroup<?>) {
                clear();
            }
        }

        @Override
        public void onLocationChanged(Item item, String oldFullName, String newFullName) {
            if (item instanceof ItemGroup<?>) {
                clear();
            }
        }
    }
}
