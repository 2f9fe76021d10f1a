package io.jenkins.plugins.salesforce.emulator;

import static io.jenkins.plugins.salesforce.emulator.EmulatorHttp.json;
import static io.jenkins.plugins.salesforce.emulator.RefreshTokenGrantTest.assertOAuthError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwtBearerGrantTest {
    private static KeyPair appKey;
    private static KeyPair otherKey;
    private SalesforceEmulator emulator;
    private final EmulatorHttp http = new EmulatorHttp();
    private Org prod;
    private User admin;
    private ConnectedApp app;
    private long now;

    @BeforeAll
    static void keys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        appKey = g.generateKeyPair();
        g.initialize(1024);
        otherKey = g.generateKeyPair();
    }

    @BeforeEach
    void seed() {
        emulator = SalesforceEmulator.start();
        prod = emulator.productionOrg("acme").devHub(true);
        app = emulator.connectedApp("3MVG9FAKEjwt.app").certificate(appKey.getPublic());
        admin = prod.user("admin@acme.com").preAuthorize(app);
        now = emulator.clock().instant().getEpochSecond();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    static String assertion(PrivateKey key, String header, String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String claims(String iss, String sub, String aud, long exp) {
        return "{\"iss\":\"" + iss + "\",\"sub\":\"" + sub + "\",\"aud\":\"" + aud + "\",\"exp\":" + exp + "}";
    }

    private HttpResponse<String> grant(String host, String assertion) {
        return http.postForm(
                host,
                "/services/oauth2/token",
                "grant_type",
                "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion",
                assertion);
    }

    private HttpResponse<String> grant(String host, String sub, String aud, long exp) {
        return grant(
                host, assertion(appKey.getPrivate(), "{\"alg\":\"RS256\"}", claims(app.consumerKey(), sub, aud, exp)));
    }

    @Test
    void aSignedAssertionForAPreAuthorisedUserGetsATokenWithoutARefreshToken() {
        HttpResponse<String> r =
                grant(emulator.loginUrl(), "admin@acme.com", "https://login.salesforce.com", now + 180);
        assertThat(r.body(), r.statusCode(), is(200));
        JsonNode body = json(r);
        assertThat(body.get("access_token").asText(), startsWith(prod.id15() + "!"));
        assertThat(body.get("instance_url").asText(), is(prod.instanceUrl()));
        assertThat(body.get("scope").asText(), is("web api"));
        assertThat(body.has("refresh_token"), is(false));
        assertThat(emulator.requests().count(Endpoint.TOKEN, "jwt-bearer"), is(1));
        assertThat(emulator.requests().all().get(0).clientId(), is(app.consumerKey()));
    }

    @Test
    void theEmulatorsOwnLoginUrlIsAcceptedAsAudienceToo() {
        assertThat(
                grant(emulator.loginUrl(), "admin@acme.com", emulator.loginUrl(), now + 180)
                        .statusCode(),
                is(200));
        assertThat(
                grant(prod.instanceUrl(), "admin@acme.com", "https://login.salesforce.com/", now + 180)
                        .statusCode(),
                is(200));
    }

    @Test
    void millisecondExpiryLikeSfdxCoreIsAcceptedUnlessStrict() {
        long millis = emulator.clock().millis() + 300;
        assertThat(
                grant(emulator.loginUrl(), "admin@acme.com", "https://login.salesforce.com", millis)
                        .statusCode(),
                is(200));
        emulator.strictJwtExpiry(true);
        assertOAuthError(
                grant(emulator.loginUrl(), "admin@acme.com", "https://login.salesforce.com", millis),
                "invalid_grant",
                "invalid assertion");
    }

    @Test
    void aPastExpiryIsAnExpiredAuthorizationCode() {
        assertThat(
                grant(emulator.loginUrl(), "admin@acme.com", "https://login.salesforce.com", now - 29)
                        .statusCode(),
                is(200));
        assertOAuthError(
                grant(emulator.loginUrl(), "admin@acme.com", "https://login.salesforce.com", now - 31),
                "invalid_grant",
                "expired authorization code");
    }

    @Test
    void aWrongSignatureAlgorithmOrShapeIsAnInvalidAssertion() {
        String claims = claims(app.consumerKey(), "admin@acme.com", "https://login.salesforce.com", now + 180);
        assertOAuthError(
                grant(emulator.loginUrl(), assertion(otherKey.getPrivate(), "{\"alg\":\"RS256\"}", claims)),
                "invalid_grant",
                "invalid assertion");
        assertOAuthError(
                grant(emulator.loginUrl(), assertion(appKey.getPrivate(), "{\"alg\":\"HS256\"}", claims)),
                "invalid_grant",
                "invalid assertion");
        assertOAuthError(grant(emulator.loginUrl(), "not.a.jwt"), "invalid_grant", "invalid assertion");
        assertOAuthError(
                grant(
                        emulator.loginUrl(),
                        assertion(
                                appKey.getPrivate(),
                                "{\"alg\":\"RS256\"}",
                                "{\"iss\":\"" + app.consumerKey() + "\",\"sub\":\"admin@acme.com\",\"aud\":"
                                        + "\"https://login.salesforce.com\"}")),
                "invalid_grant",
                "invalid assertion");
    }

    @Test
    void anUnknownIssuerIsAnInvalidClientId() {
        String a = assertion(
                appKey.getPrivate(),
                "{\"alg\":\"RS256\"}",
                claims("3MVG9unknown", "admin@acme.com", "https://login.salesforce.com", now + 180));
        assertOAuthError(grant(emulator.loginUrl(), a), "invalid_client_id", "client identifier invalid");
    }

    @Test
    void theAudienceMustMatchTheHostKind() {
        assertOAuthError(
                grant(emulator.loginUrl(), "admin@acme.com", "https://test.salesforce.com", now + 180),
                "invalid_grant",
                "audience is invalid");
        assertOAuthError(
                grant(emulator.loginUrl(), "admin@acme.com", prod.instanceUrl(), now + 180),
                "invalid_grant",
                "audience is invalid");
        assertOAuthError(
                grant(prod.instanceUrl(), "admin@acme.com", "https://test.salesforce.com", now + 180),
                "invalid_grant",
                "user hasn't approved this consumer");
        assertOAuthError(
                grant(emulator.testUrl(), "admin@acme.com", "https://test.salesforce.com", now + 180),
                "invalid_grant",
                "authentication failure");
    }

    @Test
    void sandboxUsersGoThroughTheTestHostWithTheTestAudience() {
        Sandbox uat = prod.sandbox("uat");
        String sub = "admin@acme.com.uat";
        assertThat(uat.userFor(admin).username(), is(sub));
        HttpResponse<String> r = grant(emulator.testUrl(), sub, "https://test.salesforce.com", now + 180);
        assertThat(r.body(), r.statusCode(), is(200));
        assertThat(json(r).get("instance_url").asText(), is(uat.org().instanceUrl()));
        assertThat(
                json(r).get("id").asText(),
                startsWith(emulator.testUrl() + "/id/" + uat.org().id()));
        assertThat(
                grant(uat.org().instanceUrl(), sub, "https://test.salesforce.com", now + 180)
                        .statusCode(),
                is(200));
        assertOAuthError(
                grant(emulator.loginUrl(), sub, "https://login.salesforce.com", now + 180),
                "invalid_grant",
                "authentication failure");
    }

    @Test
    void anUnknownSubjectIsAnAuthenticationFailureAndAnUnapprovedUserIsNotApproved() {
        assertOAuthError(
                grant(emulator.loginUrl(), "nobody@acme.com", "https://login.salesforce.com", now + 180),
                "invalid_grant",
                "authentication failure");
        prod.user("dev@acme.com");
        assertOAuthError(
                grant(emulator.loginUrl(), "dev@acme.com", "https://login.salesforce.com", now + 180),
                "invalid_grant",
                "user hasn't approved this consumer");
    }

    @Test
    void replicationDelayRefusesTheFirstCallsOnANewOrg() {
        ScratchOrgInfo scratch = prod.scratchOrg("test-abc@example.com");
        scratch.org().jwtReplicationDelay(2);
        for (int i = 0; i < 2; i++) {
            assertOAuthError(
                    grant(scratch.loginUrl(), "test-abc@example.com", "https://test.salesforce.com", now + 180),
                    "invalid_grant",
                    "user hasn't approved this consumer");
        }
        assertThat(
                grant(scratch.loginUrl(), "test-abc@example.com", "https://test.salesforce.com", now + 180)
                        .statusCode(),
                is(200));
    }

    @Test
    void inactiveUsersAndOrgsAreRefused() {
        admin.deactivate();
        assertOAuthError(
                grant(emulator.loginUrl(), "admin@acme.com", "https://login.salesforce.com", now + 180),
                "invalid_grant",
                "inactive user");
        admin.activate();
        prod.deactivate();
        assertOAuthError(
                grant(emulator.loginUrl(), "admin@acme.com", "https://login.salesforce.com", now + 180),
                "invalid_grant",
                "inactive organization");
    }

    @Test
    void aJwtSessionExpiresWithTheClock() {
        String token = json(grant(emulator.loginUrl(), "admin@acme.com", "https://login.salesforce.com", now + 180))
                .get("access_token")
                .asText();
        assertThat(
                http.get(prod.instanceUrl(), "/services/oauth2/userinfo", token).statusCode(), is(200));
        emulator.clock().advance(Duration.ofHours(2));
        assertThat(
                http.get(prod.instanceUrl(), "/services/oauth2/userinfo", token).statusCode(), is(403));
    }
}
