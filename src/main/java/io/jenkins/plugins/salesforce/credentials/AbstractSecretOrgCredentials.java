package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * An org with a stored secret of its own (auth URL or JWT key), which can therefore be a Dev Hub and the default Dev
 * Hub of its credential store. A JIT sandbox is neither.
 */
public abstract class AbstractSecretOrgCredentials extends AbstractOrgCredentials {
    private static final long serialVersionUID = 1L;

    private boolean devHub;
    private boolean defaultDevHub;

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

    @Override
    public boolean isDefaultDevHub() {
        return defaultDevHub;
    }

    /** Make the org the default Dev Hub of its credential store ({@code devHub: true} in the steps). */
    @DataBoundSetter
    public void setDefaultDevHub(boolean defaultDevHub) {
        this.defaultDevHub = defaultDevHub;
    }
}
