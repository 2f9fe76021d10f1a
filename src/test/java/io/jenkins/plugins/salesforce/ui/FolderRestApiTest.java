package io.jenkins.plugins.salesforce.ui;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.Sandbox;
import io.jenkins.plugins.salesforce.emulator.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The Salesforce Orgs page of a folder ({@code /job/team/salesforce-orgs/}) and every REST action on it, against the
 * emulator, as an administrator: the folder lists its own orgs and those its jobs inherit, naming where each lives;
 * tokens resolve as for a job in the folder (nearest store first, nearest default Dev Hub); changes go to the folder's
 * own credentials only; the root page lists the folders' orgs under their folder; no secret in any page or JSON.
 */
@WithJenkins
class FolderRestApiTest {
    private Emulated sf;
    private Folder team;
    private User hubAdmin;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        sf = new Emulated(j);
        team = j.jenkins.createProject(Folder.class, "team");
        Org beta = sf.emulator.productionOrg("beta").devHub(true);
        hubAdmin = beta.user("hub@beta.com").preAuthorize(sf.app);
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

    private JsonNode registerInJenkins(String id, User user, String extra) throws Exception {
        Emulated.Answer a = sf.post("admin", "register", body(id, user, extra));
        assertThat(a.toString(), a.status(), is(201));
        return a.json();
    }

    private JsonNode registerIn(String folder, String id, User user, String extra) throws Exception {
        Emulated.Answer a = sf.postIn(folder, "admin", "register", body(id, user, extra));
        assertThat(a.toString(), a.status(), is(201));
        return a.json();
    }

    private String body(String id, User user, String extra) {
        return "{\"sfdxAuthUrl\": \"" + sf.authUrl(user) + "\", \"id\": \"" + id + "\"" + extra + "}";
    }

    /** id → the folder the org lives in ("" for the system credentials), in the answer's order. */
    private static Map<String, String> where(JsonNode orgs) {
        Map<String, String> out = new LinkedHashMap<>();
        orgs.forEach(o -> out.put(
                o.get("id").asText(),
                o.get("folder").isNull() ? "" : o.get("folder").asText()));
        return out;
    }

    private static List<String> ids(JsonNode orgs) {
        List<String> out = new ArrayList<>();
        orgs.forEach(o -> out.add(o.get("id").asText()));
        return out;
    }

    @SuppressWarnings("try")
    private static List<String> idsInStore(CredentialsStore store) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            return store.getCredentials(Domain.global()).stream()
                    .filter(c -> c instanceof SalesforceOrgCredentials)
                    .map(c -> ((SalesforceOrgCredentials) c).getId())
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aFoldersPageListsItsOwnOrgsAndThoseItsJobsInheritNamingWhereEachLives() throws Exception {
        registerInJenkins("prod", sf.admin, ", \"devHub\": true");
        JsonNode tdev = registerIn("team", "tdev", sf.devUser, "");
        assertThat(tdev.get("folder").asText(), is("team"));
        assertThat(idsInStore(SalesforceService.storeOf(team)), is(List.of("tdev")));
        assertThat(idsInStore(SalesforceService.storeOf(Jenkins.get())), is(List.of("prod")));

        assertThat(where(sf.getIn("team", "admin", "orgs").json()), is(Map.of("prod", "", "tdev", "team")));
        assertThat(
                ids(sf.getIn("team", "admin", "api/json?tree=orgs[id]").json().get("orgs")),
                is(List.of("prod", "tdev")));
        assertThat(ids(sf.getIn("team", "admin", "orgs?devHub=true").json()), is(List.of("prod")));
        assertThat(ids(sf.get("admin", "orgs").json()), is(List.of("prod")));

        String page = sf.getIn("team", "admin", "").text();
        assertThat(page, containsString("entry/tdev/"));
        assertThat(page, containsString("this folder"));
        assertThat(page, containsString("entry/prod/"));
        assertThat(sf.getIn("team", "admin", "entry/tdev/").text(), containsString("dev@acme.com"));
        assertThat(sf.getIn("team", "admin", "entry/prod/").text(), containsString("admin@acme.com"));
        assertThat(sf.get("admin", "entry/tdev/").status(), is(404));

        // A nested folder's jobs inherit from team and from Jenkins.
        team.createProject(Folder.class, "backend");
        assertThat(where(sf.getIn("team/backend", "admin", "orgs").json()), is(Map.of("prod", "", "tdev", "team")));
    }

    @Test
    void theRootPageListsTheFoldersOrgsUnderTheirFolderAndLinksToTheFoldersPage() throws Exception {
        registerInJenkins("prod", sf.admin, ", \"devHub\": true");
        registerIn("team", "tdev", sf.devUser, ", \"metadata\": {\"env\": \"dev\"}");

        JsonNode folders = sf.get("admin", "api/json?depth=1").json().get("folders");
        assertThat(folders.size(), is(1));
        assertThat(folders.get(0).get("name").asText(), is("team"));
        assertThat(folders.get(0).get("url").asText(), endsWith("job/team/salesforce-orgs/"));
        assertThat(ids(folders.get(0).get("orgs")), is(List.of("tdev")));
        assertThat(ids(sf.get("admin", "api/json?depth=1").json().get("orgs")), is(List.of("prod")));
        // The filter applies to the folders' orgs too.
        assertThat(
                sf.get("admin", "api/json?depth=1&metadata=env%3Dprod")
                        .json()
                        .get("folders")
                        .size(),
                is(0));

        String page = sf.get("admin", "").text();
        assertThat(page, containsString("job/team/salesforce-orgs/"));
        assertThat(page, containsString("job/team/salesforce-orgs/entry/tdev/"));
    }

    @Test
    void theNearestStoresOrgAndDefaultDevHubWinForJobsInTheFolder() throws Exception {
        registerInJenkins("prod", sf.admin, ", \"devHub\": true, \"defaultDevHub\": true");
        assertThat(sf.getIn("team", "admin", "defaultDevHub").json().get("id").asText(), is("prod"));
        assertThat(
                sf.postIn("team", "admin", "accessToken", "{\"devHub\": true}")
                        .json()
                        .get("username")
                        .asText(),
                is("admin@acme.com"));

        registerIn("team", "hub", hubAdmin, ", \"devHub\": true, \"defaultDevHub\": true");
        JsonNode hub = sf.getIn("team", "admin", "defaultDevHub").json();
        assertThat(hub.get("id").asText(), is("hub"));
        assertThat(hub.get("folder").asText(), is("team"));
        assertThat(
                sf.postIn("team", "admin", "accessToken", "{\"devHub\": true}")
                        .json()
                        .get("username")
                        .asText(),
                is("hub@beta.com"));
        assertThat(sf.getIn("team", "admin", "").text(), containsString("entry/hub/"));
        // Jenkins keeps its own default.
        assertThat(sf.get("admin", "defaultDevHub").json().get("id").asText(), is("prod"));
        assertThat(
                sf.post("admin", "accessToken", "{\"devHub\": true}")
                        .json()
                        .get("username")
                        .asText(),
                is("admin@acme.com"));

        // The folder's own 'prod' hides Jenkins' 'prod' from the folder's jobs, not from Jenkins.
        registerIn("team", "prod", sf.devUser, "");
        JsonNode inFolder = sf.getIn("team", "admin", "org?org=prod").json();
        assertThat(inFolder.get("username").asText(), is("dev@acme.com"));
        assertThat(inFolder.get("folder").asText(), is("team"));
        assertThat(
                sf.postIn("team", "admin", "accessToken", "{\"org\": \"prod\"}")
                        .json()
                        .get("accessToken")
                        .asText(),
                startsWith(sf.dev.id15()));
        assertThat(sf.get("admin", "org?org=prod").json().get("username").asText(), is("admin@acme.com"));
        assertThat(
                sf.post("admin", "accessToken", "{\"org\": \"prod\"}")
                        .json()
                        .get("accessToken")
                        .asText(),
                startsWith(sf.acme.id15()));
    }

    @Test
    void everyTokenActionInAFolderUsesTheOrgsAJobThereWouldUse() throws Exception {
        Sandbox uat = sf.acme.sandbox("uat").createdBy(sf.admin).sandboxAuthReturnsTestLoginUrl(false);
        User uatAdmin = uat.userFor(sf.admin).preAuthorize(sf.app);
        Sandbox qa = sf.acme.sandbox("qa").createdBy(sf.admin).sandboxAuthReturnsTestLoginUrl(false);
        User qaAdmin = qa.userFor(sf.admin).preAuthorize(sf.app);
        sf.acme.scratchOrg("test-abc@example.com").withSfdxAuthUrl();
        registerIn("team", "tprod", sf.admin, ", \"devHub\": true");
        // Jenkins itself has no org: what works below comes from the folder's credentials.
        assertThat(sf.get("admin", "orgs").json().size(), is(0));
        assertThat(sf.post("admin", "accessToken", "{\"org\": \"tprod\"}").status(), is(404));

        JsonNode withToken = sf.postIn("team", "admin", "org", "{\"org\": \"tprod\", \"authType\": \"accessToken\"}")
                .json();
        assertThat(withToken.get("accessToken").asText(), startsWith(sf.acme.id15()));
        assertThat(withToken.get("folder").asText(), is("team"));
        assertThat(
                sf.postIn("team", "admin", "org", "{\"org\": \"tprod\", \"authType\": \"sfdxAuthUrl\"}")
                        .status(),
                is(409));
        assertThat(
                sf.postIn("team", "admin", "accessToken", "{\"org\": \"admin@acme.com\"}")
                        .json()
                        .get("instanceUrl")
                        .asText(),
                is(sf.acme.instanceUrl()));

        JsonNode test = sf.postIn("team", "admin", "testConnection", "{\"org\": \"tprod\"}")
                .json();
        assertThat(test.toString(), test.get("ok").asBoolean(), is(true));
        assertThat(
                sf.getIn("team", "admin", "org?org=tprod")
                        .json()
                        .get("status")
                        .get("ok")
                        .asBoolean(),
                is(true));
        assertThat(sf.getIn("team", "admin", "").text(), containsString("OK: "));

        Emulated.Answer jit = sf.postIn(
                "team",
                "admin",
                "registerJitSandbox",
                "{\"sandboxName\": \"uat\", \"productionOrg\": \"tprod\", \"id\": \"uat\"}");
        assertThat(jit.toString(), jit.status(), is(201));
        assertThat(jit.json().get("jitSandbox").asBoolean(), is(true));
        assertThat(jit.json().get("folder").asText(), is("team"));
        assertThat(idsInStore(SalesforceService.storeOf(team)), is(List.of("tprod", "uat")));
        assertThat(
                sf.postIn("team", "admin", "accessToken", "{\"org\": \"uat\"}")
                        .json()
                        .get("username")
                        .asText(),
                is(uatAdmin.username()));
        // A JIT sandbox hangs off a production org of the same credentials.
        assertThat(
                sf.post("admin", "registerJitSandbox", "{\"sandboxName\": \"uat\", \"productionOrg\": \"tprod\"}")
                        .status(),
                is(404));

        Emulated.Answer sandbox = sf.postIn("team", "admin", "sandboxAuthenticate", "{\"sandboxName\": \"qa\"}");
        assertThat(sandbox.toString(), sandbox.status(), is(201));
        assertThat(sandbox.json().get("sandboxUsername").asText(), is(qaAdmin.username()));
        assertThat(sandbox.json().get("productionOrg").get("id").asText(), is("tprod"));
        assertThat(
                sf.post("admin", "sandboxAuthenticate", "{\"sandboxName\": \"qa\"}")
                        .status(),
                is(404));

        Emulated.Answer scratch =
                sf.postIn("team", "admin", "scratchAuthenticate", "{\"username\": \"test-abc@example.com\"}");
        assertThat(scratch.toString(), scratch.status(), is(200));
        assertThat(scratch.json().get("devHub").get("id").asText(), is("tprod"));

        JsonNode frontdoor = sf.postIn("team", "admin", "frontdoor", "{\"target\": \"tprod\"}")
                .json();
        assertThat(frontdoor.toString(), frontdoor.get("source").asText(), is("REGISTERED_ORG"));
        assertThat(frontdoor.get("url").asText(), startsWith(sf.acme.instanceUrl()));
        assertThat(
                sf.postIn("team", "admin", "frontdoor", "{\"target\": \"tprod\", \"redirect\": true}")
                        .status(),
                is(302));
    }

    @Test
    void changesGoToTheFoldersOwnCredentialsAndAnInheritedOrgIsChangedWhereItLives() throws Exception {
        registerInJenkins("prod", sf.admin, ", \"devHub\": true, \"metadata\": {\"env\": \"prod\"}");
        registerIn("team", "tdev", sf.devUser, ", \"metadata\": {\"env\": \"dev\"}");
        sf.emulator.requests().reset();

        JsonNode updated = sf.postIn(
                        "team", "admin", "update", "{\"org\": \"tdev\", \"metadata\": {\"team\": \"core\"}}")
                .json();
        assertThat(updated.get("metadata").get("team").asText(), is("core"));
        assertThat(updated.get("metadata").has("env"), is(false));
        assertThat(sf.calls(), is(0));

        for (String action : List.of("update", "setDefaultDevHub", "remove")) {
            Emulated.Answer a = sf.postIn("team", "admin", action, "{\"org\": \"prod\", \"metadata\": {}}");
            assertThat(action + ": " + a, a.status(), is(409));
            assertThat(a.json().get("error").asText(), is("NOT_ALLOWED"));
            assertThat(a.json().get("message").asText(), containsString("Jenkins (system credentials)"));
            assertThat(a.json().get("message").asText(), containsString("folder 'team' only inherits it"));
        }
        assertThat(
                sf.get("admin", "org?org=prod")
                        .json()
                        .get("metadata")
                        .get("env")
                        .asText(),
                is("prod"));
        assertThat(
                sf.postIn("team", "admin", "update", "{\"org\": \"nope\", \"metadata\": {}}")
                        .status(),
                is(404));

        // The same username as Jenkins' org is a new org of the folder: upserts stay within one store.
        JsonNode again = registerIn("team", "tprod", sf.admin, ", \"devHub\": true");
        assertThat(again.get("id").asText(), is("tprod"));
        assertThat(
                sf.postIn("team", "admin", "setDefaultDevHub", "{\"org\": \"tprod\"}")
                        .json()
                        .get("defaultDevHub")
                        .asBoolean(),
                is(true));
        assertThat(sf.get("admin", "org?org=prod").json().get("defaultDevHub").asBoolean(), is(false));
        assertThat(idsInStore(SalesforceService.storeOf(team)), is(List.of("tdev", "tprod")));
        assertThat(idsInStore(SalesforceService.storeOf(Jenkins.get())), is(List.of("prod")));

        assertThat(sf.postIn("team", "admin", "remove", "{\"org\": \"tdev\"}").status(), is(200));
        assertThat(sf.postIn("team", "admin", "remove", "{\"org\": \"tdev\"}").status(), is(404));
        assertThat(idsInStore(SalesforceService.storeOf(team)), is(List.of("tprod")));
        assertThat(idsInStore(SalesforceService.storeOf(Jenkins.get())), is(List.of("prod")));
    }

    @Test
    void noSecretInTheFoldersPagesOrTheirJson() throws Exception {
        String url = sf.authUrl(sf.admin);
        Emulated.Answer reg = sf.postIn(
                "team",
                "admin",
                "register",
                "{\"sfdxAuthUrl\": \"" + url + "\", \"id\": \"tprod\", \"allowAuthUrlExport\": true}");
        assertThat(reg.toString(), reg.status(), is(201));
        String token = sf.postIn("team", "admin", "accessToken", "{\"org\": \"tprod\"}")
                .json()
                .get("accessToken")
                .asText();
        sf.postIn("team", "admin", "testConnection", "{\"org\": \"tprod\"}");
        List<String> secrets = new ArrayList<>(List.of(url, token));
        sf.emulator.refreshTokens().forEach(t -> secrets.add(t.value()));
        sf.emulator.accessTokens().forEach(t -> secrets.add(t.value()));
        List<Emulated.Answer> answers = new ArrayList<>();
        for (String path : List.of(
                "", "api/json?depth=3", "api/xml?depth=3", "orgs", "org?org=tprod", "defaultDevHub", "entry/tprod/")) {
            answers.add(sf.getIn("team", "admin", path));
        }
        answers.add(sf.get("admin", ""));
        answers.add(sf.get("admin", "api/json?depth=3"));
        for (Emulated.Answer a : answers) {
            if (a.status() == 404) {
                assertThat(a.text(), containsString("NOT_FOUND")); // defaultDevHub: none is set
                continue;
            }
            assertThat(a.toString(), a.status(), is(200));
            assertThat(a.text(), containsString("admin@acme.com"));
            for (String s : secrets) {
                assertThat(a.text(), not(containsString(s)));
            }
        }
    }
}
