package io.jenkins.plugins.salesforce.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.FilePath;
import hudson.model.Result;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A block that outlives its token: with Salesforce's recommended 15-minute session timeout, a 40-minute {@code
 * withSalesforceOrg} block renews its token with {@code refreshSalesforceToken} between steps, on the controller, and
 * every step finds a token Salesforce still accepts. Time passes on the emulator's clock, which Jenkins measures token
 * expiry with in this test.
 */
@WithJenkins
class RefreshSalesforceTokenTest {
    private JenkinsRule j;
    private PipelineOrgs sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new PipelineOrgs();
        PipelineOrgs.allowEmulator();
        sf.acme.sessionTimeout(Duration.ofMinutes(15));
        SalesforceConfiguration.get().setSessionTimeoutMinutes(15);
        SalesforceService.get().useClock(sf.emulator.clock());
        PipelineOrgs.add(sf.prod());
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    /** The token a step saw: each step writes it to a workspace file, read here, never printed. */
    private String tokenOfStep(WorkflowRun b, int step) throws Exception {
        FilePath ws = j.jenkins.getWorkspaceFor(b.getParent());
        return ws.child("token-" + step).readToString();
    }

    @Test
    void aFortyMinuteBlockWithFifteenMinuteSessionsHasAValidTokenAtEveryStep() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "long");
        p.setDefinition(new CpsFlowDefinition("""
            node('built-in') {
              withSalesforceOrg(org: 'prod', minValidity: 10) {
                for (int step = 1; step <= 4; step++) {
                  sh "printf %s \\"\\$SF_ACCESS_TOKEN\\" > token-${step}; echo \\"step ${step}: \\$SF_ACCESS_TOKEN until \\$SF_TOKEN_EXPIRES_AT\\""
                  semaphore "work"
                  def facts = refreshSalesforceToken()
                  echo "renewed until ${facts.SF_TOKEN_EXPIRES_AT}"
                }
              }
            }
            """, true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        Instant start = sf.emulator.clock().instant();
        List<String> seen = new ArrayList<>();
        for (int step = 1; step <= 4; step++) {
            SemaphoreStep.waitForStart("work/" + step, b);
            String token = tokenOfStep(b, step);
            seen.add(token);
            assertThat(
                    "step " + step + " at minute "
                            + Duration.between(start, sf.emulator.clock().instant())
                                    .toMinutes() + " has a token Salesforce accepts",
                    sf.emulator.accessToken(token).isValidAt(sf.emulator.clock().instant()),
                    is(true));
            sf.emulator.clock().advance(Duration.ofMinutes(step < 4 ? 12 : 4)); // 12 + 12 + 12 + 4 = 40 minutes
            SemaphoreStep.success("work/" + step, null);
        }
        j.assertBuildStatusSuccess(j.waitForCompletion(b));

        assertThat("a new token at each renewal: 3 minutes left are not 10", new LinkedHashSet<>(seen), hasSize(4));
        assertThat(
                "the first token alone would not have lasted the block",
                sf.emulator
                        .accessToken(seen.get(0))
                        .isValidAt(sf.emulator.clock().instant()),
                is(false));
        // one grant for the block and one per renewal that needed it: at minutes 12, 24 and 36, 3 minutes were left;
        // at minute 40 the token had 11 and was kept
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(4));
        j.assertLogContains("step 1: **** until 20", b);
        j.assertLogContains("step 4: **** until 20", b);
        j.assertLogContains("renewed until 20", b);
        sf.assertNoIssuedTokenIn(j, b);
    }

    @Test
    void aTokenThatLastsLongEnoughIsKept() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "short");
        p.setDefinition(new CpsFlowDefinition("""
            node('built-in') {
              withSalesforceOrg(org: 'prod') {
                sh 'printf %s "$SF_ACCESS_TOKEN" > token-1'
                refreshSalesforceToken(minValidity: 5)
                sh 'printf %s "$SF_ACCESS_TOKEN" > token-2'
              }
            }
            """, true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        assertThat(tokenOfStep(b, 2), is(tokenOfStep(b, 1)));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
    }

    @Test
    void outsideABlockOrForAnOrgThatIsGoneTheStepFailsWithOneLine() throws Exception {
        WorkflowJob outside = j.createProject(WorkflowJob.class, "outside");
        outside.setDefinition(new CpsFlowDefinition("refreshSalesforceToken()", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, outside.scheduleBuild2(0));
        j.assertLogContains("fix: call it inside withSalesforceOrg(...) { }", b);
        j.assertLogNotContains("\tat ", b);

        // the renewal looks the org up again, as the build: an org removed meanwhile is not renewed
        WorkflowJob removed = j.createProject(WorkflowJob.class, "removed");
        removed.setDefinition(new CpsFlowDefinition("""
            withSalesforceOrg(org: 'prod') {
              semaphore 'removed'
              refreshSalesforceToken(minValidity: 20)
            }
            """, true));
        WorkflowRun r = removed.scheduleBuild2(0).waitForStart();
        SemaphoreStep.waitForStart("removed/1", r);
        CredentialsStore store = PipelineOrgs.systemStore();
        store.removeCredentials(
                Domain.global(), store.getCredentials(Domain.global()).get(0));
        SemaphoreStep.success("removed/1", null);
        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(r));
        j.assertLogContains("No registered org has 'prod'", r);
        j.assertLogNotContains("\tat ", r);
        Set<String> tokens = new LinkedHashSet<>(sf.issuedTokens());
        assertThat(tokens, not(empty()));
        for (String token : tokens) {
            j.assertLogNotContains(token, r);
        }
    }
}
