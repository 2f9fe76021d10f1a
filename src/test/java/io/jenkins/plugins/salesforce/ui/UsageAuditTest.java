package io.jenkins.plugins.salesforce.ui;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.security.ACL;
import io.jenkins.plugins.salesforce.credentials.OrgStoreView;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The org's page lists the runs that used its credential (credential fingerprints, as the steps record them with
 * {@code CredentialsProvider.track}), only those of jobs the viewer can read.
 */
@WithJenkins
class UsageAuditTest {
    private JenkinsRule j;
    private Emulated sf;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        sf = new Emulated(j);
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    @Test
    void theOrgPageListsTheRunsThatUsedItForReadersOfTheJob() throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        FreeStyleProject release = j.createFreeStyleProject("release");
        FreeStyleProject secret = j.createFreeStyleProject("secret");
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ, CredentialsProvider.VIEW)
                .everywhere()
                .to("viewer")
                .grant(Item.READ)
                .onItems(release)
                .to("viewer"));
        assertThat(
                sf.post("admin", "register", "{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin) + "\", \"id\": \"prod\"}")
                        .status(),
                is(201));
        assertThat(sf.get("admin", "entry/prod/").text(), containsString("No recorded use."));

        FreeStyleBuild b1 = j.buildAndAssertSuccess(release);
        FreeStyleBuild b2 = j.buildAndAssertSuccess(secret);
        var credential = Orgs.system(() ->
                new OrgStoreView(j.jenkins, ACL.SYSTEM2).credentials("prod").orElse(null));
        CredentialsProvider.track(b1, credential);
        CredentialsProvider.track(b2, credential);

        String admin = sf.get("admin", "entry/prod/").text();
        assertThat(admin, containsString(b1.getUrl()));
        assertThat(admin, containsString(b2.getUrl()));
        String viewer = sf.get("viewer", "entry/prod/").text();
        assertThat(viewer, containsString(b1.getUrl()));
        assertThat(viewer, not(containsString("job/secret/")));
    }

    /**
     * Secrets handed out through the REST API are audited too (who, when, what, from where), the history survives a
     * rotated refresh token, and only an administrator sees it on the org's page and exports it.
     */
    @Test
    void restIssuanceIsAuditedKeptAcrossARotationAndShownToAdministratorsOnly() throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ, CredentialsProvider.USE_ITEM, CredentialsProvider.VIEW)
                .everywhere()
                .to("user"));
        sf.app.rotateRefreshTokens(false);
        assertThat(
                sf.post("admin", "register", "{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin) + "\", \"id\": \"prod\"}")
                        .status(),
                is(201));
        assertThat(sf.post("user", "accessToken", "{\"org\": \"prod\"}").status(), is(200));
        assertThat(
                sf.post("user", "org", "{\"org\": \"prod\", \"authType\": \"accessToken\"}")
                        .status(),
                is(200));

        // a new refresh token for the same user: the credential is replaced, its history is not
        assertThat(
                sf.post("admin", "register", "{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin) + "\"}")
                        .status(),
                is(201));
        assertThat(sf.post("user", "accessToken", "{\"org\": \"prod\"}").status(), is(200));

        String page = sf.get("admin", "entry/prod/").text();
        assertThat(page, containsString("Secrets handed out"));
        Emulated.Answer csv = sf.get("admin", "entry/prod/usage.csv");
        assertThat(csv.status(), is(200));
        String[] lines = csv.text().split("\n");
        assertThat(lines[0], is("at,who,channel,what,detail,from"));
        assertThat(lines.length, is(4));
        assertThat(lines[1], containsString(",user,REST,accessToken,POST accessToken,"));
        assertThat(lines[2], containsString(",user,REST,accessToken,POST org,"));
        assertThat(lines[3], containsString(",user,REST,accessToken,POST accessToken,"));
        assertThat(csv.text(), containsString("127.0.0.1"));
        for (String token :
                sf.emulator.accessTokens().stream().map(t -> t.value()).toList()) {
            assertThat(csv.text(), not(containsString(token)));
        }

        assertThat(sf.get("user", "entry/prod/").text(), not(containsString("Secrets handed out")));
        assertThat(sf.get("user", "entry/prod/usage.csv").status(), is(403));
    }
}
