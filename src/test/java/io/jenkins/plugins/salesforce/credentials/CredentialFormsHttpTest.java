package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
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
 * <p>Needs the full web application ({@code mvn verify}); jenkins-env's local harness answers 404 to every URL.
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
        assertThat(find(SalesforceOrgCredentialsImpl.class, "prod").getSfdxAuthUrl().getPlainText(), is(good));
    }

    @Test
    void aMetadataOnlyUpdateFromTheFormDoesNotCallSalesforce() throws Exception {
        String good = sf.authUrl(sf.admin);
        addSystem(authUrlCredential("prod", good));
        sf.emulator.requests().reset();
        JSONObject form = authUrlForm("prod", find(SalesforceOrgCredentialsImpl.class, "prod").getSfdxAuthUrl().getEncryptedValue());
        form.put("devHub", false);
        form.put("metadata", "team=ops");
        Page p = post(j.createWebClient(), "credentials/store/system/domain/_/credential/prod/updateSubmit", form);
        assertThat(p.getWebResponse().getContentAsString(), p.getWebResponse().getStatusCode() < 400, is(true));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "prod").getMetadata(), is("team=ops"));
        assertThat(sf.emulator.requests().total(), is(0));
    }
}
