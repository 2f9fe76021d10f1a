package io.jenkins.plugins.salesforce.ui;

import static hudson.cli.CLICommandInvoker.Matcher.failedWith;
import static hudson.cli.CLICommandInvoker.Matcher.succeeded;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.cli.CLICommandInvoker;
import hudson.model.Item;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.emulator.Sandbox;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The CLI commands with {@code --folder}: they work on the folder's credentials with the folder's permissions, exactly
 * as the folder's REST actions; a folder the user cannot see is "not found", never a hint that it exists.
 */
@WithJenkins
class FolderCliCommandsTest {
    private JenkinsRule j;
    private Emulated sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new Emulated(j);
        Folder team = j.jenkins.createProject(Folder.class, "team");
        Folder other = j.jenkins.createProject(Folder.class, "other");
        team.createProject(Folder.class, "backend");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("lead", "folk")
                .grant(Item.READ)
                .onFolders(team)
                .to("lead", "folk")
                .grant(Item.READ)
                .onItems(other)
                .to("lead")
                .grant(Item.CONFIGURE)
                .onFolders(team)
                .to("folk")
                .grant(
                        CredentialsProvider.VIEW,
                        CredentialsProvider.USE_ITEM,
                        CredentialsProvider.CREATE,
                        CredentialsProvider.UPDATE,
                        CredentialsProvider.DELETE)
                .onFolders(team)
                .to("lead")
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private CLICommandInvoker.Result run(String user, String stdin, String command, String... args) {
        return Cli.run(j, user, stdin, command, args);
    }

    @Test
    void registerListTestRegisterAJitSandboxAndRemoveInAFolder() throws Exception {
        assertThat(run("admin", sf.authUrl(sf.devUser), "salesforce-register", "--id", "prod"), succeeded());
        String url = sf.authUrl(sf.admin);
        CLICommandInvoker.Result reg = run(
                "lead",
                url + "\n",
                "salesforce-register",
                "--folder",
                "team",
                "--id",
                "tprod",
                "--dev-hub",
                "true",
                "--metadata",
                "env=prod");
        assertThat(reg.stderr(), reg, succeeded());
        JsonNode org = Json.parse(reg.stdout()).orElseThrow();
        assertThat(org.get("username").asText(), is("admin@acme.com"));
        assertThat(org.get("folder").asText(), is("team"));
        assertThat(reg.stdout(), not(containsString(url)));

        CLICommandInvoker.Result list = run("lead", null, "salesforce-list", "--folder", "team");
        assertThat(list.stderr(), list, succeeded());
        assertThat(list.stdout(), containsString("tprod\tadmin@acme.com\tProduction\tdev-hub\tuntested\tteam"));
        assertThat(list.stdout(), containsString("prod\tdev@acme.com\tDeveloper Edition\t-\tuntested\t(system)"));
        // A nested folder's jobs see the parent folder's orgs too.
        assertThat(
                run("lead", null, "salesforce-list", "--folder", "team/backend").stdout(),
                containsString("tprod\tadmin@acme.com"));
        assertThat(run("admin", null, "salesforce-list").stdout(), not(containsString("tprod")));

        CLICommandInvoker.Result ok = run("folk", null, "salesforce-test", "--folder", "team", "tprod");
        assertThat(ok.stderr(), ok, succeeded());
        assertThat(ok.stdout(), containsString("OK"));
        assertThat(
                run("lead", null, "salesforce-list", "--folder", "team").stdout(),
                containsString("tprod\tadmin@acme.com\tProduction\tdev-hub\tok\tteam"));
        assertThat(run("admin", null, "salesforce-test", "tprod"), failedWith(4));

        Sandbox uat = sf.acme.sandbox("uat").createdBy(sf.admin).sandboxAuthReturnsTestLoginUrl(false);
        uat.userFor(sf.admin).preAuthorize(sf.app);
        CLICommandInvoker.Result jit =
                run("lead", null, "salesforce-register-jit-sandbox", "--folder", "team", "uat", "tprod", "--id", "uat");
        assertThat(jit.stderr(), jit, succeeded());
        assertThat(Json.parse(jit.stdout()).orElseThrow().get("folder").asText(), is("team"));
        assertThat(run("admin", null, "salesforce-register-jit-sandbox", "uat", "tprod"), failedWith(4));

        // Jenkins' 'prod' is inherited: the folder's command says where to remove it.
        CLICommandInvoker.Result inherited = run("lead", null, "salesforce-remove", "--folder", "team", "prod");
        assertThat(inherited, failedWith(4));
        assertThat(inherited.stderr(), containsString("Jenkins (system credentials)"));
        assertThat(run("lead", null, "salesforce-remove", "--folder", "team", "uat"), succeeded());
        assertThat(run("lead", null, "salesforce-remove", "--folder", "team", "tprod"), succeeded());
        assertThat(run("lead", null, "salesforce-remove", "--folder", "team", "tprod"), failedWith(4));
        assertThat(run("admin", null, "salesforce-list").stdout(), containsString("prod\tdev@acme.com"));
    }

    @Test
    void theFoldersPermissionsApplyBeforeAnyCall() {
        String url = sf.authUrl(sf.admin);
        assertThat(run("admin", url, "salesforce-register", "--folder", "team", "--id", "tprod"), succeeded());
        sf.emulator.requests().reset();
        // The configurer may use, not change.
        assertThat(run("folk", sf.authUrl(sf.devUser), "salesforce-register", "--folder", "team"), failedWith(6));
        assertThat(run("folk", null, "salesforce-register-jit-sandbox", "--folder", "team", "uat", "tprod"), failedWith(6));
        assertThat(run("folk", null, "salesforce-remove", "--folder", "team", "tprod"), failedWith(6));
        // The folder's manager has no right at the root, nor in another folder it can read.
        assertThat(run("lead", sf.authUrl(sf.devUser), "salesforce-register"), failedWith(6));
        assertThat(run("lead", null, "salesforce-list"), failedWith(6));
        assertThat(run("lead", null, "salesforce-test", "tprod"), failedWith(6));
        for (String[] args : new String[][] {
            {"salesforce-list", "--folder", "other"},
            {"salesforce-test", "--folder", "other", "tprod"},
            {"salesforce-remove", "--folder", "other", "tprod"},
        }) {
            assertThat(String.join(" ", args), run("lead", null, args[0], rest(args)), failedWith(6));
        }
        assertThat(run("lead", sf.authUrl(sf.devUser), "salesforce-register", "--folder", "other"), failedWith(6));
        assertThat(sf.calls(), is(0));
    }

    @Test
    void aFolderThatDoesNotExistOrCannotBeSeenIsNotFound() {
        CLICommandInvoker.Result missing = run("admin", null, "salesforce-list", "--folder", "nope");
        assertThat(missing, failedWith(4));
        assertThat(missing.stderr(), containsString("'--folder'"));
        assertThat(missing.stderr(), containsString("team/backend"));
        // 'folk' cannot read 'other': the same answer as for a folder that does not exist.
        CLICommandInvoker.Result hidden = run("folk", null, "salesforce-list", "--folder", "other");
        assertThat(hidden, failedWith(4));
        assertThat(hidden.stderr(), containsString("names no folder"));
        assertThat(run("folk", null, "salesforce-list", "--folder", "team/backend"), succeeded());
    }

    private static String[] rest(String[] args) {
        String[] out = new String[args.length - 1];
        System.arraycopy(args, 1, out, 0, out.length);
        return out;
    }
}
