package io.jenkins.plugins.salesforce.ui;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import java.net.URI;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A client written for sfp-server's API works after a change of base URL: its parameter and field names, {@code
 * DELETE} for removal, {@code authType} on the default Dev Hub, and a frontdoor link that can be pasted in a pull
 * request because it logs in only after a click.
 */
@WithJenkins
class SfpCompatibilityTest {
    private JenkinsRule j;
    private Emulated sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new Emulated(j);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
        Emulated.Answer a = sf.post(
                "admin",
                "register",
                "{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin) + "\", \"id\": \"prod\", \"isDevHub\": true,"
                        + " \"isDefault\": true}");
        assertThat(a.toString(), a.status(), is(201));
        sf.emulator.requests().reset();
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    @Test
    void usernameNamesTheOrgWhereverOrgDoesAndDevhubFiltersTheList() throws Exception {
        assertThat(
                sf.get("admin", "org?username=admin@acme.com").json().get("id").asText(), is("prod"));
        JsonNode token = sf.post("admin", "org", "{\"username\": \"admin@acme.com\", \"authType\": \"accessToken\"}")
                .json();
        assertThat(token.get("accessToken").asText(), startsWith(sf.acme.id().substring(0, 15)));
        assertThat(
                sf.post("admin", "testConnection", "{\"username\": \"admin@acme.com\"}")
                        .json()
                        .get("ok")
                        .asBoolean(),
                is(true));
        JsonNode updated = sf.post("admin", "update", "{\"username\": \"admin@acme.com\", \"metadata\": \"env=prod\"}")
                .json();
        assertThat(updated.get("metadata").get("env").asText(), is("prod"));
        assertThat(sf.get("admin", "orgs?devhub=true").json().size(), is(1));
        assertThat(sf.get("admin", "orgs?devhub=false").json().size(), is(0));
    }

    @Test
    void aGetAskingForATokenIsRefusedNamingThePostToSend() throws Exception {
        Emulated.Answer a = sf.get("admin", "org?username=admin@acme.com&authType=accessToken");
        assertThat(a.toString(), a.status(), is(400));
        assertThat(a.json().get("message").asText(), containsString("POST org"));
        assertThat(a.text(), not(containsString("accessToken\" :")));
        assertThat(sf.calls(), is(0));
    }

    @Test
    void deleteRemovesAnOrgWithAnApiTokenOnly() throws Exception {
        JenkinsRule.WebClient browser = j.createWebClient().login("admin");
        browser.setThrowExceptionOnFailingStatusCode(false);
        Page refused = browser.getPage(new WebRequest(
                new URI(j.getURL() + "salesforce-orgs/org?username=admin@acme.com").toURL(), HttpMethod.DELETE));
        assertThat(refused.getWebResponse().getStatusCode(), is(409));
        assertThat(refused.getWebResponse().getContentAsString(), containsString("API token"));
        assertThat(sf.get("admin", "orgs").json().size(), is(1));

        Emulated.Answer removed = sf.call("admin", HttpMethod.DELETE, "org?username=admin@acme.com", null);
        assertThat(removed.toString(), removed.status(), is(200));
        assertThat(removed.json().get("message").asText(), is("Organization successfully deleted"));
        assertThat(sf.get("admin", "orgs").json().size(), is(0));
        assertThat(
                sf.call("admin", HttpMethod.DELETE, "org?username=admin@acme.com", null)
                        .status(),
                is(404));
    }

    @Test
    void theDefaultDevHubAnswersWithATokenToAPostWithAuthType() throws Exception {
        JsonNode hub = sf.post("admin", "defaultDevHub", "{\"authType\": \"accessToken\"}")
                .json();
        assertThat(hub.get("id").asText(), is("prod"));
        assertThat(hub.get("accessToken"), notNullValue());
        Emulated.Answer noType = sf.post("admin", "defaultDevHub", "{}");
        assertThat(noType.status(), is(400));
        assertThat(noType.json().get("message").asText(), containsString("'authType' is missing"));
        Emulated.Answer export = sf.post("admin", "defaultDevHub", "{\"authType\": \"sfdxAuthUrl\"}");
        assertThat("the credential does not allow export", export.status(), is(409));
        assertThat(export.text(), not(containsString("force://")));
    }

    @Test
    void aFrontdoorLinkShowsAConfirmationPageAndLogsInOnlyAfterTheClick() throws Exception {
        JenkinsRule.WebClient browser = j.createWebClient().login("admin");
        HtmlPage page = browser.goTo("salesforce-orgs/frontdoor?target=prod");
        assertThat(page.asNormalizedText(), containsString("Log in to Salesforce"));
        assertThat(page.asNormalizedText(), containsString("prod"));
        assertThat("opening the link calls no one", sf.calls(), is(0));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(0));

        HtmlForm form = page.getFirstByXPath("//form[@action='openFrontdoor']");
        HtmlButton button = form.getFirstByXPath(".//button[@type='submit']");
        browser.setRedirectEnabled(false);
        browser.setThrowExceptionOnFailingStatusCode(false);
        Page after = button.click();
        assertThat(after.getWebResponse().getStatusCode(), is(302));
        assertThat(after.getWebResponse().getResponseHeaderValue("Location"), containsString("frontdoor.jsp"));
        assertThat(sf.calls() > 0, is(true));
        assertThat(
                "the click is in the org's usage log",
                sf.get("admin", "entry/prod/usage.csv").text(),
                containsString(",admin,REST,frontdoor,frontdoor link: prod,"));
    }

    @Test
    void theConfirmationPageEscapesWhatTheLinkCarries() throws Exception {
        JenkinsRule.WebClient browser = j.createWebClient().login("admin");
        HtmlPage page = browser.goTo("salesforce-orgs/frontdoor?target=%3Cscript%3Ealert(1)%3C/script%3E");
        String html = page.getWebResponse().getContentAsString();
        assertThat(html, not(containsString("<script>alert(1)")));
        assertThat(page.asNormalizedText(), containsString("<script>alert(1)</script>"));
        assertThat(sf.calls(), is(0));
    }

    @Test
    void aFrontdoorLinkWithoutATargetSaysWhatItNeeds() throws Exception {
        JenkinsRule.WebClient browser = j.createWebClient().login("admin");
        HtmlPage page = browser.goTo("salesforce-orgs/frontdoor");
        assertThat(page.asNormalizedText(), containsString("needs ?target="));
        assertThat(page.getFirstByXPath("//form[@action='openFrontdoor']"), is((Object) null));
    }
}
