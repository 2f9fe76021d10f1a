package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.systemStore;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.Util;
import hudson.cli.CLICommandInvoker;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.oauth.TestKeys;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import java.security.KeyPair;
import java.util.logging.Level;
import jenkins.model.Jenkins;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A Salesforce credential sent as XML through the credentials plugin's REST API ({@code createCredentials},
 * {@code config.xml}) or CLI ({@code create-credentials-by-xml}, {@code update-credentials-by-xml}) is stored as
 * given: the credentials plugin offers no hook to check it first, so Salesforce is not called. A credential that does
 * not work is then reported by its first use (Test connection and the health check use the same test): a revoked
 * auth URL with Salesforce's reason and the fix, never the secret; a secret left {@code <secret-redacted/>} (stored
 * empty) fails without a call to Salesforce, and the log names the field and the fix.
 */
@WithJenkins
class CredentialsXmlTest {
    private static final String DOMAIN = "credentials/store/system/domain/_/";
    private static final String CREATE = DOMAIN + "createCredentials";
    private static final String SYSTEM_STORE = "system::system::jenkins";
    private static final String REDACTED = "<secret-redacted/>";

    private final LogRecorder log =
            new LogRecorder().record(CredentialsOrgStore.class, Level.WARNING).capture(20);
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

    // -------------------------------------------------------------------------------------------- helpers

    /** An auth URL credential as XML, as a REST client writes it: the secret in clear, no discovered field. */
    private static String authUrlXml(String id, String authUrl) {
        String type = SalesforceAuthUrlCredentialsImpl.class.getName();
        return "<" + type + ">\n  <scope>GLOBAL</scope>\n  <id>" + id + "</id>\n  <description>from XML</description>\n"
                + "  <sfdxAuthUrl>" + Util.xmlEscape(authUrl) + "</sfdxAuthUrl>\n</" + type + ">\n";
    }

    private static String configXml(String id) {
        return DOMAIN + "credential/" + id + "/config.xml";
    }

    /** What {@code GET .../config.xml} answers: the credential's XML with its secrets redacted. */
    private String getXml(String id) throws Exception {
        WebResponse r =
                j.createWebClient().goTo(configXml(id), "application/xml").getWebResponse();
        assertThat(r.getStatusCode(), is(200));
        return r.getContentAsString();
    }

    private String revokedAuthUrl() {
        RefreshToken revoked = sf.emulator.issueRefreshToken(sf.admin, sf.app).revoke();
        return sf.emulator.authUrl(revoked);
    }

    /** What Test connection and the health check find for a stored credential: a fresh token, as the system. */
    private static ConnectionTest firstUse(String id) {
        return OrgStoreView.tokens(Jenkins.get(), ACL.SYSTEM2).testConnection(id);
    }

    /** A report of a credential that does not work: the cause and the fix, no stack trace, no secret. */
    private static void assertReported(ConnectionTest t, String cause, String secret) {
        assertThat(t.summary(), t.ok(), is(false));
        assertThat(t.summary(), containsString(cause));
        assertThat(t.summary(), containsString("Fix:"));
        assertThat(t.summary(), not(containsString("\tat ")));
        String beforeHost = secret.substring(0, secret.indexOf('@'));
        assertThat(t.summary(), not(containsString(beforeHost.substring(beforeHost.lastIndexOf(':') + 1))));
    }

    /** A credential whose stored secret is empty: its first use fails without a call, the log says why and how. */
    private void assertUnusable(String id, String why) {
        ConnectionTest t = firstUse(id);
        assertThat(t.summary(), t.ok(), is(false));
        assertThat(t.summary(), containsString("'" + id + "'"));
        assertThat(sf.emulator.requests().total(), is(0));
        assertThat(
                log.getMessages().toString(),
                log.getMessages().stream().anyMatch(m -> m.contains(id) && m.contains(why) && m.contains("Fix:")),
                is(true));
    }

    // -------------------------------------------------------------------------------- stored as given

    @Test
    void aCredentialPostedAsXmlIsStoredAsGivenWithoutCallingSalesforceAndWorksOnFirstUse() throws Exception {
        WebResponse r = XmlRequests.postXml(j, CREATE, authUrlXml("prod", sf.authUrl(sf.admin)));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        SalesforceAuthUrlCredentialsImpl stored = find(SalesforceAuthUrlCredentialsImpl.class, "prod");
        assertThat(stored, notNullValue());
        assertThat(stored.getUsername(), nullValue());
        assertThat(sf.emulator.requests().total(), is(0));

        ConnectionTest t = firstUse("prod");
        assertThat(t.summary(), t.ok(), is(true));
        assertThat(t.summary(), containsString("admin@acme.com"));
    }

    @Test
    void aCredentialThatSalesforceRefusesIsStoredAndItsFirstUseReportsSalesforcesReason() throws Exception {
        String revoked = revokedAuthUrl();

        WebResponse r = XmlRequests.postXml(j, CREATE, authUrlXml("bad", revoked));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "bad"), notNullValue());
        assertReported(firstUse("bad"), "invalid_grant", revoked);
    }

    @Test
    void anUpdatePostedToConfigXmlReplacesTheCredentialAsGiven() throws Exception {
        addSystem(authUrlCredential("prod", sf.authUrl(sf.admin)));
        String revoked = revokedAuthUrl();
        sf.emulator.requests().reset();

        WebResponse r = XmlRequests.postXml(j, configXml("prod"), authUrlXml("prod", revoked));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        assertThat(
                find(SalesforceAuthUrlCredentialsImpl.class, "prod")
                        .getSfdxAuthUrl()
                        .getPlainText(),
                is(revoked));
        assertThat(sf.emulator.requests().total(), is(0));
        assertReported(firstUse("prod"), "invalid_grant", revoked);
    }

    @Test
    void theCliCommandsStoreTheCredentialAsGiven() throws Exception {
        CLICommandInvoker.Result created = XmlRequests.cli(
                j, "create-credentials-by-xml", authUrlXml("prod", revokedAuthUrl()), SYSTEM_STORE, "_");
        assertThat(created.stderr(), created.returnCode(), is(0));
        assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "prod"), notNullValue());

        String good = sf.authUrl(sf.devUser);
        CLICommandInvoker.Result updated = XmlRequests.cli(
                j, "update-credentials-by-xml", authUrlXml("prod", good), SYSTEM_STORE, "_", "prod");
        assertThat(updated.stderr(), updated.returnCode(), is(0));
        assertThat(
                find(SalesforceAuthUrlCredentialsImpl.class, "prod")
                        .getSfdxAuthUrl()
                        .getPlainText(),
                is(good));
        assertThat(firstUse("prod").summary(), firstUse("prod").ok(), is(true));
    }

    // ------------------------------------------------------------------------------- redacted secrets

    /**
     * The credentials plugin shows every secret as {@code <secret-redacted/>} and stores what it is sent: the XML of
     * {@code GET config.xml} posted back replaces the auth URL with an empty one, as for the plugin's own types. Its
     * first use fails without calling Salesforce, and the Jenkins log names the field and the fix.
     */
    @Test
    void theXmlOfGetConfigXmlPostedBackStoresAnEmptyAuthUrlThatItsFirstUseReports() throws Exception {
        addSystem(SaveValidation.validate(systemStore(), null, authUrlCredential("prod", sf.authUrl(sf.admin))));
        String xml = getXml("prod");
        assertThat(xml, containsString(REDACTED));

        WebResponse r = XmlRequests.postXml(j, configXml("prod"), xml);

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        assertThat(
                find(SalesforceAuthUrlCredentialsImpl.class, "prod")
                        .getSfdxAuthUrl()
                        .getPlainText()
                        .isBlank(),
                is(true));
        sf.emulator.requests().reset();
        assertUnusable("prod", "'sfdxAuthUrl' is empty");
    }

    @Test
    void aJwtCredentialsXmlPostedBackStoresAnEmptyKeyThatItsFirstUseReports() throws Exception {
        KeyPair key = TestKeys.rsa();
        sf.app.certificate(key.getPublic());
        SalesforceJwtCredentialsImpl c = new SalesforceJwtCredentialsImpl(
                CredentialsScope.GLOBAL,
                "ci",
                "CI user",
                EmulatedSalesforce.CONSUMER_KEY,
                Secret.fromString(TestKeys.pkcs8(key.getPrivate())),
                "admin@acme.com");
        c.setLoginUrl(sf.emulator.loginUrl());
        addSystem(c);
        CLICommandInvoker.Result got = XmlRequests.cli(j, "get-credentials-as-xml", "", SYSTEM_STORE, "_", "ci");
        assertThat(got.stdout(), containsString(REDACTED));

        CLICommandInvoker.Result updated =
                XmlRequests.cli(j, "update-credentials-by-xml", got.stdout(), SYSTEM_STORE, "_", "ci");

        assertThat(updated.stderr(), updated.returnCode(), is(0));
        sf.emulator.requests().reset();
        assertUnusable("ci", "'privateKey' is empty");
    }

    // ---------------------------------------------------------------------------------------- default Dev Hub

    /**
     * The default Dev Hub is the store's setting, not the credential's: XML that still carries the old
     * {@code <defaultDevHub>} field is stored (the field is ignored) and leaves the store's default as it is.
     */
    @Test
    void xmlWithTheOldDefaultDevHubFieldIsStoredAndLeavesTheStoresDefaultAlone() throws Exception {
        SalesforceAuthUrlCredentialsImpl prod = authUrlCredential("prod", sf.authUrl(sf.admin));
        prod.setDevHub(true);
        addSystem(prod);
        DevHubSettings.setSystemDefault("prod");
        String xml = authUrlXml("dev", sf.authUrl(sf.devUser))
                .replace(
                        "</sfdxAuthUrl>\n",
                        "</sfdxAuthUrl>\n  <devHub>true</devHub>\n  <defaultDevHub>true</defaultDevHub>\n");

        WebResponse r = XmlRequests.postXml(j, CREATE, xml);

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "dev").isDevHub(), is(true));
        assertThat(DevHubSettings.defaultOf(systemStore()), is("prod"));
    }

    // ------------------------------------------------------------------------------------- JIT sandbox

    @Test
    void aJitSandboxPostedAsXmlIsStoredAndItsFirstUseReportsAMissingProductionOrg() throws Exception {
        String type = SalesforceJitSandboxCredentialsImpl.class.getName();
        String xml = "<" + type + "><scope>GLOBAL</scope><id>uat</id><sandboxName>uat</sandboxName>"
                + "<productionCredentialsId>prod</productionCredentialsId></" + type + ">";

        WebResponse r = XmlRequests.postXml(j, CREATE, xml);

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        assertThat(find(SalesforceJitSandboxCredentialsImpl.class, "uat"), notNullValue());
        ConnectionTest missing = firstUse("uat");
        assertThat(missing.summary(), missing.ok(), is(false));
        assertThat(missing.summary(), containsString("'prod'"));
        assertThat(missing.summary(), containsString("Fix:"));

        addSystem(authUrlCredential("prod", sf.authUrl(sf.admin)));
        ConnectionTest t = firstUse("uat");
        assertThat(t.summary(), t.ok(), is(true));
    }
}
