package io.jenkins.plugins.salesforce.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.credentials.DevHubSettings;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.security.QueueItemAuthenticatorConfiguration;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
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
 * Who a Jenkinsfile may change the orgs of a credential store as. A build runs as SYSTEM unless an authorization
 * plugin runs it as a user, so without a rule anyone who can edit a Jenkinsfile could register, change and remove the
 * orgs of Jenkins and of every folder. The registration steps therefore refuse builds that run as SYSTEM unless an
 * administrator trusts them, and a build that runs as a user writes with that user's rights, the same rights the Orgs
 * page, its REST actions and the CLI ask for the same change.
 *
 * <p>The fixture: Jenkins' store holds {@code prod}, its default Dev Hub; folder {@code team} holds {@code tprod}, its
 * default Dev Hub, and {@code uat-url}, a sandbox's auth URL as Secret text; the job is {@code team/app}. {@code dev}
 * may only read and configure the job; {@code lead} may create, update, delete and use the folder's credentials;
 * {@code half} may create and use them but not update them.
 */
@WithJenkins
class OrgChangesFromBuildsTest {
    private JenkinsRule j;
    private PipelineOrgs sf;
    private Folder team;
    private WorkflowJob app;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new PipelineOrgs();
        PipelineOrgs.allowEmulator();
        PipelineOrgs.add(sf.prod());
        team = j.jenkins.createProject(Folder.class, "team");
        SalesforceAuthUrlCredentialsImpl tprod = new SalesforceAuthUrlCredentialsImpl(
                CredentialsScope.GLOBAL, "tprod", null, Secret.fromString(sf.authUrl(sf.admin)));
        tprod.setDevHub(true);
        folderStore().addCredentials(Domain.global(), tprod);
        DevHubSettings.setFolderDefault(team, "tprod");
        folderStore()
                .addCredentials(
                        Domain.global(),
                        new StringCredentialsImpl(
                                CredentialsScope.GLOBAL, "uat-url", null, Secret.fromString(sf.authUrl(sf.uatAdmin))));
        app = team.createProject(WorkflowJob.class, "app");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("dev", "lead", "half")
                .grant(Item.READ, Item.CONFIGURE)
                .onItems(app)
                .to("dev")
                .grant(Item.READ)
                .onFolders(team)
                .to("lead", "half")
                .grant(
                        CredentialsProvider.CREATE,
                        CredentialsProvider.UPDATE,
                        CredentialsProvider.DELETE,
                        CredentialsProvider.USE_ITEM)
                .onFolders(team)
                .to("lead")
                .grant(CredentialsProvider.CREATE, CredentialsProvider.USE_ITEM)
                .onFolders(team)
                .to("half"));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private CredentialsStore folderStore() {
        return SalesforceService.storeOf(team);
    }

    /** A store's credentials as they are: id, Dev Hub flags and metadata, in the store's order. */
    private static List<String> contents(CredentialsStore store) {
        List<String> out = new ArrayList<>();
        for (Credentials c : store.getCredentials(Domain.global())) {
            if (c instanceof SalesforceAuthUrlCredentialsImpl o) {
                out.add(o.getId() + " devHub=" + o.isDevHub() + " default="
                        + o.getId().equals(DevHubSettings.defaultOf(store)) + " metadata=" + o.getMetadata());
            } else {
                out.add(((IdCredentials) c).getId());
            }
        }
        return out;
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        app.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, j.waitForCompletion(app.scheduleBuild2(0).waitForStart()));
    }

    private static void runAs(Item job, String user) {
        QueueItemAuthenticatorConfiguration.get().getAuthenticators().clear();
        QueueItemAuthenticatorConfiguration.get()
                .getAuthenticators()
                .add(new MockQueueItemAuthenticator()
                        .authenticate(job.getFullName(), User.getById(user, true).impersonate2()));
    }

    @Test
    void aJenkinsfileWhoseBuildRunsAsSystemChangesNeitherJenkinsNorTheFolder() throws Exception {
        // dev may change the Jenkinsfile but holds no Credentials permission; with no authorization plugin the build
        // would otherwise write with SYSTEM's rights
        assertThat(app.hasPermission2(User.getById("dev", true).impersonate2(), Item.CONFIGURE), is(true));
        assertThat(folderStore().hasPermission2(User.getById("dev", true).impersonate2(), CredentialsProvider.CREATE),
                is(false));
        List<String> system = contents(PipelineOrgs.systemStore());
        List<String> folder = contents(folderStore());
        String[] scripts = {
            "registerSalesforceOrg(id: 'mine', authUrlCredentialsId: 'uat-url', store: 'system', defaultDevHub: true)",
            "updateSalesforceOrg(org: 'prod', store: 'system', defaultDevHub: false, metadata: 'owner=dev')",
            "removeSalesforceOrg(org: 'prod', store: 'system')",
            "registerSalesforceOrg(id: 'mine', authUrlCredentialsId: 'uat-url', defaultDevHub: true)",
            "updateSalesforceOrg(org: 'tprod', defaultDevHub: false, metadata: 'owner=dev')",
            "removeSalesforceOrg(org: 'tprod')",
        };
        for (String script : scripts) {
            WorkflowRun b = run(script, Result.FAILURE);
            j.assertLogContains("is refused: this build runs as SYSTEM", b);
            j.assertLogContains("Authorize Project", b);
            j.assertLogContains("'" + BuildOrgs.TRUST_SETTING + "' in " + BuildOrgs.SETTINGS_PAGE, b);
            j.assertLogNotContains("\tat ", b);
            j.assertLogNotContains("force://", b);
        }
        assertThat(contents(PipelineOrgs.systemStore()), is(system));
        assertThat(contents(folderStore()), is(folder));
        assertThat(system, is(List.of("prod devHub=true default=true metadata=")));
        assertThat(folder, is(List.of("tprod devHub=true default=true metadata=", "uat-url")));
    }

    @Test
    void theRefusalNamesThePermissionsAUserWouldNeedForEachStep() throws Exception {
        j.assertLogContains(
                "who has Credentials/Create and Credentials/Update on that store",
                run("registerSalesforceOrg(id: 'mine', authUrlCredentialsId: 'uat-url')", Result.FAILURE));
        j.assertLogContains(
                "who has Credentials/Update on that store",
                run("updateSalesforceOrg(org: 'tprod', metadata: 'a=b')", Result.FAILURE));
        j.assertLogContains(
                "who has Credentials/Delete on that store",
                run("removeSalesforceOrg(org: 'tprod')", Result.FAILURE));
    }

    @Test
    void theSettingIsOffByDefaultAndTheConfigurationPageKeepsIt() throws Exception {
        assertThat(SalesforceConfiguration.get().isTrustSystemBuilds(), is(false));
        SalesforceConfiguration.get().setTrustSystemBuilds(true);
        j.jenkins.setAuthorizationStrategy(
                new MockAuthorizationStrategy().grant(Jenkins.ADMINISTER).everywhere().to("admin"));
        j.submit(j.createWebClient().login("admin").goTo("configure").getFormByName("config"));
        assertThat(SalesforceConfiguration.get().isTrustSystemBuilds(), is(true));
    }

    @Test
    void anAdministratorMayLetBuildsThatRunAsSystemChangeOrgs() throws Exception {
        SalesforceConfiguration.get().setTrustSystemBuilds(true);
        WorkflowRun b = run("""
                def r = registerSalesforceOrg(id: 'uat', authUrlCredentialsId: 'uat-url', store: 'system')
                echo "registered=${r.id}"
                echo "updated=${updateSalesforceOrg(org: 'uat', store: 'system', metadata: 'team=core').metadata}"
                echo "folder=${updateSalesforceOrg(org: 'tprod', metadata: 'team=app').metadata}"
                removeSalesforceOrg(org: 'uat', store: 'system')
                """, Result.SUCCESS);
        j.assertLogContains("registered=uat", b);
        j.assertLogContains("updated=[team:core]", b);
        j.assertLogContains("folder=[team:app]", b);
        assertThat(contents(PipelineOrgs.systemStore()), is(List.of("prod devHub=true default=true metadata=")));
        assertThat(
                contents(folderStore()), is(List.of("tprod devHub=true default=true metadata=team=app", "uat-url")));
    }

    @Test
    void aBuildThatRunsAsAUserChangesTheFolderWithThatUsersRightsAndNotJenkins() throws Exception {
        runAs(app, "lead");
        WorkflowRun b = run("""
                def r = registerSalesforceOrg(id: 'uat', authUrlCredentialsId: 'uat-url', metadata: 'team=app')
                echo "registered=${r.id} meta=${r.metadata}"
                echo "updated=${updateSalesforceOrg(org: 'tprod', metadata: 'team=app').metadata}"
                removeSalesforceOrg(org: 'uat')
                echo "left=${salesforceOrgs().collect { it.id }.sort()}"
                """, Result.SUCCESS);
        j.assertLogContains("registered=uat meta=[team:app]", b);
        j.assertLogContains("updated=[team:app]", b);
        j.assertLogContains("left=[prod, tprod]", b);
        assertThat(
                contents(folderStore()), is(List.of("tprod devHub=true default=true metadata=team=app", "uat-url")));

        List<String> system = contents(PipelineOrgs.systemStore());
        String[][] refused = {
            {"registerSalesforceOrg(id: 'mine', authUrlCredentialsId: 'uat-url', store: 'system')", "Create"},
            {"updateSalesforceOrg(org: 'prod', store: 'system', defaultDevHub: false)", "Update"},
            {"removeSalesforceOrg(org: 'prod', store: 'system')", "Delete"},
        };
        for (String[] c : refused) {
            WorkflowRun r = run(c[0], Result.FAILURE);
            j.assertLogContains(
                    "lead is missing the Credentials/" + c[1] + " permission on the credential store of Jenkins", r);
            j.assertLogNotContains("\tat ", r);
        }
        assertThat(contents(PipelineOrgs.systemStore()), is(system));
    }

    @Test
    void registeringNeedsCredentialsUpdateAsWellAsCreateAsOnTheOrgsPageAndInTheCli() throws Exception {
        runAs(app, "half");
        List<String> folder = contents(folderStore());
        WorkflowRun b = run("registerSalesforceOrg(id: 'uat', authUrlCredentialsId: 'uat-url')", Result.FAILURE);
        j.assertLogContains("half is missing the Credentials/Update permission on the credential store of", b);
        assertThat(contents(folderStore()), is(folder));
    }
}
