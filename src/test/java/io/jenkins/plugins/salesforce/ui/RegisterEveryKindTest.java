package io.jenkins.plugins.salesforce.ui;

import static hudson.cli.CLICommandInvoker.Matcher.failedWith;
import static hudson.cli.CLICommandInvoker.Matcher.succeeded;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.cli.CLICommandInvoker;
import hudson.security.ACL;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.core.oauth.TestKeys;
import io.jenkins.plugins.salesforce.credentials.SalesforceClientCredentialsImpl;
import io.jenkins.plugins.salesforce.credentials.SalesforceJwtCredentialsImpl;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.User;
import java.security.KeyPair;
import java.util.List;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * JWT and client credentials orgs register through the REST API and the CLI as auth URL orgs do: validated with
 * Salesforce first, with the secret in the JSON body or on stdin, never in a URL or an argument, and never in an
 * answer.
 */
@WithJenkins
class RegisterEveryKindTest {
    private static final String CLIENT_SECRET = "CCFAKESECRET-register";

    private JenkinsRule j;
    private Emulated sf;
    private KeyPair key;
    private User integration;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        sf = new Emulated(j);
        key = TestKeys.rsa();
        sf.app.certificate(key.getPublic()).secret(CLIENT_SECRET);
        integration = sf.acme.user("integration@acme.com");
        sf.app.clientCredentialsUser(integration);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private String pem() {
        return TestKeys.pkcs8(key.getPrivate());
    }

    private static <C extends SalesforceOrgCredentials> C stored(Class<C> type, String id) {
        return CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2, List.of()).stream()
                .filter(c -> c.getId().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " '" + id + "'"));
    }

    @Test
    void restRegistersAJwtOrgFromTheKeyInTheBody() throws Exception {
        String body = Json.mapper()
                .createObjectNode()
                .put("type", "jwt")
                .put("id", "hub")
                .put("clientId", sf.app.consumerKey())
                .put("loginUrl", sf.emulator.loginUrl())
                .put("username", "admin@acme.com")
                .put("privateKey", pem())
                .put("devHub", true)
                .toString();
        Emulated.Answer a = sf.post("admin", "register", body);
        assertThat(a.toString(), a.status(), is(201));
        assertThat(a.json().get("credentialType").asText(), is("JWT bearer"));
        assertThat(a.json().get("orgId").asText(), is(sf.acme.id()));
        assertThat(a.json().get("devHub").asBoolean(), is(true));
        assertThat(a.text(), not(containsString("PRIVATE KEY")));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
        SalesforceJwtCredentialsImpl c = stored(SalesforceJwtCredentialsImpl.class, "hub");
        assertThat("the key as sent", c.getPrivateKey().getPlainText().equals(pem()), is(true));
        assertThat(c.getUsername(), is("admin@acme.com"));
    }

    @Test
    void restRegistersAClientCredentialsOrgAndDiscoversTheRunAsUser() throws Exception {
        String body = "{\"type\": \"clientCredentials\", \"id\": \"integration\", \"clientId\": \""
                + sf.app.consumerKey() + "\", \"clientSecret\": \"" + CLIENT_SECRET + "\", \"myDomainUrl\": \""
                + sf.acme.instanceUrl() + "\"}";
        Emulated.Answer a = sf.post("admin", "register", body);
        assertThat(a.toString(), a.status(), is(201));
        assertThat(a.json().get("username").asText(), is("integration@acme.com"));
        assertThat(a.text(), not(containsString(CLIENT_SECRET)));
        assertThat(
                stored(SalesforceClientCredentialsImpl.class, "integration")
                        .getClientSecret()
                        .getPlainText(),
                is(CLIENT_SECRET));
    }

    @Test
    void restRefusesAFieldOfAnotherTypeAndASecretInTheQueryStringBeforeAnyCall() throws Exception {
        String mixed = "{\"type\": \"clientCredentials\", \"clientId\": \"" + sf.app.consumerKey()
                + "\", \"clientSecret\": \"" + CLIENT_SECRET + "\", \"myDomainUrl\": \"" + sf.acme.instanceUrl()
                + "\", \"loginUrl\": \"https://login.salesforce.com\"}";
        Emulated.Answer refused = sf.post("admin", "register", mixed);
        assertThat(refused.toString(), refused.status(), is(400));
        assertThat(refused.json().get("message").asText(), containsString("'loginUrl' is not part of"));
        assertThat(refused.text(), not(containsString(CLIENT_SECRET)));

        // query parameters are never read for a secret: the body has none, so there is nothing to register
        Emulated.Answer query = sf.post("admin", "register?type=clientCredentials&clientSecret=" + CLIENT_SECRET, "{}");
        assertThat(query.toString(), query.status(), is(400));
        assertThat(query.text(), not(containsString(CLIENT_SECRET)));
        assertThat(sf.calls(), is(0));
        assertThat(sf.get("admin", "orgs").json().size(), is(0));
    }

    @Test
    void cliRegistersAJwtOrgWithTheKeyOnStdin() {
        CLICommandInvoker.Result r = Cli.run(
                j,
                "admin",
                pem(),
                "salesforce-register",
                "--type",
                "jwt",
                "--id",
                "hub",
                "--client-id",
                sf.app.consumerKey(),
                "--login-url",
                sf.emulator.loginUrl(),
                "--username",
                "admin@acme.com");
        assertThat(r.stderr(), r, succeeded());
        assertThat(r.stdout(), containsString("\"credentialType\" : \"JWT bearer\""));
        assertThat(r.stdout(), not(containsString("PRIVATE KEY")));
        // compared without printing: a failing assertion would show the key
        assertThat(
                "the key as sent on stdin, without its final line break",
                stored(SalesforceJwtCredentialsImpl.class, "hub")
                        .getPrivateKey()
                        .getPlainText()
                        .equals(pem().strip()),
                is(true));
    }

    @Test
    void cliTakesAnEncryptedKeyAndItsPassphraseAsAJsonObjectOnStdin() throws Exception {
        String encrypted = TestKeys.encryptedPkcs8(key.getPrivate(), "s3cret-phrase");
        String stdin = Json.mapper()
                .createObjectNode()
                .put("privateKey", encrypted)
                .put("passphrase", "s3cret-phrase")
                .toString();
        CLICommandInvoker.Result r = Cli.run(
                j,
                "admin",
                stdin,
                "salesforce-register",
                "--type",
                "jwt",
                "--client-id",
                sf.app.consumerKey(),
                "--login-url",
                sf.emulator.loginUrl(),
                "--username",
                "admin@acme.com");
        assertThat(r.stderr(), r, succeeded());
        assertThat(r.stdout(), not(containsString("s3cret-phrase")));
    }

    @Test
    void cliRegistersAClientCredentialsOrgWithTheSecretOnStdin() {
        CLICommandInvoker.Result r = Cli.run(
                j,
                "admin",
                CLIENT_SECRET + "\n",
                "salesforce-register",
                "--type",
                "client-credentials",
                "--id",
                "integration",
                "--client-id",
                sf.app.consumerKey(),
                "--my-domain-url",
                sf.acme.instanceUrl());
        assertThat(r.stderr(), r, succeeded());
        assertThat(r.stdout(), containsString("integration@acme.com"));
        assertThat(r.stdout(), not(containsString(CLIENT_SECRET)));
    }

    @Test
    void cliRefusesALoginHostForClientCredentialsNamingTheOption() {
        CLICommandInvoker.Result r = Cli.run(
                j,
                "admin",
                CLIENT_SECRET,
                "salesforce-register",
                "--type",
                "client-credentials",
                "--client-id",
                sf.app.consumerKey(),
                "--my-domain-url",
                "https://login.salesforce.com");
        assertThat(r, failedWith(3));
        assertThat(r.stderr(), containsString("My Domain"));
        assertThat(r.stderr(), not(containsString(CLIENT_SECRET)));
        assertThat(sf.calls(), is(0));
        assertThat(
                CredentialsProvider.lookupCredentialsInItemGroup(
                        SalesforceOrgCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of()),
                is(empty()));
    }
}
