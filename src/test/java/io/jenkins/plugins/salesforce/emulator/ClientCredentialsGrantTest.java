package io.jenkins.plugins.salesforce.emulator;

import static io.jenkins.plugins.salesforce.emulator.EmulatorHttp.json;
import static io.jenkins.plugins.salesforce.emulator.RefreshTokenGrantTest.assertOAuthError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's client credentials grant answers as Salesforce does at a My Domain and at login or test. */
class ClientCredentialsGrantTest {
    private static final String KEY = "3MVG9FAKEclient.credentials";
    private static final String SECRET = "cc-secret-9f2a";

    private SalesforceEmulator emulator;
    private final EmulatorHttp http = new EmulatorHttp();
    private Org prod;
    private User integration;
    private ConnectedApp app;

    @BeforeEach
    void seed() {
        emulator = SalesforceEmulator.start();
        prod = emulator.productionOrg("acme");
        integration = prod.user("integration@acme.com");
        app = emulator.connectedApp(KEY).secret(SECRET).clientCredentialsUser(integration);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private HttpResponse<String> grant(String host, String clientId, String clientSecret) {
        return http.postForm(
                host,
                "/services/oauth2/token",
                "grant_type",
                "client_credentials",
                "client_id",
                clientId,
                "client_secret",
                clientSecret);
    }

    @Test
    void theKeyAndSecretAtTheMyDomainGetATokenForTheRunAsUserWithoutARefreshToken() {
        HttpResponse<String> r = grant(prod.instanceUrl(), KEY, SECRET);
        assertThat(r.body(), r.statusCode(), is(200));
        JsonNode body = json(r);
        assertThat(body.get("access_token").asText(), startsWith(prod.id15() + "!"));
        assertThat(body.get("instance_url").asText(), is(prod.instanceUrl()));
        assertThat(body.get("id").asText(), endsWith(integration.id()));
        assertThat(body.get("scope").asText(), is("api"));
        assertThat(body.has("refresh_token"), is(false));
        assertThat(emulator.requests().count(Endpoint.TOKEN, "client_credentials"), is(1));
    }

    @Test
    void loginAndTestDoNotSupportTheRequest() {
        assertOAuthError(
                grant(emulator.loginUrl(), KEY, SECRET), "invalid_grant", "request not supported on this domain");
        assertOAuthError(
                grant(emulator.testUrl(), KEY, SECRET), "invalid_grant", "request not supported on this domain");
    }

    @Test
    void anAppWithoutARunAsUserInThisOrgHasNoClientCredentialsUser() {
        app.clientCredentialsUser(null);
        assertOAuthError(grant(prod.instanceUrl(), KEY, SECRET), "invalid_grant", "no client credentials user enabled");
        Org other = emulator.productionOrg("globex");
        app.clientCredentialsUser(integration);
        assertOAuthError(
                grant(other.instanceUrl(), KEY, SECRET), "invalid_grant", "no client credentials user enabled");
    }

    @Test
    void aWrongOrMissingSecretIsInvalidClientCredentials() {
        assertOAuthError(grant(prod.instanceUrl(), KEY, "wrong"), "invalid_client", "invalid client credentials");
        HttpResponse<String> noSecret = http.postForm(
                prod.instanceUrl(), "/services/oauth2/token", "grant_type", "client_credentials", "client_id", KEY);
        assertOAuthError(noSecret, "invalid_client", "invalid client credentials");
    }

    @Test
    void anUnknownKeyIsAnInvalidClientId() {
        assertOAuthError(
                grant(prod.instanceUrl(), "3MVG9unknown", SECRET), "invalid_client_id", "client identifier invalid");
    }

    @Test
    void anInactiveRunAsUserIsRefusedLikeAnyLogin() {
        integration.deactivate();
        assertOAuthError(grant(prod.instanceUrl(), KEY, SECRET), "invalid_grant", "inactive user");
    }
}
