package io.jenkins.plugins.salesforce.ui;

import static hudson.cli.CLICommandInvoker.Matcher.failedWith;
import static hudson.cli.CLICommandInvoker.Matcher.succeeded;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.cli.CLICommandInvoker;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import io.jenkins.plugins.salesforce.credentials.OrgStoreView;
import java.util.List;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A SYSTEM-scoped org is for Jenkins itself: only an administrator sees it, on every path that lists, shows, tests
 * or builds on orgs of the root (the page, {@code api/json}, {@code orgs}, {@code org}, the entry page,
 * {@code testConnection}, {@code registerJitSandbox}, {@code salesforce-list}, {@code salesforce-test} and
 * {@code salesforce-register-jit-sandbox}). For anyone else (here users who may manage Jenkins, view, use, create and
 * update credentials everywhere) it is as if it did not exist, and Salesforce is never called for it.
 */
@WithJenkins
class SystemScopedOrgsTest {
    private static final String GLOBAL_USER = "admin@acme.com";
    private static final String SYSTEM_USER = "dev@acme.com";

    private JenkinsRule j;
    private Emulated sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new Emulated(j);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Jenkins.MANAGE, CredentialsProvider.VIEW, CredentialsProvider.USE_ITEM)
                .everywhere()
                .to("manager", "writer")
                .grant(CredentialsProvider.CREATE, CredentialsProvider.UPDATE)
                .everywhere()
                .to("writer")
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            CredentialsOrgStore.tokens(SalesforceService.storeOf(Jenkins.get()))
                    .register(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.authUrl(sf.admin))))
                            .withId("prod"));
        }
        sf.addSystemScoped("ops", sf.devUser);
        // A first token fills in what Salesforce tells about the org (its username and org id), as the pages show it.
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).testConnection("ops");
        }
        sf.emulator.requests().reset();
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    @Test
    void aNonAdministratorListsOnlyTheOrgsAJobCouldUse() throws Exception {
        for (String path : List.of("", "api/json?depth=2", "orgs")) {
            Emulated.Answer a = sf.get("manager", path);
            assertThat(path + ": " + a, a.status(), is(200));
            assertThat(path, a.text(), containsString(GLOBAL_USER));
            assertThat(path, a.text(), not(containsString(SYSTEM_USER)));
            assertThat(path, a.text(), not(containsString(sf.dev.id())));
        }
        CLICommandInvoker.Result list = Cli.run(j, "manager", null, "salesforce-list", "--json");
        assertThat(list, succeeded());
        assertThat(list.stdout(), containsString("prod"));
        assertThat(list.stdout(), not(containsString(SYSTEM_USER)));
        assertThat(sf.calls(), is(0));
    }

    @Test
    void aNonAdministratorCannotFindShowOrTestItById() throws Exception {
        assertThat(sf.get("manager", "org?org=ops").status(), is(404));
        assertThat(sf.get("manager", "org?org=" + SYSTEM_USER).status(), is(404));
        assertThat(sf.get("manager", "entry/ops/").status(), is(404));
        Emulated.Answer test = sf.post("manager", "testConnection", "{\"org\": \"ops\"}");
        assertThat(test.toString(), test.status(), is(404));
        assertThat(test.text(), not(containsString(SYSTEM_USER)));
        CLICommandInvoker.Result cli = Cli.run(j, "manager", null, "salesforce-test", "ops");
        assertThat(cli, failedWith(4));
        assertThat(cli.stdout() + cli.stderr(), not(containsString(SYSTEM_USER)));
        assertThat(sf.calls(), is(0));
    }

    /** Nor may such a user register a JIT sandbox through it, which would call Salesforce as that org. */
    @Test
    void aNonAdministratorCannotRegisterAJitSandboxThroughIt() throws Exception {
        Emulated.Answer rest =
                sf.post("writer", "registerJitSandbox", "{\"sandboxName\": \"uat\", \"productionOrg\": \"ops\"}");
        assertThat(rest.toString(), rest.status(), is(404));
        CLICommandInvoker.Result cli = Cli.run(j, "writer", null, "salesforce-register-jit-sandbox", "uat", "ops");
        assertThat(cli, failedWith(4));
        assertThat(sf.calls(), is(0));
    }

    @Test
    void anAdministratorSeesAndTestsIt() throws Exception {
        for (String path : List.of("", "api/json?depth=2", "orgs", "org?org=ops", "entry/ops/")) {
            Emulated.Answer a = sf.get("admin", path);
            assertThat(path + ": " + a, a.status(), is(200));
            assertThat(path, a.text(), containsString(SYSTEM_USER));
        }
        Emulated.Answer test = sf.post("admin", "testConnection", "{\"org\": \"ops\"}");
        assertThat(test.toString(), test.status(), is(200));
        assertThat(Cli.run(j, "admin", null, "salesforce-list"), succeeded());
        assertThat(Cli.run(j, "admin", null, "salesforce-list").stdout(), containsString(SYSTEM_USER));
    }
}
