package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import java.net.URI;
import java.net.URL;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
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
 * The credential form round trip over HTTP, as the credential store's pages post it (the {@code json} form field,
 * the same JSON the dialog sends): saving validates with Salesforce first, a refused save stores nothing (even
 * through {@code NewInstanceBindInterceptor}'s fallback), a failed update keeps the old credential, and a
 * metadata-only update does not call Salesforce.
 *
 * Also the SECURITY-3702-style permission test of Test connection over HTTP.
 */
@WithJenkins
class CredentialFormsHttpTest {
    private JenkinsRule j;
    private EmulatedSalesforce sf;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        this.sf = new EmulatedSalesforce();
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    // ------------------------------------------------------------------------------------------ the form

    private Page post(JenkinsRule.WebClient wc, String path, JSONObject json) throws Exception {
        WebRequest req = new WebRequest(new URI(j.getURL() + path).toURL(), HttpMethod.POST);
        req.setRequestParameters(List.of(new NameValuePair("json", json.toString())));
        wc.setThrowExceptionOnFailingStatusCode(false);
        wc.setRedirectEnabled(false);
        return wc.getPage(wc.addCrumb(req));
    }

    private static JSONObject authUrlForm(String id, String authUrl) {
        JSONObject c = new JSONObject();
        c.put("stapler-class", SalesforceAuthUrlCredentialsImpl.class.getName());
        c.put("$class", SalesforceAuthUrlCredentialsImpl.class.getName());
        c.put("scope", "GLOBAL");
        c.put("id", id);
        c.put("description", "from the form");
        c.put("sfdxAuthUrl", authUrl);
        c.put("username", "");
        c.put("devHub", true);
        c.put("defaultDevHub", false);
        c.put("allowAuthUrlExport", false);
        c.put("instanceUrl", "");
        c.put("orgId", "");
        c.put("orgType", "");
        c.put("metadata", "env=prod, team=core");
        return c;
    }

    @Test
    void savingTheFormValidatesWithSalesforceAndFillsTheDiscoveredFields() throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient();
        Page p = post(
                wc,
                "credentials/store/system/domain/_/createCredentials",
                new JSONObject().element("credentials", authUrlForm("prod", sf.authUrl(sf.admin))));
        assertThat(p.getWebResponse().getContentAsString(), p.getWebResponse().getStatusCode() < 400, is(true));
        SalesforceAuthUrlCredentialsImpl stored = find(SalesforceAuthUrlCredentialsImpl.class, "prod");
        assertThat(stored, notNullValue());
        assertThat(stored.getUsername(), is("admin@acme.com"));
        assertThat(stored.getOrgType(), is("Production"));
        assertThat(stored.isDevHub(), is(true));
        assertThat(stored.getMetadata(), is("env=prod,team=core"));
    }

    @Test
    void theFormTakesWhatTheSfCliPrintsAndStoresTheBareUrl() throws Exception {
        String url = sf.authUrl(sf.admin);
        String printed = "{\n  \"status\": 0,\n  \"result\": {\n    \"sfdxAuthUrl\": \"" + url + "\"\n  }\n}";
        Page p = post(
                j.createWebClient(),
                "credentials/store/system/domain/_/createCredentials",
                new JSONObject().element("credentials", authUrlForm("prod", printed)));
        assertThat(p.getWebResponse().getContentAsString(), p.getWebResponse().getStatusCode() < 400, is(true));
        SalesforceAuthUrlCredentialsImpl stored = find(SalesforceAuthUrlCredentialsImpl.class, "prod");
        assertThat(stored.getUsername(), is("admin@acme.com"));
        assertThat(stored.getSfdxAuthUrl().getPlainText(), is(url));
    }

    @Test
    void aRefusedFormIsNotSavedAndAFailedUpdateKeepsTheOldCredential() throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient();
        RefreshToken revoked = sf.emulator.issueRefreshToken(sf.admin, sf.app).revoke();

        Page p = post(
                wc,
                "credentials/store/system/domain/_/createCredentials",
                new JSONObject().element("credentials", authUrlForm("bad", sf.emulator.authUrl(revoked))));
        assertThat(p.getWebResponse().getStatusCode() >= 400, is(true));
        assertThat(p.getWebResponse().getContentAsString(), containsString("invalid_grant"));
        assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "bad"), nullValue());

        String good = sf.authUrl(sf.admin);
        addSystem(authUrlCredential("prod", good));
        p = post(
                wc,
                "credentials/store/system/domain/_/credential/prod/updateSubmit",
                authUrlForm("prod", sf.emulator.authUrl(revoked)));
        assertThat(p.getWebResponse().getStatusCode() >= 400, is(true));
        assertThat(
                find(SalesforceAuthUrlCredentialsImpl.class, "prod")
                        .getSfdxAuthUrl()
                        .getPlainText(),
                is(good));
    }

    @Test
    void aMetadataOnlyUpdateFromTheFormDoesNotCallSalesforce() throws Exception {
        String good = sf.authUrl(sf.admin);
        addSystem(authUrlCredential("prod", good));
        sf.emulator.requests().reset();
        JSONObject form = authUrlForm(
                "prod",
                find(SalesforceAuthUrlCredentialsImpl.class, "prod")
                        .getSfdxAuthUrl()
                        .getEncryptedValue());
        form.put("devHub", false);
        form.put("metadata", "team=ops");
        Page p = post(j.createWebClient(), "credentials/store/system/domain/_/credential/prod/updateSubmit", form);
        assertThat(p.getWebResponse().getContentAsString(), p.getWebResponse().getStatusCode() < 400, is(true));
        assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "prod").getMetadata(), is("team=ops"));
        assertThat(sf.emulator.requests().render(), sf.emulator.requests().total(), is(0));
    }

    /**
     * GitHub Branch Source's SECURITY-3702 test, over HTTP: POST with a crumb as each user, the form's values in the
     * body as the Test connection button sends them, read as the raw response.
     *
     * <p>Why raw ({@code loadWebResponse}, not {@code getPage}): Jenkins answers an anonymous user who lacks
     * Overall/Read with a 403 "Authentication required" page whose {@code <meta http-equiv="refresh">} points to the
     * login page; an HtmlUnit page follows that refresh (disabling redirects does not stop it) and ends on the login
     * page with 200. That login page was the "200 with an empty body" once reported for this test: the method was
     * never reached.
     *
     * <p>Which check refused is read from Stapler's trace headers ({@code Stapler-Trace-*}, on in tests): Jenkins'
     * Overall/Read gate stops an anonymous user before the descriptor; the method's own check refuses a user who has
     * Overall/Read.
     */
    @Test
    void testConnectionIsForbiddenToAnonymousAndReadOnlyUsersOverHttp() throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("reader", "manager")
                .grant(Jenkins.MANAGE)
                .everywhere()
                .to("manager"));

        WebResponse anonymous = testConnection(j.createWebClient());
        assertThat(anonymous.getStatusCode(), is(403));
        assertThat(anonymous.getContentAsString(), containsString("Authentication required"));
        assertThat(reachedTheMethod(anonymous), is(false));

        WebResponse reader = testConnection(j.createWebClient().login("reader"));
        assertThat(reader.getStatusCode(), is(403));
        assertThat(reachedTheMethod(reader), is(true));
        assertThat(reader.getResponseHeaderValue("X-Required-Permission"), is(Jenkins.MANAGE.getId()));
        assertThat(sf.emulator.requests().total(), is(0));

        WebResponse manager = testConnection(j.createWebClient().login("manager"));
        assertThat(manager.getStatusCode(), is(200));
        assertThat(manager.getContentAsString(), containsString("Connected as admin@acme.com"));

        // GET does not reach the method: Stapler dispatches no GET to a @POST method, so there is nothing there.
        JenkinsRule.WebClient wc = j.createWebClient().login("manager");
        wc.setThrowExceptionOnFailingStatusCode(false);
        WebResponse get = wc.loadWebResponse(new WebRequest(testConnectionUrl()));
        assertThat(get.getStatusCode(), is(404));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1)); // the manager's test only
    }

    /** An anonymous user who has Overall/Read gets past Jenkins' gate and is refused by the method's own check. */
    @Test
    void testConnectionIsForbiddenToAnonymousUsersWithOverallReadByTheMethodItself() throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(
                new MockAuthorizationStrategy().grant(Jenkins.READ).everywhere().toEveryone());

        WebResponse anonymous = testConnection(j.createWebClient());

        assertThat(anonymous.getStatusCode(), is(403));
        assertThat(reachedTheMethod(anonymous), is(true));
        assertThat(anonymous.getContentAsString(), containsString("Authentication required"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    private URL testConnectionUrl() throws Exception {
        return new URI(j.getURL() + "descriptorByName/" + SalesforceAuthUrlCredentialsImpl.class.getName()
                        + "/testConnection")
                .toURL();
    }

    /** POSTs Test connection with a crumb and the auth URL in the body; returns the response as sent. */
    private WebResponse testConnection(JenkinsRule.WebClient wc) throws Exception {
        wc.setThrowExceptionOnFailingStatusCode(false);
        wc.setRedirectEnabled(false);
        WebRequest req = new WebRequest(testConnectionUrl(), HttpMethod.POST);
        req.setRequestParameters(List.of(new NameValuePair("sfdxAuthUrl", sf.authUrl(sf.admin))));
        return wc.loadWebResponse(wc.addCrumb(req));
    }

    /** Whether Stapler dispatched the request to {@code doTestConnection} (its trace, on in tests). */
    private static boolean reachedTheMethod(WebResponse r) {
        return r.getResponseHeaders().stream()
                .anyMatch(h ->
                        h.getName().startsWith("Stapler-Trace-") && h.getValue().contains(".doTestConnection("));
    }
}
