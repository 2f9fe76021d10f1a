package io.jenkins.plugins.salesforce.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.ModelObject;
import hudson.security.ACL;
import hudson.util.FormValidation;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.JwtSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import java.util.Optional;
import jenkins.model.Jenkins;

/**
 * The Test connection buttons of the credential forms: the values typed into the form, or the stored credential
 * (with a fresh token) when the form shows its secret unchanged. The callers check {@link FormPermissions} first;
 * testing a stored credential also needs {@link FormPermissions#checkTestStored}'s permission.
 */
final class ConnectionTests {
    private ConnectionTests() {}

    private static ModelObject contextOf(@CheckForNull Item item) {
        return item == null ? Jenkins.get() : item;
    }

    private static FormValidation connected(OrgRecord r) {
        return FormValidation.ok(Messages.Form_Connected(
                r.username(),
                r.orgType() == null ? "?" : r.orgType().label(),
                r.orgId(),
                r.instanceUrl(),
                r.devHub() ? Messages.Form_DevHubYes() : Messages.Form_DevHubNo()));
    }

    private static FormValidation validate(RegistrationRequest request) {
        try {
            return connected(SalesforceService.get().validate(request).record());
        } catch (SalesforceAuthException e) {
            return FormChecks.error(e);
        } catch (RuntimeException e) {
            return FormValidation.error(Messages.Form_Unexpected(e.getClass().getSimpleName()));
        }
    }

    /**
     * Tests an auth URL: the stored credential's (through the token service, which stores a rotated refresh token)
     * when the form shows a stored credential's value unchanged, else the form's value.
     */
    static FormValidation testAuthUrl(
            @CheckForNull Item item, String sfdxAuthUrl, String username, @CheckForNull String id) {
        if (FormPermissions.isStoredSecret(sfdxAuthUrl)) {
            FormPermissions.checkTestStored(item);
        }
        String url = FormChecks.plain(sfdxAuthUrl);
        if (url.isBlank()) {
            return FormValidation.error(Messages.Form_AuthUrlRequired());
        }
        Optional<RegisteredOrg> stored = FormPermissions.mayTestStored(item) ? storedOrg(item, id) : Optional.empty();
        if (stored.isPresent()
                && stored.get().secret() instanceof AuthUrlSecret s
                && s.authUrl().reveal().equals(url)) {
            return testStored(item, id);
        }
        try {
            return validate(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(url)))
                    .withUsername(Util.fixEmptyAndTrim(username)));
        } catch (SalesforceAuthException e) {
            return FormChecks.error(e);
        }
    }

    static FormValidation testJwt(
            @CheckForNull Item item,
            String clientId,
            String privateKey,
            String passphrase,
            String loginUrl,
            String username) {
        if (FormPermissions.isStoredSecret(privateKey) || FormPermissions.isStoredSecret(passphrase)) {
            FormPermissions.checkTestStored(item);
        }
        try {
            JwtSecret secret = new JwtSecret(
                    Util.fixNull(clientId),
                    Util.fixEmptyAndTrim(loginUrl) == null ? SalesforceJwtCredentialsImpl.DEFAULT_LOGIN_URL : loginUrl,
                    SecretText.of(FormChecks.plain(privateKey)),
                    SecretText.ofNullable(FormChecks.plain(passphrase)));
            return validate(RegistrationRequest.of(secret, Util.fixEmptyAndTrim(username)));
        } catch (SalesforceAuthException e) {
            return FormChecks.error(e);
        }
    }

    /** Tests a saved credential of the context with a fresh token (a JIT sandbox through its production org). */
    static FormValidation testStored(@CheckForNull Item item, @CheckForNull String id) {
        FormPermissions.checkTestStored(item);
        String given = Util.fixEmptyAndTrim(id);
        if (given == null) {
            return FormValidation.error(Messages.Form_SaveFirst());
        }
        ConnectionTest t = OrgStoreView.tokens(contextOf(item), ACL.SYSTEM2).testConnection(given);
        return t.ok() ? FormValidation.ok(t.summary()) : FormValidation.error(t.summary());
    }

    private static Optional<RegisteredOrg> storedOrg(@CheckForNull Item item, @CheckForNull String id) {
        String given = Util.fixEmptyAndTrim(id);
        if (given == null) {
            return Optional.empty();
        }
        try {
            return new OrgStoreView(contextOf(item), ACL.SYSTEM2).findRegistered(given);
        } catch (SalesforceAuthException e) {
            return Optional.empty();
        }
    }
}
