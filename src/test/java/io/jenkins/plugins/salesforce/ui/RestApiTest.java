package io.jenkins.plugins.salesforce.ui;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.security.ACL;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.credentials.OrgStoreView;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import io.jenkins.plugins.salesforce.steps.OrgMaps;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every REST action of the Salesforce Orgs page against the emulator, as an administrator with an API token:
 * registration validated first and upserted by username, filters, get with {@code authType}, metadata-only update
 * without a call, test connection, default Dev Hub, access tokens, removal, and the error statuses.
 */
@WithJenkins
class RestApiTest {
    private Emulated sf;
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        sf = new Emulated(j);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private JsonNode register(String body) throws Exception {
        Emulated.Answer a = sf.post("admin", "register", body);
        assertThat(a.toString(), a.status(), is(201));
        return a.json();
    }

    private String prodBody(String extra) {
        return "{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin) + "\", \"id\": \"prod\"" + extra + "}";
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void registerValidatesWithSalesforceFillsTheDiscoveredFieldsAndUpdatesTheSameUsername() throws Exception {
        JsonNode org = register(prodBody(", \"devHub\": true, \"metadata\": {\"env\": \"prod\"}"));
        assertThat(org.get("id").asText(), is("prod"));
        assertThat(org.get("username").asText(), is("admin@acme.com"));
        assertThat(org.get("orgId").asText(), is(sf.acme.id()));
        assertThat(org.get("orgType").asText(), is("Production"));
        assertThat(org.get("devHub").asBoolean(), is(true));
        assertThat(org.get("metadata").get("env").asText(), is("prod"));
        assertThat(org.toString(), not(containsString("force://")));

        // The same username again, under another id: the org is updated and keeps its id.
        JsonNode again = register("{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin)
                + "\", \"id\": \"other\", \"metadata\": \"env=prod,team=core\"}");
        assertThat(again.get("id").asText(), is("prod"));
        assertThat(again.get("metadata").get("team").asText(), is("core"));
        assertThat(sf.get("admin", "orgs").json().size(), is(1));
    }

    @Test
    void registerTakesWhatTheSfCliPrintsAsTheBodyOrAsTheAuthUrlAndStoresTheBareUrl() throws Exception {
        String printed = "{\"status\": 0, \"result\": {\"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin) + "\"},"
                + " \"warnings\": [\"This command exposes an SFDX Auth URL.\"]}";
        assertThat(register(printed).get("username").asText(), is("admin@acme.com"));
        String printedForDev = "{\"status\": 0, \"result\": {\"sfdxAuthUrl\": \"" + sf.authUrl(sf.devUser) + "\"}}";
        JsonNode dev =
                register("{\"id\": \"dev\", \"sfdxAuthUrl\": " + Json.mapper().writeValueAsString(printedForDev) + "}");
        assertThat(dev.get("username").asText(), is("dev@acme.com"));
        for (SalesforceAuthUrlCredentialsImpl c : CredentialsProvider.lookupCredentialsInItemGroup(
                SalesforceAuthUrlCredentialsImpl.class, Jenkins.get(), ACL.SYSTEM2, List.of())) {
            assertThat(c.getSfdxAuthUrl().getPlainText(), startsWith("force://"));
        }
    }

    @Test
    void registerRefusesBadInputWith400AndARefusedAuthUrlWith502StoringNothing() throws Exception {
        Emulated.Answer missing = sf.post("admin", "register", "{}");
        assertThat(missing.status(), is(400));
        assertThat(missing.json().get("error").asText(), is("BAD_INPUT"));
        assertThat(missing.json().get("message").asText(), containsString("sfdxAuthUrl"));

        assertThat(sf.post("admin", "register", "not json").status(), is(400));
        Emulated.Answer bad = sf.post("admin", "register", "{\"sfdxAuthUrl\": \"https://example.com\"}");
        assertThat(bad.toString(), bad.status(), is(400));
        assertThat(sf.calls(), is(0));

        String url = sf.authUrl(sf.admin);
        sf.emulator.refreshTokens().forEach(RefreshToken::revoke);
        Emulated.Answer refused = sf.post("admin", "register", "{\"sfdxAuthUrl\": \"" + url + "\"}");
        assertThat(refused.toString(), refused.status(), is(502));
        assertThat(refused.json().get("error").asText(), is("INVALID_GRANT"));
        assertThat(refused.text(), not(containsString(url)));
        assertThat(sf.get("admin", "orgs").json().size(), is(0));
    }

    @Test
    void listFiltersByTypeDevHubAndMetadata() throws Exception {
        register(prodBody(", \"devHub\": true, \"metadata\": {\"env\": \"prod\"}"));
        register("{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.devUser)
                + "\", \"id\": \"dev\", \"metadata\": {\"env\": \"dev\"}}");

        assertThat(sf.get("admin", "orgs").json().size(), is(2));
        assertThat(ids(sf.get("admin", "orgs?devHub=true").json()), is(List.of("prod")));
        assertThat(ids(sf.get("admin", "orgs?devHub=false").json()), is(List.of("dev")));
        assertThat(ids(sf.get("admin", "orgs?type=" + q("Developer Edition")).json()), is(List.of("dev")));
        assertThat(ids(sf.get("admin", "orgs?metadata=" + q("env=prod")).json()), is(List.of("prod")));
        assertThat(
                ids(sf.get("admin", "orgs?metadata=" + q("{\"env\":\"dev\"}")).json()), is(List.of("dev")));
        Emulated.Answer bad = sf.get("admin", "orgs?type=Galaxy");
        assertThat(bad.status(), is(400));
        assertThat(bad.json().get("message").asText(), containsString("type"));
        assertThat(
                ids(sf.get("admin", "api/json?tree=orgs[id]&devHub=true").json().get("orgs")), is(List.of("prod")));
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    @Test
    void getOneWithAndWithoutSecrets() throws Exception {
        register(prodBody(""));
        JsonNode plain = sf.get("admin", "org?org=admin@acme.com").json();
        assertThat(plain.get("id").asText(), is("prod"));
        assertThat(plain.has("accessToken"), is(false));
        assertThat(sf.get("admin", "org?org=nope").status(), is(404));
        assertThat(sf.get("admin", "org").status(), is(400));

        // A GET never answers a secret: a GET asking for one (sfp-server's way) is refused, naming the POST to send.
        Emulated.Answer asGet = sf.get("admin", "org?org=prod&authType=accessToken");
        assertThat(asGet.toString(), asGet.status(), is(400));
        assertThat(asGet.json().get("message").asText(), containsString("POST org"));
        assertThat(asGet.json().has("accessToken"), is(false));
        assertThat(sf.post("admin", "org", "{\"org\": \"prod\"}").status(), is(400)); // POST org is for secrets
        JsonNode token = sf.post("admin", "org", "{\"org\": \"prod\", \"authType\": \"accessToken\"}")
                .json();
        assertThat(token.get("accessToken").asText(), startsWith(sf.acme.id15()));
        assertThat(token.get("instanceUrl").asText(), is(sf.acme.instanceUrl()));
        assertThat(token.get("expiresAt"), notNullValue());

        Emulated.Answer noExport = sf.post("admin", "org", "{\"org\": \"prod\", \"authType\": \"sfdxAuthUrl\"}");
        assertThat(noExport.status(), is(409));
        assertThat(noExport.json().get("error").asText(), is("NOT_ALLOWED"));
        assertThat(
                sf.post("admin", "org", "{\"org\": \"prod\", \"authType\": \"password\"}")
                        .status(),
                is(400));

        register(prodBody(", \"allowAuthUrlExport\": true"));
        JsonNode export = sf.post("admin", "org", "{\"org\": \"prod\", \"authType\": \"sfdxAuthUrl\"}")
                .json();
        assertThat(export.get("sfdxAuthUrl").asText(), startsWith("force://"));
    }

    @Test
    void updateChangesOnlyMetadataAndFlagsWithoutCallingSalesforce() throws Exception {
        register(prodBody(", \"metadata\": {\"env\": \"prod\"}"));
        sf.emulator.requests().reset();
        Emulated.Answer a = sf.post("admin", "update", "{\"org\": \"prod\", \"metadata\": {\"team\": \"core\"}}");
        assertThat(a.toString(), a.status(), is(200));
        assertThat(a.json().get("metadata").has("env"), is(false));
        assertThat(a.json().get("metadata").get("team").asText(), is("core"));
        assertThat(sf.calls(), is(0));
        assertThat(
                sf.post("admin", "update", "{\"org\": \"nope\", \"metadata\": {}}")
                        .status(),
                is(404));
        assertThat(
                sf.post("admin", "update", "{\"org\": \"prod\", \"devHub\": \"maybe\"}")
                        .status(),
                is(400));
    }

    @Test
    void anUpdateThatNamesNothingToChangeIsRefusedNotAnsweredAsDone() throws Exception {
        register(prodBody(", \"metadata\": {\"env\": \"prod\"}"));
        Emulated.Answer a = sf.post("admin", "update?org=prod&metadata=team%3Dcore", null);
        assertThat(a.toString(), a.status(), is(400));
        assertThat(a.json().get("message").asText(), containsString("names nothing to change"));
        assertThat(
                sf.get("admin", "org?org=prod")
                        .json()
                        .get("metadata")
                        .get("env")
                        .asText(),
                is("prod"));
    }

    @Test
    void testConnectionReportsTheOutcomeAndTheCoreMessage() throws Exception {
        register(prodBody(""));
        JsonNode ok = sf.post("admin", "testConnection", "{\"org\": \"prod\"}").json();
        assertThat(ok.get("ok").asBoolean(), is(true));
        sf.emulator.refreshTokens().forEach(RefreshToken::revoke);
        JsonNode failed =
                sf.post("admin", "testConnection", "{\"org\": \"prod\"}").json();
        assertThat(failed.get("ok").asBoolean(), is(false));
        assertThat(failed.get("reason").asText(), is("INVALID_GRANT"));
        assertThat(failed.get("fix").asText().isBlank(), is(false));
        assertThat(
                sf.get("admin", "org?org=prod").json().get("status").get("ok").asBoolean(), is(false));
        assertThat(sf.post("admin", "testConnection", "{\"org\": \"nope\"}").status(), is(404));
    }

    @Test
    void defaultDevHubAndAccessTokens() throws Exception {
        register(prodBody(", \"devHub\": true"));
        register("{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.devUser) + "\", \"id\": \"dev\"}");
        assertThat(sf.get("admin", "defaultDevHub").status(), is(404));
        assertThat(sf.post("admin", "accessToken", "{\"devHub\": true}").status(), is(404));
        Emulated.Answer notHub = sf.post("admin", "setDefaultDevHub", "{\"org\": \"dev\"}");
        assertThat(notHub.toString(), notHub.status(), is(409));
        assertThat(sf.post("admin", "setDefaultDevHub", "{\"org\": \"prod\"}").status(), is(200));
        assertThat(sf.get("admin", "defaultDevHub").json().get("id").asText(), is("prod"));

        JsonNode hub = sf.post("admin", "accessToken", "{\"devHub\": true}").json();
        assertThat(hub.get("username").asText(), is("admin@acme.com"));
        JsonNode dev =
                sf.post("admin", "accessToken", "{\"org\": \"dev@acme.com\"}").json();
        assertThat(dev.get("accessToken").asText(), startsWith(sf.dev.id15()));
        assertThat(sf.get("admin", "accessToken?org=dev").status(), is(404)); // POST only
    }

    @Test
    void removeDeletesTheCredential() throws Exception {
        register(prodBody(""));
        Emulated.Answer a = sf.post("admin", "remove", "{\"org\": \"prod\"}");
        assertThat(a.status(), is(200));
        assertThat(a.json().get("message").asText(), is("Organization successfully deleted"));
        assertThat(sf.get("admin", "org?org=prod").status(), is(404));
        assertThat(sf.post("admin", "remove", "{\"org\": \"prod\"}").status(), is(404));
    }

    @Test
    void registerJitSandboxNeedsARegisteredProductionOrg() throws Exception {
        Emulated.Answer a =
                sf.post("admin", "registerJitSandbox", "{\"sandboxName\": \"uat\", \"productionOrg\": \"prod\"}");
        assertThat(a.toString(), a.status(), is(404));
        assertThat(
                sf.post("admin", "registerJitSandbox", "{\"sandboxName\": \"not a name\", \"productionOrg\": \"prod\"}")
                        .status(),
                is(400));
        assertThat(sf.calls(), is(0));
    }

    @Test
    void thePageFiltersLikeTheListAndShowsABadFilter() throws Exception {
        register(prodBody(", \"devHub\": true"));
        register("{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.devUser) + "\", \"id\": \"dev\"}");
        String hubs = sf.get("admin", "?devHub=true").text();
        assertThat(hubs, containsString("entry/prod/"));
        assertThat(hubs, not(containsString("entry/dev/")));
        Emulated.Answer bad = sf.get("admin", "?type=Galaxy");
        assertThat(bad.status(), is(200));
        assertThat(bad.text(), containsString("Galaxy"));
        assertThat(bad.text(), not(containsString("entry/prod/")));
    }

    @Test
    void thePageAndItsJsonShowNoSecret() throws Exception {
        String url = sf.authUrl(sf.admin);
        register("{\"sfdxAuthUrl\": \"" + url + "\", \"id\": \"prod\", \"allowAuthUrlExport\": true}");
        String token = sf.post("admin", "accessToken", "{\"org\": \"prod\"}")
                .json()
                .get("accessToken")
                .asText();
        sf.post("admin", "testConnection", "{\"org\": \"prod\"}");
        List<String> secrets = new ArrayList<>(List.of(url, token));
        sf.emulator.refreshTokens().forEach(t -> secrets.add(t.value()));
        sf.emulator.accessTokens().forEach(t -> secrets.add(t.value()));
        for (String path : List.of("", "api/json?depth=3", "api/xml?depth=3", "orgs", "org?org=prod", "entry/prod/")) {
            Emulated.Answer a = sf.get("admin", path);
            assertThat(path + ": " + a, a.status(), is(200));
            assertThat(path, a.text(), containsString("admin@acme.com"));
            for (String s : secrets) {
                assertThat(path, a.text(), not(containsString(s)));
            }
        }
        assertThat(sf.call("admin", HttpMethod.GET, "entry/nope/", null).status(), is(404));
    }

    /**
     * One shape per org: the REST answers, the CLI's JSON and {@code api/json} use the same names as the steps' maps
     * (plus where the org is registered and its last test), and an instance URL never ends with a slash.
     */
    @Test
    void everyAnswerShowsAnOrgWithTheSameNames() throws Exception {
        register(prodBody(""));
        sf.post("admin", "testConnection", "{\"org\": \"prod\"}");
        JsonNode rest = sf.get("admin", "org?org=prod").json();
        JsonNode api = sf.get("admin", "api/json?depth=2").json().get("orgs").get(0);
        JsonNode cli = Json.mapper()
                .readTree(Cli.run(j, "admin", null, "salesforce-list", "--json").stdout())
                .get(0);
        var record = Orgs.system(() ->
                new OrgStoreView(j.jenkins, ACL.SYSTEM2, true).findById("prod").orElseThrow());
        List<String> names = new ArrayList<>(OrgMaps.of(record).keySet()); // the steps' map
        names.addAll(List.of("folder", "status"));
        assertThat(fieldNames(rest), is(names));
        assertThat(fieldNames(cli), is(names));
        List<String> apiNames = fieldNames(api);
        apiNames.remove("_class");
        assertThat(new TreeSet<>(apiNames), is(new TreeSet<>(names)));
        List<String> statusNames = new ArrayList<>(fieldNames(api.get("status")));
        statusNames.remove("_class");
        assertThat(new TreeSet<>(statusNames), is(new TreeSet<>(fieldNames(rest.get("status")))));
        assertThat(rest.get("instanceUrl").asText(), not(endsWith("/")));
        JsonNode token = sf.post("admin", "accessToken", "{\"org\": \"prod\"}").json();
        assertThat(token.get("instanceUrl").asText(), is(rest.get("instanceUrl").asText()));
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The page's "REST API" link leads to Jenkins' api/ page, which lists the plugin's own actions too. */
    @Test
    void theApiPageListsEveryRestActionWithItsMethod() throws Exception {
        String page = sf.get("admin", "api/").text();
        assertThat(page, containsString("The Salesforce REST actions"));
        String table = page.substring(page.indexOf("salesforce-rest-actions"));
        for (OrgsActionCalls.Call c : OrgsActionCalls.every("prod", "prod", "force://x:y:z@example.com")) {
            String path = c.path();
            if (path.isEmpty() || path.startsWith("api/") || path.startsWith("entry/")) {
                continue; // the page itself, Jenkins' remote API, an org's page
            }
            String action = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            if (action.equals("openFrontdoor") || action.equals("newOrg") || action.equals("createOrg")) {
                continue; // pages and forms for browsers: the frontdoor link's confirmation, the Register form
            }
            assertThat(
                    c + " is listed",
                    table.contains("<td>" + c.method() + "</td><td><code>" + action + "</code></td>"),
                    is(true));
        }
    }
}
