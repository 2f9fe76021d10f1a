package io.jenkins.plugins.salesforce.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.model.Result;
import hudson.security.ACL;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.credentials.SalesforceJitSandboxCredentialsImpl;
import io.jenkins.plugins.salesforce.emulator.ConnectedApp;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A JIT sandbox credential in a Pipeline: the service's root token service mints its token through the production
 * org (JitLogin wired by jitSandboxesFrom), by credentials id or by sandbox name.
 */
@WithJenkins
class JitSandboxPipelineTest {
    private JenkinsRule j;
    private PipelineOrgs sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new PipelineOrgs();
        PipelineOrgs.allowEmulator();
        PipelineOrgs.add(sf.prod());
        PipelineOrgs.add(
                new SalesforceJitSandboxCredentialsImpl(CredentialsScope.GLOBAL, "uat-jit", null, "uat", "prod"));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    @Test
    void aJitSandboxGetsItsTokenThroughItsProductionOrg() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition("""
            node('built-in') {
              withSalesforceOrg(org: 'uat-jit') { sh 'echo "user=$SF_USERNAME type=$SF_ORG_TYPE t=$SF_ACCESS_TOKEN"' }
              withSalesforceOrg(org: 'uat') { sh 'echo "again=$SF_USERNAME"' }
            }
            """, true));
        WorkflowRun b = j.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0));
        j.assertLogContains("user=admin@acme.com.uat type=Sandbox t=****", b);
        j.assertLogContains("again=admin@acme.com.uat", b);
        sf.assertNoIssuedTokenIn(j, b);
    }

    @Test
    void theConfiguredCallbackUrlIsTheOneTheSandboxLoginSends() throws Exception {
        String ours = "https://jenkins.example.com/salesforce/callback";
        SalesforceConfiguration.get().setCallbackUrl(ours);
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition("echo salesforceAccessToken(org: 'uat-jit').username", true));

        WorkflowRun refused = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("have the callback URL " + ours + " among its callback URLs", refused);

        sf.app.callbackUrls(ConnectedApp.PLATFORM_CLI_CALLBACK, ours);
        j.assertLogContains("admin@acme.com.uat", j.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0)));
    }

    @Test
    void aStepRegistersAJitSandboxThroughItsProductionOrgAndUpdatesTheOneAlreadyThere() throws Exception {
        SalesforceConfiguration.get().setTrustSystemBuilds(true); // the build runs as SYSTEM
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition("""
            def org = registerSalesforceJitSandbox(sandboxName: 'uat', productionOrg: 'prod', id: 'uat-step',
                                                   metadata: 'env=uat')
            echo "registered=${org.id} jit=${org.jitSandbox} sandbox=${org.sandboxName} meta=${org.metadata}"
            echo "registered as ${org.username}"
            echo "user=${salesforceAccessToken(org: org.id).username}"
            """, true));
        WorkflowRun b = j.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0));
        // uat is registered already (as uat-jit): registering it again updates it and keeps its id
        j.assertLogContains("registered=uat-jit jit=true sandbox=uat meta=[env:uat]", b);
        j.assertLogContains("user=admin@acme.com.uat", b);
        j.assertLogContains("registered as admin@acme.com.uat", b);
    }

    @Test
    void aSandboxRefreshedByAnotherUserIsRefusedBeforeAnythingIsWritten() throws Exception {
        SalesforceConfiguration.get().setTrustSystemBuilds(true); // the build runs as SYSTEM
        sf.uat.createdBy(sf.acme.user("release@acme.com"));
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(
                "registerSalesforceJitSandbox(sandboxName: 'uat', productionOrg: 'prod', id: 'uat-step')", true));
        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        j.assertLogContains("was created or last refreshed by user", b);
        j.assertLogContains("or refresh the sandbox as prod.", b);
        j.assertLogNotContains("\tat ", b);
        assertThat(
                CredentialsProvider.lookupCredentialsInItemGroup(
                                SalesforceJitSandboxCredentialsImpl.class, Jenkins.get(), ACL.SYSTEM2, List.of())
                        .stream()
                        .map(SalesforceJitSandboxCredentialsImpl::getId)
                        .toList(),
                is(List.of("uat-jit")));
    }
}
