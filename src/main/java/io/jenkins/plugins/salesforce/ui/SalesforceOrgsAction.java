package io.jenkins.plugins.salesforce.ui;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.RootAction;
import io.jenkins.plugins.salesforce.core.orgs.OrgFilter;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * The "Salesforce Orgs" page of Jenkins at {@code /salesforce-orgs/}: the orgs of the system credential store, its
 * REST actions on that store (see {@link OrgsAction}), and, below, the orgs of the folders' credential stores the user
 * may see, each folder named and linked to its own page ({@link FolderOrgsAction}). The folders' orgs are listed but
 * not acted on here: a folder's {@code prod} and the system's {@code prod} are two orgs, so each is changed or used on
 * the page where its name means what it means to the jobs. A root action, not a management link: the REST actions
 * are for service accounts and developers who may use credentials without managing Jenkins.
 */
@Extension
@ExportedBean
public class SalesforceOrgsAction extends OrgsAction implements RootAction {

    @NonNull
    @Override
    Orgs orgs() {
        return Orgs.root();
    }

    /**
     * The folders with Salesforce orgs of their own that the user may see (Credentials/View or UseItem on the
     * folder), each with its orgs that the request's filter selects, by full name; folders without a matching org are
     * left out. Only the folder's own orgs: those it inherits are the system's, above, or a parent folder's. Empty for
     * a user who may not see the page.
     */
    @Exported(name = "folders", inline = true)
    @NonNull
    public List<FolderOrgs> getFolders() {
        if (!Orgs.root().canView()) {
            return List.of();
        }
        OrgFilter filter = requestFilter();
        List<Item> folders = new ArrayList<>();
        for (Item item : Jenkins.get().allItems(Item.class, Orgs::hasOwnStore)) {
            if (item.hasAnyPermission(CredentialsProvider.VIEW, CredentialsProvider.USE_ITEM)) {
                folders.add(item);
            }
        }
        return Orgs.system(() -> {
            List<FolderOrgs> out = new ArrayList<>();
            for (Item folder : folders) {
                CredentialsStore store = Orgs.folder(folder).store();
                List<OrgView> views = new CredentialsOrgStore(store).list().stream()
                        .filter(filter::matches)
                        .sorted(Comparator.comparing(OrgRecord::id))
                        .map(r -> new OrgView(r, store, null))
                        .toList();
                if (!views.isEmpty()) {
                    out.add(new FolderOrgs(folder, views));
                }
            }
            out.sort(Comparator.comparing(FolderOrgs::name));
            return out;
        });
    }

    /** A folder's own orgs, as the root page lists them. */
    @ExportedBean(defaultVisibility = 2)
    @Restricted(NoExternalUse.class)
    public record FolderOrgs(Item folder, @Exported(inline = true) List<OrgView> orgs) {
        /** The folder's full name. */
        @Exported
        public String name() {
            return folder.getFullName();
        }

        @Exported
        public String displayName() {
            return folder.getFullDisplayName();
        }

        /** The folder's Salesforce Orgs page. */
        @Exported
        public String url() {
            String root = Jenkins.get().getRootUrl();
            return (root == null ? "" : root) + folder.getUrl() + URL_NAME + "/";
        }
    }
}
