package io.jenkins.plugins.salesforce.emulator;

import static io.jenkins.plugins.salesforce.emulator.DataApiTest.assertRestError;
import static io.jenkins.plugins.salesforce.emulator.EmulatorHttp.json;
import static io.jenkins.plugins.salesforce.emulator.RefreshTokenGrantTest.assertOAuthError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxAndAuthCodeTest {
    private static final String SANDBOX_PROCESS_SOQL = "SELECT Id,Status,SandboxName,SandboxInfoId,LicenseType,"
            + "CreatedDate,CopyProgress,SandboxOrganization,SourceId,Description,EndDate,Features FROM SandboxProcess "
            + "WHERE SandboxName='UAT' ORDER BY CreatedDate DESC";
    private static final String CALLBACK = "http://localhost:1717/OauthRedirect";

    private SalesforceEmulator emulator;
    private final EmulatorHttp http = new EmulatorHttp();
    private Org prod;
    private User admin;
    private Sandbox uat;
    private String prodToken;

    @BeforeEach
    void seed() {
        emulator = SalesforceEmulator.start();
        prod = emulator.productionOrg("acme");
        admin = prod.user("admin@acme.com");
        uat = prod.sandbox("uat");
        prodToken = http.accessToken(prod.instanceUrl(), emulator.issueRefreshToken(admin, emulator.platformCli()));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private HttpResponse<String> sandboxAuth(String name, String callback) {
        return http.postJson(
                prod.instanceUrl(),
                "/services/data/v66.0/tooling/sandboxAuth",
                prodToken,
                "{\"clientId\":\"PlatformCLI\",\"sandboxName\":\"" + name + "\",\"callbackUrl\":\"" + callback + "\"}");
    }

    private HttpResponse<String> exchange(String host, String code, String redirectUri) {
        return http.postForm(
                host,
                "/services/oauth2/token",
                "grant_type",
                "authorization_code",
                "code",
                code,
                "client_id",
                "PlatformCLI",
                "redirect_uri",
                redirectUri);
    }

    @Test
    void sandboxProcessQueryMatchesTheNameCaseInsensitively() {
        HttpResponse<String> r = http.query(prod, prodToken, true, SANDBOX_PROCESS_SOQL);
        assertThat(r.body(), r.statusCode(), is(200));
        JsonNode body = json(r);
        assertThat(body.get("size").asInt(), is(1));
        assertThat(body.get("entityTypeName").asText(), is("SandboxProcess"));
        assertThat(body.get("queryLocator").isNull(), is(true));
        JsonNode row = body.get("records").get(0);
        assertThat(
                row.get("attributes").get("url").asText(),
                startsWith("/services/data/v66.0/tooling/sobjects/" + "SandboxProcess/0GR"));
        assertThat(row.get("Status").asText(), is("Completed"));
        assertThat(row.get("SandboxName").asText(), is("uat"));
        assertThat(row.get("SandboxOrganization").asText(), is(uat.org().id15()));
        assertThat(row.get("EndDate").asText(), endsWith("+0000"));
        assertThat(row.get("CopyProgress").asInt(), is(100));
    }

    @Test
    void sandboxInfoQueryAndItsDeletedFlag() {
        uat.delete();
        JsonNode row = json(http.query(
                        prod,
                        prodToken,
                        true,
                        "SELECT Id,IsDeleted,SandboxName,LicenseType FROM " + "SandboxInfo WHERE SandboxName='uat'"))
                .get("records")
                .get(0);
        assertThat(row.get("IsDeleted").asBoolean(), is(true));
        assertThat(row.get("LicenseType").asText(), is("DEVELOPER"));
    }

    @Test
    void refreshLeavesADeletedRowBehindAndDuplicateGivesTwoLiveRows() {
        Org before = uat.org();
        uat.refresh();
        JsonNode records =
                json(http.query(prod, prodToken, true, SANDBOX_PROCESS_SOQL)).get("records");
        assertThat(records.size(), is(2));
        assertThat(before.status(), is(Org.Status.DELETED));
        JsonNode live = json(http.query(
                        prod,
                        prodToken,
                        true,
                        "SELECT Id FROM SandboxProcess WHERE SandboxName='uat' " + "AND Status != 'Deleted'"))
                .get("records");
        assertThat(live.size(), is(1));
        uat.duplicateProcess();
        live = json(http.query(
                        prod,
                        prodToken,
                        true,
                        "SELECT Id FROM SandboxProcess WHERE SandboxName='uat' " + "AND Status != 'Deleted'"))
                .get("records");
        assertThat(live.size(), is(2));
    }

    @Test
    void aSandboxCannotAnswerSandboxQueries() {
        String sandboxToken = emulator.issueAccessToken(uat.userFor(admin), emulator.platformCli())
                .value();
        assertRestError(http.query(uat.org(), sandboxToken, true, SANDBOX_PROCESS_SOQL), 400, "INVALID_TYPE");
    }

    @Test
    void jitSequenceSandboxAuthThenCodeExchangeThenUsername() {
        HttpResponse<String> auth = sandboxAuth("uat", CALLBACK);
        assertThat(auth.body(), auth.statusCode(), is(200));
        JsonNode a = json(auth);
        assertThat(a.get("authUserName").asText(), is("admin@acme.com.uat"));
        assertThat(a.get("instanceUrl").asText(), is(uat.org().instanceUrl()));
        assertThat(a.get("loginUrl").asText(), is(uat.org().instanceUrl()));
        String code = a.get("authCode").asText();
        assertThat(code, endsWith("=="));

        HttpResponse<String> token = exchange(a.get("loginUrl").asText(), code, CALLBACK);
        assertThat(token.body(), token.statusCode(), is(200));
        JsonNode t = json(token);
        assertThat(t.get("access_token").asText(), startsWith(uat.org().id15() + "!"));
        assertThat(t.has("refresh_token"), is(true));
        assertThat(t.get("instance_url").asText(), is(uat.org().instanceUrl()));
        assertThat(emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE), is(1));

        String access = t.get("access_token").asText();
        JsonNode info = json(http.get(uat.org().instanceUrl(), "/services/oauth2/userinfo", access));
        JsonNode user = json(http.get(
                uat.org().instanceUrl(),
                "/services/data/v51.0/sobjects/User/" + info.get("user_id").asText(),
                access));
        assertThat(user.get("Username").asText(), is("admin@acme.com.uat"));
    }

    @Test
    void theTestHostAlsoExchangesSandboxCodes() {
        uat.sandboxAuthReturnsTestLoginUrl(true);
        JsonNode a = json(sandboxAuth("uat", CALLBACK));
        assertThat(a.get("loginUrl").asText(), is(emulator.testUrl()));
        assertThat(
                exchange(emulator.testUrl(), a.get("authCode").asText(), CALLBACK)
                        .statusCode(),
                is(200));
    }

    @Test
    void aCodeIsSingleUse() {
        String code = json(sandboxAuth("uat", CALLBACK)).get("authCode").asText();
        assertThat(exchange(uat.org().instanceUrl(), code, CALLBACK).statusCode(), is(200));
        assertOAuthError(
                exchange(uat.org().instanceUrl(), code, CALLBACK), "invalid_grant", "invalid authorization code");
        assertThat(emulator.authCode(code).isUsed(), is(true));
    }

    @Test
    void theRedirectUriMustMatchByteForByteAndBurnsTheCode() {
        String code = json(sandboxAuth("uat", CALLBACK)).get("authCode").asText();
        assertOAuthError(
                exchange(uat.org().instanceUrl(), code, CALLBACK + "/"),
                "redirect_uri_mismatch",
                "redirect_uri must match configuration");
        assertOAuthError(
                exchange(uat.org().instanceUrl(), code, CALLBACK), "invalid_grant", "invalid authorization code");
    }

    @Test
    void aCodeExpiresAfterFifteenMinutes() {
        String code = json(sandboxAuth("uat", CALLBACK)).get("authCode").asText();
        emulator.clock().advance(Duration.ofMinutes(15));
        assertOAuthError(
                exchange(uat.org().instanceUrl(), code, CALLBACK), "invalid_grant", "expired authorization code");
    }

    @Test
    void aCodeIsNotExchangedOnTheLoginHostOrAnotherOrgsHost() {
        String code = json(sandboxAuth("uat", CALLBACK)).get("authCode").asText();
        assertOAuthError(exchange(emulator.loginUrl(), code, CALLBACK), "invalid_grant", "invalid authorization code");
        String code2 = json(sandboxAuth("uat", CALLBACK)).get("authCode").asText();
        assertOAuthError(exchange(prod.instanceUrl(), code2, CALLBACK), "invalid_grant", "invalid authorization code");
    }

    @Test
    void everyCodeExchangeIsAnApprovalSoTheSixthRevokesTheFirst() {
        String first = null;
        for (int i = 0; i < 6; i++) {
            emulator.clock().advance(Duration.ofSeconds(1));
            String code = json(sandboxAuth("uat", CALLBACK)).get("authCode").asText();
            String refresh = json(exchange(uat.org().instanceUrl(), code, CALLBACK))
                    .get("refresh_token")
                    .asText();
            if (first == null) {
                first = refresh;
            }
        }
        assertThat(emulator.refreshToken(first).revokedBecause(), is("approval cap"));
        assertOAuthError(
                http.refresh(uat.org().instanceUrl(), "PlatformCLI", "", first),
                "invalid_grant",
                "expired access/refresh token");
    }

    @Test
    void sandboxAuthRefusesWhatIsNotReady() {
        uat.authReady(false);
        assertRestError(sandboxAuth("uat", CALLBACK), 400, "INVALID_STATUS");
        uat.authReady(true).status("Processing");
        assertRestError(sandboxAuth("uat", CALLBACK), 400, "INVALID_STATUS");
        assertThat(uat.currentProcess().endDate(), is(nullValue()));
        uat.status("Completed");
        assertThat(sandboxAuth("uat", CALLBACK).statusCode(), is(200));
    }

    @Test
    void sandboxAuthRefusesMissingDeletedOrForeignSandboxes() {
        assertRestError(sandboxAuth("nope", CALLBACK), 404, "NOT_FOUND");
        uat.createdBy(prod.user("other@acme.com"));
        assertRestError(sandboxAuth("uat", CALLBACK), 404, "NOT_FOUND");
        uat.createdBy(admin).delete();
        assertRestError(sandboxAuth("uat", CALLBACK), 404, "NOT_FOUND");
        Sandbox qa = prod.sandbox("qa").remove();
        assertThat(qa.processes().isEmpty(), is(true));
        assertThat(
                json(http.query(prod, prodToken, true, "SELECT Id FROM SandboxProcess WHERE SandboxName='qa'"))
                        .get("totalSize")
                        .asInt(),
                is(0));
        assertRestError(sandboxAuth("qa", CALLBACK), 404, "NOT_FOUND");
    }

    @Test
    void sandboxAuthChecksTheCallbackAndClient() {
        assertRestError(sandboxAuth("uat", "http://localhost:9999/cb"), 400, "INVALID_INPUT");
        HttpResponse<String> r = http.postJson(
                prod.instanceUrl(),
                "/services/data/v66.0/tooling/sandboxAuth",
                prodToken,
                "{\"clientId\":\"nope\",\"sandboxName\":\"uat\",\"callbackUrl\":\"" + CALLBACK + "\"}");
        assertRestError(r, 400, "INVALID_INPUT");
    }

    @Test
    void aDeletedSandboxsHostAnswers420() {
        uat.delete();
        HttpResponse<String> r = http.get(uat.org().instanceUrl(), "/services/data", null);
        assertThat(r.statusCode(), is(420));
    }
}
