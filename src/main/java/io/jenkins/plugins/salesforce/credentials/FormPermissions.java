package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
import hudson.security.AccessDeniedException3;
import hudson.util.Secret;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Who may do what on the credential forms: check a field, list production orgs, test a connection, save a JIT
 * sandbox. Each web method of the descriptors calls one of these before it reads or calls anything.
 */
final class FormPermissions {
    private FormPermissions() {}

    /**
     * Whether the current user may test or check this credential form: {@link Jenkins#MANAGE} at the root (as GitHub
     * Branch Source does since SECURITY-3702), {@link Item#CONFIGURE} on a folder.
     */
    static boolean canConfigure(@CheckForNull Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.MANAGE) : item.hasPermission(Item.CONFIGURE);
    }

    /** {@link #canConfigure} or a 403 before anything else happens. */
    static void checkConfigure(@CheckForNull Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.MANAGE);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
    }

    /**
     * The credentials consumer guide's rule for listing credentials: {@link Jenkins#ADMINISTER} at the root,
     * {@link Item#EXTENDED_READ} or {@link CredentialsProvider#USE_ITEM} on an item.
     */
    static boolean canListCredentials(@CheckForNull Item item) {
        return item == null
                ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /**
     * Before a test of a stored credential (by its id, or by its encrypted secret posted back as the form shows it):
     * at the root, {@link Jenkins#ADMINISTER}, the consumer guide's rule for lookups of stored credentials. Such a test
     * tells the org's id and user and may rotate the stored refresh token; {@link Jenkins#MANAGE} may test only the
     * values it types into the form. On a folder, {@link #checkConfigure} was enough.
     */
    static void checkTestStored(@CheckForNull Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        }
    }

    /** Whether a stored credential may be tested here without a 403: {@link #checkTestStored}'s rule. */
    static boolean mayTestStored(@CheckForNull Item item) {
        return item != null || Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }

    /** Whether a secret field's value is a stored secret posted back encrypted, not a value the user typed. */
    static boolean isStoredSecret(@CheckForNull String value) {
        return value != null && !value.isBlank() && Secret.decrypt(value) != null;
    }

    /**
     * Before a JIT sandbox is checked with Salesforce: the check calls Salesforce as its production org and learns
     * that org's sandboxes, so the caller must be allowed to use credentials where the sandbox is saved
     * ({@link CredentialsProvider#USE_ITEM} on the store's Jenkins or folder), as the REST API and CLI require.
     */
    static void checkUseProduction(@CheckForNull CredentialsStore store) throws FormException {
        if (store != null && !store.hasPermission(CredentialsProvider.USE_ITEM)) {
            AccessDeniedException3 denied =
                    new AccessDeniedException3(Jenkins.getAuthentication2(), CredentialsProvider.USE_ITEM);
            throw new FormException(
                    denied.getMessage()
                            + ". A JIT sandbox is checked by calling Salesforce as its production org, so creating or"
                            + " changing one needs the right to use the credentials where it is saved. Fix: ask an"
                            + " administrator for Credentials/UseItem there, or to create the sandbox.",
                    denied,
                    "productionCredentialsId");
        }
    }

    /**
     * Whether a Test connection button that always tests the stored credential (a JIT sandbox's) shows: also
     * {@link #checkTestStored}'s rule, for the page being rendered.
     */
    static boolean isTestStoredVisible() {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        Item item = req == null ? null : req.findAncestorObject(Item.class);
        return canConfigure(item) && mayTestStored(item);
    }

    /** Whether the Test connection button shows: the same rule as the test itself, for the page being rendered. */
    static boolean isTestConnectionVisible() {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        return canConfigure(req == null ? null : req.findAncestorObject(Item.class));
    }
}
