package io.jenkins.plugins.salesforce.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.model.Label;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceUsage;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The steps in real Pipelines (sandbox on) against the Salesforce emulator, on the controller and on an agent. */
@WithJenkins
class SalesforceStepsPipelineTest {
    private JenkinsRule j;
    private PipelineOrgs sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        this.sf = new PipelineOrgs();
        PipelineOrgs.allowEmulator();
        PipelineOrgs.add(sf.prod());
        // these builds run as SYSTEM; the registration steps and the auth URL export need an administrator's trust
        // for that (who may do what without it: OrgChangesFromBuildsTest, AuthUrlExportFromBuildsTest)
        SalesforceConfiguration.get().setTrustSystemBuilds(true);
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        return j.assertBuildStatus(expected, j.waitForCompletion(b));
    }

    private void assertNoTokenAnywhere(WorkflowRun b) throws Exception {
        assertThat(sf.issuedTokens().isEmpty(), is(false));
        sf.assertNoIssuedTokenIn(j, b);
        for (String token : sf.issuedTokens()) {
            // the part after '!' alone, as a shell may print it after splitting or quoting
            j.assertLogNotContains(token.substring(token.indexOf('!') + 1), b);
        }
    }

    private static final String SHOW = """
            sh '''
              echo "plain=$SF_ACCESS_TOKEN"
              echo "target=$SF_TARGET_ORG"
              echo "url=$SF_INSTANCE_URL user=$SF_USERNAME type=$SF_ORG_TYPE id=${#SF_ORG_ID}"
              set -x
              : "$SF_ACCESS_TOKEN"
            '''
            """;

    @Test
    void withSalesforceOrgOnTheControllerAndOnAnAgentSetsTheVariablesAndMasksTheToken() throws Exception {
        j.createOnlineSlave(Label.get("remote"));
        WorkflowRun b = run(
                "node('built-in') { withSalesforceOrg(org: 'prod') {" + SHOW + "} }\n"
                        + "node('remote') { withSalesforceOrg(org: 'admin@acme.com') {" + SHOW + "} }",
                Result.SUCCESS);
        j.assertLogContains("user=admin@acme.com type=Production id=18", b);
        j.assertLogContains("url=http://127.0.0.1", b);
        j.assertLogContains("plain=****", b);
        j.assertLogContains("target=****", b);
        j.assertLogContains("Masking supported pattern matches of $SF_ACCESS_TOKEN or $SF_TARGET_ORG", b);
        assertNoTokenAnywhere(b);
        SalesforceAuthUrlCredentialsImpl prod = PipelineOrgsLookup.prod();
        assertThat(SalesforceUsage.runsUsing(prod, 10), contains(b));
    }

    /**
     * A failure whose message holds the token is masked wherever it is recorded: the log, the build's result, and the
     * failing inner step's own flow node and the body's end node (workflow-completed/flowNodeStore.xml).
     */
    @Test
    void aFailureInsideTheBlockIsMaskedInEveryFileOfTheBuild() throws Exception {
        WorkflowRun b =
                run("withSalesforceOrg(org: 'prod') { error(\"bad token \" + env.SF_ACCESS_TOKEN) }", Result.FAILURE);
        j.assertLogContains("bad token ****", b);
        sf.assertNoIssuedTokenIn(j, b);
    }

    @Test
    void salesforceAccessTokenReturnsTheTokenMapWithItsSixKeys() throws Exception {
        WorkflowRun b = run("""
                def t = salesforceAccessToken(org: 'prod')
                echo "user=${t.username} type=${t.orgType} url=${t.instanceUrl} org=${t.orgId.length()} \
                expires=${t.expiresAt.endsWith('Z')} keys=${t.keySet().sort()}"
                """, Result.SUCCESS);
        j.assertLogContains("user=admin@acme.com type=Production url=http://127.0.0.1", b);
        j.assertLogContains(
                "org=18 expires=true keys=[accessToken, expiresAt, instanceUrl, orgId, orgType, username]", b);
        assertThat(SalesforceUsage.runsUsing(PipelineOrgsLookup.prod(), 10), contains(b));
    }

    @Test
    void theAuthUrlLeavesOnlyWhereExportIsAllowed() throws Exception {
        WorkflowRun refused = run("salesforceAccessToken(org: 'prod', authType: 'sfdxAuthUrl')", Result.FAILURE);
        j.assertLogContains("does not allow auth URL export", refused);
        j.assertLogNotContains("force://", refused);

        SalesforceAuthUrlCredentialsImpl exportable = new SalesforceAuthUrlCredentialsImpl(
                CredentialsScope.GLOBAL, "exportable", null, Secret.fromString(sf.authUrl(sf.admin)));
        exportable.setAllowAuthUrlExport(true);
        PipelineOrgs.add(exportable);
        WorkflowRun b = run("""
                def a = salesforceAccessToken(org: 'exportable', authType: 'sfdxAuthUrl')
                echo "starts=${a.sfdxAuthUrl.startsWith('force://')} keys=${a.keySet().sort()}"
                """, Result.SUCCESS);
        j.assertLogContains("starts=true keys=[instanceUrl, orgId, orgType, sfdxAuthUrl, username]", b);
    }

    @Test
    void badArgumentsFailTheStepWithOneLineThatNamesTheFix() throws Exception {
        String[][] cases = {
            {"withSalesforceOrg(org: 'nope') { echo 'never' }", "No registered org has 'nope'"},
            {"salesforceAccessToken(org: 'prod', devHub: true)", "Give either org or devHub: true, not both."},
            {"salesforceAccessToken()", "Name the org (org: '<credentials id or username>')"},
            {"salesforceAccessToken(org: 'prod', authType: 'password')", "authType must be 'accessToken' or"},
            {"sandboxAuth(sandboxName: 'not a name!')", "'sandboxName' must be 1 to 10 letters and digits."},
            {"sandboxAuth(sandboxName: 'nosuch', productionOrg: 'prod')", "sandbox 'nosuch' not found"},
            {"scratchOrgAuth(username: 'nobody@example.com', devHub: 'prod')", "nobody@example.com"},
            {"salesforceOrgs(type: 'Mainframe')", "Unknown org type 'Mainframe'."},
            {"registerSalesforceOrg(id: 'x')", "Give the org's secret: the auth URL as authUrlFile"},
            {"updateSalesforceOrg(org: 'nope', metadata: 'a=b')", "No registered org has 'nope'"},
        };
        failEachWithOneLine(cases);
    }

    /**
     * Runs each script ({@code {script, message}}): it fails with the message, as one clear line (no stack trace),
     * before a block's body ({@code echo 'never'}) runs.
     */
    private void failEachWithOneLine(String[][] cases) throws Exception {
        for (String[] c : cases) {
            WorkflowRun failed = run(c[0], Result.FAILURE);
            j.assertLogContains(c[1], failed);
            j.assertLogNotContains("never", failed);
            j.assertLogNotContains("\tat ", failed);
        }
    }

    @Test
    void aRegisteredSandboxIsRefusedBySandboxAuthWithAPointerToItsId() throws Exception {
        PipelineOrgs.add(new SalesforceAuthUrlCredentialsImpl(
                CredentialsScope.GLOBAL, "uat-org", null, Secret.fromString(sf.authUrl(sf.uatAdmin))));
        // both orgs used once, so that their usernames (prod's + '.uat') are known
        WorkflowRun b = run(
                "salesforceAccessToken(org: 'uat-org'); salesforceAccessToken(org: 'prod')\n"
                        + "sandboxAuth(sandboxName: 'uat', productionOrg: 'prod')",
                Result.FAILURE);
        j.assertLogContains("use salesforceAccessToken(org: 'uat-org')", b);
        // the wrong type of org for the step: a sandbox named as the Dev Hub
        WorkflowRun wrongType = run("scratchOrgAuth(username: 'x@example.com', devHub: 'uat-org')", Result.FAILURE);
        j.assertLogContains("is not a valid dev hub", wrongType);
        j.assertLogNotContains("\tat ", wrongType);
    }

    @Test
    void sandboxAuthScratchOrgAuthAndFrontdoorForOrgsThatAreNotRegistered() throws Exception {
        WorkflowRun b = run("""
                def s = sandboxAuth(sandboxName: 'uat', productionOrg: 'prod')
                echo "sandbox=${s.sandboxName} user=${s.sandboxUsername} via=${s.productionOrg} type=${s.orgType}"
                def o = scratchOrgAuth(username: 'test-scratch@example.com')
                echo "scratch=${o.username} hub=${o.devHub} method=${o.method}"
                def url = salesforceFrontdoorUrl(org: 'uat', productionOrg: 'prod')
                echo "frontdoor=${url.contains('/secur/frontdoor.jsp') || url.contains('otp=')}"
                """, Result.SUCCESS);
        j.assertLogContains("sandbox=uat user=admin@acme.com.uat via=prod type=Sandbox", b);
        j.assertLogContains("scratch=test-scratch@example.com hub=prod method=SFDX_AUTH_URL", b);
        j.assertLogContains("frontdoor=true", b);
        assertThat(SalesforceUsage.runsUsing(PipelineOrgsLookup.prod(), 10), contains(b));
    }

    @Test
    void aMaskedBlockForASandboxAndAScratchOrgThatAreNotRegistered() throws Exception {
        j.createOnlineSlave(Label.get("remote"));
        WorkflowRun b = run(
                "node('remote') {\n"
                        + "  withSalesforceOrg(sandbox: 'uat', productionOrg: 'prod') {" + SHOW + "}\n"
                        + "  withSalesforceOrg(scratchOrg: 'test-scratch@example.com') {" + SHOW + "}\n"
                        + "  withSalesforceOrg(sandbox: 'uat') { sh 'echo again=${#SF_ACCESS_TOKEN}' }\n"
                        + "}",
                Result.SUCCESS);
        j.assertLogContains("user=admin@acme.com.uat type=Sandbox id=18", b);
        j.assertLogContains("user=test-scratch@example.com type=Scratch id=18", b);
        j.assertLogContains("plain=****", b);
        assertNoTokenAnywhere(b);
        assertThat(SalesforceUsage.runsUsing(PipelineOrgsLookup.prod(), 10), contains(b));

        String[][] bad = {
            {"withSalesforceOrg(org: 'prod', sandbox: 'uat') { echo 'never' }", "withSalesforceOrg takes one of"},
            {"withSalesforceOrg(productionOrg: 'prod') { echo 'never' }", "withSalesforceOrg takes one of"},
            {
                "withSalesforceOrg(sandbox: 'nosuch', productionOrg: 'prod') { echo 'never' }",
                "sandbox 'nosuch' not found"
            },
        };
        failEachWithOneLine(bad);
    }

    @Test
    void minValidityAsksForATokenThatLastsAndTheBlockSaysWhenItExpires() throws Exception {
        WorkflowRun b = run(
                "node {\n"
                        + "withSalesforceOrg(org: 'prod', minValidity: 10) { sh 'echo \"expires=$SF_TOKEN_EXPIRES_AT\"' }\n"
                        + "echo \"map=${salesforceAccessToken(org: 'prod', minValidity: 60).expiresAt}\"\n"
                        + "withCredentials([salesforceOrg(credentialsId: 'prod', minValidity: 10)]) {"
                        + " sh 'echo \"bound=$SF_TOKEN_EXPIRES_AT\"' }\n"
                        + "}",
                Result.SUCCESS);
        j.assertLogContains("expires=20", b);
        j.assertLogContains("map=20", b);
        j.assertLogContains("bound=20", b);
        assertNoTokenAnywhere(b);

        String[][] bad = {
            {"salesforceAccessToken(org: 'prod', minValidity: 9999)", "'minValidity' is 9999 minutes."},
            {"salesforceAccessToken(org: 'prod', minValidity: 180)", "less than the 180 minutes of 'minValidity'"},
            {"withSalesforceOrg(sandbox: 'uat', minValidity: 5) { echo 'never' }", "applies to registered orgs only"},
        };
        failEachWithOneLine(bad);
    }

    @Test
    void listingTestingAndTheRegistrationSteps() throws Exception {
        PipelineOrgs.add(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "uat-url", null, Secret.fromString(sf.authUrl(sf.uatAdmin))));
        String json = "{\"status\":0,\"result\":{\"username\":\"admin@acme.com.uat\",\"sfdxAuthUrl\":\""
                + sf.authUrl(sf.uatAdmin) + "\"}}";
        PipelineOrgs.add(new org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl(
                CredentialsScope.GLOBAL,
                "uat-json",
                null,
                "org.json",
                com.cloudbees.plugins.credentials.SecretBytes.fromString(java.util.Base64.getEncoder()
                        .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        WorkflowRun b = run("""
                def r = registerSalesforceOrg(id: 'uat', authUrlCredentialsId: 'uat-url', metadata: 'team=core')
                echo "registered=${r.id} type=${r.orgType} meta=${r.metadata}"
                def again = registerSalesforceOrg(id: 'uat', authUrlCredentialsId: 'uat-json')
                echo "upserted=${again.id}"
                echo "sandboxes=${salesforceOrgs(type: 'Sandbox').collect { it.id }}"
                echo "core=${salesforceOrgs(metadata: 'team=core').collect { it.id }}"
                echo "hubs=${salesforceOrgs(devHub: true).collect { it.id }}"
                def u = updateSalesforceOrg(org: 'uat', metadata: '{"team":"billing"}')
                echo "updated=${u.metadata}"
                def t = salesforceTestConnection(org: 'uat')
                echo "ok=${t.ok}"
                removeSalesforceOrg(org: 'uat')
                echo "left=${salesforceOrgs().collect { it.id }}"
                """, Result.SUCCESS);
        j.assertLogContains("registered=uat type=Sandbox meta=[team:core]", b);
        j.assertLogContains("upserted=uat", b);
        j.assertLogContains("sandboxes=[uat]", b);
        j.assertLogContains("core=[uat]", b);
        j.assertLogContains("updated=[team:billing]", b);
        j.assertLogContains("ok=true", b);
        j.assertLogContains("left=[prod]", b);
        assertNoTokenAnywhere(b);
        for (String secret : List.of("force://", sf.authUrl(sf.uatAdmin))) {
            j.assertLogNotContains(secret, b);
        }
    }

    @Test
    void aDevHubFlagLeftOutIsLeftAsItIsByUpdateAndFiltersNothingInTheList() throws Exception {
        PipelineOrgs.add(new SalesforceAuthUrlCredentialsImpl(
                CredentialsScope.GLOBAL, "uat-org", null, Secret.fromString(sf.authUrl(sf.uatAdmin))));
        // prod starts as a Dev Hub and its store's default Dev Hub; uat-org is neither
        WorkflowRun b = run("""
                def show = { m -> "devHub=${m.devHub} default=${m.defaultDevHub} meta=${m.metadata}" }
                echo "metadata only: ${show(updateSalesforceOrg(org: 'prod', metadata: 'team=core'))}"
                echo "default off: ${show(updateSalesforceOrg(org: 'prod', defaultDevHub: false))}"
                echo "metadata again: ${show(updateSalesforceOrg(org: 'prod', metadata: 'team=ci'))}"
                echo "any=${salesforceOrgs().collect { it.id }}"
                echo "hubs=${salesforceOrgs(devHub: true).collect { it.id }}"
                echo "others=${salesforceOrgs(devHub: false).collect { it.id }}"
                echo "hub off: ${show(updateSalesforceOrg(org: 'prod', devHub: false))}"
                echo "metadata while off: ${show(updateSalesforceOrg(org: 'prod', metadata: 'team=x'))}"
                echo "any after: ${salesforceOrgs().collect { it.id }}"
                echo "hubs after: ${salesforceOrgs(devHub: true).collect { it.id }}"
                echo "both on: ${show(updateSalesforceOrg(org: 'prod', devHub: true, defaultDevHub: true))}"
                """, Result.SUCCESS);
        j.assertLogContains("metadata only: devHub=true default=true meta=[team:core]", b);
        j.assertLogContains("default off: devHub=true default=false meta=[team:core]", b);
        j.assertLogContains("metadata again: devHub=true default=false meta=[team:ci]", b);
        j.assertLogContains("any=[prod, uat-org]", b);
        j.assertLogContains("hubs=[prod]", b);
        j.assertLogContains("others=[uat-org]", b);
        j.assertLogContains("hub off: devHub=false default=false meta=[team:ci]", b);
        j.assertLogContains("metadata while off: devHub=false default=false meta=[team:x]", b);
        j.assertLogContains("any after: [prod, uat-org]", b);
        j.assertLogContains("hubs after: []", b);
        j.assertLogContains("both on: devHub=true default=true meta=[team:x]", b);
    }

    @Test
    void registrationLeavesOutFlagsAsSalesforceSaysForANewOrgAndAsTheyWereForARegisteredOne() throws Exception {
        PipelineOrgs.add(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "acme-url", null, Secret.fromString(sf.authUrl(sf.admin))));
        // acme has Dev Hub enabled; registered afresh under another id, then registered again with flags left out
        WorkflowRun b = run("""
                def show = { m ->
                    "${m.id} devHub=${m.devHub} default=${m.defaultDevHub} export=${m.allowAuthUrlExport}"
                }
                removeSalesforceOrg(org: 'prod')
                echo "new: ${show(registerSalesforceOrg(id: 'hub', authUrlCredentialsId: 'acme-url'))}"
                echo "set: ${show(registerSalesforceOrg(authUrlCredentialsId: 'acme-url', defaultDevHub: true,\
                 allowAuthUrlExport: true))}"
                echo "again: ${show(registerSalesforceOrg(authUrlCredentialsId: 'acme-url'))}"
                echo "hub off: ${show(registerSalesforceOrg(authUrlCredentialsId: 'acme-url', devHub: false))}"
                echo "again off: ${show(registerSalesforceOrg(authUrlCredentialsId: 'acme-url'))}"
                echo "export off: ${show(registerSalesforceOrg(authUrlCredentialsId: 'acme-url',\
                 allowAuthUrlExport: false))}"
                """, Result.SUCCESS);
        j.assertLogContains("new: hub devHub=true default=false export=false", b);
        j.assertLogContains("set: hub devHub=true default=true export=true", b);
        j.assertLogContains("again: hub devHub=true default=true export=true", b);
        j.assertLogContains("hub off: hub devHub=false default=false export=true", b);
        j.assertLogContains("again off: hub devHub=false default=false export=true", b);
        j.assertLogContains("export off: hub devHub=false default=false export=false", b);
    }

    @Test
    void registrationFromTheWorkspaceFileOfSfOrgDisplay() throws Exception {
        String json = "{\"status\":0,\"result\":{\"sfdxAuthUrl\":\"" + sf.authUrl(sf.uatAdmin) + "\"}}";
        PipelineOrgs.add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "json", null, Secret.fromString(json)));
        WorkflowRun b = run("""
                node('built-in') {
                  withCredentials([string(credentialsId: 'json', variable: 'JSON')]) {
                    sh 'printf "%s" "$JSON" > org.json'
                  }
                  def r = registerSalesforceOrg(authUrlFile: 'org.json', store: 'system')
                  echo "registered=${r.username}"
                  sh 'rm org.json'
                }
                """, Result.SUCCESS);
        j.assertLogContains("registered=admin@acme.com.uat", b);
        WorkflowRun outside =
                run("node('built-in') { registerSalesforceOrg(authUrlFile: '../x.json') }", Result.FAILURE);
        j.assertLogContains("is not inside the workspace", outside);
    }

    @Test
    void withCredentialsBindingSetsTheSameVariablesMasked() throws Exception {
        j.createOnlineSlave(Label.get("remote"));
        WorkflowRun b = run(
                "node('remote') { withCredentials([salesforceOrg(credentialsId: 'prod')]) {" + SHOW + "} }",
                Result.SUCCESS);
        j.assertLogContains("user=admin@acme.com type=Production id=18", b);
        j.assertLogContains("plain=****", b);
        assertNoTokenAnywhere(b);
        assertThat(SalesforceUsage.runsUsing(PipelineOrgsLookup.prod(), 10), contains(b));
    }

    @Test
    void declarativeCredentialsSetsTheVariablesOfS2AndTheDeclaredName() throws Exception {
        WorkflowRun b = run("""
                pipeline {
                  agent any
                  environment { SF = credentials('prod') }
                  stages {
                    stage('s') {
                      steps {
                        sh 'echo "sf=$SF target=$SF_TARGET_ORG user=$SF_USERNAME url=$SF_INSTANCE_URL"'
                      }
                    }
                  }
                }
                """, Result.SUCCESS);
        j.assertLogContains("sf=**** target=**** user=admin@acme.com url=http://127.0.0.1", b);
        assertNoTokenAnywhere(b);
    }
}
