package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import jenkins.model.Jenkins;
import jenkins.security.QueueItemAuthenticatorConfiguration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.MockQueueItemAuthenticator;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The registration steps (register, register a JIT sandbox, update, remove) check the build's authentication against the target store before
 * reading any auth URL or calling Salesforce, and fail with one line naming the missing permission.
 */
@WithJenkins
class RegistrationPermissionTest {
    private JenkinsRule j;
    private PipelineOrgs sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new PipelineOrgs();
        PipelineOrgs.allowEmulator();
        PipelineOrgs.add(sf.prod());
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD, CredentialsProvider.VIEW, CredentialsProvider.USE_ITEM)
                .everywhere()
                .to("bob"));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private WorkflowRun runAsBob(String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        QueueItemAuthenticatorConfiguration.get().getAuthenticators().clear();
        QueueItemAuthenticatorConfiguration.get()
                .getAuthenticators()
                .add(new MockQueueItemAuthenticator()
                        .authenticate(p.getFullName(), User.getById("bob", true).impersonate2()));
        return j.assertBuildStatus(
                Result.FAILURE, j.waitForCompletion(p.scheduleBuild2(0).waitForStart()));
    }

    @Test
    void aBuildWithoutCredentialsPermissionsCannotRegisterUpdateOrRemove() throws Exception {
        WorkflowRun register = runAsBob("registerSalesforceOrg(id: 'x', authUrlCredentialsId: 'whatever')");
        j.assertLogContains("bob is missing the Credentials/Create permission", register);
        j.assertLogNotContains("\tat ", register);

        WorkflowRun jit = runAsBob("registerSalesforceJitSandbox(sandboxName: 'uat', productionOrg: 'prod')");
        j.assertLogContains("bob is missing the Credentials/Create permission", jit);
        j.assertLogNotContains("\tat ", jit);

        WorkflowRun update = runAsBob("updateSalesforceOrg(org: 'prod', metadata: 'team=x')");
        j.assertLogContains("bob is missing the Credentials/Update permission", update);

        WorkflowRun remove = runAsBob("removeSalesforceOrg(org: 'prod')");
        j.assertLogContains("bob is missing the Credentials/Delete permission", remove);
    }
}
