package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.ModelObject;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceFlows;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.MyDomainRule;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.flows.SandboxAuthResult;
import io.jenkins.plugins.salesforce.core.oauth.Audience;
import io.jenkins.plugins.salesforce.core.oauth.CertificatePem;
import io.jenkins.plugins.salesforce.core.oauth.PemKeys;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.ClientCredentialsSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.ExpiryPolicy;
import io.jenkins.plugins.salesforce.core.orgs.JwtSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import jenkins.model.Jenkins;

/**
 * The checks of the credential forms' fields (without any network call), the production org dropdown of a JIT
 * sandbox, and the Test connection buttons: they test the values typed into the form, or the stored credential (with a
 * fresh token) when the form shows its secret unchanged. Every rule is the core's; a failure is shown with the core's
 * message as is. The callers check {@link FormPermissions} first; testing a stored credential also needs
 * {@link FormPermissions#checkTestStored}'s permission.
 */
final class FormChecks {
    private FormChecks() {}

    /** The text of a secret field: {@code f:password} posts the encrypted value when it is unchanged. */
    static String plain(@CheckForNull String value) {
        return value == null ? "" : Secret.fromString(value).getPlainText();
    }

    /** OK when the core's rule passes, else its message. */
    private static FormValidation check(Runnable rule) {
        try {
            rule.run();
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** OK for an empty optional field, else the core's rule. */
    private static FormValidation checkGiven(@CheckForNull String value, Runnable rule) {
        return Util.fixEmptyAndTrim(value) == null ? FormValidation.ok() : check(rule);
    }

    static FormValidation checkAuthUrl(String value) {
        String url = plain(value);
        if (url.isBlank()) {
            return FormValidation.error(Messages.Form_AuthUrlRequired());
        }
        // the bare URL or what the sf CLI printed
        return check(() -> SfdxAuthUrl.read(url, SalesforceService.get().hosts()));
    }

    static FormValidation checkPrivateKey(String value, String passphrase) {
        String pem = plain(value);
        if (pem.isBlank()) {
            return FormValidation.error(Messages.Form_PrivateKeyRequired());
        }
        return check(() -> PemKeys.readRsaPrivateKey(SecretText.of(pem), SecretText.ofNullable(plain(passphrase))));
    }

    static FormValidation checkHost(String url, String field) {
        return checkGiven(url, () -> SalesforceService.get().hosts().requireAllowed(url.strip(), field));
    }

    /** The client credentials' My Domain: given, not login or test, an allowed host. */
    static FormValidation checkMyDomain(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.error(Messages.Form_MyDomainRequired());
        }
        return check(() -> MyDomainRule.requireMyDomain(
                SalesforceService.get().hosts().requireAllowed(value.strip(), "myDomainUrl").getHost(),
                "myDomainUrl"));
    }

    static FormValidation checkAudience(String value) {
        return checkGiven(value, () -> Audience.of(value));
    }

    /** A policy's number of days: blank, or a whole number from 1 ({@link ExpiryPolicy#parseDays}). */
    static FormValidation checkDays(String value, String field) {
        return check(() -> ExpiryPolicy.parseDays(value, field));
    }

    /** A JWT credential's certificate: blank, or a PEM certificate, whose end date is shown. */
    static FormValidation checkCertificate(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        try {
            return FormValidation.ok(Messages.Form_CertificateValidUntil(
                    CertificatePem.notAfter(value, "certificate").toString()));
        } catch (SalesforceAuthException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static FormValidation checkUsername(String value) {
        return checkGiven(
                value,
                () -> OrgRecord.builder("check", CredentialType.AUTH_URL)
                        .username(value)
                        .build());
    }

    static FormValidation checkOrgId(String value) {
        return checkGiven(
                value,
                () -> OrgRecord.builder("check", CredentialType.AUTH_URL)
                        .orgId(value)
                        .build());
    }

    static FormValidation checkOrgType(String value) {
        return checkGiven(value, () -> OrgType.parse(value));
    }

    static FormValidation checkMetadata(String value) {
        return check(() -> OrgMetadata.parse(value, "metadata"));
    }

    static FormValidation checkSandboxName(String value) {
        return check(() -> OrgRecord.builder("check", CredentialType.JIT_SANDBOX)
                .sandboxName(Util.fixNull(value).strip())
                .productionOrgId("production")
                .build());
    }

    // ------------------------------------------------------------------------------ the production org

    /** Credentials that can be a production org: those with a secret of their own. */
    private static final CredentialsMatcher WITH_SECRET = c ->
            c instanceof SalesforceOrgCredentials s && s.getCredentialType().hasSecret();

    /** The production orgs of the context, as the consumer guide lists credentials (after its permission check). */
    static ListBoxModel productionOrgItems(@CheckForNull Item item, @CheckForNull String current) {
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, item, SalesforceOrgCredentials.class, List.of(), WITH_SECRET)
                .includeCurrentValue(Util.fixNull(current));
    }

    static FormValidation checkProductionCredentialsId(@CheckForNull Item item, @CheckForNull String value) {
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return FormValidation.error(Messages.Form_ProductionRequired());
        }
        SalesforceOrgCredentials production = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItem(
                        SalesforceOrgCredentials.class, item, ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(id));
        if (production == null) {
            return FormValidation.warning(Messages.Form_ProductionNotFound(id));
        }
        if (!production.getCredentialType().hasSecret()) {
            return FormValidation.error(Messages.Form_ProductionIsJit(id));
        }
        return FormValidation.ok();
    }

    // ------------------------------------------------------------------------------ Test connection

    private static ModelObject contextOf(@CheckForNull Item item) {
        return item == null ? Jenkins.get() : item;
    }

    /** Validates a registration with Salesforce, without storing anything. */
    private static FormValidation validate(Supplier<RegistrationRequest> request) {
        try {
            OrgRecord r = SalesforceService.get().validate(request.get()).record();
            return FormValidation.ok(Messages.Form_Connected(
                    r.username(),
                    r.orgType() == null ? "?" : r.orgType().label(),
                    r.orgId(),
                    r.instanceUrl(),
                    r.devHub() ? Messages.Form_DevHubYes() : Messages.Form_DevHubNo()));
        } catch (SalesforceAuthException e) {
            return FormValidation.error(e.getMessage());
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
        String url = plain(sfdxAuthUrl);
        if (url.isBlank()) {
            return FormValidation.error(Messages.Form_AuthUrlRequired());
        }
        Optional<RegisteredOrg> stored = FormPermissions.mayTestStored(item) ? storedOrg(item, id) : Optional.empty();
        if (stored.isPresent()
                && stored.get().secret() instanceof AuthUrlSecret s
                && s.authUrl().reveal().equals(url)) {
            return testStored(item, id);
        }
        return validate(() -> {
            AuthUrlSecret secret = new AuthUrlSecret(SecretText.of(url));
            RefreshTokenHolders.refuseElsewhere(secret, SalesforceService.storeOf(contextOf(item)), id);
            return RegistrationRequest.of(secret).withUsername(Util.fixEmptyAndTrim(username));
        });
    }

    static FormValidation testJwt(
            @CheckForNull Item item,
            String clientId,
            String privateKey,
            String passphrase,
            String loginUrl,
            String username,
            String audience) {
        if (FormPermissions.isStoredSecret(privateKey) || FormPermissions.isStoredSecret(passphrase)) {
            FormPermissions.checkTestStored(item);
        }
        return validate(() -> RegistrationRequest.of(
                new JwtSecret(
                        Util.fixNull(clientId),
                        Util.fixEmptyAndTrim(loginUrl) == null
                                ? SalesforceJwtCredentialsImpl.DEFAULT_LOGIN_URL
                                : loginUrl,
                        SecretText.of(plain(privateKey)),
                        SecretText.ofNullable(plain(passphrase)),
                        OrgCredentialsMapping.audienceOf(audience)),
                Util.fixEmptyAndTrim(username)));
    }

    /**
     * Tests a client credentials app with the client credentials grant. A form that posts back the stored secret
     * unchanged tests the stored secret, which needs {@link FormPermissions#checkTestStored}'s permission.
     */
    static FormValidation testClientCredentials(
            @CheckForNull Item item, String clientId, String clientSecret, String myDomainUrl, String username) {
        if (FormPermissions.isStoredSecret(clientSecret)) {
            FormPermissions.checkTestStored(item);
        }
        return validate(() -> RegistrationRequest.of(new ClientCredentialsSecret(
                        Util.fixNull(clientId), SecretText.of(plain(clientSecret)), Util.fixNull(myDomainUrl)))
                .withUsername(Util.fixEmptyAndTrim(username)));
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

    /**
     * Tests a JIT sandbox: the saved one by its id, or, before it is saved, a login to the sandbox through the chosen
     * production org, as saving will check it (nothing is stored; SYSTEM-scoped production orgs for administrators).
     */
    static FormValidation testJitSandbox(
            @CheckForNull Item item,
            @CheckForNull String id,
            @CheckForNull String productionCredentialsId,
            @CheckForNull String sandboxName) {
        FormPermissions.checkTestStored(item);
        String production = Util.fixEmptyAndTrim(productionCredentialsId);
        String sandbox = Util.fixEmptyAndTrim(sandboxName);
        if (storedOrg(item, id).isPresent() || production == null || sandbox == null) {
            return testStored(item, id);
        }
        try {
            boolean admin = Jenkins.get().hasPermission(Jenkins.ADMINISTER);
            SandboxAuthResult r = SalesforceFlows.get()
                    .sandboxAuth(OrgStoreView.tokens(contextOf(item), ACL.SYSTEM2, admin), sandbox, production, false);
            return FormValidation.ok(Messages.Form_JitSandboxConnected(
                    r.sandboxName(), r.sandboxUsername(), r.token().orgId()));
        } catch (SalesforceAuthException e) {
            return FormValidation.error(e.getMessage());
        }
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
