package io.jenkins.plugins.salesforce.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.slaves.DumbSlave;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import jenkins.security.MasterToSlaveCallable;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** A credential sent to an agent carries no secret: the auth URL and the private key stay on the controller. */
@WithJenkins
class AgentSerializationTest {
    static final String AUTH_URL = "force://PlatformCLI::5AepAGENTCANARY@acme.my.salesforce.com";
    static final String KEY = "-----BEGIN PRIVATE KEY-----\nAGENTKEYCANARY\n-----END PRIVATE KEY-----";

    /** Runs on the agent: describes what arrived, in Java serialization bytes, to look for the canaries. */
    private static final class WhatArrived extends MasterToSlaveCallable<String, Exception> {
        private static final long serialVersionUID = 1L;
        private final SalesforceOrgCredentials credential;

        WhatArrived(SalesforceOrgCredentials credential) {
            this.credential = credential;
        }

        @Override
        public String call() throws Exception {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(credential);
            }
            return credential.getClass().getSimpleName() + " " + credential.getId() + " " + credential.getUsername()
                    + " " + bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void anAgentGetsTheFactsButNoSecret(JenkinsRule j) throws Exception {
        DumbSlave agent = j.createOnlineSlave();
        SalesforceAuthUrlCredentialsImpl authUrl =
                new SalesforceAuthUrlCredentialsImpl(CredentialsScope.GLOBAL, "prod", null, Secret.fromString(AUTH_URL));
        authUrl.setUsername("admin@acme.com");
        SalesforceJwtCredentialsImpl jwt = new SalesforceJwtCredentialsImpl(
                CredentialsScope.GLOBAL, "ci", null, "client", Secret.fromString(KEY), "ci@acme.com");

        String a = agent.getChannel().call(new WhatArrived(authUrl));
        assertThat(a, containsString("AgentOrgCredentials prod admin@acme.com"));
        assertThat(a, not(containsString("AGENTCANARY")));
        String b = agent.getChannel().call(new WhatArrived(jwt));
        assertThat(b, containsString("AgentOrgCredentials ci ci@acme.com"));
        assertThat(b, not(containsString("AGENTKEYCANARY")));
        SalesforceClientCredentialsImpl app = new SalesforceClientCredentialsImpl(
                CredentialsScope.GLOBAL,
                "integration",
                null,
                "client",
                Secret.fromString("AGENTCLIENTSECRETCANARY"),
                "https://acme.my.salesforce.com");
        app.setUsername("integration@acme.com");
        String c = agent.getChannel().call(new WhatArrived(app));
        assertThat(c, containsString("AgentOrgCredentials integration integration@acme.com"));
        assertThat(c, not(containsString("AGENTCLIENTSECRETCANARY")));
        // On the controller the credential is itself.
        assertThat(authUrl.writeReplace() == authUrl, is(true));
    }
}
