package io.jenkins.plugins.salesforce.ui;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.fasterxml.jackson.core.type.TypeReference;
import hudson.model.Item;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTextArea;
import org.htmlunit.html.HtmlTextInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The Salesforce Orgs page does what its REST API does for people who click, in a browser with JavaScript (the crumb
 * is added to each form as Jenkins does it): register an org from its auth URL or the sf CLI's JSON, test its
 * connection, make it the default Dev Hub, change its metadata, remove it. Each form is a POST with the permission of
 * its REST action; a refusal shows the form again with the message, and never the secret.
 */
@WithJenkins
class OrgsPageFormsTest {
    private JenkinsRule j;
    private Emulated sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new Emulated(j);
        Folder team = j.jenkins.createProject(Folder.class, "team");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("viewer", "user", "lead")
                .grant(CredentialsProvider.VIEW)
                .everywhere()
                .to("viewer")
                .grant(CredentialsProvider.USE_ITEM)
                .everywhere()
                .to("user")
                .grant(
                        Item.READ,
                        CredentialsProvider.VIEW,
                        CredentialsProvider.USE_ITEM,
                        CredentialsProvider.CREATE,
                        CredentialsProvider.UPDATE,
                        CredentialsProvider.DELETE)
                .onItems(team)
                .to("lead")
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private JenkinsRule.WebClient browser(String user) throws Exception {
        return j.createWebClient().login(user);
    }

    /** Opens the Register form from the Orgs page's button and fills it. */
    private static HtmlForm registerForm(HtmlPage orgsPage, String secret, String id, String metadata)
            throws Exception {
        HtmlAnchor register = orgsPage.getFirstByXPath("//a[@href='newOrg']");
        HtmlPage page = register.click();
        HtmlForm form = page.getFormByName("createOrg");
        ((HtmlTextArea) form.getTextAreaByName("sfdxAuthUrl")).setText(secret);
        form.<HtmlTextInput>getInputByName("id").setText(id);
        form.<HtmlTextInput>getInputByName("metadata").setText(metadata);
        return form;
    }

    private static <P extends Page> P submit(HtmlForm form) throws Exception {
        HtmlButton button = form.getFirstByXPath(".//button[@type='submit']");
        return button.click();
    }

    private Map<String, Object> org(String id) throws Exception {
        Emulated.Answer a = sf.get("admin", "org?org=" + id);
        return a.status() == 200 ? Json.mapper().convertValue(a.json(), new TypeReference<>() {}) : null;
    }

    @Test
    void anAdministratorRegistersAnOrgFromItsAuthUrlAndLandsOnItsPage() throws Exception {
        String authUrl = sf.authUrl(sf.admin);
        HtmlForm form = registerForm(browser("admin").goTo("salesforce-orgs/"), authUrl, "prod", "team=core,env=ci");
        form.getSelectByName("devHub").setSelectedAttribute("true", true);
        form.<HtmlCheckBoxInput>getInputByName("defaultDevHub").setChecked(true);
        HtmlPage orgPage = submit(form);

        assertThat(orgPage.getUrl().getPath(), endsWith("/salesforce-orgs/entry/prod/"));
        assertThat(orgPage.asNormalizedText(), containsString("admin@acme.com"));
        assertThat(orgPage.asNormalizedText(), containsString("(default Dev Hub)"));
        assertThat(orgPage.getWebResponse().getContentAsString(), not(containsString(authUrl)));
        assertThat("validated with Salesforce first", sf.emulator.requests().count(Endpoint.TOKEN) > 0, is(true));
        Map<String, Object> org = org("prod");
        assertThat(org.get("orgId"), is(sf.acme.id()));
        assertThat(org.get("metadata"), is(Map.of("env", "ci", "team", "core")));
        assertThat(org.get("defaultDevHub"), is(true));
    }

    @Test
    void whatTheSfCliPrintsCanBePastedAsItIs() throws Exception {
        String sfJson = "{\n  \"status\": 0,\n  \"result\": {\n    \"sfdxAuthUrl\": \"" + sf.authUrl(sf.devUser)
                + "\",\n    \"username\": \"dev@acme.com\"\n  },\n  \"warnings\": []\n}";
        HtmlPage orgPage = submit(registerForm(browser("admin").goTo("salesforce-orgs/"), sfJson, "dev", ""));

        assertThat(orgPage.getUrl().getPath(), endsWith("/salesforce-orgs/entry/dev/"));
        assertThat(org("dev").get("username"), is("dev@acme.com"));
        assertThat(
                "a Developer Edition is no Dev Hub, as Salesforce says",
                org("dev").get("devHub"),
                is(false));
    }

    @Test
    void aRefusedRegistrationShowsTheFormAgainWithTheFixAndWithoutTheSecret() throws Exception {
        String broken = "force://PlatformCLI::5Aep861TopSecretRefreshToken";
        JenkinsRule.WebClient browser = browser("admin");
        browser.setThrowExceptionOnFailingStatusCode(false);
        HtmlPage again = submit(registerForm(browser.goTo("salesforce-orgs/"), broken, "prod", "team=core"));

        assertThat(again.getWebResponse().getStatusCode(), is(400));
        String text = again.asNormalizedText();
        assertThat(text, containsString("auth URL"));
        assertThat(again.getWebResponse().getContentAsString(), not(containsString("TopSecretRefreshToken")));
        HtmlForm form = again.getFormByName("createOrg");
        assertThat(form.getTextAreaByName("sfdxAuthUrl").getText(), is(""));
        assertThat(form.<HtmlTextInput>getInputByName("id").getText(), is("prod"));
        assertThat(form.<HtmlTextInput>getInputByName("metadata").getText(), is("team=core"));
        assertThat("nothing was saved", org("prod"), is(nullValue()));
    }

    @Test
    void badMetadataIsRefusedNamingTheFieldBeforeSalesforceIsCalled() throws Exception {
        JenkinsRule.WebClient browser = browser("admin");
        browser.setThrowExceptionOnFailingStatusCode(false);
        HtmlPage again = submit(registerForm(browser.goTo("salesforce-orgs/"), sf.authUrl(sf.admin), "", "team"));

        assertThat(again.getWebResponse().getStatusCode(), is(400));
        assertThat(again.asNormalizedText(), containsString("Parameter 'metadata' has 'team' without '='"));
        assertThat(sf.calls(), is(0));
    }

    @Test
    void anAuthUrlInTheUrlIsRefusedNotRegistered() throws Exception {
        Emulated.Answer a = sf.call(
                "admin",
                HttpMethod.POST,
                "createOrg?sfdxAuthUrl=" + URLEncoder.encode(sf.authUrl(sf.admin), StandardCharsets.UTF_8),
                "id=prod");
        assertThat(a.status(), is(400));
        assertThat(a.text(), containsString("The auth URL was sent in the URL"));
        assertThat(sf.calls(), is(0));
    }

    @Test
    void theOrgsPageTestsConnectionsMakesTheDefaultDevHubChangesMetadataAndRemoves() throws Exception {
        register("prod", sf.authUrl(sf.admin));
        register("hub2", sf.authUrl(sf.devUser));
        sf.post("admin", "update", "{\"org\": \"hub2\", \"devHub\": true}");
        JenkinsRule.WebClient browser = browser("admin");

        HtmlPage page = browser.goTo("salesforce-orgs/entry/prod/");
        assertThat(page.asNormalizedText(), containsString("not tested yet"));
        sf.emulator.requests().reset();
        page = submit(page.getFirstByXPath("//form[@action='testConnection']"));
        assertThat(page.getUrl().getPath(), endsWith("/entry/prod/"));
        assertThat(page.asNormalizedText(), not(containsString("not tested yet")));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
        assertThat(
                sf.get("admin", "org?org=prod").json().path("status").path("ok").asBoolean(), is(true));

        page = browser.goTo("salesforce-orgs/entry/hub2/");
        page = submit(page.getFirstByXPath("//form[@action='makeDefaultDevHub']"));
        assertThat(page.asNormalizedText(), containsString("(default Dev Hub)"));
        assertThat(sf.get("admin", "defaultDevHub").json().path("id").asText(), is("hub2"));
        assertThat(
                "the default has no button to make it the default",
                page.getFirstByXPath("//form[@action='makeDefaultDevHub']"),
                is((Object) null));

        HtmlForm update = page.getFormByName("update");
        update.<HtmlTextInput>getInputByName("metadata").setText("team=core, env=uat");
        page = submit(update);
        assertThat(org("hub2").get("metadata"), is(Map.of("env", "uat", "team", "core")));
        assertThat("the form keeps what it does not change", org("hub2").get("defaultDevHub"), is(true));
        assertThat(
                page.getFormByName("update")
                        .<HtmlTextInput>getInputByName("metadata")
                        .getText(),
                is("env=uat,team=core"));

        HtmlForm prodUpdate = browser.goTo("salesforce-orgs/entry/prod/").getFormByName("update");
        assertThat(
                prodUpdate.getSelectByName("devHub").getSelectedOptions().get(0).getValueAttribute(), is("true"));
        prodUpdate.getSelectByName("devHub").setSelectedAttribute("false", true);
        submit(prodUpdate);
        assertThat(org("prod").get("devHub"), is(false));

        HtmlAnchor remove = page.getFirstByXPath("//a[@href='remove']");
        HtmlPage confirm = remove.click();
        assertThat(confirm.asNormalizedText(), containsString("Remove the org hub2 (dev@acme.com)?"));
        assertThat("asking does not remove", org("hub2") == null, is(false));
        HtmlPage orgsPage = submit(confirm.getFormByName("remove"));
        assertThat(orgsPage.getUrl().getPath(), endsWith("/salesforce-orgs/"));
        assertThat(org("hub2"), is(nullValue()));
        assertThat(org("prod") == null, is(false));
    }

    /** As with POST update, a field the change form does not send is kept; an emptied metadata field clears it. */
    @Test
    void theChangeFormKeepsWhatItDoesNotSendAndClearsWhatIsEmptied() throws Exception {
        register("prod", sf.authUrl(sf.admin));
        sf.post("admin", "update", "{\"org\": \"prod\", \"metadata\": \"team=core\"}");

        assertThat(
                sf.call("admin", HttpMethod.POST, "entry/prod/update", "devHub=false")
                        .status(),
                is(303));
        assertThat(org("prod").get("devHub"), is(false));
        assertThat(org("prod").get("metadata"), is(Map.of("team", "core")));

        assertThat(
                sf.call("admin", HttpMethod.POST, "entry/prod/update", "metadata=")
                        .status(),
                is(303));
        assertThat(org("prod").get("metadata"), is(Map.of()));
        assertThat(org("prod").get("devHub"), is(false));
    }

    @Test
    void aRefusedChangeShowsTheOrgPageAgainWithTheMessageAndChangesNothing() throws Exception {
        register("prod", sf.authUrl(sf.admin));
        sf.post("admin", "update", "{\"org\": \"prod\", \"metadata\": \"team=core\"}");
        JenkinsRule.WebClient browser = browser("admin");
        browser.setThrowExceptionOnFailingStatusCode(false);
        HtmlForm update = browser.goTo("salesforce-orgs/entry/prod/").getFormByName("update");
        update.<HtmlTextInput>getInputByName("metadata").setText("team=core,,env=uat");
        HtmlPage again = submit(update);

        assertThat(again.getWebResponse().getStatusCode(), is(400));
        assertThat(again.asNormalizedText(), containsString("Parameter 'metadata' has an empty pair"));
        assertThat(org("prod").get("metadata"), is(Map.of("team", "core")));
    }

    @Test
    void eachUserSeesTheFormsTheirPermissionsAllow() throws Exception {
        register("prod", sf.authUrl(sf.admin));

        HtmlPage asViewer = browser("viewer").goTo("salesforce-orgs/entry/prod/");
        assertThat(asViewer.getFirstByXPath("//form[@action='testConnection']"), is((Object) null));
        assertThat(asViewer.getForms().stream().anyMatch(f -> "update".equals(f.getNameAttribute())), is(false));
        assertThat(asViewer.getFirstByXPath("//a[@href='remove']"), is((Object) null));
        assertThat(
                browser("viewer").goTo("salesforce-orgs/").getFirstByXPath("//a[@href='newOrg']"), is((Object) null));

        HtmlPage asUser = browser("user").goTo("salesforce-orgs/entry/prod/");
        assertThat(asUser.getFirstByXPath("//form[@action='testConnection']") == null, is(false));
        assertThat(asUser.getForms().stream().anyMatch(f -> "update".equals(f.getNameAttribute())), is(false));
        assertThat(asUser.getFirstByXPath("//a[@href='remove']"), is((Object) null));

        JenkinsRule.WebClient viewer = browser("viewer");
        viewer.setThrowExceptionOnFailingStatusCode(false);
        assertThat(viewer.goTo("salesforce-orgs/newOrg").getWebResponse().getStatusCode(), is(403));
        assertThat(
                viewer.goTo("salesforce-orgs/entry/prod/remove")
                        .getWebResponse()
                        .getStatusCode(),
                is(403));
    }

    @Test
    void aFoldersPageChangesOnlyTheFoldersOwnOrgs() throws Exception {
        register("prod", sf.authUrl(sf.admin));
        JenkinsRule.WebClient lead = browser("lead");
        HtmlPage folderPage = lead.goTo("job/team/salesforce-orgs/");
        HtmlPage own = submit(registerForm(folderPage, sf.authUrl(sf.devUser), "dev", "team=core"));
        assertThat(own.getUrl().getPath(), endsWith("/job/team/salesforce-orgs/entry/dev/"));
        assertThat(sf.getIn("team", "lead", "org?org=dev").json().path("folder").asText(), is("team"));
        assertThat(own.getFirstByXPath("//a[@href='remove']") == null, is(false));

        HtmlPage inherited = lead.goTo("job/team/salesforce-orgs/entry/prod/");
        assertThat(
                "inherited from Jenkins: no forms that change it here",
                inherited.getForms().stream().anyMatch(f -> "update".equals(f.getNameAttribute())),
                is(false));
        assertThat(inherited.getFirstByXPath("//a[@href='remove']"), is((Object) null));
        assertThat(inherited.getFirstByXPath("//form[@action='testConnection']") == null, is(false));
        Emulated.Answer refused = sf.callIn("team", "lead", HttpMethod.POST, "entry/prod/update?metadata=a%3Db", null);
        assertThat(refused.status(), is(400));
        assertThat(refused.text(), containsString("registered in Jenkins (system credentials)"));
        assertThat(org("prod").get("metadata"), is(Map.of()));
        for (String form : List.of("remove", "makeDefaultDevHub")) {
            Emulated.Answer a = sf.callIn("team", "lead", HttpMethod.POST, "entry/prod/" + form, null);
            assertThat(form + ": " + a.status(), a.status(), is(400));
        }
        assertThat(sf.getIn("team", "lead", "entry/prod/remove").status(), is(400));
        assertThat(org("prod") == null, is(false));
    }

    /**
     * A form names its org by the page's exact id: on a folder's page, the page of an inherited org whose id is the
     * username of one of the folder's own orgs does not reach the folder's org (a REST reference would).
     */
    @Test
    void aFormOnAnInheritedOrgsPageNeverReachesAFolderOrgThatMatchesItsIdOtherwise() throws Exception {
        Emulated.Answer a = sf.post(
                "admin", "register", "{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin) + "\", \"id\": \"dev@acme.com\"}");
        assertThat(a.toString(), a.status(), is(201));
        Emulated.Answer own = sf.postIn(
                "team", "lead", "register", "{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.devUser) + "\", \"id\": \"tdev\"}");
        assertThat(own.toString(), own.status(), is(201));

        Emulated.Answer refused = sf.callIn("team", "lead", HttpMethod.POST, "entry/dev@acme.com/remove", null);

        assertThat(refused.status(), is(400));
        assertThat(sf.getIn("team", "lead", "org?org=tdev").status(), is(200));
        assertThat(org("dev@acme.com") == null, is(false));
    }

    @Test
    void registeringAKnownUsernameAgainFromThePageKeepsWhatTheFormLeavesUnchanged() throws Exception {
        Emulated.Answer a = sf.post(
                "admin",
                "register",
                "{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin) + "\", \"id\": \"prod\", \"metadata\": \"team=core\","
                        + " \"allowAuthUrlExport\": true, \"description\": \"Acme\"}");
        assertThat(a.toString(), a.status(), is(201));

        HtmlPage page = submit(registerForm(browser("admin").goTo("salesforce-orgs/"), sf.authUrl(sf.admin), "", ""));

        assertThat(page.getUrl().getPath(), endsWith("/salesforce-orgs/entry/prod/"));
        Map<String, Object> org = org("prod");
        assertThat(org.get("metadata"), is(Map.of("team", "core")));
        assertThat(org.get("allowAuthUrlExport"), is(true));
        assertThat(org.get("description"), is("Acme"));
    }

    /** SYSTEM-scoped credentials are Jenkins' own: for anyone but an administrator their page and forms do not exist. */
    @Test
    void theFormsOfASystemScopedOrgAreNotFoundForAUserWhoMayOnlyUseCredentials() throws Exception {
        sf.addSystemScoped("ops", sf.devUser);
        for (String form : List.of("testConnection", "update", "makeDefaultDevHub", "remove")) {
            Emulated.Answer a = sf.call("user", HttpMethod.POST, "entry/ops/" + form, null);
            assertThat(form + ": " + a.status(), a.status(), is(404));
        }
        assertThat(sf.calls(), is(0));
    }

    /** A browser session's POST needs Jenkins' crumb (the pages' forms get it from Jenkins' script). */
    @Test
    void aFormPostedWithoutTheCrumbIsRefused() throws Exception {
        register("prod", sf.authUrl(sf.admin));
        JenkinsRule.WebClient browser = browser("admin");
        browser.setThrowExceptionOnFailingStatusCode(false);
        WebRequest post =
                new WebRequest(new URI(j.getURL() + "salesforce-orgs/entry/prod/remove").toURL(), HttpMethod.POST);

        assertThat(browser.getPage(post).getWebResponse().getStatusCode(), is(403));
        assertThat(org("prod") == null, is(false));
    }

    /** The page's own view of the default Dev Hub is not a second address for its forms. */
    @Test
    void theDefaultDevHubOfThePageIsNotAnotherWayToItsForms() throws Exception {
        Emulated.Answer a = sf.post(
                "admin",
                "register",
                "{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin) + "\", \"id\": \"prod\", \"defaultDevHub\": true}");
        assertThat(a.toString(), a.status(), is(201));

        assertThat(sf.get("admin", "effectiveDefaultDevHub/").status(), is(404));
        assertThat(
                sf.call("admin", HttpMethod.POST, "effectiveDefaultDevHub/remove", null)
                        .status(),
                is(404));
        assertThat(org("prod") == null, is(false));
    }

    private void register(String id, String authUrl) throws Exception {
        Emulated.Answer a =
                sf.post("admin", "register", "{\"sfdxAuthUrl\": \"" + authUrl + "\", \"id\": \"" + id + "\"}");
        assertThat(a.toString(), a.status(), is(201));
    }
}
