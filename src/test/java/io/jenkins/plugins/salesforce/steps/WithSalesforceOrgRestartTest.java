package io.jenkins.plugins.salesforce.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import hudson.FilePath;
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
            sf.assertNoIssuedTokenIn(j, b);
        });
    }

    @Test
    void aRenewalAfterARestartReachesTheStepsThatFollowIt() throws Throwable {
        sessions.then(j -> {
            PipelineOrgs.allowEmulator();
            PipelineOrgs.add(sf.prod());
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("""
                node('built-in') {
                  withSalesforceOrg(org: 'prod') {
                    sh 'printf %s "$SF_ACCESS_TOKEN" > before'
                    semaphore 'wait'
                    refreshSalesforceToken()
                    sh 'printf %s "$SF_ACCESS_TOKEN" > after; echo "after=$SF_ACCESS_TOKEN"'
                  }
                }
                """, true));
            SemaphoreStep.waitForStart("wait/1", p.scheduleBuild2(0).waitForStart());
        });
        sessions.then(j -> {
            WorkflowJob p = j.jenkins.getItemByFullName("p", WorkflowJob.class);
            WorkflowRun b = p.getBuildByNumber(1);
            SemaphoreStep.success("wait/1", null);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            FilePath ws = j.jenkins.getWorkspaceFor(p);
            String before = ws.child("before").readToString();
            String after = ws.child("after").readToString();
            // the token cache did not survive the restart: the renewal got a new token, and the step after it has it
            assertThat(after, not(before));
            assertThat(sf.emulator.accessToken(after).user(), is(sf.admin));
            j.assertLogContains("after=****", b);
            sf.assertNoIssuedTokenIn(j, b);
        });
    }
}
