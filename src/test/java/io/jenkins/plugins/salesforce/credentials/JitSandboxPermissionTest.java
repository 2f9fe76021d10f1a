package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.cli.CLICommandInvoker;
import hudson.util.Secret;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A JIT sandbox is checked by calling Salesforce as its production org, which tells the sandboxes of that org: on
 * every path that creates one (the credential form, the credentials plugin's XML REST API and CLI), the caller needs
 * the right to use credentials where it is saved (Credentials/UseItem), as the plugin's REST API and CLI require.
 * A caller with Credentials/Create alone is refused before Salesforce is called, and nothing is saved.
 */
@WithJenkins
class JitSandboxPermissionTest {
    private static final String STORE = "credentials/store/system/domain/_/";
    private static final String TYPE = SalesforceSandboxCredentialsImpl.class.getName();

    private JenkinsRule j;
    private EmulatedSalesforce sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new EmulatedSalesforce();
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, CredentialsProvider.VIEW, CredentialsProvider.CREATE, CredentialsProvider.UPDATE)
                .everywhere()
                .to("creator", "user")
                .grant(CredentialsProvider.USE_ITEM)
                .everywhere()
                .to("user"));
        addSystem(authUrlCredential("prod", sf.authUrl(sf.admin)));
        sf.emulator.requests().reset();
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    // -------------------------------------------------------------------------------------------- helpers

    private static JSONObject sandboxForm(String id, String sandboxName) {
        JSONObject c = new JSONObject();
        c.put("stapler-class", TYPE);
        c.put("$class", TYPE);
        c.put("scope", "GLOBAL");
        c.put("id", id);
        c.put("description", "from the form");
        c.put("sandboxName", sandboxName);
        c.put("productionCredentialsId", "prod");
        c.put("metadata", "");
        return c;
    }

    /** The form as the store's "Add credentials" dialog posts it. */
    private static JSONObject created(JSONObject credential) {
        return new JSONObject().element("credentials", credential);
    }

    private static String sandboxXml(String id, String sandboxName) {
        return "<" + TYPE + "><scope>GLOBAL</scope><id>" + id + "</id><sandboxName>" + sandboxName
                + "</sandboxName><productionCredentialsId>prod</productionCredentialsId></" + TYPE + ">";
    }

    private JenkinsRule.WebClient as(String user) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().login(user);
        wc.setThrowExceptionOnFailingStatusCode(false);
        wc.setRedirectEnabled(false);
        wc.getOptions().setJavaScriptEnabled(false);
        return wc;
    }

    private WebResponse postForm(String user, String path, JSONObject json) throws Exception {
        JenkinsRule.WebClient wc = as(user);
        WebRequest req = new WebRequest(new URI(j.getURL() + path).toURL(), HttpMethod.POST);
        req.setRequestParameters(List.of(new NameValuePair("json", json.toString())));
        return wc.loadWebResponse(wc.addCrumb(req));
    }

    /** POSTs XML as a REST client does: with the user's API token (no crumb needed). */
    private WebResponse postXml(String user, String path, String xml) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().withBasicApiToken(user);
        wc.setThrowExceptionOnFailingStatusCode(false);
        WebRequest req = new WebRequest(new URI(j.getURL() + path).toURL(), HttpMethod.POST);
        req.setAdditionalHeader("Content-Type", "application/xml");
        req.setRequestBody(xml);
        return wc.loadWebResponse(req);
    }

    private CLICommandInvoker.Result cli(String user, String xml) {
        return new CLICommandInvoker(j, "create-credentials-by-xml")
                .asUser(user)
                .withStdin(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .invokeWithArgs("system::system::jenkins", "_");
    }

    private void nothingSavedNorCalled(String id) {
        assertThat(find(SalesforceSandboxCredentialsImpl.class, id), nullValue());
        assertThat(sf.emulator.requests().total(), is(0));
    }

    // ---------------------------------------------------------------------------------------------- tests

    @Test
    void theCredentialFormRefusesAJitSandboxToAUserWhoMayNotUseCredentials() throws Exception {
        WebResponse r = postForm("creator", STORE + "createCredentials", created(sandboxForm("uat", "uat")));

        assertThat(r.getContentAsString(), r.getStatusCode(), greaterThanOrEqualTo(400));
        assertThat(r.getContentAsString(), containsString("Credentials/UseItem"));
        nothingSavedNorCalled("uat");
    }

    @Test
    void xmlPostedToCreateCredentialsIsRefusedToAUserWhoMayNotUseCredentials() throws Exception {
        WebResponse r = postXml("creator", STORE + "createCredentials", sandboxXml("uat", "uat"));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(403));
        assertThat(r.getContentAsString(), containsString("Credentials/UseItem"));
        nothingSavedNorCalled("uat");
    }

    @Test
    void createCredentialsByXmlIsRefusedToAUserWhoMayNotUseCredentials() throws Exception {
        CLICommandInvoker.Result r = cli("creator", sandboxXml("uat", "uat"));

        assertThat(r.returnCode(), not(is(0)));
        assertThat(r.stderr(), containsString("Credentials/UseItem"));
        nothingSavedNorCalled("uat");
    }

    @Test
    void anXmlUpdateThatPointsASandboxElsewhereIsRefusedToAUserWhoMayNotUseCredentials() throws Exception {
        addSystem(new SalesforceSandboxCredentialsImpl(CredentialsScope.GLOBAL, "uat", null, "uat", "prod"));
        sf.emulator.requests().reset();

        WebResponse r = postXml("creator", STORE + "credential/uat/config.xml", sandboxXml("uat", "qa"));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(403));
        assertThat(find(SalesforceSandboxCredentialsImpl.class, "uat").getSandboxName(), is("uat"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    /**
     * A SYSTEM-scoped production org is for Jenkins itself: a user who may use credentials but is no administrator
     * cannot save a JIT sandbox through it (it is not found), and Salesforce is not called as that org.
     */
    @Test
    void aSystemScopedProductionOrgIsNotFoundForAUserWhoIsNoAdministrator() throws Exception {
        addSystem(new SalesforceOrgCredentialsImpl(
                CredentialsScope.SYSTEM, "ops", null, Secret.fromString(sf.authUrl(sf.admin))));
        sf.emulator.requests().reset();
        String xml = sandboxXml("uat", "uat").replace(">prod<", ">ops<");

        WebResponse r = postXml("user", STORE + "createCredentials", xml);

        assertThat(r.getContentAsString(), r.getStatusCode(), is(400));
        assertThat(r.getContentAsString(), containsString("ops"));
        nothingSavedNorCalled("uat");
    }

    @Test
    void aUserWhoMayUseCredentialsCreatesItWithTheForm() throws Exception {
        WebResponse r = postForm("user", STORE + "createCredentials", created(sandboxForm("uat", "uat")));

        assertThat(r.getContentAsString(), r.getStatusCode() < 400, is(true));
        assertThat(
                find(SalesforceSandboxCredentialsImpl.class, "uat").getOrgId(),
                is(sf.uat.org().id()));
    }

    @Test
    void aUserWhoMayUseCredentialsCreatesItAsXml() throws Exception {
        WebResponse r = postXml("user", STORE + "createCredentials", sandboxXml("uat", "uat"));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        assertThat(find(SalesforceSandboxCredentialsImpl.class, "uat"), notNullValue());
    }

    @Test
    void aUserWhoMayUseCredentialsCreatesItWithTheCli() throws Exception {
        CLICommandInvoker.Result r = cli("user", sandboxXml("uat", "uat"));

        assertThat(r.stderr(), r.returnCode(), is(0));
        assertThat(find(SalesforceSandboxCredentialsImpl.class, "uat"), notNullValue());
    }
}
