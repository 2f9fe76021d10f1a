package io.jenkins.plugins.salesforce.ui;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import io.jenkins.plugins.salesforce.emulator.User;
import io.jenkins.plugins.salesforce.ui.OrgsActionCalls.Call;
import io.jenkins.plugins.salesforce.ui.OrgsActionCalls.Needs;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The permission matrix of a folder's Salesforce Orgs page and every REST action on it, checked on the folder, over
 * HTTP with API tokens (anonymous with a crumb): anonymous, a reader of the folder, a viewer of the folder's
 * credentials, the folder's configurer (Job/Configure implies Credentials/UseItem), the folder's credentials manager and
 * an administrator. A refusal comes before any call to Salesforce (the emulator counts none); rights in folder
 * {@code team} give nothing in folder {@code other}.
 */
@WithJenkins
class FolderPermissionMatrixTest {
    private Emulated sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        sf = new Emulated(j);
        Folder team = j.jenkins.createProject(Folder.class, "team");
        Folder other = j.jenkins.createProject(Folder.class, "other");
        User hubUser = sf.emulator
                .productionOrg("beta")
                .devHub(true)
                .user("hub@beta.com")
                .preAuthorize(sf.app);
        User opsUser = sf.acme.user("ops@acme.com").preAuthorize(sf.app);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("reader", "viewer", "folk", "lead")
                .grant(Item.READ)
                .onItems(team)
                .to("reader", "viewer", "folk", "lead")
                .grant(Item.READ)
                .onItems(other)
                .to("lead")
                .grant(CredentialsProvider.VIEW)
                .onItems(team)
                .to("viewer")
                .grant(Item.CONFIGURE)
                .onItems(team)
                .to("folk")
                .grant(
                        CredentialsProvider.VIEW,
                        CredentialsProvider.USE_ITEM,
                        CredentialsProvider.CREATE,
                        CredentialsProvider.UPDATE,
                        CredentialsProvider.DELETE)
                .onItems(team)
                .to("lead")
                .grant(CredentialsProvider.VIEW)
                .onRoot()
                .to("lead")
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
        register(SalesforceService.storeOf(Jenkins.get()), "prod", sf.admin, true);
        register(SalesforceService.storeOf(team), "tdev", sf.devUser, false);
        register(SalesforceService.storeOf(team), "thub", hubUser, true);
        register(SalesforceService.storeOf(other), "odev", opsUser, false);
        sf.emulator.requests().reset();
    }

    @SuppressWarnings("try")
    private void register(com.cloudbees.plugins.credentials.CredentialsStore store, String id, User user, boolean hub) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            CredentialsOrgStore.tokens(store)
                    .register(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.authUrl(user))))
                            .withId(id)
                            .withDevHub(hub)
                            .withDefaultDevHub(hub));
        }
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    /** Every page and action of a folder whose own orgs are {@code org} and the default Dev Hub {@code hub}. */
    private List<Call> calls(String org, String hub) {
        return OrgsActionCalls.every(org, hub, sf.authUrl(sf.admin));
    }

    private List<Call> team() {
        return calls("tdev", "thub");
    }

    private void expect(String folder, String user, boolean allowed, Call c) throws Exception {
        Emulated.Answer a = sf.callIn(folder, user, c.method(), c.path(), c.body());
        String what = user + " " + folder + " " + c + ": " + a;
        if (allowed && c.succeeds()) {
            assertThat(what, c.succeededWith(a.status()), is(true));
        } else if (allowed) {
            // Allowed, then refused by the org or Salesforce (no such sandbox...): the action's JSON error; or
            // openFrontdoor's redirect to Salesforce, which has no body.
            assertThat(what, a.status(), not(is(403)));
            if (a.status() >= 400 && a.text().startsWith("{")) {
                assertThat(what, a.json().get("error").asText(), not(is("FORBIDDEN")));
            }
        } else if (user == null) {
            // Jenkins hides a folder from anonymous users who may not read it.
            assertThat(what, a.status(), anyOf(is(403), is(404)));
        } else {
            assertThat(what, a.status(), is(403));
        }
    }

    @Test
    void anonymousAndAReaderOfTheFolderAreRefusedEverythingBeforeAnyCall() throws Exception {
        for (Call c : team()) {
            expect("team", null, false, c);
            expect("team", "reader", false, c);
        }
        assertThat(sf.calls(), is(0));
    }

    /** The permission on the folder comes before the body is read: no 400 for a caller without the rights. */
    @Test
    void aMalformedBodyFromACallerWithoutTheRightsIsRefusedNotParsed() throws Exception {
        for (Call c : OrgsActionCalls.malformed(team())) {
            expect("team", "reader", false, c);
            if (c.needs() != Needs.VIEW) {
                expect("team", "viewer", false, c);
            }
            if (c.needs() == Needs.WRITE) {
                expect("team", "folk", false, c);
            }
        }
        for (Call c : OrgsActionCalls.malformed(calls("odev", null))) {
            expect("other", "lead", false, c);
        }
        for (Call c : OrgsActionCalls.malformed(team())) {
            Emulated.Answer a = sf.callIn("team", "lead", c.method(), c.path(), c.body());
            assertThat("lead team " + c + ": " + a, a.status(), is(400));
        }
        assertThat(sf.calls(), is(0));
    }

    @Test
    void aViewerOfTheFoldersCredentialsSeesItsOwnOrgsOnlyGetsNoTokenAndChangesNothing() throws Exception {
        for (Call c : team()) {
            expect("team", "viewer", c.needs() == Needs.VIEW, c);
        }
        assertThat(sf.calls(), is(0));
        // Jenkins' 'prod' is for the folder's jobs, but this user may neither view Jenkins' credentials nor use any.
        assertThat(ids(sf.getIn("team", "viewer", "orgs").json()), is(List.of("tdev", "thub")));
        assertThat(sf.getIn("team", "viewer", "org?org=prod").status(), is(404));
        assertThat(sf.getIn("team", "viewer", "entry/prod/").status(), is(404));
        assertThat(sf.getIn("team", "viewer", "").text(), not(containsString("admin@acme.com")));
        assertThat(sf.get("viewer", "").status(), is(403));
    }

    @Test
    void theFoldersConfigurerUsesWhatAJobInTheFolderCouldButChangesNothing() throws Exception {
        for (Call c : team()) {
            if (c.needs() == Needs.WRITE) {
                expect("team", "folk", false, c);
            }
        }
        assertThat(sf.calls(), is(0));
        for (Call c : team()) {
            if (c.needs() != Needs.WRITE) {
                expect("team", "folk", true, c);
            }
        }
        // A job in the folder could use Jenkins' global 'prod': so may its configurer, through the folder only.
        assertThat(ids(sf.getIn("team", "folk", "orgs").json()), is(List.of("prod", "tdev", "thub")));
        Emulated.Answer prod = sf.postIn("team", "folk", "accessToken", "{\"org\": \"prod\"}");
        assertThat(prod.toString(), prod.json().get("username").asText(), is("admin@acme.com"));
        assertThat(sf.post("folk", "accessToken", "{\"org\": \"prod\"}").status(), is(403));
        assertThat(sf.get("folk", "orgs").status(), is(403));
    }

    @Test
    void theFoldersCredentialsManagerMayDoEverythingThereAndNothingInAnotherFolderOrAtTheRoot() throws Exception {
        for (Call c : calls("odev", null)) {
            expect("other", "lead", false, c);
        }
        for (Call c : List.of(
                new Call(HttpMethod.POST, "accessToken", "{\"org\": \"prod\"}", Needs.USE),
                new Call(
                        HttpMethod.POST,
                        "register",
                        "{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin) + "\"}",
                        Needs.WRITE),
                new Call(HttpMethod.POST, "remove", "{\"org\": \"prod\"}", Needs.WRITE))) {
            Emulated.Answer a = sf.call("lead", c.method(), c.path(), c.body());
            assertThat(c + ": " + a, a.status(), is(403));
        }
        assertThat(sf.calls(), is(0));

        // The root page shows Jenkins' orgs and team's, nothing of other.
        String root = sf.get("lead", "").text();
        assertThat(root, containsString("job/team/salesforce-orgs/entry/tdev/"));
        assertThat(root, not(containsString("odev")));
        JsonNode folders = sf.get("lead", "api/json?depth=1").json().get("folders");
        assertThat(folders.size(), is(1));
        assertThat(folders.get(0).get("name").asText(), is("team"));
        assertThat(sf.get("admin", "api/json?depth=1").json().get("folders").size(), is(2));

        for (Call c : team()) {
            expect("team", "lead", true, c);
        }
    }

    @Test
    void rightsInOneFolderShowNothingOfAFolderTheUserCannotRead() throws Exception {
        for (String user : List.of("viewer", "folk")) {
            for (Call c : calls("odev", null)) {
                Emulated.Answer a = sf.callIn("other", user, c.method(), c.path(), c.body());
                assertThat(user + " " + c + ": " + a, a.status(), is(404));
                assertThat(a.text(), not(containsString("ops@acme.com")));
            }
        }
        assertThat(sf.calls(), is(0));
    }

    /**
     * The folder's own {@code api/json} lists its actions, this page among them: for a reader of the folder without
     * credentials rights the page is listed without orgs (not refused, which would drop it with a warning in the log).
     */
    @Test
    void theFoldersOwnApiListsThePageAndItsOrgsOnlyToThoseWhoMaySeeThem() throws Exception {
        Emulated.Answer reader = sf.callUrl("reader", HttpMethod.GET, "job/team/api/json?depth=1", null);
        assertThat(reader.toString(), reader.status(), is(200));
        assertThat(reader.text(), containsString(FolderOrgsAction.class.getName()));
        assertThat(reader.text(), not(containsString("dev@acme.com")));
        Emulated.Answer admin = sf.callUrl("admin", HttpMethod.GET, "job/team/api/json?depth=1", null);
        assertThat(admin.text(), containsString("dev@acme.com"));
        assertThat(sf.calls(), is(0));
    }

    @Test
    void anAdministratorMayDoEverythingInAFolder() throws Exception {
        for (Call c : team()) {
            expect("team", "admin", true, c);
        }
    }

    private static List<String> ids(JsonNode orgs) {
        List<String> out = new ArrayList<>();
        orgs.forEach(o -> out.add(o.get("id").asText()));
        return out;
    }
}
