package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import java.util.List;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
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
        WebRequest req = new WebRequest(new java.net.URI(j.getURL() + path).toURL(), HttpMethod.POST);
        req.setRequestParameters(List.of(new NameValuePair("json", json.toString())));
        wc.setThrowExceptionOnFailingStatusCode(false);
        wc.setRedirectEnabled(false);
        return wc.getPage(wc.addCrumb(req));
    }

    private static JSONObject authUrlForm(String id, String authUrl) {
        JSONObject c = new JSONObject();
        c.put("stapler-class", SalesforceOrgCredentialsImpl.class.getName());
        c.put("$class", SalesforceOrgCredentialsImpl.class.getName());
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
        SalesforceOrgCredentialsImpl stored = find(SalesforceOrgCredentialsImpl.class, "prod");
        assertThat(stored, notNullValue());
        assertThat(stored.getUsername(), is("admin@acme.com"));
        assertThat(stored.getOrgType(), is("Production"));
        assertThat(stored.isDevHub(), is(true));
        assertThat(stored.getMetadata(), is("env=prod,team=core"));
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
        assertThat(find(SalesforceOrgCredentialsImpl.class, "bad"), nullValue());

        String good = sf.authUrl(sf.admin);
        addSystem(authUrlCredential("prod", good));
        p = post(
                wc,
                "credentials/store/system/domain/_/credential/prod/updateSubmit",
                authUrlForm("prod", sf.emulator.authUrl(revoked)));
        assertThat(p.getWebResponse().getStatusCode() >= 400, is(true));
        assertThat(
                find(SalesforceOrgCredentialsImpl.class, "prod")
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
                find(SalesforceOrgCredentialsImpl.class, "prod")
                        .getSfdxAuthUrl()
                        .getEncryptedValue());
        form.put("devHub", false);
        form.put("metadata", "team=ops");
        Page p = post(j.createWebClient(), "credentials/store/system/domain/_/credential/prod/updateSubmit", form);
        assertThat(p.getWebResponse().getContentAsString(), p.getWebResponse().getStatusCode() < 400, is(true));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "prod").getMetadata(), is("team=ops"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    /** GitHub Branch Source's SECURITY-3702 test, over HTTP: POST with a crumb as each user. */
    @Test
    void testConnectionIsForbiddenToAnonymousAndReadOnlyUsersOverHttp() throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new org.jvnet.hudson.test.MockAuthorizationStrategy()
                .grant(jenkins.model.Jenkins.READ)
                .everywhere()
                .to("reader", "manager")
                .grant(jenkins.model.Jenkins.MANAGE)
                .everywhere()
                .to("manager"));
        String path = "descriptorByName/" + SalesforceOrgCredentialsImpl.class.getName() + "/testConnection";
        String query = "sfdxAuthUrl="
                + java.net.URLEncoder.encode(sf.authUrl(sf.admin), java.nio.charset.StandardCharsets.UTF_8);
        Page anonymous = post(j.createWebClient(), path, query);
        Page reader = post(j.createWebClient().login("reader"), path, query);
        // Neither reached Salesforce nor got an answer from the test (anonymous users are sent to log in).
        assertThat(sf.emulator.requests().total(), is(0));
        assertThat(anonymous.getWebResponse().getContentAsString(), not(containsString("Connected")));
        assertThat(reader.getWebResponse().getStatusCode(), is(403));
        Page manager = post(j.createWebClient().login("manager"), path, query);
        assertThat(manager.getWebResponse().getStatusCode(), is(200));
        assertThat(manager.getWebResponse().getContentAsString(), containsString("Connected as admin@acme.com"));
        // GET does not reach the method (@POST).
        JenkinsRule.WebClient wc = j.createWebClient().login("manager");
        wc.setThrowExceptionOnFailingStatusCode(false);
        assertThat(wc.goTo(path, null).getWebResponse().getStatusCode() >= 400, is(true));
    }

    private Page post(JenkinsRule.WebClient wc, String path, String query) throws Exception {
        wc.setThrowExceptionOnFailingStatusCode(false);
        wc.setRedirectEnabled(false);
        WebRequest req = new WebRequest(new java.net.URI(j.getURL() + path + "?" + query).toURL(), HttpMethod.POST);
        return wc.getPage(wc.addCrumb(req));
    }
}
