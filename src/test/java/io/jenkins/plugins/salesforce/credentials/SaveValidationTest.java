package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.systemStore;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.model.Descriptor.FormException;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * What saving a credential form does once the request is read ({@link SaveValidation#validate}): validate with
 * Salesforce first, fill in what it discovered, keep one org per username in a store. The HTTP round trip through the
 * credential store's pages is in {@link CredentialFormsHttpTest}; a form error names its field as the core's exception
 * names it.
 */
@WithJenkins
class SaveValidationTest {
    private EmulatedSalesforce sf;

    @BeforeEach
    void setUp(JenkinsRule j) {
        sf = new EmulatedSalesforce();
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    @Test
    void aNewAuthUrlIsValidatedAndTheDiscoveredFactsFilledIn() throws Exception {
        SalesforceAuthUrlCredentialsImpl submitted = authUrlCredential("prod", sf.authUrl(sf.admin));
        submitted.setDevHub(true);
        submitted.setMetadata("team = core");

        AbstractOrgCredentials saved = SaveValidation.validate(systemStore(), null, submitted);

        assertThat(saved.getUsername(), is("admin@acme.com"));
        assertThat(saved.getOrgType(), is("Production"));
        assertThat(saved.getOrgId(), notNullValue());
        assertThat(saved.isDevHub(), is(true));
        assertThat(saved.getMetadata(), is("team=core"));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
    }

    @Test
    void aRefusedAuthUrlIsAFormErrorOnTheAuthUrlField() {
        RefreshToken revoked = sf.emulator.issueRefreshToken(sf.admin, sf.app).revoke();
        FormException e = assertThrows(
                FormException.class,
                () -> SaveValidation.validate(
                        systemStore(), null, authUrlCredential("prod", sf.emulator.authUrl(revoked))));
        assertThat(e.getMessage(), containsString("Fix:"));
        assertThat(e.getFormField(), is("sfdxAuthUrl"));
    }

    @Test
    void aDevHubFlagOnAnOrgWithoutDevHubIsRefusedByName() {
        sf.acme.devHub(false);
        SalesforceAuthUrlCredentialsImpl submitted = authUrlCredential("prod", sf.authUrl(sf.admin));
        submitted.setDevHub(true);
        FormException e =
                assertThrows(FormException.class, () -> SaveValidation.validate(systemStore(), null, submitted));
        assertThat(e.getMessage(), containsString("not a Dev Hub"));
    }

    @Test
    void changingOnlyChoicesDoesNotCallSalesforce() throws Exception {
        String url = sf.authUrl(sf.admin);
        SalesforceAuthUrlCredentialsImpl existing = authUrlCredential("prod", url);
        addSystem(existing);
        sf.emulator.requests().reset();
        SalesforceAuthUrlCredentialsImpl submitted = authUrlCredential("prod", url);
        submitted.setMetadata("team=ops");
        SaveValidation.validate(systemStore(), existing, submitted);
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void aSecondCredentialForTheSameUsernameIsRefused() throws Exception {
        addSystem(SaveValidation.validate(systemStore(), null, authUrlCredential("prod", sf.authUrl(sf.admin))));
        FormException e = assertThrows(
                FormException.class,
                () -> SaveValidation.validate(systemStore(), null, authUrlCredential("again", sf.authUrl(sf.admin))));
        assertThat(e.getMessage(), containsString("already registered as org 'prod'"));
    }

    @Test
    void badMetadataIsRefusedWithoutCallingSalesforce() {
        SalesforceAuthUrlCredentialsImpl submitted = authUrlCredential("prod", sf.authUrl(sf.admin));
        submitted.setMetadata("team");
        FormException e =
                assertThrows(FormException.class, () -> SaveValidation.validate(systemStore(), null, submitted));
        assertThat(e.getMessage(), containsString("metadata"));
        assertThat(e.getFormField(), is("metadata"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    /** The field comes from the core's exception ({@code SalesforceAuthException.field()}), not from its message. */
    @Test
    void aBadValueIsAFormErrorOnItsOwnField() {
        SalesforceAuthUrlCredentialsImpl orgId = authUrlCredential("prod", sf.authUrl(sf.admin));
        orgId.setOrgId("not-an-org-id");
        FormException e = assertThrows(FormException.class, () -> SaveValidation.validate(systemStore(), null, orgId));
        assertThat(e.getFormField(), is("orgId"));

        SalesforceAuthUrlCredentialsImpl username = authUrlCredential("prod", sf.authUrl(sf.admin));
        username.setUsername("not a username");
        e = assertThrows(FormException.class, () -> SaveValidation.validate(systemStore(), null, username));
        assertThat(e.getFormField(), is("username"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void aJitSandboxNeedsARegisteredProductionOrgAndAnExistingSandbox() throws Exception {
        SalesforceJitSandboxCredentialsImpl uat = new SalesforceJitSandboxCredentialsImpl(
                com.cloudbees.plugins.credentials.CredentialsScope.GLOBAL, "uat", null, "uat", "prod");
        FormException e = assertThrows(FormException.class, () -> SaveValidation.validate(systemStore(), null, uat));
        assertThat(e.getMessage(), containsString("'prod' is not registered"));
        assertThat(e.getFormField(), is("productionCredentialsId"));

        addSystem(authUrlCredential("prod", sf.authUrl(sf.admin)));
        AbstractOrgCredentials saved = SaveValidation.validate(systemStore(), null, uat);
        assertThat(saved.getId(), is("uat"));
        assertThat(saved.getOrgId(), is(sf.uat.org().id()));
        assertThat("sandboxAuth named the sandbox user", saved.getUsername(), is(sf.uatAdmin.username()));
        assertThat(saved.getInstanceUrl(), is(sf.uat.org().instanceUrl()));

        SalesforceJitSandboxCredentialsImpl missing = new SalesforceJitSandboxCredentialsImpl(
                com.cloudbees.plugins.credentials.CredentialsScope.GLOBAL, "qa", null, "qa", "prod");
        e = assertThrows(FormException.class, () -> SaveValidation.validate(systemStore(), null, missing));
        assertThat(e.getMessage(), containsString("'qa' not found"));

        SalesforceJitSandboxCredentialsImpl onSandbox = new SalesforceJitSandboxCredentialsImpl(
                com.cloudbees.plugins.credentials.CredentialsScope.GLOBAL, "x", null, "x", "uat");
        addSystem(uat);
        e = assertThrows(FormException.class, () -> SaveValidation.validate(systemStore(), null, onSandbox));
        assertThat(e.getMessage(), containsString("not a production org"));
    }
}
