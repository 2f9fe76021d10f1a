package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.ModelObject;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import io.jenkins.plugins.salesforce.DefaultDevHubSetting;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore.Entry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;

/**
 * The Salesforce orgs a context sees, as one {@link OrgStore} (the "view over several stores" of its contract): the
 * credential stores of the context, nearest first (the folder itself, its parent folders, the system store), each
 * read in {@code Domain.global()}. A view is built for one call (a step, a binding, a REST request, a CLI command).
 *
 * <ul>
 *   <li><b>Visibility.</b> A credential is in the view only if the credentials API shows its id to the view's
 *       {@link Authentication} in the context, by its own rule for builds ({@code findCredentialById}): asked once per
 *       view, and again after a write through it. The stores themselves are read as the system, to know which store
 *       each org comes from. SYSTEM-scoped credentials are for Jenkins itself: a view built with
 *       {@code systemScope = false} leaves them out, so that a caller who may only <em>use</em> credentials (a REST
 *       client with Credentials/UseItem) sees what a job would.
 *   <li><b>Nearest wins</b> for ids and for the default Dev Hub setting; the references of a credential (a JIT
 *       sandbox's production org) resolve from its own store upward ({@link #scopeOf}); cache keys carry the store
 *       ({@link #tokenCacheKey}), so that two stores' {@code prod} never share a token.
 *   <li><b>Reads</b> remember which store holds each org, read the credential from its store every time (a secret
 *       rotated meanwhile is seen) and convert only the credentials they need into records.
 *   <li><b>Writes</b> (the token service's bookkeeping: a rotated refresh token, discovered facts) go to the store the
 *       org lives in, as the system (the caller was allowed to use the org). Registration does not come through a
 *       view: it writes to one chosen store ({@link CredentialsOrgStore#tokens}).
 * </ul>
 */
@Restricted(NoExternalUse.class)
public final class OrgStoreView implements OrgStore {
    private final ModelObject context;
    private final Authentication auth;
    private final boolean systemScope;
    private final List<CredentialsOrgStore> stores;
    /** The ids the authentication may use here, asked once ({@link #visible()}); null until then and after a write. */
    private volatile Set<String> visible;
    /** The store each org was found in (its nearest), by id. */
    private final Map<String, CredentialsOrgStore> found = new ConcurrentHashMap<>();

    /** The view with every credential the lookup shows, SYSTEM-scoped ones included. */
    public OrgStoreView(@NonNull ModelObject context, @NonNull Authentication auth) {
        this(context, auth, true);
    }

    /** The view with or without SYSTEM-scoped credentials: those are only for Jenkins' own work and administrators. */
    public OrgStoreView(@NonNull ModelObject context, @NonNull Authentication auth, boolean systemScope) {
        this(context, auth, systemScope, storesOf(context), null);
    }

    private OrgStoreView(
            ModelObject context,
            Authentication auth,
            boolean systemScope,
            List<CredentialsOrgStore> stores,
            Set<String> visible) {
        this.context = context;
        this.auth = auth;
        this.systemScope = systemScope;
        this.stores = stores;
        this.visible = visible;
    }

    /** The orgs a build may use: its job's, as its authentication ({@link SalesforceService#authenticationOf}). */
    @NonNull
    public static OrgStoreView of(@NonNull Run<?, ?> run) {
        Job<?, ?> job = run.getParent();
        return new OrgStoreView(job, SalesforceService.authenticationOf(job));
    }

    /** The shared token service over the orgs {@code auth} may use in {@code context}. */
    @NonNull
    public static TokenService tokens(@NonNull ModelObject context, @NonNull Authentication auth) {
        return SalesforceService.get().tokens(new OrgStoreView(context, auth));
    }

    /** The same, choosing whether SYSTEM-scoped credentials are seen: only for an administrator. */
    @NonNull
    public static TokenService tokens(@NonNull ModelObject context, @NonNull Authentication auth, boolean systemScope) {
        return SalesforceService.get().tokens(new OrgStoreView(context, auth, systemScope));
    }

    private static List<CredentialsOrgStore> storesOf(ModelObject context) {
        List<CredentialsOrgStore> stores = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (CredentialsStore s : CredentialsProvider.lookupStores(context)) {
            CredentialsOrgStore orgs = new CredentialsOrgStore(s, true);
            if (keys.add(orgs.key())) {
                stores.add(orgs);
            }
        }
        return List.copyOf(stores);
    }

    /**
     * The ids of the Salesforce credentials the authentication may use in the context: those the lookup gives it, and,
     * when it is a user (not the system) with {@link CredentialsProvider#USE_ITEM} on the context, those the context
     * itself may use. Asked once per view.
     */
    private Set<String> visible() {
        Set<String> ids = visible;
        if (ids != null) {
            return ids;
        }
        List<Authentication> who = new ArrayList<>(List.of(auth));
        if (!ACL.SYSTEM2.equals(auth)
                && context instanceof AccessControlled acl
                && acl.hasPermission2(auth, CredentialsProvider.USE_ITEM)) {
            who.add(ACL.SYSTEM2);
        }
        List<SalesforceOrgCredentials> usable = new ArrayList<>();
        for (Authentication as : who) {
            usable.addAll(
                    context instanceof Item item
                            ? CredentialsProvider.lookupCredentialsInItem(
                                    SalesforceOrgCredentials.class, item, as, List.of())
                            : CredentialsProvider.lookupCredentialsInItemGroup(
                                    SalesforceOrgCredentials.class,
                                    context instanceof ItemGroup<?> group ? group : Jenkins.get(),
                                    as,
                                    List.of()));
        }
        ids = HashSet.newHashSet(usable.size()); // sized once: with 1,000 orgs, rehashing was a visible cost
        for (SalesforceOrgCredentials c : usable) {
            if (systemScope || c.getScope() != CredentialsScope.SYSTEM) {
                ids.add(c.getId());
            }
        }
        visible = ids;
        return ids;
    }

    /**
     * The visible orgs whose credential {@code candidate} accepts, each id once from its nearest store, nearest store
     * first; only the credentials it accepts are converted. Stops after the first when {@code first}.
     */
    private List<Entry> scan(Predicate<SalesforceOrgCredentials> candidate, boolean first) {
        Set<String> ids = visible();
        Set<String> seen = new HashSet<>();
        List<Entry> out = new ArrayList<>();
        for (CredentialsOrgStore s : stores) {
            for (SalesforceOrgCredentials c : s.credentials()) {
                if (ids.contains(c.getId()) && seen.add(c.getId()) && candidate.test(c)) {
                    s.entryOf(c).ifPresent(e -> {
                        found.put(c.getId(), s);
                        out.add(e);
                    });
                    if (first && !out.isEmpty()) {
                        return out;
                    }
                }
            }
        }
        return out;
    }

    /**
     * The credential behind an org of this view (its nearest store's, as it is now), for example to record its use
     * with {@code CredentialsProvider.track(run, credential)}; empty when the view has no org with this id.
     */
    public Optional<SalesforceOrgCredentials> credentials(String id) {
        return locate(id).map(Entry::credentials);
    }

    /** The visible org with this id from its nearest store, read now; where it was found is remembered. */
    private Optional<Entry> locate(String id) {
        if (id == null || !visible().contains(id)) {
            return Optional.empty();
        }
        CredentialsOrgStore known = found.get(id);
        Optional<Entry> e = known == null ? Optional.empty() : known.entry(id);
        for (int i = 0; e.isEmpty() && i < stores.size(); i++) {
            e = stores.get(i).entry(id);
        }
        e.ifPresent(hit -> found.put(id, hit.store()));
        return e;
    }

    /** The store of the visible org with this id, as found before if it was, without reading it again. */
    private Optional<CredentialsOrgStore> storeOf(String id) {
        CredentialsOrgStore known = id == null ? null : found.get(id);
        return known != null ? Optional.of(known) : locate(id).map(Entry::store);
    }

    /** After a write through the view: ask the credentials API again, find every org again. */
    private <T> T changed(T result) {
        visible = null;
        found.clear();
        return result;
    }

    @Override
    public List<OrgRecord> list() {
        return scan(c -> true, false).stream().map(Entry::record).toList();
    }

    @Override
    public Optional<OrgRecord> findById(String id) {
        return locate(id).map(Entry::record);
    }

    @Override
    public Optional<RegisteredOrg> findRegistered(String id) {
        return locate(id).map(Entry::org);
    }

    @Override
    public Optional<OrgRecord> findByUsername(String username) {
        if (username == null) {
            return Optional.empty();
        }
        // Salesforce usernames are case-insensitive: the comparison of OrgRecord's (the record copies the username)
        String wanted = username.toLowerCase(Locale.ROOT);
        return scan(c -> wanted.equals(lowerCase(c.getUsername())), true).stream()
                .map(Entry::record)
                .findFirst();
    }

    private static String lowerCase(String username) {
        return username == null ? null : username.toLowerCase(Locale.ROOT);
    }

    @Override
    public List<OrgRecord> findJitSandboxes(String sandboxName) {
        return scan(c -> c.getCredentialType() == CredentialType.JIT_SANDBOX, false).stream()
                .map(Entry::record)
                .filter(r -> r.sandboxName() != null && r.sandboxName().equalsIgnoreCase(sandboxName))
                .toList();
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
                        .filter(e -> e.store() == s)
                        .map(Entry::record)
                        .orElse(null));
            }
        }
        return Optional.empty();
    }

    @Override
    public OrgRecord save(RegisteredOrg org) {
        return changed(target(org.id()).save(org));
    }

    @Override
    public OrgRecord saveRotated(RegisteredOrg org) {
        return changed(target(org.id()).saveRotated(org));
    }

    @Override
    public void granted(String id, Instant at) {
        storeOf(id).ifPresent(s -> s.granted(id, at));
    }

    @Override
    public OrgRecord update(OrgRecord record) {
        return changed(existing(record.id()).update(record));
    }

    @Override
    public Optional<OrgRecord> remove(String id) {
        return changed(locate(id).flatMap(e -> e.store().remove(id)));
    }

    @Override
    public OrgRecord setDefaultDevHub(String id) {
        return changed(existing(id).setDefaultDevHub(id));
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        return StoreLocks.withLocks(
                stores.stream().map(CredentialsOrgStore::key).toList(), work);
    }

    /** The org's own store and the stores above it, with the same visibility: where its credential's references go. */
    @Override
    public OrgStore scopeOf(String id) {
        return storeOf(id)
                .map(s -> (OrgStore) new OrgStoreView(
                        context, auth, systemScope, stores.subList(stores.indexOf(s), stores.size()), visible))
                .orElse(this);
    }

    @Override
    public String tokenCacheKey(String id) {
        return storeOf(id).map(s -> s.tokenCacheKey(id)).orElse("?/" + id);
    }

    private CredentialsOrgStore existing(String id) {
        return storeOf(id)
                .orElseThrow(() -> SalesforceAuthException.of(
                        Reason.NOT_FOUND,
                        "No org is registered with the id '" + id + "'.",
                        "Check the id, or register the org; salesforceOrgs() lists the registered orgs."));
    }

    private CredentialsOrgStore target(String id) {
        return storeOf(id).orElseGet(() -> {
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
