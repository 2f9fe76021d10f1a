package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.Secret;
import hudson.util.XStream2;
import io.jenkins.plugins.salesforce.core.orgs.OrgKind;
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
 * {@code salesforceOrg}:
 *
 * <pre>{@code
 * credentials:
 *   system:
 *     domainCredentials:
 *       - credentials:
 *           - salesforceOrg:
 *               id: prod
 *               sfdxAuthUrl: "${SF_PROD_AUTH_URL}"
 *               devHub: true
 *               metadata: "team=core,env=prod"
 * unclassified:
 *   salesforceOrgs:
 *     defaultDevHub: prod
 * }</pre>
 */
public class SalesforceOrgCredentialsImpl extends AbstractSecretOrgCredentials {
    private static final long serialVersionUID = 1L;

    /** Not final only for {@link #keepStoredSecrets}, on a credential just read from XML. */
    private Secret sfdxAuthUrl;

    private boolean allowAuthUrlExport;

    @DataBoundConstructor
    public SalesforceOrgCredentialsImpl(
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
    public OrgKind getKind() {
        return OrgKind.AUTH_URL;
    }

    public boolean isAllowAuthUrlExport() {
        return allowAuthUrlExport;
    }

    /** Let {@code authType: 'sfdxAuthUrl'} hand the long-lived auth URL to callers allowed to use the credential. */
    @DataBoundSetter
    public void setAllowAuthUrlExport(boolean allowAuthUrlExport) {
        this.allowAuthUrlExport = allowAuthUrlExport;
    }

    /**
     * For a credential just read from an XML update ({@link XmlSubmission}): an auth URL left out (empty, missing, or
     * the credentials plugin's {@code <secret-redacted/>}, which reads as empty) takes the stored one of the
     * credential it replaces.
     *
     * @param replaced the credential the update replaces, or null for a new one
     * @return {@code "sfdxAuthUrl"} when it is left out and there is no stored one to keep, else null
     */
    @CheckForNull
    @Override
    String keepStoredSecrets(@CheckForNull Credentials replaced) {
        if (!XmlSubmission.leftOut(sfdxAuthUrl)) {
            return null;
        }
        if (replaced instanceof SalesforceOrgCredentialsImpl old && !XmlSubmission.leftOut(old.sfdxAuthUrl)) {
            sfdxAuthUrl = old.sfdxAuthUrl;
            return null;
        }
        return "sfdxAuthUrl";
    }

    /**
     * Validates the credential with Salesforce when it is submitted as XML (the credentials plugin's REST API and CLI)
     * and never when it is loaded from disk: see {@link XmlSubmission}.
     */
    @Restricted(NoExternalUse.class)
    public static final class ConverterImpl extends XmlSubmission.Converter {
        public ConverterImpl(XStream2 xstream) {
            super(xstream);
        }
    }

    @Extension
    @Symbol("salesforceOrg")
    public static class DescriptorImpl extends OrgCredentialsDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.SalesforceOrgCredentialsImpl_DisplayName();
        }

        /** The auth URL's syntax and host, without any network call. */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckSfdxAuthUrl(@AncestorInPath Item item, @QueryParameter String value) {
            FormSupport.checkConfigure(item);
            return FormSupport.checkAuthUrl(value);
        }

        /** Tests the auth URL of the form (or the stored one, when the form shows it unchanged) with Salesforce. */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doTestConnection(
                @AncestorInPath Item item,
                @QueryParameter String sfdxAuthUrl,
                @QueryParameter String username,
                @QueryParameter String id) {
            FormSupport.checkConfigure(item);
            return FormSupport.testAuthUrl(item, sfdxAuthUrl, username, id);
        }
    }
}
