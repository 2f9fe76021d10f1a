package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsDescriptor;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import java.io.Serial;
import jenkins.model.Jenkins;

/**
 * What an agent receives in place of a Salesforce credential: the id, description and non-secret facts, and no
 * secret at all (no auth URL, no private key, no passphrase). The plugin mints tokens on the controller only, so an
 * agent never needs more; code on an agent that wants a token must ask the controller through a step.
 *
 * <p>This differs from GitHub Branch Source's app credentials, which send a delegate that fetches tokens from the
 * controller: our steps and binding run on the controller and pass only the access token (masked) to the body.
 */
final class AgentOrgCredentials extends BaseStandardCredentials implements SalesforceOrgCredentials {
    @Serial
    private static final long serialVersionUID = 1L;

    private final CredentialType credentialType;
    private final String username;
    private final String instanceUrl;
    private final String orgId;
    private final String orgType;
    private final boolean devHub;
    private final String metadata;

    AgentOrgCredentials(SalesforceOrgCredentials c) {
        super(c.getScope(), c.getId(), c.getDescription());
        this.credentialType = c.getCredentialType();
        this.username = c.getUsername();
        this.instanceUrl = c.getInstanceUrl();
        this.orgId = c.getOrgId();
        this.orgType = c.getOrgType();
        this.devHub = c.isDevHub();
        this.metadata = c.getMetadata();
    }

    /** The descriptor of the credential's own type; only meaningful on the controller, where the credential lives. */
    @NonNull
    @Override
    public CredentialsDescriptor getDescriptor() {
        return (CredentialsDescriptor) Jenkins.get()
                .getDescriptorOrDie(
                        switch (credentialType) {
                            case AUTH_URL -> SalesforceAuthUrlCredentialsImpl.class;
                            case JWT -> SalesforceJwtCredentialsImpl.class;
                            case CLIENT_CREDENTIALS -> SalesforceClientCredentialsImpl.class;
                            case JIT_SANDBOX -> SalesforceJitSandboxCredentialsImpl.class;
                        });
    }

    @NonNull
    @Override
    public CredentialType getCredentialType() {
        return credentialType;
    }

    @CheckForNull
    @Override
    public String getUsername() {
        return username;
    }

    @CheckForNull
    @Override
    public String getInstanceUrl() {
        return instanceUrl;
    }

    @CheckForNull
    @Override
    public String getOrgId() {
        return orgId;
    }

    @CheckForNull
    @Override
    public String getOrgType() {
        return orgType;
    }

    @Override
    public boolean isDevHub() {
        return devHub;
    }

    @NonNull
    @Override
    public String getMetadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return "AgentOrgCredentials[id=" + getId() + ", credentialType=" + credentialType + ", username=" + username
                + "]";
    }
}
