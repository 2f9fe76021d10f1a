package io.jenkins.plugins.salesforce;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import com.cloudbees.hudson.plugins.folder.AbstractFolderProperty;
import com.cloudbees.hudson.plugins.folder.AbstractFolderPropertyDescriptor;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * A folder's Salesforce settings (Configure &gt; Salesforce orgs; the folder property {@code salesforceOrgs}):
 * {@code defaultDevHub}, the credentials id of the Dev Hub of the folder's own credentials that jobs in the folder get
 * with {@code devHub: true}. The nearest folder with one wins over its parents and the system's
 * ({@link SalesforceConfiguration#getDefaultDevHub()}); see {@link DefaultDevHubSetting}.
 */
public class SalesforceFolderProperty extends AbstractFolderProperty<AbstractFolder<?>> {
    private final String defaultDevHub;

    @DataBoundConstructor
    public SalesforceFolderProperty(@CheckForNull String defaultDevHub) {
        this.defaultDevHub = Util.fixEmptyAndTrim(defaultDevHub);
    }

    /** The credentials id of the folder's default Dev Hub, or null. */
    @CheckForNull
    public String getDefaultDevHub() {
        return defaultDevHub;
    }

    @Extension
    @Symbol("salesforceOrgs")
    public static class DescriptorImpl extends AbstractFolderPropertyDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.SalesforceConfiguration_DisplayName();
        }

        /** A folder whose setting is left empty keeps no property. */
        @CheckForNull
        @Override
        public AbstractFolderProperty<?> newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            AbstractFolderProperty<?> p = super.newInstance(req, formData);
            return p instanceof SalesforceFolderProperty s && s.getDefaultDevHub() == null ? null : p;
        }

        @POST
        @Restricted(NoExternalUse.class)
        public ListBoxModel doFillDefaultDevHubItems(
                @AncestorInPath AbstractFolder<?> folder, @QueryParameter String defaultDevHub) {
            if (folder == null || !folder.hasPermission(Item.CONFIGURE)) {
                return new ListBoxModel();
            }
            return DefaultDevHubSetting.choices(SalesforceService.storeOf(folder), defaultDevHub);
        }
    }
}
