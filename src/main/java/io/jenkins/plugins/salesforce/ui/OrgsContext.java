package io.jenkins.plugins.salesforce.ui;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.ModelObject;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.function.Function;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Where a Salesforce Orgs page, its REST actions or a CLI command work: Jenkins itself (the system credential store)
 * or one folder (the folder's own credential store). It checks the caller's permissions on that context (which action
 * needs which: {@link OrgsRestActions}), and hands the work, as the system, to {@link Orgs} with a snapshot of who
 * asked ({@link #run}). Writes go to the context's own store, with that store's permissions (a folder's store answers
 * with the folder's ACL).
 */
@Restricted(NoExternalUse.class)
public final class OrgsContext {
    /** The folder, or null for Jenkins. */
    @CheckForNull
    private final Item folder;

    private OrgsContext(@CheckForNull Item folder) {
        this.folder = folder;
    }

    /** Jenkins itself: the system credential store. */
    @NonNull
    static OrgsContext root() {
        return new OrgsContext(null);
    }

    /**
     * A folder (any item group item with a credential store of its own, as cloudbees-folder's folders have).
     *
     * @throws IllegalArgumentException when the item is not a folder with a credential store
     */
    @NonNull
    static OrgsContext folder(@NonNull Item folder) {
        if (!hasOwnStore(folder)) {
            throw new IllegalArgumentException(folder.getFullName() + " has no credential store");
        }
        return new OrgsContext(folder);
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
    public static OrgsContext named(@CheckForNull String fullName) {
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
     * Runs work over the orgs of this context for the current caller: call it as the caller, after the permission
     * check; the work runs as the system (credential stores show their credentials to the system only).
     */
    public <T> T run(@NonNull Function<Orgs, T> work) {
        Orgs orgs = new Orgs(this, Orgs.Caller.current(acl()));
        return Orgs.system(() -> work.apply(orgs));
    }

    /** "Jenkins" or "folder 'team/backend'", for messages. */
    @NonNull
    String where() {
        return folder == null ? "Jenkins" : "folder '" + folder.getFullName() + "'";
    }
}
