package io.jenkins.plugins.salesforce.ui;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.TopLevelItem;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * The "Salesforce Orgs" page of a folder at {@code /job/<folder>/salesforce-orgs/}: the orgs a job in the folder sees
 * (the folder's own credentials first, then its parent folders', then Jenkins'), and the REST actions of
 * {@link OrgsAction} with the folder's permissions. Registrations, updates and removals go to the folder's own
 * credential store; tokens resolve as for a job in the folder, so {@code devHub: true} is the nearest store's default
 * Dev Hub.
 *
 * <p>Added to every item that is a folder with a credential store of its own (cloudbees-folder's folders and their
 * kin), the way the credentials plugin adds its own page to items.
 */
@ExportedBean
public class FolderOrgsAction extends OrgsAction {
    private final transient Item folder;

    FolderOrgsAction(@NonNull Item folder) {
        this.folder = folder;
    }

    @NonNull
    @Override
    Orgs orgs() {
        return Orgs.folder(folder);
    }

    /** Adds the page to folders with a credential store. */
    @Extension
    @Restricted(NoExternalUse.class)
    public static final class Factory extends TransientActionFactory<TopLevelItem> {
        @Override
        public Class<TopLevelItem> type() {
            return TopLevelItem.class;
        }

        @Override
        public Class<? extends Action> actionType() {
            return FolderOrgsAction.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull TopLevelItem target) {
            return Orgs.hasOwnStore(target) ? List.of(new FolderOrgsAction(target)) : List.of();
        }
    }
}
