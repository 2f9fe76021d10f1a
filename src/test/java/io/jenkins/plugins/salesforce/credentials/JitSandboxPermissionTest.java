package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.cli.CLICommandInvoker;
import hudson.model.FreeStyleProject;
import hudson.model.User;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
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
 * A JIT sandbox is checked by calling Salesforce as its production org, which tells the sandboxes of that org: saving
 * one from the credential form needs the right to use credentials where it is saved (Credentials/UseItem), as the
 * plugin's REST API and CLI require; a caller with Credentials/Create alone is refused before Salesforce is called,
 * and nothing is saved. The credentials plugin's XML endpoints and CLI store a sandbox as given without calling
 * Salesforce; a token through it then needs what every token needs: the right to use the credentials, and a
 * production org visible where the token is asked for.
 */
@WithJenkins
class JitSandboxPermissionTest {
    private static final String STORE = "credentials/store/system/domain/_/";
    private static final String TYPE = SalesforceJitSandboxCredentialsImpl.class.getName();

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
        assertThat(find(SalesforceJitSandboxCredentialsImpl.class, id), nullValue());
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

    /**
     * The credentials plugin's XML endpoints and CLI commands have no hook to refuse a credential: the sandbox is
     * stored as given, and nothing calls Salesforce as its production org, so nothing about that org's sandboxes
     * reaches the user. Only a caller allowed to use the production org gets a token through it (below).
     */
    @Test
    void xmlPostedToCreateCredentialsIsStoredWithoutCallingSalesforce() throws Exception {
        WebResponse r = postXml("creator", STORE + "createCredentials", sandboxXml("uat", "uat"));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        assertThat(find(SalesforceJitSandboxCredentialsImpl.class, "uat"), notNullValue());
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void createCredentialsByXmlIsStoredWithoutCallingSalesforce() throws Exception {
        CLICommandInvoker.Result r = cli("creator", sandboxXml("uat", "uat"));

        assertThat(r.stderr(), r.returnCode(), is(0));
        assertThat(find(SalesforceJitSandboxCredentialsImpl.class, "uat"), notNullValue());
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void anXmlUpdateThatPointsASandboxElsewhereIsStoredWithoutCallingSalesforce() throws Exception {
        addSystem(new SalesforceJitSandboxCredentialsImpl(CredentialsScope.GLOBAL, "uat", null, "uat", "prod"));
        sf.emulator.requests().reset();

        WebResponse r = postXml("creator", STORE + "credential/uat/config.xml", sandboxXml("uat", "qa"));

        assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
        assertThat(find(SalesforceJitSandboxCredentialsImpl.class, "uat").getSandboxName(), is("qa"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    /**
     * A user who may create credentials but not use them cannot have Salesforce called as a production org through a
     * JIT sandbox: the token service resolves the sandbox and its production org with the credentials that user may
     * use, as for every token, and finds none.
     */
    @Test
    void aUserWhoMayNotUseCredentialsGetsNoTokenThroughASandboxSentAsXml() throws Exception {
        postXml("creator", STORE + "createCredentials", sandboxXml("uat", "uat"));

        ConnectionTest t = OrgStoreView.tokens(
                        j.jenkins, User.getById("creator", true).impersonate2())
                .testConnection("uat");

        assertThat(t.summary(), t.ok(), is(false));
        assertThat(t.summary(), containsString("'uat'"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    /**
     * A SYSTEM-scoped production org is for Jenkins itself: the form refuses a JIT sandbox through it to a user who is
     * no administrator (it is not found), and a sandbox sent as XML that points at it gets no token in a job either:
     * the production org is resolved with the same visibility as any credential the job uses, so Salesforce is never
     * called as that org.
     */
    @Test
    void aSystemScopedProductionOrgIsNotFoundForAUserWhoIsNoAdministratorNorForAJob() throws Exception {
        addSystem(new SalesforceAuthUrlCredentialsImpl(
                CredentialsScope.SYSTEM, "ops", null, Secret.fromString(sf.authUrl(sf.admin))));
        sf.emulator.requests().reset();
        JSONObject form = sandboxForm("uat", "uat").element("productionCredentialsId", "ops");

        WebResponse refused = postForm("user", STORE + "createCredentials", created(form));

        assertThat(refused.getContentAsString(), refused.getStatusCode(), greaterThanOrEqualTo(400));
        assertThat(refused.getContentAsString(), containsString("ops"));
        nothingSavedNorCalled("uat");

        String xml = sandboxXml("uat", "uat").replace(">prod<", ">ops<");
        assertThat(postXml("user", STORE + "createCredentials", xml).getStatusCode(), is(200));
        FreeStyleProject job = j.createFreeStyleProject();

        ConnectionTest t = OrgStoreView.tokens(job, ACL.SYSTEM2).testConnection("uat");

        assertThat(t.summary(), t.ok(), is(false));
        assertThat(t.summary(), containsString("'ops'"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void aUserWhoMayUseCredentialsCreatesItWithTheForm() throws Exception {
        WebResponse r = postForm("user", STORE + "createCredentials", created(sandboxForm("uat", "uat")));

        assertThat(r.getContentAsString(), r.getStatusCode() < 400, is(true));
        assertThat(
                find(SalesforceJitSandboxCredentialsImpl.class, "uat").getOrgId(),
                is(sf.uat.org().id()));
    }
}
