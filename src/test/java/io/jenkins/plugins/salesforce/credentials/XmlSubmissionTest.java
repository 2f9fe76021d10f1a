package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.systemStore;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import hudson.ExtensionList;
import hudson.Util;
import hudson.XmlFile;
import hudson.cli.CLICommandInvoker;
import hudson.model.Items;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import java.io.File;
import java.util.List;
import jenkins.cli.listeners.CLIContext;
import jenkins.model.Jenkins;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A Salesforce credential submitted as XML through the credentials plugin (its REST API and its CLI) is validated
 * with Salesforce before it is stored, like a form: what Salesforce discovered is filled in, and a refusal is
 * answered with Salesforce's reason (HTTP 400 or {@code ERROR:} with exit code 5) while nothing is stored or
 * changed. Loading from disk never calls Salesforce ({@link XmlSubmissionRestartTest}).
 */
@WithJenkins
class XmlSubmissionTest {
    private static final String CREATE = "credentials/store/system/domain/_/createCredentials";
    private static final String SYSTEM_STORE = "system::system::jenkins";

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
    private static String authUrlXml(String id, String authUrl, String more) {
        String type = SalesforceOrgCredentialsImpl.class.getName();
        return "<" + type + ">\n  <scope>GLOBAL</scope>\n  <id>" + id + "</id>\n  <description>from XML</description>\n"
                + "  <sfdxAuthUrl>" + Util.xmlEscape(authUrl) + "</sfdxAuthUrl>\n" + more + "</" + type + ">\n";
    }

    private WebResponse postXml(String path, String xml) throws Exception {
        return XmlRequests.postXml(j, path, xml);
    }

    private CLICommandInvoker.Result cli(String command, String xml, String... args) {
        return XmlRequests.cli(j, command, xml, args);
    }

    private String revokedAuthUrl() {
        RefreshToken revoked = sf.emulator.issueRefreshToken(sf.admin, sf.app).revoke();
        return sf.emulator.authUrl(revoked);
    }

    /** A refusal names the org and Salesforce's reason, and shows neither a stack trace nor the secret. */
    private static void assertRefusal(String text, String id, String secret) {
        assertThat(text, containsString("Salesforce credential '" + id + "' was not saved"));
        assertThat(text, containsString("invalid_grant"));
        assertThat(text, containsString("Fix:"));
        assertThat(text, not(containsString("\tat ")));
        assertThat(text, not(containsString("Exception")));
        String beforeHost = secret.substring(0, secret.indexOf('@'));
        assertThat(text, not(containsString(beforeHost.substring(beforeHost.lastIndexOf(':') + 1))));
    }

    // ---------------------------------------------------------------------------- POST createCredentials

    @Test
    void aCredentialPostedAsXmlIsValidatedAndStoredWithWhatSalesforceDiscovered() throws Exception {
        WebResponse r = postXml(CREATE, authUrlXml("prod", sf.authUrl(sf.admin), "  <devHub>true</devHub>\n"));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        SalesforceOrgCredentialsImpl stored = find(SalesforceOrgCredentialsImpl.class, "prod");
        assertThat(stored, notNullValue());
        assertThat(stored.getUsername(), is("admin@acme.com"));
        assertThat(stored.getOrgType(), is("Production"));
        assertThat(stored.getOrgId(), is(sf.acme.id()));
        assertThat(stored.getInstanceUrl(), notNullValue());
        assertThat(stored.isDevHub(), is(true));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), greaterThan(0));
    }

    @Test
    void aCredentialPostedAsXmlThatSalesforceRefusesIsAnsweredWithTheReasonAndNotStored() throws Exception {
        String revoked = revokedAuthUrl();

        WebResponse r = postXml(CREATE, authUrlXml("bad", revoked, ""));

        assertThat(r.getStatusCode(), is(400));
        assertThat(r.getContentType(), is("text/plain"));
        assertRefusal(r.getContentAsString(), "bad", revoked);
        assertThat(find(SalesforceOrgCredentialsImpl.class, "bad"), nullValue());
    }

    @Test
    void aCredentialPostedAsXmlWithAnIdTheStoreHoldsIsRefusedBeforeSalesforceIsCalled() throws Exception {
        String stored = sf.authUrl(sf.admin);
        addSystem(authUrlCredential("prod", stored));
        sf.emulator.requests().reset();

        WebResponse r = postXml(CREATE, authUrlXml("prod", sf.authUrl(sf.devUser), ""));

        assertThat(r.getStatusCode(), is(400));
        assertThat(r.getContentAsString(), containsString("'id' prod is already used"));
        assertThat(sf.emulator.requests().total(), is(0));
        assertThat(
                find(SalesforceOrgCredentialsImpl.class, "prod")
                        .getSfdxAuthUrl()
                        .getPlainText(),
                is(stored));
    }

    @Test
    void aJitSandboxPostedAsXmlIsCheckedAgainstItsProductionOrg() throws Exception {
        String type = SalesforceSandboxCredentialsImpl.class.getName();
        String xml = "<" + type + "><scope>GLOBAL</scope><id>uat</id><sandboxName>uat</sandboxName>"
                + "<productionCredentialsId>prod</productionCredentialsId></" + type + ">";

        WebResponse refused = postXml(CREATE, xml);
        assertThat(refused.getStatusCode(), is(400));
        assertThat(refused.getContentAsString(), containsString("'prod' is not registered"));
        assertThat(find(SalesforceSandboxCredentialsImpl.class, "uat"), nullValue());

        addSystem(authUrlCredential("prod", sf.authUrl(sf.admin)));
        WebResponse stored = postXml(CREATE, xml);
        assertThat(stored.getContentAsString(), stored.getStatusCode(), is(200));
        assertThat(
                find(SalesforceSandboxCredentialsImpl.class, "uat").getOrgId(),
                is(sf.uat.org().id()));
    }

    // ------------------------------------------------------------------------------ POST credential/config.xml

    @Test
    void anUpdatePostedToConfigXmlIsValidatedAndARefusedOneKeepsTheOldCredential() throws Exception {
        String good = sf.authUrl(sf.admin);
        addSystem(authUrlCredential("prod", good));
        String update = "credentials/store/system/domain/_/credential/prod/config.xml";
        String revoked = revokedAuthUrl();

        WebResponse refused = postXml(update, authUrlXml("prod", revoked, ""));
        assertThat(refused.getStatusCode(), is(400));
        assertRefusal(refused.getContentAsString(), "prod", revoked);
        assertThat(
                find(SalesforceOrgCredentialsImpl.class, "prod")
                        .getSfdxAuthUrl()
                        .getPlainText(),
                is(good));

        WebResponse updated = postXml(update, authUrlXml("prod", sf.authUrl(sf.devUser), ""));
        assertThat(updated.getContentAsString(), updated.getStatusCode(), is(200));
        SalesforceOrgCredentialsImpl stored = find(SalesforceOrgCredentialsImpl.class, "prod");
        assertThat(stored.getUsername(), is("dev@acme.com"));
        assertThat(stored.getOrgType(), is("Developer Edition"));
        assertThat(stored.getOrgId(), is(sf.dev.id()));
    }

    @Test
    void anUpdateOfOnlyChoicesKeepsTheDiscoveredFactsWithoutCallingSalesforce() throws Exception {
        String url = sf.authUrl(sf.admin);
        addSystem(FormSupport.validateForSave(systemStore(), null, authUrlCredential("prod", url)));
        String orgId = find(SalesforceOrgCredentialsImpl.class, "prod").getOrgId();
        sf.emulator.requests().reset();

        WebResponse r = postXml(
                "credentials/store/system/domain/_/credential/prod/config.xml",
                authUrlXml("prod", url, "  <username>admin@acme.com</username>\n  <metadata>team=ops</metadata>\n"));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        SalesforceOrgCredentialsImpl stored = find(SalesforceOrgCredentialsImpl.class, "prod");
        assertThat(stored.getMetadata(), is("team=ops"));
        assertThat(stored.getOrgId(), is(orgId));
        assertThat(stored.getOrgType(), is("Production"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void anUpdateWhoseXmlNamesAnotherIdIsRefused() throws Exception {
        addSystem(authUrlCredential("prod", sf.authUrl(sf.admin)));
        sf.emulator.requests().reset();

        WebResponse r = postXml(
                "credentials/store/system/domain/_/credential/prod/config.xml",
                authUrlXml("other", sf.authUrl(sf.admin), ""));

        assertThat(r.getStatusCode(), is(400));
        assertThat(r.getContentAsString(), containsString("it updates the credential 'prod'"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    // --------------------------------------------------------------------------------------- default Dev Hub

    /**
     * The default Dev Hub is the store's setting, not the credential's: XML that still carries the old
     * {@code <defaultDevHub>} field is stored (the field is ignored) and leaves the store's default as it is.
     */
    @Test
    void xmlWithTheOldDefaultDevHubFieldIsStoredAndLeavesTheStoresDefaultAlone() throws Exception {
        SalesforceOrgCredentialsImpl prod = authUrlCredential("prod", sf.authUrl(sf.admin));
        prod.setDevHub(true);
        addSystem(prod);
        DevHubSettings.setSystemDefault("prod");
        String asDefault = "  <devHub>true</devHub>\n  <defaultDevHub>true</defaultDevHub>\n";

        WebResponse r = postXml(CREATE, authUrlXml("dev", sf.authUrl(sf.devUser), asDefault));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "dev").isDevHub(), is(true));
        assertThat(DevHubSettings.defaultOf(systemStore()), is("prod"));
    }

    // ------------------------------------------------------------------------------------------------ CLI

    @Test
    void createCredentialsByXmlValidatesAndAbortsWithSalesforcesReason() throws Exception {
        CLICommandInvoker.Result ok =
                cli("create-credentials-by-xml", authUrlXml("prod", sf.authUrl(sf.admin), ""), SYSTEM_STORE, "_");
        assertThat(ok.stderr(), ok.returnCode(), is(0));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "prod").getUsername(), is("admin@acme.com"));

        String revoked = revokedAuthUrl();
        CLICommandInvoker.Result refused =
                cli("create-credentials-by-xml", authUrlXml("bad", revoked, ""), SYSTEM_STORE, "_");
        assertThat(refused.returnCode(), is(5));
        assertThat(refused.stderr(), containsString("ERROR: Salesforce credential 'bad' was not saved"));
        assertRefusal(refused.stderr(), "bad", revoked);
        assertThat(find(SalesforceOrgCredentialsImpl.class, "bad"), nullValue());
    }

    @Test
    void updateCredentialsByXmlValidatesAndARefusalKeepsTheOldCredential() throws Exception {
        String good = sf.authUrl(sf.admin);
        addSystem(authUrlCredential("prod", good));
        String revoked = revokedAuthUrl();

        CLICommandInvoker.Result refused =
                cli("update-credentials-by-xml", authUrlXml("prod", revoked, ""), SYSTEM_STORE, "_", "prod");
        assertThat(refused.returnCode(), is(5));
        assertRefusal(refused.stderr(), "prod", revoked);
        assertThat(
                find(SalesforceOrgCredentialsImpl.class, "prod")
                        .getSfdxAuthUrl()
                        .getPlainText(),
                is(good));

        CLICommandInvoker.Result ok = cli(
                "update-credentials-by-xml", authUrlXml("prod", sf.authUrl(sf.devUser), ""), SYSTEM_STORE, "_", "prod");
        assertThat(ok.stderr(), ok.returnCode(), is(0));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "prod").getUsername(), is("dev@acme.com"));
    }

    @Test
    void importCredentialsAsXmlValidatesEachOrgAndImportsNothingWhenOneIsRefused() throws Exception {
        String revoked = revokedAuthUrl();
        String refusedBatch = "<list><com.cloudbees.plugins.credentials.domains.DomainCredentials>"
                + "<domain><specifications/></domain><credentials>"
                + authUrlXml("prod", sf.authUrl(sf.admin), "") + authUrlXml("bad", revoked, "")
                + "</credentials></com.cloudbees.plugins.credentials.domains.DomainCredentials></list>";

        CLICommandInvoker.Result refused = cli("import-credentials-as-xml", refusedBatch, SYSTEM_STORE);
        assertThat(refused.returnCode(), is(5));
        assertRefusal(refused.stderr(), "bad", revoked);
        assertThat(find(SalesforceOrgCredentialsImpl.class, "prod"), nullValue());

        String batch =
                refusedBatch.replace(authUrlXml("bad", revoked, ""), authUrlXml("dev", sf.authUrl(sf.devUser), ""));
        CLICommandInvoker.Result ok = cli("import-credentials-as-xml", batch, SYSTEM_STORE);
        assertThat(ok.stderr(), ok.returnCode(), is(0));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "prod").getUsername(), is("admin@acme.com"));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "dev").getUsername(), is("dev@acme.com"));
    }

    // ------------------------------------------------------------------------------------ what is not checked

    /**
     * A file read while a submission runs on the same thread (a user's store loaded lazily, say) is a load, not a
     * submission: only the XML the command itself reads is checked.
     */
    @Test
    void aFileReadWhileASubmissionRunsIsNeverSentToSalesforce() throws Exception {
        XmlFile file = new XmlFile(Jenkins.XSTREAM2, new File(j.jenkins.getRootDir(), "salesforce-credential.xml"));
        file.write(authUrlCredential("onDisk", revokedAuthUrl()));
        sf.emulator.requests().reset();
        XmlSubmission.CliCommands commands = ExtensionList.lookupSingleton(XmlSubmission.CliCommands.class);
        CLIContext create = new CLIContext("create-credentials-by-xml", List.of(SYSTEM_STORE, "_"), null);
        commands.onExecution(create);
        try {
            SalesforceOrgCredentialsImpl loaded = (SalesforceOrgCredentialsImpl) file.read();
            assertThat(loaded.getId(), is("onDisk"));
            assertThat(loaded.getUsername(), nullValue());
            assertThat(sf.emulator.requests().total(), is(0));

            // The command's own input, read the way the command reads it, is checked.
            SalesforceOrgCredentialsImpl submitted = (SalesforceOrgCredentialsImpl)
                    Items.XSTREAM2.fromXML(authUrlXml("submitted", sf.authUrl(sf.admin), ""));
            assertThat(submitted.getUsername(), is("admin@acme.com"));
        } finally {
            commands.onCompleted(create, 0);
        }
        // Once the command is over, the same XML is just read.
        SalesforceOrgCredentialsImpl afterwards =
                (SalesforceOrgCredentialsImpl) Items.XSTREAM2.fromXML(authUrlXml("later", revokedAuthUrl(), ""));
        assertThat(afterwards.getUsername(), nullValue());
    }
}
