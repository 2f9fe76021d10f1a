package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.salesforce.DefaultDevHubSetting;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceFolderProperty;
import java.io.IOException;
import java.util.Objects;

/** The default Dev Hub setting of the system store and of folders, as an administrator sets it, for tests. */
public final class DevHubSettings {
    private DevHubSettings() {}

    /** Names the system store's default Dev Hub (Manage Jenkins > System). */
    public static void setSystemDefault(@CheckForNull String id) {
        SalesforceConfiguration.get().setDefaultDevHub(id);
    }

    /** Names a folder's default Dev Hub (the folder's Configure page). */
    public static void setFolderDefault(AbstractFolder<?> folder, @CheckForNull String id) throws IOException {
        folder.getProperties().replace(new SalesforceFolderProperty(id));
    }

    /** The id a store's setting names, or null. */
    @CheckForNull
    public static String defaultOf(CredentialsStore store) {
        return Objects.requireNonNull(DefaultDevHubSetting.of(store), "a store with the setting").id();
    }
}
