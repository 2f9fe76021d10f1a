package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsStore;
import hudson.AbortException;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import hudson.security.Permission;
import io.jenkins.plugins.salesforce.SalesforceService;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * Where the registration steps write (MISSION.md S8): one credential store, named by {@code store}: {@code 'folder'}
 * (the nearest folder of the job that has a credential store), {@code 'system'} (Jenkins' global store), or, when
 * left out, the folder's store for a job in a folder and the system store otherwise. The build's authentication must
 * have the permission on that store; the write itself then runs as that authentication, so the store checks too.
 */
final class OrgStores {
    static final String FOLDER = "folder";
    static final String SYSTEM = "system";

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

    static void check(CredentialsStore store, Authentication auth, Permission permission) throws AbortException {
        if (!store.hasPermission2(auth, permission)) {
            throw new AbortException(auth.getName() + " is missing the " + permission.group.title + "/"
                    + permission.name + " permission on the credential store of "
                    + store.getContextDisplayName() + ".");
        }
    }
}
