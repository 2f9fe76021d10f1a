package io.jenkins.plugins.salesforce.ui;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import io.jenkins.plugins.salesforce.emulator.Sandbox;
import io.jenkins.plugins.salesforce.emulator.User;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The REST actions over the core flows, against the emulator: a JIT sandbox registered by name and its token, sandbox
 * authenticate for a sandbox that is not registered, scratch authenticate from the Dev Hub's ScratchOrgInfo, and
 * frontdoor URLs (JSON and redirect).
 */
@WithJenkins
class FlowsRestTest {
    private Emulated sf;
    private Sandbox uat;
    private User uatAdmin;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        sf = new Emulated(j);
        uat = sf.acme.sandbox("uat").createdBy(sf.admin).sandboxAuthReturnsTestLoginUrl(false);
        uatAdmin = uat.userFor(sf.admin).preAuthorize(sf.app);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
        Emulated.Answer a = sf.post(
                "admin",
                "register",
                "{\"sfdxAuthUrl\": \"" + sf.authUrl(sf.admin) + "\", \"id\": \"prod\", \"devHub\": true}");
        assertThat(a.toString(), a.status(), is(201));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    @Test
    void aJitSandboxRegisteredByNameGetsTokensThroughItsProductionOrg() throws Exception {
        Emulated.Answer a = sf.post(
                "admin",
                "registerJitSandbox",
                "{\"sandboxName\": \"uat\", \"productionOrg\": \"admin@acme.com\", \"id\": \"uat\"}");
        assertThat(a.toString(), a.status(), is(201));
        assertThat(a.json().get("jitSandbox").asBoolean(), is(true));
        assertThat(a.json().get("productionOrg").asText(), is("prod"));
        assertThat(a.json().get("orgType").asText(), is("Sandbox"));
        assertThat(
                "known at registration, as sfp-server answers it",
                a.json().get("username").asText(),
                is(uatAdmin.username()));
        assertThat(a.json().get("instanceUrl").asText(), is(uat.org().instanceUrl()));
        assertThat(
                "no login yet: no code exchanged",
                sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE),
                is(0));

        JsonNode token = sf.post("admin", "accessToken", "{\"org\": \"uat\"}").json();
        assertThat(token.toString(), token.get("username").asText(), is(uatAdmin.username()));
        assertThat(
                sf.post("admin", "testConnection", "{\"org\": \"uat\"}")
                        .json()
                        .get("ok")
                        .asBoolean(),
                is(true));
        Emulated.Answer noUrl = sf.post("admin", "org", "{\"org\": \"uat\", \"authType\": \"sfdxAuthUrl\"}");
        assertThat(noUrl.status(), is(409));

        Emulated.Answer removeProd = sf.post("admin", "remove", "{\"org\": \"prod\"}");
        assertThat(removeProd.status(), is(409));
        assertThat(removeProd.json().get("message").asText(), containsString("'uat'"));
    }

    @Test
    void sandboxAuthenticateForASandboxThatIsNotRegistered() throws Exception {
        Emulated.Answer a = sf.post("admin", "sandboxAuthenticate", "{\"sandboxName\": \"uat\", \"frontdoor\": true}");
        assertThat(a.toString(), a.status(), is(201));
        JsonNode r = a.json();
        assertThat(r.get("sandboxUsername").asText(), is(uatAdmin.username()));
        assertThat(r.get("productionOrg").get("id").asText(), is("prod"));
        assertThat(r.get("accessToken").asText().isEmpty(), is(false));
        assertThat(r.get("frontDoorUrl").asText(), containsString("frontdoor.jsp"));
        assertThat(
                sf.post("admin", "sandboxAuthenticate", "{\"sandboxName\": \"nope\"}")
                        .status(),
                is(404));
        assertThat(sf.post("admin", "sandboxAuthenticate", "{}").status(), is(400));
    }

    @Test
    void scratchAuthenticateFromTheDevHub() throws Exception {
        sf.acme.scratchOrg("test-abc@example.com").withSfdxAuthUrl();
        Emulated.Answer a = sf.post("admin", "scratchAuthenticate", "{\"username\": \"test-abc@example.com\"}");
        assertThat(a.toString(), a.status(), is(200));
        assertThat(a.json().get("username").asText(), is("test-abc@example.com"));
        assertThat(a.json().get("devHub").get("id").asText(), is("prod"));
        assertThat(
                sf.post("admin", "scratchAuthenticate", "{\"username\": \"none@example.com\"}")
                        .status(),
                is(404));
    }

    @Test
    void frontdoorAsJsonOrRedirect() throws Exception {
        JsonNode url = sf.post("admin", "frontdoor", "{\"target\": \"prod\"}").json();
        assertThat(url.toString(), url.get("source").asText(), is("REGISTERED_ORG"));
        assertThat(url.get("url").asText(), startsWith(sf.acme.instanceUrl()));
        Emulated.Answer redirect = sf.post("admin", "frontdoor", "{\"target\": \"prod\", \"redirect\": true}");
        assertThat(redirect.status(), is(302));
        assertThat(sf.post("admin", "frontdoor", "{}").status(), is(400));
        assertThat(sf.post("admin", "frontdoor", "{\"target\": \"nothing\"}").status(), is(404));
    }

    @Test
    void theOtherAcceptedFieldNamesNameTheProductionOrgAndTheDevHubAndTheDocumentedNameWins() throws Exception {
        sf.acme.scratchOrg("test-abc@example.com").withSfdxAuthUrl();
        String nobody = "nobody@acme.com";

        Emulated.Answer viaProductionUsername = sf.post(
                "admin",
                "sandboxAuthenticate",
                "{\"sandboxName\": \"uat\", \"productionUsername\": \"" + nobody + "\"}");
        assertThat(viaProductionUsername.toString(), viaProductionUsername.status(), is(404));
        Emulated.Answer bothNames = sf.post(
                "admin",
                "sandboxAuthenticate",
                "{\"sandboxName\": \"uat\", \"productionOrg\": \"prod\", \"productionUsername\": \"" + nobody + "\"}");
        assertThat(bothNames.toString(), bothNames.status(), is(201));

        Emulated.Answer viaDevHubUsername = sf.post(
                "admin",
                "scratchAuthenticate",
                "{\"username\": \"test-abc@example.com\", \"devHubUsername\": \"" + nobody + "\"}");
        assertThat(viaDevHubUsername.toString(), viaDevHubUsername.status(), is(404));
        Emulated.Answer hubBothNames = sf.post(
                "admin",
                "scratchAuthenticate",
                "{\"username\": \"test-abc@example.com\", \"devHub\": \"prod\", \"devHubUsername\": \"" + nobody
                        + "\"}");
        assertThat(hubBothNames.toString(), hubBothNames.status(), is(200));

        Emulated.Answer viaProdOrg =
                sf.post("admin", "frontdoor", "{\"target\": \"uat\", \"prodOrg\": \"" + nobody + "\"}");
        assertThat(viaProdOrg.toString(), viaProdOrg.status(), is(404));
        Emulated.Answer frontdoorBothNames = sf.post(
                "admin",
                "frontdoor",
                "{\"target\": \"uat\", \"productionOrg\": \"prod\", \"prodOrg\": \"" + nobody + "\"}");
        assertThat(frontdoorBothNames.toString(), frontdoorBothNames.status(), is(200));

        Emulated.Answer registered = sf.post(
                "admin",
                "registerJitSandbox",
                "{\"sandboxName\": \"uat\", \"productionUsername\": \"admin@acme.com\", \"id\": \"uat\"}");
        assertThat(registered.toString(), registered.status(), is(201));
        assertThat(registered.json().get("productionOrg").asText(), is("prod"));
    }
}
