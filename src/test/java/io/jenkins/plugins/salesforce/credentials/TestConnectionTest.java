package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.core.oauth.TestKeys;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The Test connection button of each form against the Salesforce emulator (as an administrator). */
@WithJenkins
class TestConnectionTest {
    private JenkinsRule j;
    private EmulatedSalesforce sf;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        sf = new EmulatedSalesforce();
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private SalesforceAuthUrlCredentialsImpl.DescriptorImpl authUrl() {
        return j.jenkins.getDescriptorByType(SalesforceAuthUrlCredentialsImpl.DescriptorImpl.class);
    }

    private SalesforceJwtCredentialsImpl.DescriptorImpl jwt() {
        return j.jenkins.getDescriptorByType(SalesforceJwtCredentialsImpl.DescriptorImpl.class);
    }

    @Test
    void aGoodAuthUrlNamesTheOrg() {
        FormValidation v = authUrl().doTestConnection(null, sf.authUrl(sf.admin), "", "");
        assertThat(v.kind, is(FormValidation.Kind.OK));
        assertThat(v.getMessage(), containsString("admin@acme.com"));
        assertThat(v.getMessage(), containsString("Production"));
    }

    @Test
    void aRevokedAuthUrlShowsSalesforcesReasonAndTheFixButNoSecret() {
        RefreshToken revoked = sf.emulator.issueRefreshToken(sf.admin, sf.app).revoke();
        FormValidation v = authUrl().doTestConnection(null, sf.emulator.authUrl(revoked), "", "");
        assertThat(v.kind, is(FormValidation.Kind.ERROR));
        assertThat(v.getMessage(), containsString("Fix:"));
        assertThat(v.getMessage(), not(containsString(revoked.value())));
    }

    @Test
    void theUnchangedEncryptedValueOfASavedCredentialTestsTheStoredOne() throws Exception {
        addSystem(authUrlCredential("prod", sf.authUrl(sf.admin)));
        String encrypted = EmulatedSalesforce.find(SalesforceAuthUrlCredentialsImpl.class, "prod")
                .getSfdxAuthUrl()
                .getEncryptedValue();
        FormValidation v = authUrl().doTestConnection(null, encrypted, "", "prod");
        assertThat(v.renderHtml(), v.kind, is(FormValidation.Kind.OK));
        // The stored credential went through the token service, which recorded what it discovered.
        assertThat(
                EmulatedSalesforce.find(SalesforceAuthUrlCredentialsImpl.class, "prod")
                        .getUsername(),
                is("admin@acme.com"));
    }

    @Test
    void aJwtKeyIsTestedWithTheJwtBearerGrant() {
        KeyPair key = TestKeys.rsa();
        sf.app.certificate(key.getPublic());
        String pem = TestKeys.pkcs8(key.getPrivate());
        FormValidation v = jwt().doTestConnection(
                        null,
                        EmulatedSalesforce.CONSUMER_KEY,
                        Secret.fromString(pem).getEncryptedValue(),
                        "",
                        sf.emulator.loginUrl(),
                        "admin@acme.com",
                        "");
        assertThat(v.renderHtml(), v.kind, is(FormValidation.Kind.OK));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
    }

    @Test
    void aPrivateKeyOfTheWrongShapeIsRefusedBeforeAnyCall() {
        FormValidation v = jwt().doCheckPrivateKey(null, "not a pem", "");
        assertThat(v.kind, is(FormValidation.Kind.ERROR));
        FormValidation t = jwt().doTestConnection(null, "client", "not a pem", "", sf.emulator.loginUrl(), "a@b.c", "");
        assertThat(t.kind, is(FormValidation.Kind.ERROR));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void aLoginUrlThatIsNotAllowedIsRefused() {
        assertThat(jwt().doCheckLoginUrl(null, "https://evil.example.com").kind, is(FormValidation.Kind.ERROR));
        assertThat(jwt().doCheckLoginUrl(null, "https://test.salesforce.com").kind, is(FormValidation.Kind.OK));
        assertThat(jwt().doCheckLoginUrl(null, "").kind, is(FormValidation.Kind.OK));
    }

    @Test
    void aJwtAudienceMustBeAnHttpsUrlAndMayBeEmpty() {
        FormValidation bad = jwt().doCheckAudience(null, "login.salesforce.com");
        assertThat(bad.kind, is(FormValidation.Kind.ERROR));
        assertThat(bad.getMessage(), containsString("must be an https URL"));
        assertThat(jwt().doCheckAudience(null, "https://acme.my.site.com/customers").kind, is(FormValidation.Kind.OK));
        assertThat(jwt().doCheckAudience(null, "").kind, is(FormValidation.Kind.OK));
        FormValidation t = jwt().doTestConnection(
                        null, "client", "not checked", "", sf.emulator.loginUrl(), "a@b.c", "http://plain.example.com");
        assertThat(t.kind, is(FormValidation.Kind.ERROR));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void theAuthUrlCheckUsesTheConfiguredHosts() {
        String url = sf.authUrl(sf.admin);
        assertThat(authUrl().doCheckSfdxAuthUrl(null, url).kind, is(FormValidation.Kind.OK));
        io.jenkins.plugins.salesforce.SalesforceConfiguration.get().setAllowedHosts("");
        assertThat(authUrl().doCheckSfdxAuthUrl(null, url).kind, is(FormValidation.Kind.ERROR));
        assertThat(authUrl().doCheckSfdxAuthUrl(null, "").kind, is(FormValidation.Kind.ERROR));
    }
}
