package io.jenkins.plugins.salesforce.emulator;

import static io.jenkins.plugins.salesforce.emulator.EmulatorHttp.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefreshTokenGrantTest {
    private SalesforceEmulator emulator;
    private final EmulatorHttp http = new EmulatorHttp();
    private Org prod;
    private User admin;
    private ConnectedApp app;

    @BeforeEach
    void seed() {
        emulator = SalesforceEmulator.start();
        prod = emulator.productionOrg("acme").devHub(true);
        admin = prod.user("admin@acme.com");
        app = emulator.connectedApp("3MVG9FAKEconsumerKey.x1").secret("FAKESECRET123");
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void theFirstOrgAndUserGetTheSpecsFakeIds() {
        assertThat(prod.id(), is("00D000000000001EAA"));
        assertThat(prod.id15(), is("00D000000000001"));
        assertThat(admin.id(), is("005000000000001AAA"));
    }

    @Test
    void authUrlPointsAtTheOrgsInstanceHostAndCarriesKeySecretAndToken() {
        String url = emulator.authUrlFor(admin, app);
        RefreshToken token = admin.refreshTokens().get(0);
        assertThat(
                url,
                is("force://3MVG9FAKEconsumerKey.x1:FAKESECRET123:" + token.value() + "@127.0.0.1:"
                        + prod.instancePort()));
        assertThat(token.value(), matchesPattern("[A-Za-z0-9._]+"));
        assertThat(emulator.authUrlFor(admin), startsWith("force://PlatformCLI::5Aep861"));
    }

    @Test
    void refreshGrantOnTheInstanceHostAnswersLikeSalesforce() {
        RefreshToken token = emulator.issueRefreshToken(admin, app);
        HttpResponse<String> r = http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), token.value());

        assertThat(r.statusCode(), is(200));
        assertThat(r.headers().firstValue("Content-Type").orElse(""), startsWith("application/json"));
        JsonNode body = json(r);
        assertThat(body.get("access_token").asText(), startsWith("00D000000000001!"));
        assertThat(body.get("instance_url").asText(), is(prod.instanceUrl()));
        assertThat(body.get("id").asText(), is(emulator.loginUrl() + "/id/00D000000000001EAA/005000000000001AAA"));
        assertThat(body.get("token_type").asText(), is("Bearer"));
        assertThat(body.get("scope").asText(), is("refresh_token web api"));
        assertThat(body.get("issued_at").isTextual(), is(true));
        assertThat(body.get("issued_at").asText(), is(Long.toString(MutableClock.DEFAULT_START.toEpochMilli())));
        assertThat(
                body.get("signature").asText(),
                is(OAuthEndpoints.signature(
                        app, body.get("id").asText() + body.get("issued_at").asText())));
        assertThat("no refresh_token without rotation", body.has("refresh_token"), is(false));
        assertThat("no expires_in", body.has("expires_in"), is(false));
        assertThat(emulator.accessToken(body.get("access_token").asText()).user(), is(admin));
        assertThat(token.lastUsedAt(), is(MutableClock.DEFAULT_START));
    }

    @Test
    void refreshGrantWorksOnTheLoginHostForProductionButNotOnTheTestHost() {
        RefreshToken token = emulator.issueRefreshToken(admin, emulator.platformCli());
        assertThat(
                http.refresh(emulator.loginUrl(), "PlatformCLI", "", token.value())
                        .statusCode(),
                is(200));
        HttpResponse<String> onTest = http.refresh(emulator.testUrl(), "PlatformCLI", "", token.value());
        assertThat(onTest.statusCode(), is(400));
        assertThat(json(onTest).get("error_description").asText(), is("expired access/refresh token"));
    }

    @Test
    void errorsUseTheOAuthEnvelopeWithStatus400() {
        RefreshToken token = emulator.issueRefreshToken(admin, app);
        assertOAuthError(
                http.refresh(prod.instanceUrl(), "nope", "x", token.value()),
                "invalid_client_id",
                "client identifier invalid");
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), "WRONG", token.value()),
                "invalid_client",
                "invalid client credentials");
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), null, token.value()),
                "invalid_client",
                "invalid client credentials");
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), "5Aep861unknown"),
                "invalid_grant",
                "expired access/refresh token");
        assertOAuthError(
                http.postForm(prod.instanceUrl(), "/services/oauth2/token", "grant_type", "password"),
                "unsupported_grant_type",
                "grant type not supported");
        assertOAuthError(
                http.get(prod.instanceUrl(), "/services/oauth2/token", null), "invalid_request", "Must use HTTP POST");
    }

    @Test
    void revokedExpiredOrPolicyExpiredTokensAreRefused() {
        RefreshToken revoked = emulator.issueRefreshToken(admin, app).revoke();
        RefreshToken expiring =
                emulator.issueRefreshToken(admin, app).expireAt(MutableClock.DEFAULT_START.plus(Duration.ofMinutes(1)));
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), revoked.value()),
                "invalid_grant",
                "expired access/refresh token");
        assertThat(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), expiring.value())
                        .statusCode(),
                is(200));
        emulator.clock().advance(Duration.ofMinutes(1));
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), expiring.value()),
                "invalid_grant",
                "expired access/refresh token");
    }

    @Test
    void idleTtlPolicyCountsFromTheLastUse() {
        app.refreshTokenPolicy(RefreshTokenPolicy.expireIfNotUsedFor(Duration.ofHours(1)));
        RefreshToken token = emulator.issueRefreshToken(admin, app);
        emulator.clock().advance(Duration.ofMinutes(59));
        assertThat(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), token.value())
                        .statusCode(),
                is(200));
        emulator.clock().advance(Duration.ofMinutes(59));
        assertThat(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), token.value())
                        .statusCode(),
                is(200));
        emulator.clock().advance(Duration.ofMinutes(60));
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), token.value()),
                "invalid_grant",
                "expired access/refresh token");
    }

    @Test
    void expireAfterPolicyCountsFromIssue() {
        app.refreshTokenPolicy(RefreshTokenPolicy.expireAfter(Duration.ofDays(1)));
        RefreshToken token = emulator.issueRefreshToken(admin, app);
        emulator.clock().advance(Duration.ofDays(1));
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), token.value()),
                "invalid_grant",
                "expired access/refresh token");
    }

    @Test
    void userAndOrgStateGiveTheirOwnDescriptions() {
        RefreshToken token = emulator.issueRefreshToken(admin, app);
        admin.freeze();
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), token.value()),
                "invalid_grant",
                "inactive user");
        admin.activate();
        prod.ipRestricted(true);
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), token.value()),
                "invalid_grant",
                "ip restricted");
        prod.ipRestricted(false).deactivate();
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), token.value()),
                "invalid_grant",
                "inactive organization");
        prod.activate();
        app.installedOnlyIn(emulator.productionOrg("other"));
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), token.value()),
                "invalid_client_id",
                "client identifier invalid");
    }

    @Test
    void aDeletedOrgsInstanceHostAnswers420DataNotAvailableAndTheLoginHostInactiveOrganization() {
        RefreshToken token = emulator.issueRefreshToken(admin, app);
        prod.delete();
        HttpResponse<String> r = http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), token.value());
        assertThat(r.statusCode(), is(420));
        assertThat(r.headers().firstValue("Content-Type").orElse(""), startsWith("text/html"));
        assertThat(r.body(), containsString("Data Not Available"));
        assertOAuthError(
                http.refresh(emulator.loginUrl(), app.consumerKey(), app.secret(), token.value()),
                "invalid_grant",
                "inactive organization");
    }

    @Test
    void rotationReturnsANewRefreshTokenAndKillsTheOldOneAtOnce() {
        app.rotateRefreshTokens(true);
        RefreshToken first = emulator.issueRefreshToken(admin, app);
        JsonNode body = json(http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), first.value()));
        String second = body.get("refresh_token").asText();
        assertThat(second, not(first.value()));
        assertThat(first.isRevoked(), is(true));
        assertThat(first.revokedBecause(), is("rotated"));
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), first.value()),
                "invalid_grant",
                "expired access/refresh token");
        assertThat(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), second)
                        .statusCode(),
                is(200));
    }

    @Test
    void theSixthApprovalRevokesTheOldestRefreshToken() {
        RefreshToken oldest = emulator.issueRefreshToken(admin, app);
        for (int i = 0; i < 4; i++) {
            emulator.clock().advance(Duration.ofSeconds(1));
            emulator.issueRefreshToken(admin, app);
        }
        assertThat(oldest.isRevoked(), is(false));
        emulator.clock().advance(Duration.ofSeconds(1));
        emulator.issueRefreshToken(admin, app);
        assertThat(oldest.isRevoked(), is(true));
        assertThat(oldest.revokedBecause(), is("approval cap"));
        assertThat(admin.liveRefreshTokens(app), hasSize(5));
        assertOAuthError(
                http.refresh(prod.instanceUrl(), app.consumerKey(), app.secret(), oldest.value()),
                "invalid_grant",
                "expired access/refresh token");
        assertThat(
                "the cap is per app",
                emulator.issueRefreshToken(admin, emulator.platformCli()).isRevoked(),
                is(false));
    }

    @Test
    void instanceUrlChangesBetweenGrantsAndTheOldHostStillAnswersUntilRetired() {
        RefreshToken token = emulator.issueRefreshToken(admin, app);
        String before = prod.instanceUrl();
        String after = prod.changeInstanceUrl();
        assertThat(after, not(before));
        JsonNode body = json(http.refresh(before, app.consumerKey(), app.secret(), token.value()));
        assertThat(body.get("instance_url").asText(), is(after));
        assertThat(prod.formerInstanceUrls(), contains(before));
        prod.retireFormerInstanceUrls();
        Object failure =
                http.sendCatching(java.net.http.HttpRequest.newBuilder(java.net.URI.create(before + "/services/data"))
                        .build());
        assertThat(failure instanceof java.io.IOException, is(true));
    }

    @Test
    void accessTokensExpireWithTheOrgsSessionTimeout() {
        prod.sessionTimeout(Duration.ofMinutes(30));
        String access = http.accessToken(prod.instanceUrl(), emulator.issueRefreshToken(admin, app));
        assertThat(
                http.get(prod.instanceUrl(), "/services/oauth2/userinfo", access)
                        .statusCode(),
                is(200));
        emulator.clock().advance(Duration.ofMinutes(30));
        HttpResponse<String> r = http.get(prod.instanceUrl(), "/services/oauth2/userinfo", access);
        assertThat(r.statusCode(), is(403));
        assertThat(r.body(), is("Bad_OAuth_Token"));
        assertThat(emulator.accessToken(access).expiresAt(), is(notNullValue()));
        assertThat(emulator.accessToken("nope"), is(nullValue()));
    }

    @Test
    void revokingARefreshTokenKillsItsAccessTokens() {
        RefreshToken token = emulator.issueRefreshToken(admin, app);
        String access = http.accessToken(prod.instanceUrl(), token);
        HttpResponse<String> r = http.postForm(prod.instanceUrl(), "/services/oauth2/revoke", "token", token.value());
        assertThat(r.statusCode(), is(200));
        assertThat(r.body(), is(""));
        assertThat(token.isRevoked(), is(true));
        assertThat(
                http.get(prod.instanceUrl(), "/services/oauth2/userinfo", access)
                        .statusCode(),
                is(403));
        HttpResponse<String> q = http.query(prod, access, false, "SELECT Id FROM Organization");
        assertThat(q.statusCode(), is(401));
        assertThat(json(q).get(0).get("errorCode").asText(), is("INVALID_SESSION_ID"));
        assertThat(json(q).get(0).get("message").asText(), is("Session expired or invalid"));
    }

    @Test
    void revokeAcceptsGetAndRefusesUnknownTokens() {
        String access = emulator.issueAccessToken(admin, app).value();
        assertThat(
                http.get(emulator.loginUrl(), "/services/oauth2/revoke?token=" + access, null)
                        .statusCode(),
                is(200));
        assertThat(emulator.accessToken(access).isRevoked(), is(true));
        assertOAuthError(
                http.postForm(emulator.loginUrl(), "/services/oauth2/revoke", "token", "nope"),
                "invalid_token",
                "invalid token");
    }

    @Test
    void introspectNeedsTheAppsCredentialsAndReportsActiveTokens() {
        AccessToken access = emulator.issueAccessToken(admin, app);
        JsonNode active = json(http.postForm(
                emulator.loginUrl(),
                "/services/oauth2/introspect",
                "token",
                access.value(),
                "token_type_hint",
                "access_token",
                "client_id",
                app.consumerKey(),
                "client_secret",
                app.secret()));
        assertThat(active.get("active").asBoolean(), is(true));
        assertThat(active.get("username").asText(), is("admin@acme.com"));
        assertThat(active.get("token_type").asText(), is("access_token"));
        assertThat(active.get("exp").asLong(), is(access.expiresAt().getEpochSecond()));
        assertThat(active.get("sub").asText(), endsWith("/id/00D000000000001EAA/005000000000001AAA"));
        access.revoke();
        JsonNode inactive = json(http.postForm(
                emulator.loginUrl(),
                "/services/oauth2/introspect",
                "token",
                access.value(),
                "client_id",
                app.consumerKey(),
                "client_secret",
                app.secret()));
        assertThat(inactive.toString(), is("{\"active\":false}"));
        assertOAuthError(
                http.postForm(
                        emulator.loginUrl(),
                        "/services/oauth2/introspect",
                        "token",
                        access.value(),
                        "client_id",
                        "PlatformCLI"),
                "invalid_client",
                "invalid client credentials");
    }

    static void assertOAuthError(HttpResponse<String> r, String error, String description) {
        assertThat(r.body(), r.statusCode(), is(400));
        JsonNode body = json(r);
        assertThat(body.get("error").asText(), is(error));
        assertThat(body.get("error_description").asText(), is(description));
    }
}
