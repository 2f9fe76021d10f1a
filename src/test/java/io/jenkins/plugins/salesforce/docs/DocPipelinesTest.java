package io.jenkins.plugins.salesforce.docs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import hudson.Functions;
import hudson.model.Result;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every Pipeline the docs show runs as written. A Pipeline is a code block fenced {@code ```groovy} in README.md or
 * docs/*.md; each runs as its own Pipeline job (Groovy sandbox on, on the built-in node) in a fresh Jenkins with the
 * orgs the docs name ({@link DocOrgs}) and must succeed, with no {@code null} and no access token in its log.
 *
 * <p>A block with an {@code sh 'sf ...'} step runs with the real Salesforce CLI on the agent (the one {@code
 * .ci/sf-cli/install} installs, or {@code -Dsf.cli=<path>}) against the emulator in HTTPS mode; it is skipped, with
 * the reason, when the CLI is not installed. A block that cannot run here at all (one that deploys a Salesforce
 * project, for example, which the emulator does not do) says so just above its fence with {@code <!-- not run:
 * <reason> -->}; it is reported as skipped, with its reason.
 */
@WithJenkins
class DocPipelinesTest {
    static List<DocBlocks.Block> pipelines() {
        return DocBlocks.tagged("groovy");
    }

    @Test
    void theDocsShowPipelinesAndEveryBlockLeftOutSaysWhy() {
        assertThat(pipelines().isEmpty(), is(false));
        for (DocBlocks.Block b : pipelines()) {
            if (b.notRun() != null) {
                assertThat(
                        b + ": '<!-- not run: -->' needs a reason", b.notRun().isEmpty(), is(false));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelines")
    void runsAsWritten(DocBlocks.Block block, JenkinsRule j, @TempDir Path home) throws Exception {
        Assumptions.assumeTrue(block.notRun() == null, () -> "not run: " + block.notRun());
        Assumptions.assumeFalse(
                block.text().contains("sh '") && Functions.isWindows(), "its sh step needs a Unix shell");
        boolean cli = SF.matcher(block.text()).find();
        Path sf = cli ? sfCli() : null;
        Assumptions.assumeTrue(!cli || sf != null, () -> "its sh runs sf: " + noSfCli);
        SSLContext jvmDefault = SSLContext.getDefault();
        try (DocOrgs orgs = new DocOrgs(cli)) {
            if (cli) {
                // an agent with the sf CLI, trusting the emulator's CA as an agent trusts Salesforce's
                SSLContext.setDefault(orgs.emulator.tls().clientContext());
                Path ca =
                        orgs.emulator.tls().writeTrustFiles(home.resolve("tls")).caPem();
                j.jenkins
                        .getGlobalNodeProperties()
                        .add(new EnvironmentVariablesNodeProperty(
                                new EnvironmentVariablesNodeProperty.Entry(
                                        "PATH+SF", sf.getParent().toString()),
                                new EnvironmentVariablesNodeProperty.Entry("HOME", home.toString()),
                                new EnvironmentVariablesNodeProperty.Entry("NODE_EXTRA_CA_CERTS", ca.toString()),
                                new EnvironmentVariablesNodeProperty.Entry("SF_DISABLE_TELEMETRY", "true"),
                                new EnvironmentVariablesNodeProperty.Entry("SF_AUTOUPDATE_DISABLE", "true"),
                                new EnvironmentVariablesNodeProperty.Entry("SF_SKIP_NEW_VERSION_CHECK", "true"),
                                new EnvironmentVariablesNodeProperty.Entry("SF_DISABLE_LOG_FILE", "true")));
            }
            orgs.registerProd(true);
            orgs.registerUat();
            if (block.text().contains("'integration'")) {
                orgs.registerIntegration();
            }
            WorkflowJob p = j.createProject(WorkflowJob.class);
            p.setDefinition(new CpsFlowDefinition(block.text(), true));
            WorkflowRun b = j.waitForCompletion(p.scheduleBuild2(0).waitForStart());
            String log = JenkinsRule.getLog(b);
            assertThat(
                    block + " ended " + b.getResult() + ":\n" + block.text() + "\n" + masked(log, orgs),
                    b.getResult(),
                    is(Result.SUCCESS));
            // what the block echoes from a step's answer is there: a field the step left out would print "null"
            assertThat(block + " echoes a null:\n" + masked(log, orgs), log.contains("null"), is(false));
            for (String token : orgs.issuedTokens()) {
                assertThat(block + " logs an access token", log.contains(token), is(false));
            }
            if (cli) {
                // the plugin itself only asked for a token: the data API calls are the sf CLI's
                assertThat(
                        block + ": sf did not reach the org\n" + masked(log, orgs),
                        orgs.emulator.requests().count(Endpoint.API_VERSIONS) > 0,
                        is(true));
            }
        } finally {
            SSLContext.setDefault(jvmDefault);
        }
    }

    private static String masked(String log, DocOrgs orgs) {
        for (String token : orgs.issuedTokens()) {
            log = log.replace(token, "<an access token>");
        }
        return log;
    }

    private static final Pattern SF = Pattern.compile("\\bsh\\s+['\"]sf\\s");
    private static Path sfCliPath;
    private static String noSfCli;

    /**
     * The real sf CLI: {@code -Dsf.cli} (or {@code SF_CLI}), else what {@code .ci/sf-cli/install --if-installed}
     * names; null, with {@link #noSfCli} saying why, when there is none.
     */
    private static synchronized Path sfCli() throws Exception {
        if (sfCliPath != null || noSfCli != null) {
            return sfCliPath;
        }
        String given = System.getProperty("sf.cli", System.getenv("SF_CLI"));
        if (given != null && !given.isBlank()) {
            sfCliPath = Path.of(given);
            return sfCliPath;
        }
        Path script = DocBlocks.root().resolve(".ci/sf-cli/install");
        if (!Files.isExecutable(script)) {
            noSfCli = "no " + script + " to ask where the sf CLI is; pass -Dsf.cli=<path of sf>";
            return null;
        }
        Process p = new ProcessBuilder(script.toString(), "--if-installed").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() == 0 && !out.isEmpty()) {
            sfCliPath = Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
        } else {
            noSfCli = err.isEmpty() ? "the sf CLI is not installed; run .ci/sf-cli/install" : err;
        }
        return sfCliPath;
    }
}
