package io.jenkins.plugins.salesforce.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import hudson.model.Result;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.core.oauth.TestKeys;
import io.jenkins.plugins.salesforce.credentials.SalesforceClientCredentialsImpl;
import io.jenkins.plugins.salesforce.credentials.SalesforceJwtCredentialsImpl;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code registerSalesforceOrg} registers JWT and client credentials orgs too, each secret read from a workspace file
 * or a Secret text / Secret file credential, and the org works at once in the same build.
 */
@WithJenkins
class RegisterEveryKindPipelineTest {
    private static final String CLIENT_SECRET = "CCFAKESECRET-step";

    private JenkinsRule j;
    private PipelineOrgs sf;
    private KeyPair key;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new PipelineOrgs();
        PipelineOrgs.allowEmulator();
        SalesforceConfiguration.get().setTrustSystemBuilds(true); // the builds run as SYSTEM
        key = TestKeys.rsa();
        sf.app.certificate(key.getPublic()).secret(CLIENT_SECRET);
        sf.app.clientCredentialsUser(sf.acme.user("integration@acme.com"));
        PipelineOrgs.add(new FileCredentialsImpl(
                CredentialsScope.GLOBAL,
                "jwt-key",
                null,
                "server.key",
                SecretBytes.fromBytes(TestKeys.pkcs8(key.getPrivate()).getBytes(StandardCharsets.UTF_8))));
        PipelineOrgs.add(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "app-secret", null, Secret.fromString(CLIENT_SECRET)));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, p.scheduleBuild2(0));
    }

    private static <C extends SalesforceOrgCredentials> C stored(Class<C> type, String id) {
        return CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2, List.of()).stream()
                .filter(c -> c.getId().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " '" + id + "'"));
    }

    @Test
    void aJwtOrgFromAKeyInASecretFileCredential() throws Exception {
        WorkflowRun b = run("""
            def org = registerSalesforceOrg(type: 'jwt', id: 'hub', clientId: '%s', loginUrl: '%s',
                username: 'admin@acme.com', privateKeyCredentialsId: 'jwt-key')
            echo "registered=${org.id} type=${org.credentialType} org=${org.orgId}"
            echo "user=${salesforceAccessToken(org: 'hub').username}"
            """.formatted(sf.app.consumerKey(), sf.emulator.loginUrl()), Result.SUCCESS);
        j.assertLogContains("registered=hub type=JWT bearer org=" + sf.acme.id(), b);
        j.assertLogContains("user=admin@acme.com", b);
        j.assertLogNotContains("PRIVATE KEY", b);
        assertThat(
                "the key of the Secret file (compared without printing it)",
                stored(SalesforceJwtCredentialsImpl.class, "hub")
                        .getPrivateKey()
                        .getPlainText()
                        .equals(TestKeys.pkcs8(key.getPrivate())),
                is(true));
        assertThat(PipelineOrgs.filesContaining(b.getRootDir().toPath(), "PRIVATE KEY"), is(empty()));
    }

    @Test
    void aJwtOrgFromAKeyFileInTheWorkspace() throws Exception {
        String pem = TestKeys.pkcs8(key.getPrivate()).replace("\n", "\\n");
        WorkflowRun b = run("""
            node('built-in') {
              writeFile file: 'keys/server.key', text: '%s'
              def org = registerSalesforceOrg(type: 'jwt', clientId: '%s', loginUrl: '%s',
                  username: 'admin@acme.com', privateKeyFile: 'keys/server.key')
              echo "registered=${org.username}"
            }
            """.formatted(pem, sf.app.consumerKey(), sf.emulator.loginUrl()), Result.SUCCESS);
        j.assertLogContains("registered=admin@acme.com", b);
    }

    @Test
    void aClientCredentialsOrgFromASecretTextCredential() throws Exception {
        WorkflowRun b = run("""
            def org = registerSalesforceOrg(type: 'clientCredentials', id: 'integration', clientId: '%s',
                myDomainUrl: '%s', clientSecretCredentialsId: 'app-secret')
            echo "registered=${org.username} type=${org.credentialType}"
            """.formatted(sf.app.consumerKey(), sf.acme.instanceUrl()), Result.SUCCESS);
        j.assertLogContains("registered=integration@acme.com type=client credentials", b);
        j.assertLogNotContains(CLIENT_SECRET, b);
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.CLIENT_CREDENTIALS), is(1));
        assertThat(
                stored(SalesforceClientCredentialsImpl.class, "integration")
                        .getClientSecret()
                        .getPlainText(),
                is(CLIENT_SECRET));
    }

    @Test
    void mistakesFailTheStepWithOneLineNamingTheParameterAndWriteNothing() throws Exception {
        String[][] cases = {
            {
                "registerSalesforceOrg(type: 'jwt', clientId: 'c', loginUrl: 'https://login.salesforce.com')",
                "Give the org's secret"
            },
            {
                "registerSalesforceOrg(privateKeyFile: 'a.key', privateKeyCredentialsId: 'jwt-key')",
                "Give privateKeyFile or privateKeyCredentialsId, not both"
            },
            {
                "registerSalesforceOrg(type: 'clientCredentials', clientId: 'c', myDomainUrl:"
                        + " 'https://acme.my.salesforce.com', clientSecretCredentialsId: 'nope')",
                "clientSecretCredentialsId: no credential 'nope' is visible to this build"
            },
            {
                "registerSalesforceOrg(type: 'clientCredentials', clientId: 'c', myDomainUrl:"
                        + " 'https://acme.my.salesforce.com', clientSecretCredentialsId: 'app-secret', loginUrl:"
                        + " 'https://login.salesforce.com')",
                "'loginUrl' is not part of a registration with client credentials"
            },
            {"registerSalesforceOrg(type: 'password', clientSecretCredentialsId: 'app-secret')", "'type' is 'password'"
            },
        };
        for (String[] c : cases) {
            WorkflowRun b = run(c[0], Result.FAILURE);
            j.assertLogContains(c[1], b);
            j.assertLogNotContains("\tat ", b);
            j.assertLogNotContains(CLIENT_SECRET, b);
        }
        assertThat(
                CredentialsProvider.lookupCredentialsInItemGroup(
                        SalesforceOrgCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of()),
                is(empty()));
        assertThat(sf.emulator.requests().total(), is(0));
    }
}
