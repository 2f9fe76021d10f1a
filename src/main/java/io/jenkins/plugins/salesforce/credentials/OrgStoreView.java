package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.ModelObject;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;

/**
 * The Salesforce orgs a context sees, as one {@link OrgStore} (the "view over several stores" of its contract): the
 * credential stores of the context, nearest first (the folder itself when the context is a folder, its parent
 * folders, then the system store), each read in {@code Domain.global()}.
 *
 * <ul>
 *   <li><b>Visibility.</b> A credential is in the view only if {@link CredentialsProvider} shows its id to the
 *       view's {@link Authentication} in that context ({@code lookupCredentials...}); the stores are read directly
 *       to know which store each org comes from (as the system: visibility is decided by the lookup, not by the
 *       store's VIEW permission). In an item (a job), an authentication that is not SYSTEM but has
 *       Credentials/UseItem there also sees what the item sees, as {@code CredentialsProvider.findCredentialById}
 *       gives a build that runs as a user: this is how a build run as a user (Authorize Project) finds its orgs.
 *   <li><b>References</b> of a credential (a JIT sandbox's production org) resolve from the credential's own store
 *       upward ({@link #scopeOf}), never in a nearer store.
 *   <li><b>Nearest wins.</b> {@code find...} return the nearest store's org; {@link #list()} holds each id once, from
 *       its nearest store; {@link #defaultDevHub()} is the one the nearest store's default Dev Hub setting names.
 *   <li><b>Writes</b> (the token service's bookkeeping: a rotated refresh token, discovered facts) go to the store
 *       the org lives in, as the system (the caller was allowed to use the org). A {@link #save} of an org the view
 *       does not hold goes to the nearest store. Registration from a UI, step or CLI does not come through a view:
 *       it writes to one chosen store ({@code SalesforceService.tokensIn}).
 *   <li><b>Scope.</b> A lookup at the root shows {@link CredentialsScope#SYSTEM} credentials too, which are meant
 *       for Jenkins itself, never for jobs. A view built with {@code systemScope = false} leaves them out, so that a
 *       caller who may only <em>use</em> credentials (a REST client with Credentials/UseItem) sees what a job would.
 *   <li><b>Cache keys</b> carry the store ({@link #tokenCacheKey}), so that two stores' {@code prod} never share a
 *       token.
 *   <li><b>Every read is fresh</b> for what matters to access: the lookup above with the view's authentication, and
 *       each store's current list, read as the calling thread. Only the conversion of a credential instance into its
 *       record is reused ({@link OrgRecordCache}); the secret is read from the credential by {@link #findRegistered}
 *       alone.
 * </ul>
 */
@Restricted(NoExternalUse.class)
public final class OrgStoreView implements OrgStore {
    private final ModelObject context;
    private final Authentication auth;
    private final boolean systemScope;
    private final List<CredentialsOrgStore> stores;

    /** The view with every credential the lookup shows, SYSTEM-scoped ones included where the lookup shows them. */
    public OrgStoreView(@NonNull ModelObject context, @NonNull Authentication auth) {
        this(context, auth, true);
    }

    /**
     * @param systemScope whether {@link CredentialsScope#SYSTEM} credentials belong in the view: only for Jenkins'
     *     own work and for administrators
     */
    public OrgStoreView(@NonNull ModelObject context, @NonNull Authentication auth, boolean systemScope) {
        this(context, auth, systemScope, storesOf(context));
    }

    private OrgStoreView(
            ModelObject context, Authentication auth, boolean systemScope, List<CredentialsOrgStore> stores) {
        this.context = context;
        this.auth = auth;
        this.systemScope = systemScope;
        this.stores = stores;
    }

    private static List<CredentialsOrgStore> storesOf(ModelObject context) {
        List<CredentialsOrgStore> found = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (CredentialsStore s : CredentialsProvider.lookupStores(context)) {
            CredentialsOrgStore orgs = new CredentialsOrgStore(s, true);
            if (keys.add(orgs.key())) {
                found.add(orgs);
            }
        }
        return List.copyOf(found);
    }

    /**
     * The ids of the Salesforce credentials the authentication may use in the context, by the credentials API's own
     * rule for builds ({@code CredentialsProvider.findCredentialById}): the credentials the lookup gives that
     * authentication, and, when it is a user (not the system) who has {@link CredentialsProvider#USE_ITEM} on the
     * context, the credentials the context itself may use. SYSTEM-scoped credentials are never shown to an item, and
     * at the root only when the view was built with {@code systemScope}.
     */
    private Set<String> visibleIds() {
        List<SalesforceOrgCredentials> visible = new ArrayList<>(lookup(auth));
        if (!ACL.SYSTEM2.equals(auth)
                && context instanceof AccessControlled acl
                && acl.hasPermission2(auth, CredentialsProvider.USE_ITEM)) {
            visible.addAll(lookup(ACL.SYSTEM2));
        }
        Set<String> ids = new HashSet<>();
        for (SalesforceOrgCredentials c : visible) {
            if (systemScope || c.getScope() != CredentialsScope.SYSTEM) {
                ids.add(c.getId());
            }
        }
        return ids;
    }

    private List<SalesforceOrgCredentials> lookup(Authentication as) {
        if (context instanceof ItemGroup<?> group) {
            return CredentialsProvider.lookupCredentialsInItemGroup(SalesforceOrgCredentials.class, group, as, List.of());
        }
        if (context instanceof Item item) {
            return CredentialsProvider.lookupCredentialsInItem(SalesforceOrgCredentials.class, item, as, List.of());
        }
        return CredentialsProvider.lookupCredentialsInItemGroup(
                SalesforceOrgCredentials.class, Jenkins.get(), as, List.of());
    }

    /** The visible orgs, each id once from its nearest store, nearest store first. */
    private List<Located> located() {
        Set<String> visible = visibleIds();
        Set<String> seen = new HashSet<>();
        List<Located> out = new ArrayList<>();
        for (CredentialsOrgStore s : stores) {
            for (CredentialsOrgStore.Entry e : s.entries()) {
                String id = e.record().id();
                if (visible.contains(id) && seen.add(id)) {
                    out.add(new Located(s, e));
                }
            }
        }
        return out;
    }

    /** An org of the view and the store it comes from; its secret is read only by {@link #findRegistered}. */
    private record Located(CredentialsOrgStore store, CredentialsOrgStore.Entry entry) {
        OrgRecord record() {
            return entry.record();
        }
    }

    /**
     * The credential behind an org of this view (its nearest store's), for example to record its use with
     * {@code CredentialsProvider.track(run, credential)}; empty when the view has no org with this id.
     */
    public Optional<SalesforceOrgCredentials> credentials(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Set<String> visible = visibleIds();
        if (!visible.contains(id)) {
            return Optional.empty();
        }
        for (CredentialsOrgStore s : stores) {
            Optional<CredentialsOrgStore.Entry> e = s.entry(id);
            if (e.isPresent()) {
                return Optional.of(e.get().credentials());
            }
        }
        return Optional.empty();
    }

    /** The visible org with this id from its nearest store, as {@link #located()} has it, without listing them all. */
    private Optional<Located> locate(String id) {
        if (id == null || !visibleIds().contains(id)) {
            return Optional.empty();
        }
        for (CredentialsOrgStore s : stores) {
            for (CredentialsOrgStore.Entry e : s.entries()) {
                if (e.record().id().equals(id)) {
                    return Optional.of(new Located(s, e));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public List<OrgRecord> list() {
        return located().stream().map(Located::record).toList();
    }

    @Override
    public Optional<OrgRecord> findById(String id) {
        return locate(id).map(Located::record);
    }

    @Override
    public Optional<RegisteredOrg> findRegistered(String id) {
        return locate(id).map(l -> l.entry().org());
    }

    /**
     * The default Dev Hub that the nearest store with a default Dev Hub setting names ({@link DefaultDevHubSetting}),
     * seen as any org of the view: it must be visible here and be that store's own org.
     *
     * @throws SalesforceAuthException NOT_FOUND or WRONG_ORG_TYPE naming the setting, when the nearest setting names
     *     no Dev Hub this view holds (it does not fall back to a store further up)
     */
    @Override
    public Optional<OrgRecord> defaultDevHub() {
        for (CredentialsOrgStore s : stores) {
            String id = s.defaultDevHubId();
            if (id != null) {
                return s.defaultDevHub(locate(id)
                        .filter(l -> l.store() == s)
                        .map(Located::record)
                        .orElse(null));
            }
        }
        return Optional.empty();
    }

    @Override
    public OrgRecord save(RegisteredOrg org) {
        return target(org.id()).save(org);
    }

    @Override
    public OrgRecord update(OrgRecord record) {
        return storeOf(record.id()).update(record);
    }

    @Override
    public Optional<OrgRecord> remove(String id) {
        return locate(id).flatMap(l -> l.store().remove(id));
    }

    @Override
    public OrgRecord setDefaultDevHub(String id) {
        return storeOf(id).setDefaultDevHub(id);
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        return StoreLocks.withLocks(
                stores.stream().map(CredentialsOrgStore::key).toList(), work);
    }

    /** The org's own store and the stores above it, with the same visibility: where its credential's references go. */
    @Override
    public OrgStore scopeOf(String id) {
        return locate(id)
                .map(l -> (OrgStore) new OrgStoreView(
                        context, auth, systemScope, stores.subList(stores.indexOf(l.store()), stores.size())))
                .orElse(this);
    }

    @Override
    public String tokenCacheKey(String id) {
        return locate(id).map(l -> l.store().tokenCacheKey(id)).orElse("?/" + id);
    }

    private CredentialsOrgStore storeOf(String id) {
        return locate(id)
                .map(Located::store)
                .orElseThrow(() -> SalesforceAuthException.of(
                        Reason.NOT_FOUND,
                        "No org is registered with the id '" + id + "'.",
                        "Check the id, or register the org; salesforceOrgs() lists the registered orgs."));
    }

    private CredentialsOrgStore target(String id) {
        return locate(id).map(Located::store).orElseGet(() -> {
            if (stores.isEmpty()) {
                throw SalesforceAuthException.of(
                        Reason.NOT_ALLOWED,
                        "There is no credential store here to save org '" + id + "' in.",
                        "Register the org in the system credentials or in a folder's credentials.");
            }
            return stores.get(0);
        });
    }

    @Override
    public String toString() {
        return "OrgStoreView[" + stores.stream().map(CredentialsOrgStore::key).toList() + "]";
    }
}
