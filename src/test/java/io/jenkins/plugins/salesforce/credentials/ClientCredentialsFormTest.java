package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import io.jenkins.plugins.salesforce.emulator.User;
import java.net.URI;
import java.util.List;
import java.util.logging.Level;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The client credentials credential's form: its checks (no network), Test connection (the client credentials grant),
 * and saving, which validates with Salesforce and fills in the app's Run As user and the org it discovered.
 */
@WithJenkins
class ClientCredentialsFormTest {
    private static final String SECRET = "FAKESECRET123";

    private final LogRecorder log =
            new LogRecorder().record(CredentialsOrgStore.class, Level.WARNING).capture(20);

    private JenkinsRule j;
    private EmulatedSalesforce sf;
    private User integration;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        sf = new EmulatedSalesforce();
        integration = sf.acme.user("integration@acme.com");
        sf.app.clientCredentialsUser(integration);
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private SalesforceClientCredentialsImpl.DescriptorImpl descriptor() {
        return j.jenkins.getDescriptorByType(SalesforceClientCredentialsImpl.DescriptorImpl.class);
    }

    private JSONObject form(String id, String secret, String myDomainUrl) {
        JSONObject c = new JSONObject();
        c.put("stapler-class", SalesforceClientCredentialsImpl.class.getName());
        c.put("$class", SalesforceClientCredentialsImpl.class.getName());
        c.put("scope", "GLOBAL");
        c.put("id", id);
        c.put("description", "integration user");
        c.put("clientId", EmulatedSalesforce.CONSUMER_KEY);
        c.put("clientSecret", secret);
        c.put("myDomainUrl", myDomainUrl);
        c.put("username", "");
        c.put("devHub", false);
        c.put("instanceUrl", "");
        c.put("orgId", "");
        c.put("orgType", "");
        c.put("metadata", "team=integration");
        return c;
    }

    private Page create(JSONObject credential) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient();
        WebRequest req = new WebRequest(
                new URI(j.getURL() + "credentials/store/system/domain/_/createCredentials").toURL(), HttpMethod.POST);
        req.setRequestParameters(List.of(new NameValuePair(
                "json", new JSONObject().element("credentials", credential).toString())));
        wc.setThrowExceptionOnFailingStatusCode(false);
        wc.setRedirectEnabled(false);
        return wc.getPage(wc.addCrumb(req));
    }

    @Test
    void savingTheFormValidatesWithTheClientCredentialsGrantAndFillsInTheRunAsUser() throws Exception {
        Page p = create(form("integration", SECRET, sf.acme.instanceUrl()));

        assertThat(p.getWebResponse().getContentAsString(), p.getWebResponse().getStatusCode() < 400, is(true));
        SalesforceClientCredentialsImpl stored = find(SalesforceClientCredentialsImpl.class, "integration");
        assertThat(stored, notNullValue());
        assertThat(stored.getUsername(), is("integration@acme.com"));
        assertThat(stored.getOrgId(), is(sf.acme.id()));
        assertThat(stored.getOrgType(), is("Production"));
        assertThat(stored.getInstanceUrl(), is(sf.acme.instanceUrl()));
        assertThat(stored.getMyDomainUrl(), is(sf.acme.instanceUrl()));
        assertThat(stored.getClientSecret().getPlainText(), is(SECRET));
        assertThat(stored.getMetadata(), is("team=integration"));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.CLIENT_CREDENTIALS), is(1));
    }

    @Test
    void aLoginHostIsRefusedOnSaveBeforeAnythingIsSent() throws Exception {
        Page p = create(form("integration", SECRET, "https://login.salesforce.com"));

        assertThat(p.getWebResponse().getStatusCode() >= 400, is(true));
        String body = p.getWebResponse().getContentAsString();
        assertThat(body, containsString("Client credentials need your My Domain URL"));
        assertThat(body, not(containsString(SECRET)));
        assertThat(find(SalesforceClientCredentialsImpl.class, "integration"), nullValue());
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void aRefusedSaveShowsSalesforcesReasonAndStoresNothing() throws Exception {
        sf.app.clientCredentialsUser(null);
        Page p = create(form("integration", SECRET, sf.acme.instanceUrl()));

        assertThat(p.getWebResponse().getStatusCode() >= 400, is(true));
        assertThat(p.getWebResponse().getContentAsString(), containsString("no client credentials user enabled"));
        assertThat(find(SalesforceClientCredentialsImpl.class, "integration"), nullValue());
    }

    @Test
    void testConnectionNamesTheRunAsUserAndTheOrg() {
        FormValidation v =
                descriptor().doTestConnection(null, EmulatedSalesforce.CONSUMER_KEY, SECRET, sf.acme.instanceUrl(), "");
        assertThat(v.renderHtml(), v.kind, is(FormValidation.Kind.OK));
        assertThat(v.getMessage(), containsString("integration@acme.com"));
        assertThat(v.getMessage(), containsString("Production"));
    }

    @Test
    void testConnectionWithAWrongSecretShowsTheFixButNeitherSecret() {
        FormValidation v = descriptor()
                .doTestConnection(null, EmulatedSalesforce.CONSUMER_KEY, "wrong-secret-42", sf.acme.instanceUrl(), "");
        assertThat(v.kind, is(FormValidation.Kind.ERROR));
        assertThat(v.getMessage(), containsString("refused the client secret"));
        assertThat(v.getMessage(), containsString("Fix:"));
        assertThat(v.getMessage(), not(containsString("wrong-secret-42")));
        assertThat(v.getMessage(), not(containsString(SECRET)));
    }

    @Test
    void theUnchangedEncryptedSecretOfASavedCredentialIsTestedAsStored() throws Exception {
        addSystem(new SalesforceClientCredentialsImpl(
                CredentialsScope.GLOBAL,
                "integration",
                null,
                EmulatedSalesforce.CONSUMER_KEY,
                Secret.fromString(SECRET),
                sf.acme.instanceUrl()));
        String encrypted = find(SalesforceClientCredentialsImpl.class, "integration")
                .getClientSecret()
                .getEncryptedValue();
        FormValidation v = descriptor()
                .doTestConnection(null, EmulatedSalesforce.CONSUMER_KEY, encrypted, sf.acme.instanceUrl(), "");
        assertThat(v.renderHtml(), v.kind, is(FormValidation.Kind.OK));
    }

    @Test
    void theMyDomainCheckRefusesLoginTestAndHostsThatAreNotAllowedWithoutACall() {
        assertThat(descriptor().doCheckMyDomainUrl(null, sf.acme.instanceUrl()).kind, is(FormValidation.Kind.OK));
        assertThat(
                descriptor().doCheckMyDomainUrl(null, "https://acme.my.salesforce.com").kind,
                is(FormValidation.Kind.OK));
        FormValidation login = descriptor().doCheckMyDomainUrl(null, "https://login.salesforce.com");
        assertThat(login.kind, is(FormValidation.Kind.ERROR));
        assertThat(login.getMessage(), containsString("Client credentials need your My Domain URL"));
        assertThat(
                descriptor().doCheckMyDomainUrl(null, "https://test.salesforce.com/").kind,
                is(FormValidation.Kind.ERROR));
        assertThat(
                descriptor().doCheckMyDomainUrl(null, "https://evil.example.com").kind, is(FormValidation.Kind.ERROR));
        assertThat(descriptor().doCheckMyDomainUrl(null, "").kind, is(FormValidation.Kind.ERROR));
        FormValidation t = descriptor()
                .doTestConnection(null, EmulatedSalesforce.CONSUMER_KEY, SECRET, "https://test.salesforce.com", "");
        assertThat(t.kind, is(FormValidation.Kind.ERROR));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    /**
     * Configuration as code and XML store what they are given: a login host as the My Domain is reported in the log
     * (naming the field and the fix) and on first use, and never reaches Salesforce.
     */
    @Test
    void aStoredCredentialWithALoginHostIsLeftOutAndNeverSent() throws Exception {
        addSystem(new SalesforceClientCredentialsImpl(
                CredentialsScope.GLOBAL,
                "integration",
                null,
                EmulatedSalesforce.CONSUMER_KEY,
                Secret.fromString(SECRET),
                "https://login.salesforce.com/"));

        ConnectionTest t = OrgStoreView.tokens(Jenkins.get(), ACL.SYSTEM2).testConnection("integration");

        assertThat(t.summary(), t.ok(), is(false));
        assertThat(t.summary(), containsString("'integration'"));
        assertThat(sf.emulator.requests().total(), is(0));
        assertThat(
                log.getMessages().toString(),
                log.getMessages().stream()
                        .anyMatch(m -> m.contains("integration")
                                && m.contains("Client credentials need your My Domain URL")
                                && m.contains("Fix:")),
                is(true));
    }

    @Test
    void anEmptyKeyOrSecretIsAnErrorOfItsField() {
        assertThat(descriptor().doCheckClientId(null, " ").kind, is(FormValidation.Kind.ERROR));
        assertThat(descriptor().doCheckClientId(null, "3MVG9x").kind, is(FormValidation.Kind.OK));
        assertThat(descriptor().doCheckClientSecret(null, "").kind, is(FormValidation.Kind.ERROR));
        assertThat(descriptor().doCheckClientSecret(null, "s").kind, is(FormValidation.Kind.OK));
    }
}
