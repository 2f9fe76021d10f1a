package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
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
 * {@code salesforceAccessToken(authType: 'sfdxAuthUrl')} hands a long-lived secret to a Groovy value that Jenkins
 * cannot mask. It leaves only where the credential allows export and the build runs as a user who may use the job's
 * credentials (Credentials/UseItem); a build that runs as SYSTEM, which is what every build is without an
 * authorization plugin, gets it only when an administrator trusts such builds.
 *
 * <p>The fixture: Jenkins' store holds {@code prod}, which does not allow export, and {@code exportable} (another user of
 * the same org: one user is one org), which does.
 * {@code alice} may build the job and use its credentials; {@code carol} may build it but not use them.
 */
@WithJenkins
class AuthUrlExportFromBuildsTest {
    private static final String EXPORT = """
            def a = salesforceAccessToken(org: 'exportable', authType: 'sfdxAuthUrl')
            echo "starts=${a.sfdxAuthUrl.startsWith('force://')} keys=${a.keySet().sort()}"
            """;

    private JenkinsRule j;
    private PipelineOrgs sf;
    private WorkflowJob job;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new PipelineOrgs();
        PipelineOrgs.allowEmulator();
        PipelineOrgs.add(sf.prod());
        SalesforceAuthUrlCredentialsImpl exportable = new SalesforceAuthUrlCredentialsImpl(
                CredentialsScope.GLOBAL,
                "exportable",
                null,
                Secret.fromString(sf.authUrl(sf.acme.user("release@acme.com").preAuthorize(sf.app))));
        exportable.setAllowAuthUrlExport(true);
        PipelineOrgs.add(exportable);
        job = j.createProject(WorkflowJob.class, "deploy");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD)
                .everywhere()
                .to("alice", "carol")
                .grant(CredentialsProvider.USE_ITEM)
                .everywhere()
                .to("alice"));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        job.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, j.waitForCompletion(job.scheduleBuild2(0).waitForStart()));
    }

    private void runAs(String user) {
        QueueItemAuthenticatorConfiguration.get().getAuthenticators().clear();
        QueueItemAuthenticatorConfiguration.get()
                .getAuthenticators()
                .add(new MockQueueItemAuthenticator()
                        .authenticate(job.getFullName(), User.getById(user, true).impersonate2()));
    }

    @Test
    void aBuildThatRunsAsSystemIsRefusedAndToldToUseWithSalesforceOrg() throws Exception {
        WorkflowRun b = run(EXPORT, Result.FAILURE);
        j.assertLogContains("authType: 'sfdxAuthUrl' is refused: this build runs as SYSTEM", b);
        j.assertLogContains("Use withSalesforceOrg", b);
        j.assertLogContains("Credentials/UseItem", b);
        j.assertLogContains("'" + BuildOrgs.TRUST_SETTING + "' in " + BuildOrgs.SETTINGS_PAGE, b);
        j.assertLogNotContains("force://", b);
        j.assertLogNotContains("\tat ", b);
        // the short-lived token is not affected
        run("echo \"user=${salesforceAccessToken(org: 'exportable').username}\"", Result.SUCCESS);
    }

    @Test
    void aBuildThatRunsAsAUserWhoMayUseTheCredentialGetsTheAuthUrlOfAnOrgThatAllowsExport() throws Exception {
        runAs("alice");
        WorkflowRun b = run(EXPORT, Result.SUCCESS);
        j.assertLogContains("starts=true keys=[instanceUrl, orgId, orgType, sfdxAuthUrl, username]", b);
        // the same user's build finds its orgs for the masked block too
        WorkflowRun block = run("withSalesforceOrg(org: 'prod') { echo \"user=${env.SF_USERNAME}\" }", Result.SUCCESS);
        j.assertLogContains("user=admin@acme.com", block);
    }

    @Test
    void anOrgThatDoesNotAllowExportIsRefusedEvenToAUserWhoMayUseIt() throws Exception {
        runAs("alice");
        WorkflowRun b = run("salesforceAccessToken(org: 'prod', authType: 'sfdxAuthUrl')", Result.FAILURE);
        j.assertLogContains("does not allow auth URL export", b);
        j.assertLogNotContains("force://", b);
    }

    @Test
    void aBuildThatRunsAsAUserWhoMayNotUseTheJobsCredentialsIsRefused() throws Exception {
        runAs("carol");
        WorkflowRun b = run(EXPORT, Result.FAILURE);
        j.assertLogContains(
                "carol is missing the Credentials/UseItem permission on deploy, which authType: 'sfdxAuthUrl' needs.",
                b);
        j.assertLogNotContains("force://", b);
    }

    @Test
    void anAdministratorMayLetBuildsThatRunAsSystemExport() throws Exception {
        SalesforceConfiguration.get().setTrustSystemBuilds(true);
        WorkflowRun b = run(EXPORT, Result.SUCCESS);
        j.assertLogContains("starts=true", b);
        j.assertLogContains(
                "does not allow auth URL export",
                run("salesforceAccessToken(org: 'prod', authType: 'sfdxAuthUrl')", Result.FAILURE));
    }
}
