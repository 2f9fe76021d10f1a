package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.ExpiryPolicy;
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
 *               expireAfterDays: 90        # optional: the connected app's refresh token policy
 *               expireAfterIdleDays: 30    # optional
 * unclassified:
 *   salesforceOrgs:
 *     defaultDevHub: prod
 * }</pre>
 */
public class SalesforceAuthUrlCredentialsImpl extends AbstractSecretOrgCredentials {
    private static final long serialVersionUID = 1L;

    private final Secret sfdxAuthUrl;

    private boolean allowAuthUrlExport;
    private Integer expireAfterDays;
    private Integer expireAfterIdleDays;

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

    /** The connected app's policy: the refresh token expires this many days after it was issued; null when none. */
    @CheckForNull
    public Integer getExpireAfterDays() {
        return expireAfterDays;
    }

    /** See {@link #getExpireAfterDays()}; empty (null) for refresh tokens valid until revoked. */
    @DataBoundSetter
    public void setExpireAfterDays(@CheckForNull Integer expireAfterDays) {
        this.expireAfterDays = expireAfterDays;
    }

    /** The connected app's policy: the refresh token expires when not used for this many days; null when none. */
    @CheckForNull
    public Integer getExpireAfterIdleDays() {
        return expireAfterIdleDays;
    }

    /** See {@link #getExpireAfterIdleDays()}. */
    @DataBoundSetter
    public void setExpireAfterIdleDays(@CheckForNull Integer expireAfterIdleDays) {
        this.expireAfterIdleDays = expireAfterIdleDays;
    }

    /**
     * The policy as the core reads it.
     *
     * @throws io.jenkins.plugins.salesforce.core.SalesforceAuthException BAD_INPUT naming the field out of range
     */
    @NonNull
    public ExpiryPolicy expiryPolicy() {
        return new ExpiryPolicy(expireAfterDays, expireAfterIdleDays);
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

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckExpireAfterDays(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkDays(value, "expireAfterDays");
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckExpireAfterIdleDays(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkDays(value, "expireAfterIdleDays");
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
