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
import static org.hamcrest.Matchers.nullValue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.cli.CLICommandInvoker;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.oauth.TestKeys;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import java.security.KeyPair;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The credentials plugin shows a credential's XML with its secrets as {@code <secret-redacted/>} ({@code GET
 * .../config.xml}, {@code get-credentials-as-xml}). Posted back as an update, a Salesforce secret left redacted (or
 * empty) keeps the stored one, so "get the XML, edit the description, post it back" just works; a new credential
 * with a redacted secret is refused, naming the field and the fix; an empty secret is never stored.
 */
@WithJenkins
class RedactedXmlTest {
    private static final String SYSTEM_STORE = "system::system::jenkins";
    private static final String DOMAIN = "credentials/store/system/domain/_/";
    private static final String REDACTED = "<secret-redacted/>";

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

    private WebResponse postXml(String path, String xml) throws Exception {
        return XmlRequests.postXml(j, path, xml);
    }

    private CLICommandInvoker.Result cli(String command, String stdin, String... args) {
        return XmlRequests.cli(j, command, stdin, args);
    }

    private static String describedAs(String xml, String description) {
        String edited = xml.replaceFirst(
                "<description>[^<]*</description>|<description/>", "<description>" + description + "</description>");
        assertThat("the XML has a description to edit", edited, containsString(description));
        return edited;
    }

    private static String withId(String xml, String from, String to) {
        return xml.replace("<id>" + from + "</id>", "<id>" + to + "</id>");
    }

    /** An auth URL credential as the form would have saved it: validated, with what Salesforce discovered. */
    private String storedAuthUrl(String id) throws Exception {
        String url = sf.authUrl(sf.admin);
        SalesforceOrgCredentialsImpl c = authUrlCredential(id, url);
        c.setMetadata("team=core");
        addSystem(FormSupport.validateForSave(systemStore(), null, c));
        return find(SalesforceOrgCredentialsImpl.class, id).getSfdxAuthUrl().getPlainText();
    }

    /** A JWT credential with an encrypted key (so a passphrase too), its certificate uploaded to the app. */
    private SalesforceJwtCredentialsImpl storedJwt(String id) throws Exception {
        KeyPair key = TestKeys.rsa();
        sf.app.certificate(key.getPublic());
        SalesforceJwtCredentialsImpl c = new SalesforceJwtCredentialsImpl(
                CredentialsScope.GLOBAL,
                id,
                "CI user",
                EmulatedSalesforce.CONSUMER_KEY,
                Secret.fromString(TestKeys.encryptedPkcs8(key.getPrivate(), "open sesame")),
                "admin@acme.com");
        c.setPassphrase(Secret.fromString("open sesame"));
        c.setLoginUrl(sf.emulator.loginUrl());
        addSystem(FormSupport.validateForSave(systemStore(), null, c));
        return find(SalesforceJwtCredentialsImpl.class, id);
    }

    private static boolean tokenWorks(String id) {
        return SalesforceService.get()
                .testConnection(jenkins.model.Jenkins.get(), ACL.SYSTEM2, id)
                .ok();
    }

    // -------------------------------------------------------------------------------- auth URL: updates

    @Test
    void theXmlOfGetConfigXmlPostedBackUnchangedIsAcceptedAndKeepsTheAuthUrl() throws Exception {
        String url = storedAuthUrl("prod");
        String xml = getXml("prod");
        assertThat(xml, containsString(REDACTED));
        assertThat(xml, not(containsString(url)));
        sf.emulator.requests().reset();

        WebResponse r = postXml(configXml("prod"), xml);

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        SalesforceOrgCredentialsImpl stored = find(SalesforceOrgCredentialsImpl.class, "prod");
        assertThat(stored.getSfdxAuthUrl().getPlainText(), is(url));
        assertThat(stored.getMetadata(), is("team=core"));
        assertThat(stored.getUsername(), is("admin@acme.com"));
        assertThat(
                "nothing but choices changed: Salesforce is not asked",
                sf.emulator.requests().total(),
                is(0));
        assertThat(tokenWorks("prod"), is(true));
    }

    @Test
    void anEditedDescriptionPostedWithTheRedactedAuthUrlIsStoredWithTheAuthUrlKept() throws Exception {
        String url = storedAuthUrl("prod");

        WebResponse r = postXml(configXml("prod"), describedAs(getXml("prod"), "Production, edited"));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        SalesforceOrgCredentialsImpl stored = find(SalesforceOrgCredentialsImpl.class, "prod");
        assertThat(stored.getDescription(), is("Production, edited"));
        assertThat(stored.getSfdxAuthUrl().getPlainText(), is(url));
        assertThat(tokenWorks("prod"), is(true));
    }

    @Test
    void getCredentialsAsXmlEditedAndFedToUpdateCredentialsByXmlKeepsTheAuthUrl() throws Exception {
        String url = storedAuthUrl("prod");
        CLICommandInvoker.Result got = cli("get-credentials-as-xml", "", SYSTEM_STORE, "_", "prod");
        assertThat(got.stderr(), got.returnCode(), is(0));
        assertThat(got.stdout(), containsString(REDACTED));

        CLICommandInvoker.Result updated =
                cli("update-credentials-by-xml", describedAs(got.stdout(), "from the CLI"), SYSTEM_STORE, "_", "prod");

        assertThat(updated.stderr(), updated.returnCode(), is(0));
        SalesforceOrgCredentialsImpl stored = find(SalesforceOrgCredentialsImpl.class, "prod");
        assertThat(stored.getDescription(), is("from the CLI"));
        assertThat(stored.getSfdxAuthUrl().getPlainText(), is(url));
        assertThat(tokenWorks("prod"), is(true));
    }

    @Test
    void anEmptyOrMissingAuthUrlInAnUpdateAlsoKeepsTheStoredOne() throws Exception {
        String url = storedAuthUrl("prod");
        String redacted = "<sfdxAuthUrl>\\s*<secret-redacted/>\\s*</sfdxAuthUrl>";
        String empty = getXml("prod").replaceAll(redacted, "<sfdxAuthUrl/>");
        String missing = getXml("prod").replaceAll(redacted, "");
        assertThat(empty, not(containsString(REDACTED)));
        assertThat(missing, not(containsString("sfdxAuthUrl")));

        for (String xml : new String[] {empty, missing}) {
            WebResponse r = postXml(configXml("prod"), xml);

            assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
            assertThat(
                    find(SalesforceOrgCredentialsImpl.class, "prod")
                            .getSfdxAuthUrl()
                            .getPlainText(),
                    is(url));
        }
    }

    @Test
    void anUpdateWithTheRedactedAuthUrlThatChangesTheUsernameIsCheckedWithTheStoredAuthUrl() throws Exception {
        String url = storedAuthUrl("prod");
        sf.emulator.requests().reset();

        WebResponse r = postXml(
                configXml("prod"),
                getXml("prod").replace("<username>admin@acme.com</username>", "<username>dev@acme.com</username>"));

        // Salesforce was asked, with the stored auth URL, and says it signs in as admin@acme.com.
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), greaterThan(0));
        assertThat(r.getStatusCode(), is(400));
        assertThat(r.getContentAsString(), containsString("admin@acme.com"));
        assertThat(r.getContentAsString(), not(containsString(url.substring(url.indexOf("::") + 2, url.indexOf('@')))));
        SalesforceOrgCredentialsImpl stored = find(SalesforceOrgCredentialsImpl.class, "prod");
        assertThat(stored.getUsername(), is("admin@acme.com"));
        assertThat(stored.getSfdxAuthUrl().getPlainText(), is(url));
    }

    @Test
    void aRedactedAuthUrlCannotReplaceACredentialOfAnotherType() throws Exception {
        storedAuthUrl("prod");
        String xml = getXml("prod");
        addSystem(new SalesforceSandboxCredentialsImpl(CredentialsScope.GLOBAL, "uat", null, "uat", "prod"));

        WebResponse r = postXml(configXml("uat"), withId(xml, "prod", "uat"));

        assertThat(r.getStatusCode(), is(400));
        assertThat(r.getContentAsString(), containsString("(sfdxAuthUrl)"));
        assertThat(r.getContentAsString(), containsString("<secret-redacted/>"));
        assertThat(find(SalesforceSandboxCredentialsImpl.class, "uat").getSandboxName(), is("uat"));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "uat"), nullValue());
    }

    // -------------------------------------------------------------------------------- auth URL: creates

    @Test
    void aNewCredentialWithARedactedAuthUrlIsRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        storedAuthUrl("prod");
        String copy = withId(getXml("prod"), "prod", "copy");
        sf.emulator.requests().reset();

        WebResponse r = postXml(DOMAIN + "createCredentials", copy);

        assertThat(r.getStatusCode(), is(400));
        String text = r.getContentAsString();
        assertThat(text, containsString("Salesforce credential 'copy' was not saved (sfdxAuthUrl)"));
        assertThat(text, containsString("<secret-redacted/>"));
        assertThat(text, containsString("Fix:"));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "copy"), nullValue());
        assertThat(sf.emulator.requests().total(), is(0));

        CLICommandInvoker.Result cli = cli("create-credentials-by-xml", copy, SYSTEM_STORE, "_");
        assertThat(cli.returnCode(), is(5));
        assertThat(cli.stderr(), containsString("ERROR: Salesforce credential 'copy' was not saved (sfdxAuthUrl)"));
        assertThat(cli.stderr(), not(containsString("\tat ")));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "copy"), nullValue());
    }

    @Test
    void importCredentialsAsXmlRefusesANewCredentialWithARedactedAuthUrl() throws Exception {
        storedAuthUrl("prod");
        CLICommandInvoker.Result listed = cli("list-credentials-as-xml", "", SYSTEM_STORE);
        assertThat(listed.stderr(), listed.returnCode(), is(0));
        assertThat(listed.stdout(), containsString(REDACTED));

        CLICommandInvoker.Result imported =
                cli("import-credentials-as-xml", withId(listed.stdout(), "prod", "copy"), SYSTEM_STORE);

        assertThat(imported.returnCode(), is(5));
        assertThat(imported.stderr(), containsString("'copy' was not saved (sfdxAuthUrl)"));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "copy"), nullValue());
    }

    // ---------------------------------------------------------------------------------------------- JWT

    @Test
    void aJwtCredentialsXmlPostedBackWithAnEditedDescriptionKeepsTheKeyAndPassphrase() throws Exception {
        SalesforceJwtCredentialsImpl before = storedJwt("ci");
        String xml = getXml("ci");
        assertThat(xml, containsString("<privateKey>"));
        assertThat(xml, containsString("<passphrase>"));
        assertThat(xml, not(containsString("open sesame")));
        assertThat(xml, not(containsString("PRIVATE KEY")));

        WebResponse r = postXml(configXml("ci"), describedAs(xml, "CI user, edited"));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        SalesforceJwtCredentialsImpl stored = find(SalesforceJwtCredentialsImpl.class, "ci");
        assertThat(stored.getDescription(), is("CI user, edited"));
        assertThat(
                stored.getPrivateKey().getPlainText(), is(before.getPrivateKey().getPlainText()));
        assertThat(stored.getPassphrase().getPlainText(), is("open sesame"));
        assertThat(tokenWorks("ci"), is(true));
    }

    @Test
    void aJwtCredentialsXmlPostedBackUnchangedThroughTheCliKeepsTheKey() throws Exception {
        SalesforceJwtCredentialsImpl before = storedJwt("ci");
        CLICommandInvoker.Result got = cli("get-credentials-as-xml", "", SYSTEM_STORE, "_", "ci");
        assertThat(got.stderr(), got.returnCode(), is(0));

        CLICommandInvoker.Result updated = cli("update-credentials-by-xml", got.stdout(), SYSTEM_STORE, "_", "ci");

        assertThat(updated.stderr(), updated.returnCode(), is(0));
        SalesforceJwtCredentialsImpl stored = find(SalesforceJwtCredentialsImpl.class, "ci");
        assertThat(
                stored.getPrivateKey().getPlainText(), is(before.getPrivateKey().getPlainText()));
        assertThat(stored.getPassphrase().getPlainText(), is("open sesame"));
        assertThat(tokenWorks("ci"), is(true));
    }

    @Test
    void aNewJwtCredentialWithARedactedPrivateKeyIsRefusedNamingTheField() throws Exception {
        storedJwt("ci");
        String copy = withId(getXml("ci"), "ci", "copy")
                .replace("<username>admin@acme.com</username>", "<username>other@acme.com</username>");
        sf.emulator.requests().reset();

        WebResponse r = postXml(DOMAIN + "createCredentials", copy);

        assertThat(r.getStatusCode(), is(400));
        assertThat(r.getContentAsString(), containsString("Salesforce credential 'copy' was not saved (privateKey)"));
        assertThat(r.getContentAsString(), containsString("Fix:"));
        assertThat(find(SalesforceJwtCredentialsImpl.class, "copy"), nullValue());
        assertThat(sf.emulator.requests().total(), is(0));
    }

    // ------------------------------------------------------------------------------------- JIT sandbox

    @Test
    void aJitSandboxsXmlPostedBackWithAnEditedDescriptionIsStored() throws Exception {
        storedAuthUrl("prod");
        addSystem(FormSupport.validateForSave(
                systemStore(),
                null,
                new SalesforceSandboxCredentialsImpl(CredentialsScope.GLOBAL, "uat", null, "uat", "prod")));

        WebResponse r = postXml(configXml("uat"), describedAs(getXml("uat"), "UAT, edited"));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        assertThat(find(SalesforceSandboxCredentialsImpl.class, "uat").getDescription(), is("UAT, edited"));
        assertThat(tokenWorks("uat"), is(true));
    }
}
