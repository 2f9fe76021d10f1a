package io.jenkins.plugins.salesforce.ui;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsParameterDefinition;
import com.cloudbees.plugins.credentials.CredentialsParameterValue;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Computer;
import hudson.model.Item;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
import io.jenkins.plugins.salesforce.credentials.SalesforceJitSandboxCredentialsImpl;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.Sandbox;
import java.util.List;
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
 * One team's Salesforce orgs never reach another team. The system store holds Acme's production org {@code prod} and
 * its JIT sandbox {@code uat}; team F's folder is where another company, Globex, keeps its own orgs, and its members
 * may create and use credentials there only.
 */
@WithJenkins
class OrgsBetweenTeamsTest {
    private JenkinsRule j;
    private Emulated sf;
    private Org globex;
    private io.jenkins.plugins.salesforce.emulator.User globexAdmin;
    private io.jenkins.plugins.salesforce.emulator.User globexUatAdmin;
    private io.jenkins.plugins.salesforce.emulator.User acmeUatAdmin;
    private Folder f;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new Emulated(j);
        Sandbox acmeUat = sf.acme.sandbox("uat");
        acmeUatAdmin = acmeUat.userFor(sf.admin).preAuthorize(sf.app);
        globex = sf.emulator.productionOrg("globex");
        globexAdmin = globex.user("admin@globex.com").preAuthorize(sf.app);
        globexUatAdmin = globex.sandbox("uat").userFor(globexAdmin).preAuthorize(sf.app);
        f = j.jenkins.createProject(Folder.class, "F");

        system().addCredentials(Domain.global(), authUrlOrg("prod", sf.authUrl(sf.admin)));
        system().addCredentials(Domain.global(), jitSandbox("uat", "prod"));

        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ, Computer.BUILD)
                .everywhere()
                .to("alice", "bob", "mallory")
                .grant(Item.READ, CredentialsProvider.CREATE, CredentialsProvider.USE_ITEM)
                .onFolders(f)
                .to("alice"));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    @Test
    void aFolderCredentialNamedLikeTheSystemProductionOrgNeverChangesWhoseSandboxTheSystemSandboxReaches()
            throws Exception {
        folderStore().addCredentials(Domain.global(), authUrlOrg("prod", sf.authUrl(globexAdmin)));

        Emulated.Answer tested = sf.postIn("F", "alice", "testConnection", "{\"org\":\"uat\"}");
        assertThat(tested.toString(), tested.status(), is(200));

        WorkflowRun elsewhere = tokenOf(j.createProject(WorkflowJob.class, "elsewhere"), "uat");
        assertThat(userOfToken(elsewhere), is(acmeUatAdmin));
        j.assertLogContains("user=" + acmeUatAdmin.username(), elsewhere);
        WorkflowRun inF = tokenOf(f.createProject(WorkflowJob.class, "app"), "uat");
        assertThat("F's job may use the system sandbox, which is Acme's", userOfToken(inF), is(acmeUatAdmin));
        assertThat(
                "the system sandbox's recorded user is its own",
                stored("uat").getUsername(),
                is(acmeUatAdmin.username()));
    }

    @Test
    void aFolderJitSandboxUsesTheFolderProductionOrgAndTheSystemOneKeepsItsOwn() throws Exception {
        folderStore().addCredentials(Domain.global(), authUrlOrg("prod", sf.authUrl(globexAdmin)));
        folderStore().addCredentials(Domain.global(), jitSandbox("uat", "prod"));

        WorkflowRun inF = tokenOf(f.createProject(WorkflowJob.class, "app"), "uat");
        WorkflowRun elsewhere = tokenOf(j.createProject(WorkflowJob.class, "elsewhere"), "uat");

        assertThat(userOfToken(inF), is(globexUatAdmin));
        assertThat(userOfToken(elsewhere), is(acmeUatAdmin));
    }

    @Test
    void aJitSandboxPointedAtAnotherProductionOrgStopsHandingOutTheOldToken() throws Exception {
        system().addCredentials(Domain.global(), authUrlOrg("globex", sf.authUrl(globexAdmin)));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        assertThat(userOfToken(tokenOf(p, "uat")), is(acmeUatAdmin));

        system().updateCredentials(Domain.global(), stored("uat"), jitSandbox("uat", "globex"));

        WorkflowRun after = tokenOf(p, "uat");
        assertThat(userOfToken(after), is(globexUatAdmin));
        j.assertLogContains("user=" + globexUatAdmin.username(), after);
    }

    @Test
    void aBuildGivenAUsersOwnCredentialOfTheSameIdNeverGetsATokenOfTheJobsOrg() throws Exception {
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD, Computer.BUILD, CredentialsProvider.USE_OWN)
                .everywhere()
                .to("mallory"));
        User mallory = User.getById("mallory", true);
        try (ACLContext ignored = ACL.as2(mallory.impersonate2())) {
            CredentialsStore own = CredentialsProvider.lookupStores(mallory).iterator().next();
            own.addCredentials(
                    Domain.global(),
                    new SalesforceAuthUrlCredentialsImpl(
                            CredentialsScope.USER, "prod", null, Secret.fromString(sf.authUrl(sf.devUser))));
        }
        WorkflowJob p = j.createProject(WorkflowJob.class, "release");
        p.addProperty(new ParametersDefinitionProperty(new CredentialsParameterDefinition(
                "ORG", null, "prod", SalesforceOrgCredentials.class.getName(), false)));
        p.setDefinition(new CpsFlowDefinition("""
                node('built-in') {
                  withCredentials([salesforceOrg(credentialsId: '${ORG}')]) {
                    writeFile file: 'token', text: env.SF_ACCESS_TOKEN
                    echo "user=${env.SF_USERNAME}"
                  }
                }
                """, true));

        WorkflowRun b = j.waitForCompletion(p.scheduleBuild2(
                        0,
                        new CauseAction(new Cause.UserIdCause("mallory")),
                        new ParametersAction(new CredentialsParameterValue("ORG", "prod", null, false)))
                .waitForStart());

        if (b.getResult() == Result.SUCCESS) {
            assertThat("a token of the org mallory supplied", userOfToken(b), is(sf.devUser));
        } else {
            j.assertBuildStatus(Result.FAILURE, b);
            j.assertLogContains("is not an org registered for job release", b);
            j.assertLogNotContains("user=" + sf.admin.username(), b);
        }
        assertThat("no token of the job's own prod was minted", sf.emulator.accessTokens().stream()
                .noneMatch(t -> t.user().equals(sf.admin)), is(true));
    }

    @Test
    void aBuildRunningAsAUserWithUseItemGetsTheOrgsThatUserMayUse() throws Exception {
        system().addCredentials(
                Domain.global(),
                new SalesforceAuthUrlCredentialsImpl(
                        CredentialsScope.SYSTEM, "jenkins-only", null, Secret.fromString(sf.authUrl(sf.devUser))));
        WorkflowJob app = f.createProject(WorkflowJob.class, "app");
        runAs(app, "alice");

        WorkflowRun prod = tokenOf(app, "prod");
        assertThat(userOfToken(prod), is(sf.admin));

        app.setDefinition(new CpsFlowDefinition(
                "withSalesforceOrg(org: 'jenkins-only') { echo 'should not get here' }", true));
        WorkflowRun systemScoped = j.assertBuildStatus(Result.FAILURE, app.scheduleBuild2(0));
        j.assertLogNotContains("should not get here", systemScoped);
    }

    @Test
    void aBuildRunningAsAUserWithoutUseItemGetsNoOrg() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        runAs(p, "bob");
        p.setDefinition(new CpsFlowDefinition("withSalesforceOrg(org: 'prod') { echo 'should not get here' }", true));

        WorkflowRun b = j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));

        j.assertLogNotContains("should not get here", b);
        assertThat(sf.emulator.accessTokens().isEmpty(), is(true));
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    private static CredentialsStore system() {
        return CredentialsProvider.lookupStores(Jenkins.get()).iterator().next();
    }

    private CredentialsStore folderStore() {
        for (CredentialsStore s : CredentialsProvider.lookupStores(f)) {
            if (s.getContext() == f) {
                return s;
            }
        }
        throw new AssertionError("folder F has no credential store");
    }

    private static SalesforceAuthUrlCredentialsImpl authUrlOrg(String id, String authUrl) {
        return new SalesforceAuthUrlCredentialsImpl(CredentialsScope.GLOBAL, id, null, Secret.fromString(authUrl));
    }

    private static SalesforceJitSandboxCredentialsImpl jitSandbox(String sandboxName, String productionId) {
        return new SalesforceJitSandboxCredentialsImpl(CredentialsScope.GLOBAL, sandboxName, null, sandboxName, productionId);
    }

    private static SalesforceOrgCredentials stored(String id) {
        List<SalesforceOrgCredentials> all = CredentialsProvider.lookupCredentialsInItemGroup(
                SalesforceOrgCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of());
        return all.stream().filter(c -> c.getId().equals(id)).findFirst().orElseThrow();
    }

    private static void runAs(WorkflowJob job, String user) {
        QueueItemAuthenticatorConfiguration.get().getAuthenticators().clear();
        QueueItemAuthenticatorConfiguration.get()
                .getAuthenticators()
                .add(new MockQueueItemAuthenticator()
                        .authenticate(job.getFullName(), User.getById(user, true).impersonate2()));
    }

    /** Runs a build that writes the org's token into its workspace (the log masks it) and echoes its user. */
    private WorkflowRun tokenOf(WorkflowJob job, String org) throws Exception {
        job.setDefinition(new CpsFlowDefinition("""
                node('built-in') {
                  withSalesforceOrg(org: '%s') {
                    writeFile file: 'token', text: env.SF_ACCESS_TOKEN
                    echo "user=${env.SF_USERNAME}"
                  }
                }
                """.formatted(org), true));
        return j.buildAndAssertSuccess(job);
    }

    /** The emulator's user whose access token the build wrote into its workspace. */
    private io.jenkins.plugins.salesforce.emulator.User userOfToken(WorkflowRun b) throws Exception {
        String token = j.jenkins
                .getWorkspaceFor(b.getParent())
                .child("token")
                .readToString()
                .strip();
        return sf.emulator.accessToken(token).user();
    }
}
