package io.jenkins.plugins.salesforce.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart in the middle of a {@code withSalesforceOrg} block: the body resumes with its variables (they
 * were pickled encrypted in program.dat), and no file of the build ever held the token in clear.
 */
class WithSalesforceOrgRestartTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private final PipelineOrgs sf = new PipelineOrgs();

    @AfterEach
    void stop() {
        sf.close();
    }

    @Test
    void theBlockCompletesAfterARestartAndTheTokenIsInNoBuildFile() throws Throwable {
        sessions.then(j -> {
            PipelineOrgs.allowEmulator();
            PipelineOrgs.add(sf.prod());
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("""
                    node('built-in') {
                      withSalesforceOrg(org: 'prod') {
                        sh 'echo "before=$SF_ACCESS_TOKEN user=$SF_USERNAME"'
                        semaphore 'wait'
                        sh 'echo "after=$SF_ACCESS_TOKEN user=$SF_USERNAME"'
                      }
                    }
                    """, true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            SemaphoreStep.waitForStart("wait/1", b);
            for (String token : sf.issuedTokens()) {
                assertThat(PipelineOrgs.filesContaining(b.getRootDir().toPath(), token), is(empty()));
            }
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            SemaphoreStep.success("wait/1", null);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("before=**** user=admin@acme.com", b);
            j.assertLogContains("Resuming build", b);
            j.assertLogContains("after=**** user=admin@acme.com", b);
            assertThat(sf.issuedTokens().isEmpty(), is(false));
            for (String token : sf.issuedTokens()) {
                j.assertLogNotContains(token, b);
                assertThat(PipelineOrgs.filesContaining(b.getRootDir().toPath(), token), is(empty()));
            }
        });
    }
}
