package io.jenkins.plugins.salesforce.ui;

import static hudson.cli.CLICommandInvoker.Matcher.failedWith;
import static hudson.cli.CLICommandInvoker.Matcher.succeeded;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.cli.CLICommandInvoker;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The CLI commands: register with the auth URL on stdin, list, test, remove, register a JIT sandbox; the core's
 * message on stderr; the same permission checks as the REST actions, before any call to Salesforce.
 */
@WithJenkins
class CliCommandsTest {
    private JenkinsRule j;
    private Emulated sf;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        sf = new Emulated(j);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("reader", "viewer", "user")
                .grant(CredentialsProvider.VIEW)
                .everywhere()
                .to("viewer")
                .grant(CredentialsProvider.USE_ITEM)
                .everywhere()
                .to("user")
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
    void registerListTestAndRemove() throws Exception {
        String url = sf.authUrl(sf.admin);
        CLICommandInvoker.Result reg = run(
                "admin",
                url + "\n",
                "salesforce-register",
                "--id",
                "prod",
                "--dev-hub",
                "true",
                "--metadata",
                "env=prod");
        assertThat(reg, succeeded());
        assertThat(Json.parse(reg.stdout()).orElseThrow().get("username").asText(), is("admin@acme.com"));
        assertThat(reg.stdout(), not(containsString(url)));

        CLICommandInvoker.Result list = run("viewer", null, "salesforce-list", "--dev-hub", "true");
        assertThat(list, succeeded());
        assertThat(list.stdout(), containsString("prod\tadmin@acme.com\tProduction\tdev-hub"));
        assertThat(
                run("viewer", null, "salesforce-list", "--json", "--metadata", "env=dev")
                        .stdout()
                        .strip(),
                is("[ ]"));
        CLICommandInvoker.Result badFilter = run("viewer", null, "salesforce-list", "--type", "Galaxy");
        assertThat(badFilter, failedWith(3));
        assertThat(badFilter.stderr(), containsString("type"));

        CLICommandInvoker.Result ok = run("user", null, "salesforce-test", "prod");
        assertThat(ok, succeeded());
        assertThat(ok.stdout(), containsString("OK"));
        sf.emulator.refreshTokens().forEach(RefreshToken::revoke);
        CLICommandInvoker.Result failed = run("user", null, "salesforce-test", "admin@acme.com");
        assertThat(failed, failedWith(1));
        assertThat(failed.stdout(), containsString("INVALID_GRANT"));
        assertThat(run("user", null, "salesforce-test", "nope"), failedWith(4));

        assertThat(run("admin", null, "salesforce-remove", "prod"), succeeded());
        assertThat(run("admin", null, "salesforce-remove", "prod"), failedWith(4));
    }

    @Test
    void registerReadsWhatTheSfCliPrintsFromStdin() {
        String printed = "{\n  \"status\": 0,\n  \"result\": {\n    \"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin)
                + "\"\n  }\n}\n";
        CLICommandInvoker.Result reg = run("admin", printed, "salesforce-register", "--id", "prod");
        assertThat(reg, succeeded());
        assertThat(Json.parse(reg.stdout()).orElseThrow().get("username").asText(), is("admin@acme.com"));

        CLICommandInvoker.Result redacted = run(
                "admin",
                "{\"result\": {\"sfdxAuthUrl\": \"[REDACTED] Use 'sf org auth show-sfdx-auth-url' to view\"}}",
                "salesforce-register",
                "--id",
                "other");
        assertThat(redacted, failedWith(3));
        assertThat(redacted.stderr(), containsString("sf org auth show-sfdx-auth-url"));
    }

    @Test
    void registerRefusesAnEmptyStdinAndARevokedAuthUrlWithTheCoreMessage() {
        CLICommandInvoker.Result empty = run("admin", "", "salesforce-register");
        assertThat(empty, failedWith(3));
        assertThat(empty.stderr(), containsString("sfdxAuthUrl"));
        String url = sf.authUrl(sf.admin);
        sf.emulator.refreshTokens().forEach(RefreshToken::revoke);
        CLICommandInvoker.Result refused = run("admin", url, "salesforce-register");
        assertThat(refused, failedWith(5));
        assertThat(refused.stderr(), containsString("Fix:"));
        assertThat(refused.stderr(), not(containsString(url)));
    }

    @Test
    void theSamePermissionsAsTheRestActionsBeforeAnyCall() {
        String url = sf.authUrl(sf.admin);
        assertThat(run("admin", url, "salesforce-register", "--id", "prod"), succeeded());
        sf.emulator.requests().reset();
        for (String user : new String[] {"reader", "viewer", "user"}) {
            assertThat(user, run(user, sf.authUrl(sf.devUser), "salesforce-register"), failedWith(6));
            assertThat(user, run(user, null, "salesforce-register-jit-sandbox", "uat", "prod"), failedWith(6));
            assertThat(user, run(user, null, "salesforce-remove", "prod"), failedWith(6));
        }
        assertThat(run("reader", null, "salesforce-list"), failedWith(6));
        assertThat(run("reader", null, "salesforce-test", "prod"), failedWith(6));
        assertThat(run("viewer", null, "salesforce-test", "prod"), failedWith(6));
        assertThat(sf.calls(), is(0));
        // A JIT sandbox under an org that is not registered: not found, still no call.
        assertThat(run("admin", null, "salesforce-register-jit-sandbox", "uat", "nope"), failedWith(4));
        assertThat(sf.calls(), is(0));
    }

    @Test
    void refusalsAreMessagesForTheUserNotStackTracesInTheServerLog() {
        try (LogRecorder log =
                new LogRecorder().quiet().record("jenkins.cli", Level.ALL).capture(100)) {
            String url = sf.authUrl(sf.admin);
            assertThat(run("admin", url, "salesforce-register", "--id", "prod"), succeeded());
            assertThat(run("viewer", null, "salesforce-list", "--type", "Galaxy"), failedWith(3));
            assertThat(run("user", null, "salesforce-test", "nope"), failedWith(4));
            sf.emulator.refreshTokens().forEach(RefreshToken::revoke);
            CLICommandInvoker.Result refused = run("admin", url, "salesforce-register");
            assertThat(refused, failedWith(5));
            assertThat(refused.stderr(), not(containsString("Unexpected exception")));
            assertThat(refused.stderr(), not(containsString("\tat ")));

            List<LogRecord> loud = log.getRecords().stream()
                    .filter(r -> r.getLevel().intValue() > Level.FINE.intValue())
                    .toList();
            assertThat(
                    loud.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList(), empty());
            assertThat(
                    "the failures reached Jenkins' CLI listener",
                    log.getRecords().size(),
                    greaterThan(0));
        }
    }
}
