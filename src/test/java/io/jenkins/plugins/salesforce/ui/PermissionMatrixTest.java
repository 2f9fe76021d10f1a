package io.jenkins.plugins.salesforce.ui;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import io.jenkins.plugins.salesforce.ui.OrgsActionCalls.Call;
import io.jenkins.plugins.salesforce.ui.OrgsActionCalls.Needs;
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
 * The permission matrix of the Salesforce Orgs page and every REST action, over HTTP with API tokens (anonymous with a
 * crumb): anonymous, Overall/Read only, a folder's configurer, credentials View, credentials Use (UseItem at the
 * root) and Administer. A refusal is a 403 that comes before any call to Salesforce (the emulator counts none).
 */
@WithJenkins
class PermissionMatrixTest {
    private Emulated sf;

    private List<Call> calls;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        sf = new Emulated(j);
        Folder team = j.jenkins.createProject(Folder.class, "team");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("reader", "folk", "viewer", "user")
                .grant(Item.READ, Item.CONFIGURE)
                .onItems(team)
                .to("folk")
                .grant(CredentialsProvider.VIEW)
                .everywhere()
                .to("viewer")
                .grant(CredentialsProvider.USE_ITEM)
                .everywhere()
                .to("user")
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            CredentialsOrgStore.tokens(SalesforceService.storeOf(Jenkins.get()))
                    .register(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.authUrl(sf.admin))))
                            .withId("prod")
                            .withDevHub(true)
                            .withDefaultDevHub(true));
        }
        calls = OrgsActionCalls.every("prod", "prod", sf.authUrl(sf.devUser));
        sf.emulator.requests().reset();
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private void expect(String user, boolean allowed, Call c) throws Exception {
        Emulated.Answer a = sf.call(user, c.method(), c.path(), c.body());
        if (allowed && c.succeeds()) {
            assertThat(user + " " + c + ": " + a, c.succeededWith(a.status()), is(true));
        } else if (allowed) {
            assertThat(user + " " + c + ": " + a, a.status(), not(is(403)));
        } else {
            assertThat(user + " " + c + ": " + a, a.status(), is(403));
        }
    }

    /**
     * A SYSTEM-scoped credential is for Jenkins itself: no job can use it, so a caller who may only use credentials
     * (UseItem) must not get its token through the REST API either. An administrator may.
     */
    @Test
    void aSystemScopedOrgGivesNoTokenToAUserWhoMayOnlyUseCredentials() throws Exception {
        sf.addSystemScoped("ops", sf.devUser);
        for (String path : List.of("accessToken", "testConnection")) {
            Emulated.Answer refused = sf.call("user", HttpMethod.POST, path, "{\"org\": \"ops\"}");
            assertThat(path + ": " + refused, refused.status(), is(404));
        }
        Emulated.Answer asUser =
                sf.call("user", HttpMethod.POST, "org", "{\"org\": \"ops\", \"authType\": \"accessToken\"}");
        assertThat(asUser.toString(), asUser.status(), is(404));
        assertThat(sf.calls(), is(0));
        // The frontdoor does not find it among the registered orgs either; its further search (pools, sandboxes)
        // goes through the orgs the user may use, and finds nothing.
        Emulated.Answer frontdoor = sf.call("user", HttpMethod.POST, "frontdoor", "{\"target\": \"ops\"}");
        assertThat(frontdoor.toString(), frontdoor.status(), is(404));

        Emulated.Answer asAdmin = sf.call("admin", HttpMethod.POST, "accessToken", "{\"org\": \"ops\"}");
        assertThat(asAdmin.toString(), asAdmin.status(), is(200));
        assertThat(asAdmin.text(), containsString("accessToken"));
    }

    @Test
    void anonymousReadOnlyAndAFoldersConfigurerAreRefusedEverythingBeforeAnyCall() throws Exception {
        for (Call c : calls) {
            expect(null, false, c);
            expect("reader", false, c);
            expect("folk", false, c);
        }
        assertThat(sf.calls(), is(0));
    }

    @Test
    void credentialsViewSeesTheOrgsButGetsNoTokenAndChangesNothing() throws Exception {
        for (Call c : calls) {
            expect("viewer", c.needs() == Needs.VIEW, c);
        }
        assertThat(sf.calls(), is(0));
    }

    @Test
    void credentialsUseGetsTokensButChangesNothing() throws Exception {
        for (Call c : calls) {
            if (c.needs() == Needs.WRITE) {
                expect("user", false, c);
            }
        }
        assertThat(sf.calls(), is(0));
        for (Call c : calls) {
            if (c.needs() != Needs.WRITE) {
                expect("user", true, c);
            }
        }
    }

    /**
     * The permission comes before the body is read: a caller without the rights a call needs is refused (403) even
     * when the body is malformed, and learns nothing from a 400.
     */
    @Test
    void aMalformedBodyFromACallerWithoutTheRightsIsRefusedNotParsed() throws Exception {
        List<Call> malformed = OrgsActionCalls.malformed(calls);
        for (Call c : malformed) {
            expect(null, false, c);
            expect("reader", false, c);
            expect("folk", false, c);
            if (c.needs() != Needs.VIEW) {
                expect("viewer", false, c);
            }
            if (c.needs() == Needs.WRITE) {
                expect("user", false, c);
            }
        }
        for (Call c : malformed) {
            Emulated.Answer a = sf.call("admin", c.method(), c.path(), c.body());
            assertThat("admin " + c + ": " + a, a.status(), is(400));
        }
        assertThat(sf.calls(), is(0));
    }

    @Test
    void anAdministratorMayDoEverything() throws Exception {
        for (Call c : calls) {
            expect("admin", true, c);
        }
    }
}
