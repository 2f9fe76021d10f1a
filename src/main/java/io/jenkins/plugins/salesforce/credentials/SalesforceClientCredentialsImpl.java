package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import java.util.Objects;
import org.jenkinsci.Symbol;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A Salesforce org reached with the OAuth 2.0 client credentials grant: an External Client App's (or connected app's)
 * consumer key and consumer secret, and the org's My Domain URL. The token runs as the app's "Run As" user, which is
 * discovered; there is no refresh token. JCasC symbol {@code salesforceClientCredentials}:
 *
 * <pre>{@code
 * - salesforceClientCredentials:
 *     id: integration
 *     clientId: "3MVG9..."
 *     clientSecret: "${SF_INTEGRATION_SECRET}"
 *     myDomainUrl: "https://acme.my.salesforce.com"
 * }</pre>
 */
public class SalesforceClientCredentialsImpl extends AbstractSecretOrgCredentials {
    private static final long serialVersionUID = 1L;

    private final String clientId;
    private final Secret clientSecret;
    private final String myDomainUrl;

    @DataBoundConstructor
    public SalesforceClientCredentialsImpl(
            @CheckForNull CredentialsScope scope,
            @CheckForNull String id,
            @CheckForNull String description,
            @NonNull String clientId,
            @NonNull Secret clientSecret,
            @NonNull String myDomainUrl) {
        super(scope, id, description);
        this.clientId = Util.fixNull(clientId).strip();
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        this.myDomainUrl = withoutTrailingSlashes(Util.fixNull(myDomainUrl).strip());
    }

    private static String withoutTrailingSlashes(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /** The app's consumer key (not a secret). */
    @NonNull
    public String getClientId() {
        return clientId;
    }

    /** The app's consumer secret, encrypted by Jenkins. */
    @NonNull
    public Secret getClientSecret() {
        return clientSecret;
    }

    /** The org's My Domain URL, where the grant is sent; never login or test. */
    @NonNull
    public String getMyDomainUrl() {
        return myDomainUrl;
    }

    @NonNull
    @Override
    public CredentialType getCredentialType() {
        return CredentialType.CLIENT_CREDENTIALS;
    }

    @Extension
    @Symbol("salesforceClientCredentials")
    public static class DescriptorImpl extends OrgCredentialsDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.SalesforceClientCredentialsImpl_DisplayName();
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckClientId(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return Util.fixEmptyAndTrim(value) == null
                    ? FormValidation.error(Messages.Form_ClientCredentialsClientIdRequired())
                    : FormValidation.ok();
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckClientSecret(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.plain(value).isBlank()
                    ? FormValidation.error(Messages.Form_ClientSecretRequired())
                    : FormValidation.ok();
        }

        /** An allowed host and the org's My Domain (not login or test); no network. */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckMyDomainUrl(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkMyDomain(value);
        }

        /** Tests the form's key, secret and My Domain with Salesforce (the client credentials grant). */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doTestConnection(
                @AncestorInPath Item item,
                @QueryParameter String clientId,
                @QueryParameter String clientSecret,
                @QueryParameter String myDomainUrl,
                @QueryParameter String username) {
            FormPermissions.checkConfigure(item);
            return FormChecks.testClientCredentials(item, clientId, clientSecret, myDomainUrl, username);
        }
    }
}
