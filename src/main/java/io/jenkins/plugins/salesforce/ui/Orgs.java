package io.jenkins.plugins.salesforce.ui;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.ModelObject;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.JitSandboxRequest;
import io.jenkins.plugins.salesforce.core.orgs.OrgFilter;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import io.jenkins.plugins.salesforce.credentials.OrgStoreView;
import io.jenkins.plugins.salesforce.ui.health.OrgHealth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;

/**
 * The orgs where a Salesforce Orgs page, its REST actions or a CLI command work, as the caller who made it may see and
 * use them: Jenkins itself (the system credential store) or one folder (the folder's own credential store). Made as
 * the caller, who is remembered; its permission checks run as the caller (which action needs which:
 * {@link OrgsRestActions}), and the work after them as the system ({@link #run}).
 *
 * <ul>
 *   <li>The orgs are those a job in the context sees: the context's own store first, then parent folders, then the
 *       system store (only the system store at the root), each id once from its nearest store, the nearest store's
 *       default Dev Hub. SYSTEM-scoped credentials (at the root) are for Jenkins itself: they are listed, found,
 *       tested and used for administrators only ({@link Caller#administrator()}); for anyone else they do not exist.
 *   <li>An org of another store than the context's own is shown to a caller who may use credentials in the context
 *       (a job they configure there could use it), or who may view that store's credentials; otherwise it is as if
 *       it did not exist.
 *   <li>Changes go to the context's own store only ({@link #local()}), with that store's permissions (a folder's
 *       store answers with the folder's ACL).
 * </ul>
 */
@Restricted(NoExternalUse.class)
public final class Orgs {
    /** Who asked. */
    record Caller(Authentication auth, boolean administrator, boolean mayUse) {}

    /** The folder, or null for Jenkins. */
    @CheckForNull
    private final Item folder;

    private final Caller caller;
    private Map<String, CredentialsStore> locations;

    private Orgs(@CheckForNull Item folder) {
        this.folder = folder;
        this.caller = new Caller(
                Jenkins.getAuthentication2(),
                Jenkins.get().hasPermission(Jenkins.ADMINISTER),
                acl().hasPermission(CredentialsProvider.USE_ITEM));
    }

    /** Jenkins itself: the system credential store. */
    @NonNull
    static Orgs root() {
        return new Orgs(null);
    }

    /**
     * A folder (any item group item with a credential store of its own, as cloudbees-folder's folders have).
     *
     * @throws IllegalArgumentException when the item is not a folder with a credential store
     */
    @NonNull
    static Orgs folder(@NonNull Item folder) {
        if (!hasOwnStore(folder)) {
            throw new IllegalArgumentException(folder.getFullName() + " has no credential store");
        }
        return new Orgs(folder);
    }

    /** Whether an item is a folder with a credential store of its own (where the folder's page makes sense). */
    static boolean hasOwnStore(@NonNull Item item) {
        return item instanceof ItemGroup<?> && SalesforceService.storeOf(item) != null;
    }

    /**
     * The context a CLI command's {@code --folder} names, looked up as the caller: Jenkins when {@code fullName} is
     * null or blank.
     *
     * @throws SalesforceAuthException NOT_FOUND when there is no such folder, the caller cannot see it, or it has no
     *     credential store
     */
    @NonNull
    public static Orgs named(@CheckForNull String fullName) {
        if (fullName == null || fullName.isBlank()) {
            return root();
        }
        String name = fullName.strip().replaceAll("^/+|/+$", "");
        Item item = name.isEmpty() ? null : Jenkins.get().getItemByFullName(name);
        if (item == null || !hasOwnStore(item)) {
            throw SalesforceAuthException.of(
                    Reason.NOT_FOUND,
                    "'--folder' names no folder with credentials that you can see: '" + fullName.strip() + "'.",
                    "Give the folder's full name as in its URL, with '/' between folders (for example team/backend),"
                            + " or leave --folder out for the system credentials.");
        }
        return folder(item);
    }

    /** Jenkins, or the folder. */
    @NonNull
    ModelObject context() {
        return folder == null ? Jenkins.get() : folder;
    }

    /** What the permissions are checked on: Jenkins, or the folder. */
    @NonNull
    AccessControlled acl() {
        return folder == null ? Jenkins.get() : folder;
    }

    /** The folder, or null for Jenkins. */
    @CheckForNull
    Item folder() {
        return folder;
    }

    /** "Jenkins" or "folder 'team/backend'", for messages. */
    @NonNull
    private String where() {
        return folder == null ? "Jenkins" : "folder '" + folder.getFullName() + "'";
    }

    // ------------------------------------------------------------------------------------- permissions (as caller)

    public boolean canView() {
        return acl().hasAnyPermission(CredentialsProvider.VIEW, CredentialsProvider.USE_ITEM);
    }

    public void checkView() {
        acl().checkAnyPermission(CredentialsProvider.VIEW, CredentialsProvider.USE_ITEM);
    }

    public void checkUse() {
        acl().checkPermission(CredentialsProvider.USE_ITEM);
    }

    /** Whether the caller has the permissions on the context's own store (for the pages' forms). */
    public boolean hasStorePermission(Permission... permissions) {
        CredentialsStore store = SalesforceService.storeOf(context());
        return store != null && Arrays.stream(permissions).allMatch(store::hasPermission);
    }

    /** Checks the permissions on the context's own store. */
    public void checkStore(Permission... permissions) {
        CredentialsStore store = store();
        for (Permission p : permissions) {
            store.checkPermission(p);
        }
    }

    /** A registration creates an org, or updates the one with the same username. */
    public void checkRegister() {
        checkStore(CredentialsProvider.CREATE, CredentialsProvider.UPDATE);
    }

    /** A JIT sandbox's registration also calls Salesforce as its production org. */
    public void checkRegisterJitSandbox() {
        checkRegister();
        checkUse();
    }

    /** The context's own credential store, where registrations, updates and removals go. */
    @NonNull
    CredentialsStore store() {
        CredentialsStore store = SalesforceService.storeOf(context());
        if (store == null) {
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED, "There is no credential store in " + where() + ".", null);
        }
        return store;
    }

    /**
     * The token service of the context for this caller: SYSTEM-scoped credentials of the system store are in it only
     * for an administrator (they are for Jenkins itself; at a folder no job sees them anyway).
     */
    @NonNull
    public TokenService tokens() {
        return OrgStoreView.tokens(context(), ACL.SYSTEM2, caller.administrator());
    }

    /** The token service over the context's own store, for registrations, updates and removals. */
    @NonNull
    public TokenService local() {
        return CredentialsOrgStore.tokens(store());
    }

    /** Runs work over these orgs after the permission check, as the system (stores show credentials to it only). */
    public <T> T run(@NonNull Function<Orgs, T> work) {
        return system(() -> work.apply(this));
    }

    /** Runs work as the system. */
    @SuppressWarnings("try")
    public static <T> T system(Supplier<T> work) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            return work.get();
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** The orgs the filter selects, sorted by id, that this caller may see. */
    @NonNull
    public List<OrgView> list(@CheckForNull OrgFilter filter) {
        return tokens().resolver().list(filter).stream()
                .filter(this::mayView)
                .map(r -> view(r, null))
                .toList();
    }

    /** The org with this id, with its credential (for its usage), or null. */
    @CheckForNull
    OrgView find(String id) {
        OrgStoreView orgs = new OrgStoreView(context(), ACL.SYSTEM2, caller.administrator());
        return orgs.findById(id)
                .filter(this::mayView)
                .map(r -> view(r, orgs.credentials(r.id()).orElse(null)))
                .orElse(null);
    }

    /** The org a reference (id, username, JIT sandbox name) names, for this caller; NOT_FOUND otherwise. */
    @NonNull
    public OrgRecord resolve(String ref) {
        OrgRecord r = tokens().resolver().resolve(ref);
        if (!mayView(r)) {
            throw SalesforceAuthException.of(
                    Reason.NOT_FOUND,
                    "No registered org has '" + ref.strip() + "' as its id, its username or its JIT sandbox name.",
                    "Check the spelling (ids are case-sensitive), or register the org.");
        }
        return r;
    }

    /** {@link #resolve} as shown. */
    @NonNull
    OrgView get(String ref) {
        return view(resolve(ref), null);
    }

    /** The default Dev Hub of the context: the nearest store's. */
    @NonNull
    OrgView defaultDevHub() {
        OrgRecord r = tokens().resolver().resolveDefaultDevHub();
        if (!mayView(r)) {
            throw SalesforceAuthException.of(
                    Reason.NOT_FOUND,
                    "No default Dev Hub that you may see is set for " + where() + ".",
                    "Ask someone who may view the credentials of the parent folders or of Jenkins.");
        }
        return view(r, null);
    }

    // ------------------------------------------------------------------------------------------------ changes

    /**
     * The org of the context's own store that a reference names, for a change. An org the context only inherits
     * (from a parent folder or Jenkins) is refused with where to change it.
     */
    @NonNull
    public OrgRecord resolveLocal(String ref) {
        try {
            return local().resolver().resolve(ref);
        } catch (SalesforceAuthException e) {
            if (e.reason() != Reason.NOT_FOUND) {
                throw e;
            }
            OrgRecord inherited;
            try {
                inherited = resolve(ref);
            } catch (SalesforceAuthException notVisible) {
                throw e;
            }
            throw inherited(inherited);
        }
    }

    /** The refusal of a change to an org the context only inherits, naming where to change it. */
    @NonNull
    SalesforceAuthException inherited(@NonNull OrgRecord org) {
        String home = describe(storeOf(org.id()));
        return SalesforceAuthException.of(
                Reason.NOT_ALLOWED,
                "Org " + org.describe() + " is registered in " + home + "; " + where() + " only inherits it.",
                "Change or remove it on the Salesforce Orgs page of " + home + ".");
    }

    /** Registers an org in the context's own store, validated with Salesforce first; the same username updates. */
    @NonNull
    public OrgView register(@NonNull RegistrationRequest request) {
        return localView(CredentialsOrgStore.register(store(), request));
    }

    /**
     * Registers a JIT sandbox in the context's own store, through a production org this caller may see: a
     * SYSTEM-scoped one is for administrators only, as everywhere else on the page.
     */
    @NonNull
    public OrgView registerJitSandbox(@NonNull JitSandboxRequest request) {
        resolve(request.productionOrg());
        return localView(local().registry().registerJitSandbox(request));
    }

    /** A connection test of an org of the context; the result becomes the org's status. */
    @NonNull
    public ConnectionTest test(@NonNull OrgRecord org) {
        ConnectionTest t = tokens().testConnection(org.id());
        CredentialsStore store = storeOf(org.id());
        if (store != null) {
            OrgHealth.get().record(store, org.id(), t);
        }
        return t;
    }

    /** Changes an org of the context's own store (null: keep; metadata replaces the map); no call to Salesforce. */
    @NonNull
    OrgView update(@NonNull String ref, Boolean devHub, Boolean defaultDevHub, Map<String, String> metadata) {
        String id = resolveLocal(ref).id();
        return localView(local().registry().updateMetadata(id, devHub, defaultDevHub, metadata));
    }

    /** Makes a Dev Hub of the context's own store its default Dev Hub. */
    @NonNull
    OrgView setDefaultDevHub(@NonNull String ref) {
        return localView(local().registry().setDefaultDevHub(resolveLocal(ref).id()));
    }

    /** Removes an org of the context's own store, and forgets its status. */
    @NonNull
    public OrgRecord remove(@NonNull String ref) {
        OrgRecord r = local().registry().remove(resolveLocal(ref).id());
        OrgHealth.get().forget(store(), r.id());
        return r;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** An org of the context as shown, with its store. */
    @NonNull
    private OrgView view(@NonNull OrgRecord r, @CheckForNull SalesforceOrgCredentials c) {
        return new OrgView(r, storeOf(r.id()), c, this);
    }

    /** An org just written to the context's own store, as shown. */
    @NonNull
    OrgView localView(@NonNull OrgRecord r) {
        return new OrgView(r, store(), null, this);
    }

    private static String describe(@CheckForNull CredentialsStore store) {
        if (store == null) {
            return "another credential store";
        }
        return store.getContext() instanceof Item i
                ? "folder '" + i.getFullName() + "'"
                : "Jenkins (system credentials)";
    }

    /** The name of the user who made the request (the work itself runs as the system). */
    @NonNull
    public String callerName() {
        return caller.auth().getName();
    }

    /** Whether this caller may see an org of the view: see the class comment. */
    private boolean mayView(@NonNull OrgRecord r) {
        if (caller.mayUse()) {
            return true;
        }
        CredentialsStore store = storeOf(r.id());
        return store != null
                && (store.hasPermission2(caller.auth(), CredentialsProvider.VIEW)
                        || store.hasPermission2(caller.auth(), CredentialsProvider.USE_ITEM));
    }

    /** The nearest store of the context that holds an org with this id. */
    @CheckForNull
    private CredentialsStore storeOf(@NonNull String id) {
        if (locations == null) {
            Map<String, CredentialsStore> found = new HashMap<>();
            for (CredentialsStore store : CredentialsProvider.lookupStores(context())) {
                for (OrgRecord r : new CredentialsOrgStore(store).list()) {
                    found.putIfAbsent(r.id(), store);
                }
            }
            locations = found;
        }
        return locations.get(id);
    }
}
