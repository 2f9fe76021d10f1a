package io.jenkins.plugins.salesforce.emulator;

import static io.jenkins.plugins.salesforce.emulator.DataApiTest.assertRestError;
import static io.jenkins.plugins.salesforce.emulator.EmulatorHttp.json;
import static io.jenkins.plugins.salesforce.emulator.RefreshTokenGrantTest.assertOAuthError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.OrgType;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScratchOrgAndFrontdoorTest {
    private static final String SCRATCH_SOQL = "SELECT Id, SignupUsername, LoginUrl, ScratchOrg, Status, "
            + "ExpirationDate, CreatedDate, SfdxAuthUrl__c FROM ScratchOrgInfo WHERE SignupUsername = "
            + "'TEST-ABC@example.com' AND Status = 'Active' ORDER BY CreatedDate DESC";

    private SalesforceEmulator emulator;
    private final EmulatorHttp http = new EmulatorHttp();
    private Org hub;
    private User admin;
    private String hubToken;

    @BeforeEach
    void seed() {
        emulator = SalesforceEmulator.start();
        hub = emulator.productionOrg("acme").devHub(true);
        admin = hub.user("admin@acme.com");
        hubToken = http.accessToken(hub.instanceUrl(), emulator.issueRefreshToken(admin, emulator.platformCli()));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void scratchOrgInfoCarriesAnAuthUrlThatWorksAgainstTheScratchOrg() {
        ScratchOrgInfo info = hub.scratchOrg("test-abc@example.com").withSfdxAuthUrl();
        HttpResponse<String> r = http.query(hub, hubToken, false, SCRATCH_SOQL);
        assertThat(r.body(), r.statusCode(), is(200));
        JsonNode row = json(r).get("records").get(0);
        assertThat(row.get("attributes").get("type").asText(), is("ScratchOrgInfo"));
        assertThat(row.get("Id").asText(), startsWith("2SR"));
        assertThat(row.get("SignupUsername").asText(), is("test-abc@example.com"));
        assertThat(row.get("ScratchOrg").asText(), is(info.org().id15()));
        assertThat(row.get("LoginUrl").asText(), is(info.org().instanceUrl()));
        assertThat(row.get("ExpirationDate").asText(), is("2026-11-30"));
        String authUrl = row.get("SfdxAuthUrl__c").asText();
        assertThat(authUrl, startsWith("force://PlatformCLI::5Aep861"));

        Matcher m = Pattern.compile("force://([^:]+):([^:]*):([^@]+)@(.+)").matcher(authUrl);
        assertThat(m.matches(), is(true));
        HttpResponse<String> grant = http.refresh("http://" + m.group(4), m.group(1), m.group(2), m.group(3));
        assertThat(grant.statusCode(), is(200));
        String scratchToken = json(grant).get("access_token").asText();
        JsonNode org = json(http.query(
                        info.org(),
                        scratchToken,
                        false,
                        "SELECT IsSandbox, TrialExpirationDate, " + "OrganizationType FROM Organization"))
                .get("records")
                .get(0);
        assertThat(org.get("IsSandbox").asBoolean(), is(true));
        assertThat(org.get("TrialExpirationDate").asText(), is("2026-11-30T00:00:00.000+0000"));
        assertThat(info.org().type(), is(OrgType.SCRATCH));
    }

    @Test
    void onlyActiveRowsMatchTheActiveQuery() {
        hub.scratchOrg("a@example.com").status("Creating");
        hub.scratchOrg("b@example.com").error("C-1016");
        hub.scratchOrg("c@example.com").delete();
        ScratchOrgInfo live = hub.scratchOrg("d@example.com");
        JsonNode all = json(http.query(
                hub,
                hubToken,
                false,
                "SELECT SignupUsername, Status, ErrorCode FROM " + "ScratchOrgInfo ORDER BY SignupUsername"));
        List<String> statuses = new ArrayList<>();
        all.get("records").forEach(n -> statuses.add(n.get("Status").asText()));
        assertThat(statuses, is(List.of("Creating", "Error", "Deleted", "Active")));
        assertThat(all.get("records").get(1).get("ErrorCode").asText(), is("C-1016"));
        JsonNode active = json(http.query(
                hub,
                hubToken,
                false,
                "SELECT Id, SignupUsername FROM ActiveScratchOrg " + "WHERE ScratchOrg='"
                        + live.org().id15() + "'"));
        assertThat(active.get("totalSize").asInt(), is(1));
        assertThat(
                json(http.query(hub, hubToken, false, "SELECT Id FROM ActiveScratchOrg"))
                        .get("totalSize")
                        .asInt(),
                is(1));
    }

    @Test
    void undefinedAuthUrlAndPoolFieldsAreStoredAsGiven() {
        hub.scratchOrg("test-abc@example.com")
                .sfdxAuthUrl("force://PlatformCLI::undefined@127.0.0.1:1")
                .pooltag("ci")
                .allocationStatus("Available");
        JsonNode row = json(http.query(
                        hub,
                        hubToken,
                        false,
                        "SELECT SfdxAuthUrl__c, Pooltag__c, Allocation_status__c"
                                + " FROM ScratchOrgInfo WHERE Pooltag__c = 'ci' LIMIT 5"))
                .get("records")
                .get(0);
        assertThat(row.get("SfdxAuthUrl__c").asText(), containsString("::undefined@"));
        assertThat(row.get("Allocation_status__c").asText(), is("Available"));
    }

    @Test
    void missingCustomFieldsGiveInvalidFieldAndVanishFromDescribe() {
        hub.scratchOrg("test-abc@example.com");
        JsonNode describe =
                json(http.get(hub.instanceUrl(), "/services/data/v66.0/sobjects/ScratchOrgInfo/describe", hubToken));
        assertThat(names(describe), hasItem("SfdxAuthUrl__c"));
        hub.scratchOrgInfoCustomFields(false);
        HttpResponse<String> r = http.query(hub, hubToken, false, SCRATCH_SOQL);
        assertRestError(r, 400, "INVALID_FIELD");
        assertThat(
                json(r).get(0).get("message").asText(),
                containsString("No such column 'SfdxAuthUrl__c' on entity " + "'ScratchOrgInfo'"));
        describe = json(http.get(hub.instanceUrl(), "/services/data/v66.0/sobjects/ScratchOrgInfo/describe", hubToken));
        assertThat(names(describe), not(hasItem("SfdxAuthUrl__c")));
        assertThat(
                http.query(hub, hubToken, false, SCRATCH_SOQL.replace(", SfdxAuthUrl__c", ""))
                        .statusCode(),
                is(200));
    }

    // ---------------------------------------------------------------- a signup's AuthCode

    @Test
    void aSignupRowCarriesAnAuthCodeThatLogsInToTheNewOrgAtItsLoginUrl() {
        JsonNode row = signup();
        ScratchOrgInfo info = hub.scratchOrgInfos().get(0);
        assertThat(row.get("Status").asText(), is("Active"));
        assertThat(row.get("LoginUrl").asText(), is(info.org().instanceUrl()));
        assertThat(row.get("AuthCode").asText(), is(info.authCode().value()));
        assertThat(info.authCode().user(), is(info.user()));
        assertThat(info.authCode().app(), is(emulator.platformCli()));

        HttpResponse<String> token = exchange(
                row.get("LoginUrl").asText(),
                row.get("AuthCode").asText(),
                "PlatformCLI",
                ConnectedApp.PLATFORM_CLI_CALLBACK);
        assertThat(token.body(), token.statusCode(), is(200));
        JsonNode t = json(token);
        assertThat(t.get("instance_url").asText(), is(info.org().instanceUrl()));
        assertThat(t.get("id").asText(), containsString("/id/" + info.org().id() + "/"));
        assertThat("a refresh token, as sf stores", t.has("refresh_token"), is(true));
        JsonNode me = json(http.get(
                info.org().instanceUrl(),
                "/services/oauth2/userinfo",
                t.get("access_token").asText()));
        assertThat(
                me.get("preferred_username").asText(),
                is(row.get("SignupUsername").asText()));
    }

    @Test
    void theAuthCodeWorksOnce() {
        JsonNode row = signup();
        String loginUrl = row.get("LoginUrl").asText();
        String code = row.get("AuthCode").asText();
        assertThat(
                exchange(loginUrl, code, "PlatformCLI", ConnectedApp.PLATFORM_CLI_CALLBACK)
                        .statusCode(),
                is(200));
        assertOAuthError(
                exchange(loginUrl, code, "PlatformCLI", ConnectedApp.PLATFORM_CLI_CALLBACK),
                "invalid_grant",
                "invalid authorization code");
        assertThat(
                "the row keeps the burnt code",
                json(http.get(hub.instanceUrl(), rowPath(row), hubToken))
                        .get("AuthCode")
                        .asText(),
                is(code));
    }

    @Test
    void anotherClientCannotUseTheAuthCodeAndBurnsIt() {
        emulator.connectedApp("3MVG9OTHER.app");
        JsonNode row = signup();
        String loginUrl = row.get("LoginUrl").asText();
        String code = row.get("AuthCode").asText();
        assertOAuthError(
                exchange(loginUrl, code, "3MVG9OTHER.app", ConnectedApp.PLATFORM_CLI_CALLBACK),
                "invalid_grant",
                "invalid authorization code");
        assertOAuthError(
                exchange(loginUrl, code, "PlatformCLI", ConnectedApp.PLATFORM_CLI_CALLBACK),
                "invalid_grant",
                "invalid authorization code");
    }

    @Test
    void anExpiredAuthCodeIsRefused() {
        JsonNode row = signup();
        emulator.clock().advance(SalesforceEmulator.AUTH_CODE_LIFETIME.plus(Duration.ofSeconds(1)));
        assertOAuthError(
                exchange(
                        row.get("LoginUrl").asText(),
                        row.get("AuthCode").asText(),
                        "PlatformCLI",
                        ConnectedApp.PLATFORM_CLI_CALLBACK),
                "invalid_grant",
                "expired authorization code");
    }

    @Test
    void theAuthCodeIsForTheScratchOrgsHostNotTheDevHubs() {
        JsonNode row = signup();
        assertOAuthError(
                exchange(
                        hub.instanceUrl(),
                        row.get("AuthCode").asText(),
                        "PlatformCLI",
                        ConnectedApp.PLATFORM_CLI_CALLBACK),
                "invalid_grant",
                "invalid authorization code");
    }

    @Test
    void aSeededRowHasNoAuthCodeUntilAskedFor() {
        ScratchOrgInfo info = hub.scratchOrg("seeded@example.com");
        String soql = "SELECT AuthCode FROM ScratchOrgInfo WHERE SignupUsername = 'seeded@example.com'";
        assertThat(
                json(http.query(hub, hubToken, false, soql))
                        .get("records")
                        .get(0)
                        .get("AuthCode")
                        .isNull(),
                is(true));
        assertThat(info.authCode(), is(nullValue()));
        info.withAuthCode();
        assertThat(
                json(http.query(hub, hubToken, false, soql))
                        .get("records")
                        .get(0)
                        .get("AuthCode")
                        .asText(),
                is(info.authCode().value()));
        assertThat(info.toString(), not(containsString(info.authCode().value())));
    }

    @Test
    void aQueryForTheCreatorsUsernameGetsTheUserNestedAsSalesforceNestsIt() {
        ScratchOrgInfo info = hub.scratchOrg("nested@example.com");
        JsonNode r = json(http.query(
                        hub,
                        hubToken,
                        false,
                        "SELECT OrgName, CreatedBy.Username, ScratchOrg FROM ScratchOrgInfo WHERE ScratchOrg IN ('"
                                + info.org().id15() + "')"))
                .get("records")
                .get(0);
        JsonNode createdBy = r.get("CreatedBy");
        assertThat(createdBy.get("Username").asText(), is("admin@acme.com"));
        assertThat(createdBy.get("attributes").get("type").asText(), is("User"));
        assertThat(
                createdBy.get("attributes").get("url").asText(),
                is("/services/data/v66.0/sobjects/User/" + admin.id()));
        assertThat("only what was selected", createdBy.size(), is(2));
        assertThat(r.get("ScratchOrg").asText(), is(info.org().id15()));
    }

    /** Signs up as {@code sf org create scratch} does: the edition, the app and its callback URL. */
    private JsonNode signup() {
        HttpResponse<String> created = http.postJson(
                hub.instanceUrl(),
                "/services/data/v66.0/sobjects/ScratchOrgInfo",
                hubToken,
                "{\"Edition\":\"developer\",\"ConnectedAppConsumerKey\":\"PlatformCLI\","
                        + "\"ConnectedAppCallbackUrl\":\"http://localhost:1717/OauthRedirect\"}");
        assertThat(created.body(), created.statusCode(), is(201));
        String id = json(created).get("id").asText();
        return json(http.get(hub.instanceUrl(), "/services/data/v66.0/sobjects/ScratchOrgInfo/" + id, hubToken));
    }

    private static String rowPath(JsonNode row) {
        return row.get("attributes").get("url").asText();
    }

    private HttpResponse<String> exchange(String origin, String code, String clientId, String redirectUri) {
        return http.postForm(
                origin,
                "/services/oauth2/token",
                "grant_type",
                "authorization_code",
                "code",
                code,
                "client_id",
                clientId,
                "redirect_uri",
                redirectUri);
    }

    private static List<String> names(JsonNode describe) {
        List<String> out = new ArrayList<>();
        describe.get("fields").forEach(f -> out.add(f.get("name").asText()));
        return out;
    }

    @Test
    void singleaccessGivesAOneTimeFrontdoorUri() {
        HttpResponse<String> r = http.get(
                hub.instanceUrl(),
                "/services/oauth2/singleaccess?redirect_uri=" + "%2Flightning%2Fsetup%2FSetupOneHome%2Fhome",
                hubToken);
        assertThat(r.body(), r.statusCode(), is(200));
        String uri = json(r).get("frontdoor_uri").asText();
        assertThat(uri, startsWith(hub.instanceUrl() + "/secur/frontdoor.jsp?otp="));
        assertThat(uri, containsString("&startURL=%2Flightning%2Fsetup%2FSetupOneHome%2Fhome"));
        String path = uri.substring(hub.instanceUrl().length());
        HttpResponse<String> first = http.get(hub.instanceUrl(), path, null);
        assertThat(first.statusCode(), is(200));
        assertThat(first.body(), containsString("admin@acme.com"));
        HttpResponse<String> second = http.get(hub.instanceUrl(), path, null);
        assertThat(second.statusCode(), is(302));
        assertThat(second.headers().firstValue("Location").orElse(""), startsWith(hub.instanceUrl() + "/?ec=302"));
        assertThat(emulator.requests().count(Endpoint.FRONTDOOR), is(2));
        assertThat(emulator.requests().render(), not(containsString(path.substring(30))));
    }

    @Test
    void singleaccessAcceptsPostAndAnswers403ToAnExpiredToken() {
        HttpResponse<String> post = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(hub.instanceUrl() + "/services/oauth2/singleaccess"))
                .header("Authorization", "Bearer " + hubToken)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("redirect_uri=%2Fhome"))
                .build());
        assertThat(post.statusCode(), is(200));
        emulator.accessToken(hubToken).expireAt(emulator.clock().instant());
        HttpResponse<String> expired = http.get(hub.instanceUrl(), "/services/oauth2/singleaccess", hubToken);
        assertThat(expired.statusCode(), is(403));
        assertThat(expired.body(), is("Bad_OAuth_Token"));
    }

    @Test
    void classicFrontdoorTakesTheSessionId() {
        assertThat(
                http.get(hub.instanceUrl(), "/secur/frontdoor.jsp?sid=" + hubToken, null)
                        .statusCode(),
                is(200));
        assertThat(
                http.get(hub.instanceUrl(), "/secur/frontdoor.jsp?sid=nope", null)
                        .statusCode(),
                is(302));
    }
}
