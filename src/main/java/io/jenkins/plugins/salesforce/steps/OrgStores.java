package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsStore;
import hudson.AbortException;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.Permission;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceService;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * Where the registration steps write, and who they write as: one credential store, named by {@code store}: {@code
 * 'folder'} (the nearest folder of the job that has a credential store), {@code 'system'} (Jenkins' global store), or,
 * when left out, the folder's store for a job in a folder and the system store otherwise.
 *
 * <p>The write runs as the build's authentication ({@link SalesforceService#authenticationOf}), which must have the
 * same permissions on that store as the Orgs page, its REST actions and the CLI ask for the same change. A build that
 * runs as SYSTEM (the default, when no authorization plugin runs builds as a user) has every permission, so it would
 * let anyone who can edit a Jenkinsfile change any store: it is refused unless an administrator trusts such builds
 * ({@link SalesforceConfiguration#isTrustSystemBuilds()}).
 */
final class OrgStores {
    static final String FOLDER = "folder";
    static final String SYSTEM = "system";
    /** The label of {@link SalesforceConfiguration#isTrustSystemBuilds()}, as the global configuration shows it. */
    static final String TRUST_SETTING =
            "Let builds that run as SYSTEM register, change and remove orgs and export auth URLs";
    /** Where that setting is. */
    static final String SETTINGS_PAGE = "Manage Jenkins > System > Salesforce orgs";

    private OrgStores() {}

    static CredentialsStore target(Run<?, ?> run, String store) throws AbortException {
        Job<?, ?> job = run.getParent();
        String wanted = store == null ? (job.getParent() instanceof Item ? FOLDER : SYSTEM) : store;
        if (SYSTEM.equals(wanted)) {
            CredentialsStore s = SalesforceService.storeOf(Jenkins.get());
            if (s == null) {
                throw new AbortException("Jenkins has no system credential store to write to.");
            }
            return s;
        }
        if (!FOLDER.equals(wanted)) {
            throw new AbortException("store must be 'folder' or 'system', not '" + store + "'.");
        }
        ItemGroup<?> g = job.getParent();
        while (g instanceof Item item) {
            CredentialsStore s = SalesforceService.storeOf(g);
            if (s != null) {
                return s;
            }
            g = item.getParent();
        }
        throw new AbortException("Job " + job.getFullName() + " is not in a folder with a credential store: use"
                + " store: 'system', or move the job into a folder.");
    }

    /**
     * Checks that the build may make {@code step}'s change to {@code store}, and returns the authentication to make it
     * as. The permissions are those the Orgs page asks for the same change.
     */
    static Authentication writer(Run<?, ?> run, CredentialsStore store, String step, Permission... permissions)
            throws AbortException {
        Authentication auth = SalesforceService.authenticationOf(run.getParent());
        if (ACL.SYSTEM2.equals(auth) && !SalesforceConfiguration.get().isTrustSystemBuilds()) {
            throw new AbortException(step + " is refused: this build runs as SYSTEM, and a Jenkinsfile may not change"
                    + " the credential store of " + store.getContextDisplayName() + " with Jenkins' own rights. Run"
                    + " the job's builds as a user who has " + names(permissions) + " on that store (the Authorize"
                    + " Project plugin, or another QueueItemAuthenticator), or ask an administrator to turn on '"
                    + TRUST_SETTING + "' in " + SETTINGS_PAGE + ".");
        }
        for (Permission p : permissions) {
            check(store, auth, p);
        }
        return auth;
    }

    private static String names(Permission... permissions) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < permissions.length; i++) {
            if (i > 0) {
                b.append(i == permissions.length - 1 ? " and " : ", ");
            }
            b.append(name(permissions[i]));
        }
        return b.toString();
    }

    static String name(Permission p) {
        return p.group.title + "/" + p.name;
    }

    static void check(CredentialsStore store, Authentication auth, Permission permission) throws AbortException {
        if (!store.hasPermission2(auth, permission)) {
            throw new AbortException(auth.getName() + " is missing the " + name(permission)
                    + " permission on the credential store of " + store.getContextDisplayName() + ".");
        }
    }
}
