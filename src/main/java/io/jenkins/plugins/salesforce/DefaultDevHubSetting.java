package io.jenkins.plugins.salesforce;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import com.cloudbees.hudson.plugins.folder.properties.FolderCredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Saveable;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.io.IOException;
import java.util.Optional;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The default Dev Hub of a credential store: a setting of the store's owner naming one of its credentials by id, not
 * a flag on each credential, so there is nothing to keep unique. The system store's is
 * {@link SalesforceConfiguration#getDefaultDevHub()} (Manage Jenkins &gt; System; JCasC
 * {@code unclassified.salesforceOrgs.defaultDevHub}); a folder store's is its {@link SalesforceFolderProperty}.
 * Stores of other providers have none.
 *
 * <p>The setting may name a credential that is missing or not a Dev Hub (configuration as code, a credential deleted
 * on the credentials pages): that is reported when the default is asked for ({@link #resolve}), naming the setting
 * and the fix, never repaired behind the user's back.
 *
 * @param owner what holds and saves the setting: {@link SalesforceConfiguration}, or the folder
 */
@Restricted(NoExternalUse.class)
public record DefaultDevHubSetting(@NonNull Saveable owner) {

    /** The setting of a store, or null when the store has none (a store of another credentials provider). */
    @CheckForNull
    public static DefaultDevHubSetting of(@NonNull CredentialsStore store) {
        if (store instanceof SystemCredentialsProvider.StoreImpl) {
            return new DefaultDevHubSetting(SalesforceConfiguration.get());
        }
        if (store.getProvider() instanceof FolderCredentialsProvider
                && store.getContext() instanceof AbstractFolder<?> folder) {
            return new DefaultDevHubSetting(folder);
        }
        return null;
    }

    /** The credentials id the setting names, or null when it is not set. */
    @CheckForNull
    public String id() {
        if (owner instanceof AbstractFolder<?> folder) {
            SalesforceFolderProperty p = folder.getProperties().get(SalesforceFolderProperty.class);
            return p == null ? null : p.getDefaultDevHub();
        }
        return ((SalesforceConfiguration) owner).getDefaultDevHub();
    }

    /**
     * Changes the setting (null clears it) and saves its owner, or throws; a folder within a {@code BulkChange} of the
     * folder saves at its commit.
     */
    public void set(@CheckForNull String id) throws IOException {
        if (owner instanceof AbstractFolder<?> folder) {
            if (id == null) {
                folder.getProperties().remove(SalesforceFolderProperty.class);
            } else {
                folder.getProperties().replace(new SalesforceFolderProperty(id));
            }
        } else {
            ((SalesforceConfiguration) owner).writeDefaultDevHub(id);
        }
    }

    /** Where the setting is and how to change it, for messages. */
    private String where() {
        return owner instanceof AbstractFolder<?> folder
                ? "folder '" + folder.getFullName() + "'"
                : "the system credentials";
    }

    private String how() {
        return owner instanceof AbstractFolder<?>
                ? "the folder's Configure page > Salesforce orgs > Default Dev Hub; folder property"
                        + " salesforceOrgs.defaultDevHub"
                : "Manage Jenkins > System > Salesforce orgs > Default Dev Hub; configuration as code:"
                        + " unclassified.salesforceOrgs.defaultDevHub";
    }

    /**
     * The org the setting names, as the store has it.
     *
     * @param record the store's org with the named id, or null when there is none (or the caller may not see it)
     * @return empty when the setting is not set
     * @throws SalesforceAuthException NOT_FOUND when the named org is missing, WRONG_ORG_TYPE when it is not a Dev Hub
     */
    public Optional<OrgRecord> resolve(@CheckForNull OrgRecord record) {
        String id = id();
        if (id == null) {
            return Optional.empty();
        }
        if (record == null) {
            throw SalesforceAuthException.of(
                    Reason.NOT_FOUND,
                    "The default Dev Hub of " + where() + " is '" + id + "', but no Salesforce org with that id is"
                            + " registered there (or it may not be used here).",
                    "Choose a Dev Hub registered in " + where() + " as the default Dev Hub (" + how()
                            + "), or clear the setting.");
        }
        if (!record.devHub()) {
            throw SalesforceAuthException.of(
                    Reason.WRONG_ORG_TYPE,
                    "The default Dev Hub of " + where() + " is '" + id + "', which is not a Dev Hub.",
                    "Mark org '" + id + "' as a Dev Hub (devHub: true; Dev Hub must be enabled in the org), or choose"
                            + " another default Dev Hub (" + how() + ").");
        }
        return Optional.of(record.withDefaultDevHub(true));
    }

    /**
     * The Dev Hubs of a store to choose from in a form: none, then each Dev Hub by name, and the current value even
     * when it names none of them (so that saving the form keeps it).
     */
    @NonNull
    @SuppressWarnings("try")
    public static ListBoxModel choices(@CheckForNull CredentialsStore store, @CheckForNull String current) {
        String wanted = Util.fixEmptyAndTrim(current);
        ListBoxModel m = new ListBoxModel();
        m.add(new ListBoxModel.Option(Messages.DefaultDevHubSetting_None(), "", wanted == null));
        boolean listed = wanted == null;
        if (store != null) {
            try (ACLContext system = ACL.as2(ACL.SYSTEM2)) {
                for (var c : store.getCredentials(Domain.global())) {
                    if (c instanceof SalesforceOrgCredentials o && o.isDevHub()) {
                        String name = new SalesforceOrgCredentials.NameProvider().getName(o);
                        m.add(new ListBoxModel.Option(name, o.getId(), o.getId().equals(wanted)));
                        listed |= o.getId().equals(wanted);
                    }
                }
            }
        }
        if (!listed) {
            m.add(new ListBoxModel.Option(Messages.DefaultDevHubSetting_NotADevHub(wanted), wanted, true));
        }
        return m;
    }
}
