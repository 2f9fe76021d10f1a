package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.oauth.CertificatePem;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import java.time.Instant;
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
 * A Salesforce org reached with the JWT bearer grant: a connected app's client id, the PEM private key whose
 * certificate is uploaded to that app, and the username to sign in as. JCasC symbol {@code salesforceJwt}:
 *
 * <pre>{@code
 * - salesforceJwt:
 *     id: devhub
 *     clientId: "3MVG9..."
 *     username: "ci@acme.com"
 *     privateKey: "${SF_DEVHUB_KEY}"
 *     loginUrl: "https://login.salesforce.com"
 *     devHub: true
 *     audience: "https://login.salesforce.com"   # optional: the JWT aud, when Salesforce names another one
 *     certificate: "${SF_DEVHUB_CERT}"           # optional: the app's PEM certificate, to warn before it ends
 * }</pre>
 */
public class SalesforceJwtCredentialsImpl extends AbstractSecretOrgCredentials {
    private static final long serialVersionUID = 1L;

    /** Where the JWT bearer grant goes when no login URL is given. */
    public static final String DEFAULT_LOGIN_URL = "https://login.salesforce.com";

    private final String clientId;
    private final Secret privateKey;

    private Secret passphrase;
    private String loginUrl;
    private String audience;
    private String certificate;

    @DataBoundConstructor
    @SuppressWarnings("this-escape")
    public SalesforceJwtCredentialsImpl(
            @CheckForNull CredentialsScope scope,
            @CheckForNull String id,
            @CheckForNull String description,
            @NonNull String clientId,
            @NonNull Secret privateKey,
            @NonNull String username) {
        super(scope, id, description);
        this.clientId = Util.fixNull(clientId).strip();
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        setUsername(username);
    }

    /** The connected app's consumer key (not a secret). */
    @NonNull
    public String getClientId() {
        return clientId;
    }

    /** The PEM private key (PKCS#1 or PKCS#8, possibly encrypted), encrypted by Jenkins. */
    @NonNull
    public Secret getPrivateKey() {
        return privateKey;
    }

    /** The key's passphrase, or null for an unencrypted key. */
    @CheckForNull
    public Secret getPassphrase() {
        return passphrase;
    }

    @DataBoundSetter
    public void setPassphrase(@CheckForNull Secret passphrase) {
        this.passphrase = passphrase == null || passphrase.getPlainText().isEmpty() ? null : passphrase;
    }

    /** The login URL; {@value #DEFAULT_LOGIN_URL} when none was given. */
    @NonNull
    public String getLoginUrl() {
        return loginUrl == null ? DEFAULT_LOGIN_URL : loginUrl;
    }

    /** {@code https://login.salesforce.com}, {@code https://test.salesforce.com} or a My Domain URL. */
    @DataBoundSetter
    public void setLoginUrl(@CheckForNull String loginUrl) {
        String url = Util.fixEmptyAndTrim(loginUrl);
        while (url != null && url.endsWith("/")) {
            url = Util.fixEmpty(url.substring(0, url.length() - 1));
        }
        this.loginUrl = DEFAULT_LOGIN_URL.equals(url) ? null : url;
    }

    /** The JWT audience ({@code aud}) set by an administrator, or null to let the plugin choose login or test. */
    @CheckForNull
    public String getAudience() {
        return audience;
    }

    /**
     * An authorization server URL for the {@code aud} claim, as the sf CLI's {@code SF_AUDIENCE_URL}: for Experience
     * Cloud sites and instances whose login server is not login or test. Empty for the usual rule.
     */
    @DataBoundSetter
    public void setAudience(@CheckForNull String audience) {
        this.audience = Util.fixEmptyAndTrim(audience);
    }

    /** The PEM certificate uploaded to the connected app (public, not a secret), or null when not given. */
    @CheckForNull
    public String getCertificate() {
        return certificate;
    }

    /** The certificate, so that the plugin can warn before its end date; optional. */
    @DataBoundSetter
    public void setCertificate(@CheckForNull String certificate) {
        this.certificate = Util.fixEmptyAndTrim(certificate);
    }

    /** The certificate's end date, or null when none is given or it cannot be read (the form check says why). */
    @CheckForNull
    public Instant certificateNotAfter() {
        try {
            return certificate == null ? null : CertificatePem.notAfter(certificate, "certificate");
        } catch (SalesforceAuthException e) {
            return null;
        }
    }

    @NonNull
    @Override
    public CredentialType getCredentialType() {
        return CredentialType.JWT;
    }

    @Extension
    @Symbol("salesforceJwt")
    public static class DescriptorImpl extends OrgCredentialsDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.SalesforceJwtCredentialsImpl_DisplayName();
        }

        public String getDefaultLoginUrl() {
            return DEFAULT_LOGIN_URL;
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckClientId(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return Util.fixEmptyAndTrim(value) == null
                    ? FormValidation.error(Messages.Form_ClientIdRequired())
                    : FormValidation.ok();
        }

        /** The PEM's shape (and, with the passphrase, that it is an RSA key of at least 2048 bits); no network. */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckPrivateKey(
                @AncestorInPath Item item, @QueryParameter String value, @QueryParameter String passphrase) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkPrivateKey(value, passphrase);
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckLoginUrl(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkHost(Util.fixEmptyAndTrim(value) == null ? DEFAULT_LOGIN_URL : value, "loginUrl");
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckAudience(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkAudience(value);
        }

        /** The certificate's end date, or why it cannot be read; no network. */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckCertificate(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkCertificate(value);
        }

        @POST
        @Restricted(NoExternalUse.class)
        @Override
        public FormValidation doCheckUsername(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.error(Messages.Form_JwtUsernameRequired());
            }
            return FormChecks.checkUsername(value);
        }

        /** Tests the form's key, client id, login URL, username and audience with Salesforce (the JWT bearer grant). */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doTestConnection(
                @AncestorInPath Item item,
                @QueryParameter String clientId,
                @QueryParameter String privateKey,
                @QueryParameter String passphrase,
                @QueryParameter String loginUrl,
                @QueryParameter String username,
                @QueryParameter String audience) {
            FormPermissions.checkConfigure(item);
            return FormChecks.testJwt(item, clientId, privateKey, passphrase, loginUrl, username, audience);
        }
    }
}
