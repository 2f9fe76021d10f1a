package io.jenkins.plugins.salesforce.ui;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AccessControlled;
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
import io.jenkins.plugins.salesforce.credentials.OrgStoreView;
import io.jenkins.plugins.salesforce.ui.health.OrgHealth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;

/**
 * The orgs of one {@link OrgsContext} as one caller may see and use them. Built as the caller, used as the system
 * ({@link OrgsContext#run}).
 *
 * <ul>
 *   <li>The orgs are those a job in the context sees: the context's own store first, then parent folders, then the
 *       system store (only the system store at the root), each id once from its nearest store, the nearest store's
 *       default Dev Hub. SYSTEM-scoped credentials (at the root) are for Jenkins itself: they are listed, found,
 *       tested and used for administrators only ({@link Caller#administrator()}); for anyone else they do not exist.
 *   <li>An org of another store than the context's own is shown to a caller who may use credentials in the context
 *       (a job they configure there could use it), or who may view that store's credentials; otherwise it is as if
 *       it did not exist.
 *   <li>Changes go to the context's own store only ({@link #local()}).
 * </ul>
 */
@Restricted(NoExternalUse.class)
public final class Orgs {
    /** Who asked, taken before the work switches to the system. */
    record Caller(Authentication auth, boolean administrator, boolean mayUse) {
        static Caller current(AccessControlled context) {
            return new Caller(
                    Jenkins.getAuthentication2(),
                    Jenkins.get().hasPermission(Jenkins.ADMINISTER),
                    context.hasPermission(CredentialsProvider.USE_ITEM));
        }
    }

    private final OrgsContext where;
    private final Caller caller;
    private Map<String, CredentialsStore> locations;

    Orgs(@NonNull OrgsContext where, @NonNull Caller caller) {
        this.where = where;
        this.caller = caller;
    }

    /**
     * The token service of the context for this caller: SYSTEM-scoped credentials of the system store are in it only
     * for an administrator (they are for Jenkins itself; at a folder no job sees them anyway).
     */
    @NonNull
    public TokenService tokens() {
        return SalesforceService.get().tokens(where.context(), ACL.SYSTEM2, caller.administrator());
    }

    /** The token service over the context's own store, for registrations, updates and removals. */
    @NonNull
    public TokenService local() {
        return SalesforceService.get().tokensIn(where.store());
    }

    /** Runs work as the system: see {@link OrgsContext#run}. */
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
        return tokens().registry().list(filter).stream()
                .filter(this::mayView)
                .map(r -> view(r, null))
                .toList();
    }

    /** The org with this id, with its credential (for its usage), or null. */
    @CheckForNull
    OrgView find(String id) {
        OrgStoreView orgs = new OrgStoreView(where.context(), ACL.SYSTEM2, caller.administrator());
        return orgs.findById(id)
                .filter(this::mayView)
                .map(r -> view(r, orgs.credentials(r.id()).orElse(null)))
                .orElse(null);
    }

    /** The org a reference (id, username, JIT sandbox name) names, for this caller; NOT_FOUND otherwise. */
    @NonNull
    public OrgRecord resolve(String ref) {
        OrgRecord r = tokens().registry().resolve(ref);
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
        OrgRecord r = tokens().registry().resolveDefaultDevHub();
        if (!mayView(r)) {
            throw SalesforceAuthException.of(
                    Reason.NOT_FOUND,
                    "No default Dev Hub that you may see is set for " + where.where() + ".",
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
            return local().registry().resolve(ref);
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
            String home = describe(storeOf(inherited.id()));
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED,
                    "Org " + inherited.describe() + " is registered in " + home + "; " + where.where()
                            + " only inherits it.",
                    "Change or remove it on the Salesforce Orgs page of " + home + ".");
        }
    }

    /** Registers an org in the context's own store, validated with Salesforce first; the same username updates. */
    @NonNull
    public OrgView register(@NonNull RegistrationRequest request) {
        return localView(SalesforceService.get().register(where.store(), request));
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

    /** Removes an org of the context's own store, and forgets its status. */
    @NonNull
    public OrgRecord remove(@NonNull String ref) {
        OrgRecord r = local().registry().remove(resolveLocal(ref).id());
        OrgHealth.get().forget(where.store(), r.id());
        return r;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** An org of the context as shown, with its store. */
    @NonNull
    private OrgView view(@NonNull OrgRecord r, @CheckForNull SalesforceOrgCredentials c) {
        return new OrgView(r, storeOf(r.id()), c);
    }

    /** An org just written to the context's own store, as shown. */
    @NonNull
    OrgView localView(@NonNull OrgRecord r) {
        return new OrgView(r, where.store(), null);
    }

    private static String describe(@CheckForNull CredentialsStore store) {
        if (store == null) {
            return "another credential store";
        }
        return store.getContext() instanceof Item i
                ? "folder '" + i.getFullName() + "'"
                : "Jenkins (system credentials)";
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
            SalesforceService s = SalesforceService.get();
            for (CredentialsStore store : CredentialsProvider.lookupStores(where.context())) {
                for (OrgRecord r : s.orgStore(store).list()) {
                    found.putIfAbsent(r.id(), store);
                }
            }
            locations = found;
        }
        return locations.get(id);
    }
}
