package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.salesforce.DefaultDevHubSetting;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * An org with a stored secret of its own (auth URL or JWT key), which can therefore be a Dev Hub (and be named as its
 * store's default Dev Hub, a setting of the store: {@link DefaultDevHubSetting}). A JIT sandbox cannot.
 */
public abstract class AbstractSecretOrgCredentials extends AbstractOrgCredentials {
    private static final long serialVersionUID = 1L;

    private boolean devHub;

    /**
     * Read from credentials saved before the default Dev Hub became a setting of the store, and ignored: Jenkins'
     * XStream reads a transient field (so such a file loads without "old data"), and never writes it.
     */
    @SuppressWarnings("unused")
    private transient boolean defaultDevHub;

    protected AbstractSecretOrgCredentials(
            @CheckForNull CredentialsScope scope, @CheckForNull String id, @CheckForNull String description) {
        super(scope, id, description);
    }

    @Override
    public boolean isDevHub() {
        return devHub;
    }

    /** Use the org as a Dev Hub (scratch-org auth tries it); Dev Hub must be enabled in the org. */
    @DataBoundSetter
    public void setDevHub(boolean devHub) {
        this.devHub = devHub;
    }
}
