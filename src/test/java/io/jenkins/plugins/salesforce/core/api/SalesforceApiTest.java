package io.jenkins.plugins.salesforce.core.api;

import static io.jenkins.plugins.salesforce.core.http.FakeHttpClient.json;
import static io.jenkins.plugins.salesforce.core.http.FakeHttpClient.reply;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.http.FakeHttpClient;
import io.jenkins.plugins.salesforce.core.http.RecordingSleeper;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The calls after a token: identity, API version choice, Organization, the Dev Hub rule. */
class SalesforceApiTest {
    static final Predicate<URI> SALESFORCE_ONLY = u ->
            u.getHost() != null && "https".equals(u.getScheme()) && u.getHost().endsWith(".salesforce.com");
    static final AccessToken TOKEN = new AccessToken(
            SecretText.of("00D000000000001!AQ0AQFAKE.access.token.1"),
            URI.create("https://acme.my.salesforce.com"),
            URI.create("https://login.salesforce.com/id/00D000000000001EAA/005000000000001AAA"),
            "00D000000000001EAA",
            "005000000000001AAA",
            Instant.parse("2026-11-23T10:00:00Z"),
            "api",
            null);
    static final String ORG_RECORD =
            "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"Organization\"},"
                    + "\"Id\":\"00D000000000001EAA\",\"Name\":\"Acme\",\"InstanceName\":\"USA123\",\"IsSandbox\":false,"
                    + "\"TrialExpirationDate\":null,\"NamespacePrefix\":null,\"OrganizationType\":\"Enterprise Edition\"}]}";

    private final FakeHttpClient client = new FakeHttpClient();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final SalesforceApi api =
            new SalesforceApi(new SalesforceHttp(client, Duration.ofSeconds(5), sleeper.policy()), SALESFORCE_ONLY);

    @Test
    void identityReadsTheUsernameAndTakesTheIdsFromTheIdentityUrl() {
        client.then(
                json(
                        200,
                        "{\"id\":\"https://login.salesforce.com/id/00D000000000001EAA/005000000000001AAA\","
                                + "\"user_id\":\"005000000000001AAA\",\"organization_id\":\"00D000000000001EAA\",\"username\":\"admin@acme.com\"}"));
        Identity id = api.identity(TOKEN);
        assertThat(id, is(new Identity("admin@acme.com", "00D000000000001EAA", "005000000000001AAA")));
        FakeHttpClient.Sent s = client.sent().get(0);
        assertThat(s.uri(), is(TOKEN.identityUrl()));
        assertThat(s.header("Authorization"), is(Optional.of("Bearer 00D000000000001!AQ0AQFAKE.access.token.1")));
    }

    @Test
    void userInfoReadsPreferredUsernameFromTheInstance() {
        client.then(json(200, "{\"preferred_username\":\"admin@acme.com\",\"sub\":\"x\"}"));
        assertThat(api.userInfo(TOKEN).username(), is("admin@acme.com"));
        assertThat(
                client.sent().get(0).uri(), is(URI.create("https://acme.my.salesforce.com/services/oauth2/userinfo")));
    }

    @Test
    void aBadOAuthTokenOnTheIdentityServiceIsAnExpiredSession() {
        client.then(reply(403, "text/plain", "Bad_OAuth_Token"));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> api.identity(TOKEN));
        assertThat(e.reason(), is(Reason.SESSION_EXPIRED));
        assertThat(client.count(), is(1));
    }

    @Test
    void anIdentityWithoutUsernameIsABadResponse() {
        client.then(json(200, "{\"user_id\":\"005000000000001AAA\"}"));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> api.identity(TOKEN))
                        .reason(),
                is(Reason.BAD_RESPONSE));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "[{\"version\":\"66.0\"},{\"version\":\"67.0\"}] | 67.0",
                "[{\"version\":\"67.0\"},{\"version\":\"66.0\"}] | 67.0",
                "[{\"version\":\"9.0\"},{\"version\":\"20.0\"},{\"version\":\"10.0\"}] | 20.0",
                "[{\"version\":\"100.0\"},{\"version\":\"66.0\"}] | 66.0",
                "[{\"version\":\"66.1\"},{\"version\":\"65.0\"},{\"version\":\"v67.0\"},{\"version\":67},{\"x\":1}] | 65.0",
                "[{\"version\":\"05.0\"},{\"version\":\"31.0\"}] | 31.0",
            })
    void theNewestApiVersionIsChosenNumericallyAmongWellFormedOnes(String versions, String expected) {
        client.then(json(200, versions));
        assertThat(api.latestApiVersion(TOKEN).toString(), is(expected));
        assertThat(client.sent().get(0).uri(), is(URI.create("https://acme.my.salesforce.com/services/data")));
    }

    @Test
    void noWellFormedApiVersionOrANonArrayIsABadResponse() {
        client.then(json(200, "[{\"version\":\"1.0\"}]"));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> api.latestApiVersion(TOKEN))
                        .reason(),
                is(Reason.BAD_RESPONSE));
        FakeHttpClient c = new FakeHttpClient().then(json(200, "{\"versions\":[]}"));
        SalesforceApi a = new SalesforceApi(new SalesforceHttp(c), SALESFORCE_ONLY);
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> a.latestApiVersion(TOKEN));
        assertThat(e.reason(), is(Reason.BAD_RESPONSE));
        assertThat(e.fix(), containsString("domain change"));
    }

    @Test
    void apiVersionsParseOnlyTheTwoDigitDotZeroForm() {
        assertThat(ApiVersion.parse("66.0"), is(Optional.of(new ApiVersion(66))));
        for (String bad : new String[] {"9.0", "100.0", "66", "66.00", "066.0", " 66.0", "66.0 ", "v66.0", "", null}) {
            assertThat(String.valueOf(bad), ApiVersion.parse(bad), is(Optional.empty()));
        }
        assertThat(new ApiVersion(66).path(), is("v66.0"));
        assertThrows(IllegalArgumentException.class, () -> new ApiVersion(9));
    }

    @Test
    void theOrganizationQueryAsksForIdAndClassifiesTheOrg() {
        client.then(json(200, ORG_RECORD));
        Organization org = api.organization(TOKEN, new ApiVersion(66));
        assertThat(org.orgType(), is(OrgType.PRODUCTION));
        assertThat(org.name(), is("Acme"));
        assertThat(org.instanceName(), is("USA123"));
        URI uri = client.sent().get(0).uri();
        assertThat(uri.getRawPath(), is("/services/data/v66.0/query"));
        assertThat(
                URLDecoder.decode(uri.getRawQuery(), StandardCharsets.UTF_8),
                is("q=" + SalesforceApi.ORGANIZATION_SOQL));
        assertThat(uri.getRawQuery().contains("+"), is(false));
    }

    @ParameterizedTest(name = "IsSandbox={0}, TrialExpirationDate={1}, OrganizationType={2} → {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "true  | \"2026-12-01\" | Developer Edition  | SCRATCH",
                "true  | null           | Enterprise Edition | SANDBOX",
                "false | null           | Developer Edition  | DEVELOPER_EDITION",
                "false | \"2026-12-01\" | Enterprise Edition | TRIAL",
                "false | null           | Enterprise Edition | PRODUCTION",
            })
    void theOrgTypeFollowsTheDecisionTable(boolean sandbox, String trial, String edition, OrgType expected) {
        client.then(json(
                200,
                ORG_RECORD
                        .replace("\"IsSandbox\":false", "\"IsSandbox\":" + sandbox)
                        .replace("\"TrialExpirationDate\":null", "\"TrialExpirationDate\":" + trial)
                        .replace("Enterprise Edition", edition)));
        assertThat(api.organization(TOKEN, new ApiVersion(66)).orgType(), is(expected));
    }

    @Test
    void anOrganizationOfAnotherOrgOrNoRecordIsABadResponse() {
        client.then(json(200, ORG_RECORD.replace("00D000000000001EAA", "00D000000000009EAA")));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> api.organization(TOKEN, new ApiVersion(66)))
                        .reason(),
                is(Reason.BAD_RESPONSE));
        FakeHttpClient c = new FakeHttpClient().then(json(200, "{\"totalSize\":0,\"records\":[]}"));
        SalesforceApi a = new SalesforceApi(new SalesforceHttp(c), SALESFORCE_ONLY);
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> a.organization(TOKEN, new ApiVersion(66)))
                        .reason(),
                is(Reason.BAD_RESPONSE));
    }

    @Test
    void aSuccessfulScratchOrgInfoQueryMeansDevHubEvenWithNoRows() {
        client.then(json(200, "{\"totalSize\":0,\"done\":true,\"records\":[]}"));
        assertThat(api.isDevHub(TOKEN, new ApiVersion(66)), is(true));
        assertThat(
                URLDecoder.decode(client.sent().get(0).uri().getRawQuery(), StandardCharsets.UTF_8),
                is("q=" + SalesforceApi.DEV_HUB_SOQL));
    }

    @Test
    void onlyInvalidTypeMeansNotADevHub() {
        client.then(json(
                400,
                "[{\"message\":\"sObject type 'ScratchOrgInfo' is not supported.\",\"errorCode\":\"INVALID_TYPE\"}]"));
        assertThat(api.isDevHub(TOKEN, new ApiVersion(66)), is(false));
        assertThat(client.count(), is(1));
    }

    @Test
    void anExpiredSessionIsThrownNeverReadAsNotADevHub() {
        client.then(json(401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]"));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> api.isDevHub(TOKEN, new ApiVersion(66)))
                        .reason(),
                is(Reason.SESSION_EXPIRED));
    }

    @Test
    void anOutageIsUnreachableAfterRetriesNeverReadAsNotADevHub() {
        client.then(json(503, "[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"x\"}]"));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> api.isDevHub(TOKEN, new ApiVersion(66)))
                        .reason(),
                is(Reason.UNREACHABLE));
        assertThat(client.count(), is(4));
    }

    @Test
    void aTimeoutIsUnreachableNeverReadAsNotADevHub() {
        client.then(new FakeHttpClient.Failure(new HttpTimeoutException("request timed out")));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> api.isDevHub(TOKEN, new ApiVersion(66)))
                        .reason(),
                is(Reason.UNREACHABLE));
    }

    @Test
    void otherRestErrorsAreThrownNeverReadAsNotADevHub() {
        for (String code : new String[] {"INSUFFICIENT_ACCESS", "INVALID_FIELD", "NOT_FOUND", "MALFORMED_QUERY"}) {
            FakeHttpClient c = new FakeHttpClient()
                    .then(json(
                            code.equals("NOT_FOUND") ? 404 : 400,
                            "[{\"errorCode\":\"" + code + "\",\"message\":\"x\"}]"));
            SalesforceApi a = new SalesforceApi(new SalesforceHttp(c), SALESFORCE_ONLY);
            assertThrows(SalesforceAuthException.class, () -> a.isDevHub(TOKEN, new ApiVersion(66)), code);
        }
        FakeHttpClient html = new FakeHttpClient().then(reply(200, "text/html", "<html>proxy</html>"));
        SalesforceApi a = new SalesforceApi(new SalesforceHttp(html), SALESFORCE_ONLY);
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> a.isDevHub(TOKEN, new ApiVersion(66)))
                        .reason(),
                is(Reason.BAD_RESPONSE));
    }

    @Test
    void aTokenWhoseInstanceIsNotAllowedIsNeverSent() {
        AccessToken foreign = new AccessToken(
                TOKEN.value(),
                URI.create("https://evil.example.com"),
                TOKEN.identityUrl(),
                TOKEN.orgId(),
                TOKEN.userId(),
                TOKEN.issuedAt(),
                "",
                null);
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> api.latestApiVersion(foreign));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("'evil.example.com' is not an allowed Salesforce host"));
        assertThat(client.count(), is(0));
    }
}
