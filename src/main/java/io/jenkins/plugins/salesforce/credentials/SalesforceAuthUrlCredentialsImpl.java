package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
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
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A Salesforce org registered with its SFDX auth URL ({@code force://...}, which holds a refresh token). JCasC symbol
 * {@code salesforceAuthUrl}:
 *
 * <pre>{@code
 * credentials:
 *   system:
 *     domainCredentials:
 *       - credentials:
 *           - salesforceAuthUrl:
 *               id: prod
 *               sfdxAuthUrl: "${SF_PROD_AUTH_URL}"
 *               devHub: true
 *               metadata: "team=core,env=prod"
 * unclassified:
 *   salesforceOrgs:
 *     defaultDevHub: prod
 * }</pre>
 */
public class SalesforceAuthUrlCredentialsImpl extends AbstractSecretOrgCredentials {
    private static final long serialVersionUID = 1L;

    private final Secret sfdxAuthUrl;

    private boolean allowAuthUrlExport;

    @DataBoundConstructor
    public SalesforceAuthUrlCredentialsImpl(
            @CheckForNull CredentialsScope scope,
            @CheckForNull String id,
            @CheckForNull String description,
            @NonNull Secret sfdxAuthUrl) {
        super(scope, id, description);
        this.sfdxAuthUrl = Objects.requireNonNull(sfdxAuthUrl, "sfdxAuthUrl");
    }

    /** The SFDX auth URL, encrypted. */
    @NonNull
    public Secret getSfdxAuthUrl() {
        return sfdxAuthUrl;
    }

    @NonNull
    @Override
    public CredentialType getCredentialType() {
        return CredentialType.AUTH_URL;
    }

    public boolean isAllowAuthUrlExport() {
        return allowAuthUrlExport;
    }

    /** Let {@code authType: 'sfdxAuthUrl'} hand the long-lived auth URL to callers allowed to use the credential. */
    @DataBoundSetter
    public void setAllowAuthUrlExport(boolean allowAuthUrlExport) {
        this.allowAuthUrlExport = allowAuthUrlExport;
    }

    @Extension
    @Symbol("salesforceAuthUrl")
    public static class DescriptorImpl extends OrgCredentialsDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.SalesforceAuthUrlCredentialsImpl_DisplayName();
        }

        /** The auth URL's syntax and host, without any network call. */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckSfdxAuthUrl(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkAuthUrl(value);
        }

        /** Tests the auth URL of the form (or the stored one, when the form shows it unchanged) with Salesforce. */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doTestConnection(
                @AncestorInPath Item item,
                @QueryParameter String sfdxAuthUrl,
                @QueryParameter String username,
                @QueryParameter String id) {
            FormPermissions.checkConfigure(item);
            return FormChecks.testAuthUrl(item, sfdxAuthUrl, username, id);
        }
    }
}
