package io.jenkins.plugins.salesforce.docs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import hudson.Functions;
import hudson.model.Result;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every Pipeline the docs show runs as written. A Pipeline is a code block fenced {@code ```groovy} in README.md or
 * docs/*.md; each runs as its own Pipeline job (Groovy sandbox on, on the built-in node) in a fresh Jenkins with the
 * orgs the docs name ({@link DocOrgs}) and must succeed, with no {@code null} and no access token in its log. A block
 * that cannot run here (one whose {@code sh} needs the Salesforce CLI or a Salesforce project on the agent, for
 * example) says so just above its fence with {@code <!-- not run: <reason> -->}; it is reported as skipped, with its
 * reason.
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
    void runsAsWritten(DocBlocks.Block block, JenkinsRule j) throws Exception {
        Assumptions.assumeTrue(block.notRun() == null, () -> "not run: " + block.notRun());
        Assumptions.assumeFalse(
                block.text().contains("sh '") && Functions.isWindows(), "its sh step needs a Unix shell");
        try (DocOrgs orgs = new DocOrgs()) {
            orgs.registerProd(true);
            orgs.registerUat();
            WorkflowJob p = j.createProject(WorkflowJob.class);
            p.setDefinition(new CpsFlowDefinition(block.text(), true));
            WorkflowRun b = j.waitForCompletion(p.scheduleBuild2(0).waitForStart());
            String log = JenkinsRule.getLog(b);
            assertThat(
                    block + " ended " + b.getResult() + ":\n" + block.text() + "\n" + log,
                    b.getResult(),
                    is(Result.SUCCESS));
            // what the block echoes from a step's answer is there: a field the step left out would print "null"
            assertThat(block + " echoes a null:\n" + log, log.contains("null"), is(false));
            for (String token : orgs.issuedTokens()) {
                assertThat(block + " logs an access token", log.contains(token), is(false));
            }
        }
    }
}
