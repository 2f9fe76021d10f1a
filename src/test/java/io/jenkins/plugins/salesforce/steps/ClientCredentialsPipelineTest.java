package io.jenkins.plugins.salesforce.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.credentials.SalesforceClientCredentialsImpl;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import io.jenkins.plugins.salesforce.emulator.User;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A client credentials org in a Pipeline: {@code withSalesforceOrg} gets a token for the app's Run As user through
 * the client credentials grant, as for any org (the sf CLI has no login of its own for this flow), and the token is
 * cached across steps.
 */
@WithJenkins
class ClientCredentialsPipelineTest {
    private static final String SECRET = "CCFAKESECRET-pipeline";

    private JenkinsRule j;
    private PipelineOrgs sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new PipelineOrgs();
        PipelineOrgs.allowEmulator();
        User integration = sf.acme.user("integration@acme.com");
        sf.app.secret(SECRET).clientCredentialsUser(integration);
        PipelineOrgs.add(new SalesforceClientCredentialsImpl(
                CredentialsScope.GLOBAL,
                "integration",
                null,
                sf.app.consumerKey(),
                Secret.fromString(SECRET),
                sf.acme.instanceUrl()));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    @Test
    void withSalesforceOrgGetsATokenForTheAppsRunAsUser() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition("""
            node('built-in') {
              withSalesforceOrg(org: 'integration') {
                sh 'echo "user=$SF_USERNAME type=$SF_ORG_TYPE url=$SF_INSTANCE_URL t=$SF_ACCESS_TOKEN"'
              }
              echo "again=${salesforceAccessToken(org: 'integration@acme.com').username}"
            }
            """, true));
        WorkflowRun b = j.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0));
        j.assertLogContains("user=integration@acme.com type=Production url=" + sf.acme.instanceUrl() + " t=****", b);
        j.assertLogContains("again=integration@acme.com", b);
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.CLIENT_CREDENTIALS), is(1));
        j.assertLogNotContains(SECRET, b);
        assertThat(PipelineOrgs.filesContaining(b.getRootDir().toPath(), SECRET), is(empty()));
        for (String token : sf.issuedTokens()) {
            j.assertLogNotContains(token, b);
        }
    }

    @Test
    void anAppWithoutARunAsUserFailsTheStepWithSalesforcesReasonAndTheFix() throws Exception {
        sf.app.clientCredentialsUser(null);
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition("salesforceAccessToken(org: 'integration')", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("no client credentials user enabled", b);
        j.assertLogContains("Run As", b);
        j.assertLogNotContains(SECRET, b);
    }
}
