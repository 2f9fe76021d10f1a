package io.jenkins.plugins.salesforce.core.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every known Salesforce error answer of the refresh-token grant, the JWT bearer grant, the authorization-code exchange
 * and the REST API, and every non-JSON shape (HTML, empty, truncated), classified into a Reason, a retry decision, and
 * a message that names the request and the host and carries a fix.
 */
class ResponseClassifierTest {
    private static final URI TOKEN_URL = URI.create("https://acme.my.salesforce.com/services/oauth2/token");
    private static final URI QUERY_URL = URI.create("https://acme.my.salesforce.com/services/data/v66.0/query?q=x");
    private static final String HOST = "acme.my.salesforce.com";

    record Row(String name, Flow flow, int status, String contentType, String body, Reason reason, boolean retry) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Row oauth(Flow flow, String error, String description, Reason reason, boolean retry) {
        String body = "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}";
        return new Row(flow + " " + error + ": " + description, flow, 400, "application/json", body, reason, retry);
    }

    static Row rest(int status, String code, String message, Reason reason, boolean retry) {
        String body = "[{\"message\":\"" + message + "\",\"errorCode\":\"" + code + "\"}]";
        return new Row("REST " + status + " " + code, Flow.REST, status, "application/json", body, reason, retry);
    }

    static Stream<Row> refreshTokenTable() {
        Flow f = Flow.REFRESH_TOKEN;
        return Stream.of(
                oauth(f, "invalid_grant", "expired access/refresh token", Reason.INVALID_GRANT, false),
                oauth(f, "invalid_grant", "inactive user", Reason.INACTIVE_USER, false),
                oauth(f, "invalid_grant", "inactive organization", Reason.INACTIVE_ORG, false),
                oauth(f, "invalid_grant", "ip restricted", Reason.IP_RESTRICTED, false),
                oauth(f, "invalid_grant", "IP restricted or invalid login hours", Reason.IP_RESTRICTED, false),
                oauth(f, "invalid_grant", "user hasn't approved this consumer", Reason.NOT_APPROVED, false),
                oauth(f, "invalid_grant", "authentication failure", Reason.INVALID_GRANT, false),
                oauth(f, "inactive_user", "User is inactive", Reason.INACTIVE_USER, false),
                oauth(f, "inactive_org", "Org is locked, closed, or suspended", Reason.INACTIVE_ORG, false),
                oauth(f, "invalid_client_id", "client identifier invalid", Reason.BAD_INPUT, false),
                oauth(f, "invalid_client", "invalid client credentials", Reason.BAD_INPUT, false),
                oauth(f, "unsupported_grant_type", "grant type not supported", Reason.BAD_INPUT, false),
                oauth(f, "invalid_request", "HTTPS required", Reason.BAD_INPUT, false),
                oauth(f, "invalid_request", "Must use HTTP POST", Reason.BAD_INPUT, false),
                oauth(f, "rate_limit_exceeded", "Number of logins exceeded", Reason.RATE_LIMITED, true),
                new Row(
                        "refresh 500 JSON",
                        f,
                        500,
                        "application/json",
                        "{\"error\":\"server_error\"}",
                        Reason.UNREACHABLE,
                        true),
                new Row("refresh 503 no body", f, 503, null, "", Reason.UNREACHABLE, true),
                new Row(
                        "refresh 502 HTML",
                        f,
                        502,
                        "text/html",
                        "<html><body>Bad Gateway</body></html>",
                        Reason.UNREACHABLE,
                        true),
                new Row(
                        "refresh 200 HTML maintenance",
                        f,
                        200,
                        "text/html",
                        "<html><body>Salesforce is down for maintenance</body></html>",
                        Reason.UNREACHABLE,
                        true),
                new Row(
                        "refresh 420 Data Not Available",
                        f,
                        420,
                        "text/html",
                        "<html><head><title>Data Not Available</title></head></html>",
                        Reason.INACTIVE_ORG,
                        false));
    }

    static Stream<Row> jwtTable() {
        Flow f = Flow.JWT_BEARER;
        return Stream.of(
                oauth(f, "invalid_grant", "user hasn't approved this consumer", Reason.NOT_APPROVED, false),
                oauth(f, "invalid_grant", "audience is invalid", Reason.INVALID_GRANT, false),
                oauth(f, "invalid_grant", "invalid assertion", Reason.INVALID_GRANT, false),
                oauth(f, "invalid_grant", "expired authorization code", Reason.INVALID_GRANT, false),
                oauth(f, "invalid_grant", "inactive user", Reason.INACTIVE_USER, false),
                oauth(f, "invalid_grant", "inactive organization", Reason.INACTIVE_ORG, false),
                oauth(f, "invalid_grant", "authentication failure", Reason.INVALID_GRANT, false),
                oauth(f, "invalid_client_id", "client identifier invalid", Reason.BAD_INPUT, false),
                oauth(f, "invalid_grant", "user not found", Reason.INVALID_GRANT, false));
    }

    static Stream<Row> authorizationCodeTable() {
        Flow f = Flow.AUTHORIZATION_CODE;
        return Stream.of(
                oauth(f, "invalid_grant", "invalid authorization code", Reason.INVALID_GRANT, false),
                oauth(f, "invalid_grant", "expired authorization code", Reason.INVALID_GRANT, false),
                oauth(f, "redirect_uri_mismatch", "redirect_uri must match configuration", Reason.BAD_INPUT, false),
                oauth(f, "invalid_client_id", "client identifier invalid", Reason.BAD_INPUT, false),
                oauth(f, "invalid_client", "invalid client credentials", Reason.BAD_INPUT, false),
                new Row("code 500", f, 500, "application/json", "{}", Reason.UNREACHABLE, true));
    }

    static Stream<Row> restTable() { // the REST API and the identity service
        return Stream.of(
                rest(400, "MALFORMED_QUERY", "unexpected token", Reason.BAD_RESPONSE, false),
                rest(
                        400,
                        "INVALID_FIELD",
                        "No such column 'SfdxAuthUrl__c' on entity 'ScratchOrgInfo'",
                        Reason.WRONG_ORG_TYPE,
                        false),
                rest(
                        400,
                        "INVALID_TYPE",
                        "sObject type 'ScratchOrgInfo' is not supported.",
                        Reason.WRONG_ORG_TYPE,
                        false),
                rest(400, "INVALID_STATUS", "sandbox not ready", Reason.NOT_READY, false),
                rest(401, "INVALID_SESSION_ID", "Session expired or invalid", Reason.SESSION_EXPIRED, false),
                rest(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.", Reason.RATE_LIMITED, false),
                rest(
                        403,
                        "API_DISABLED_FOR_ORG",
                        "API is not enabled for this Organization or Partner",
                        Reason.PERMISSION_DENIED,
                        false),
                rest(403, "INSUFFICIENT_ACCESS", "insufficient access rights", Reason.PERMISSION_DENIED, false),
                rest(403, "FUNCTIONALITY_NOT_ENABLED", "not enabled", Reason.PERMISSION_DENIED, false),
                rest(404, "NOT_FOUND", "The requested resource does not exist", Reason.NOT_FOUND, false),
                rest(
                        500,
                        "UNKNOWN_EXCEPTION",
                        "An unexpected error occurred. Please include this ErrorId",
                        Reason.UNREACHABLE,
                        true),
                rest(503, "SERVER_UNAVAILABLE", "Server unavailable", Reason.UNREACHABLE, true),
                new Row(
                        "REST 420 HTML",
                        Flow.REST,
                        420,
                        "text/html",
                        "<html>Data Not Available</html>",
                        Reason.INACTIVE_ORG,
                        false),
                new Row(
                        "REST 503 HTML maintenance",
                        Flow.REST,
                        503,
                        "text/html",
                        "<!DOCTYPE HTML><html>Down for Maintenance</html>",
                        Reason.UNREACHABLE,
                        true),
                new Row(
                        "identity 403 Bad_OAuth_Token",
                        Flow.IDENTITY,
                        403,
                        "text/plain",
                        "Bad_OAuth_Token",
                        Reason.SESSION_EXPIRED,
                        false),
                new Row(
                        "identity 401 Bad_OAuth_Token",
                        Flow.IDENTITY,
                        401,
                        "text/plain",
                        "Bad_OAuth_Token\n",
                        Reason.SESSION_EXPIRED,
                        false),
                new Row("REST 401 no body", Flow.REST, 401, null, "", Reason.SESSION_EXPIRED, false));
    }

    static Stream<Row> nonJsonShapes() {
        return Stream.of(
                new Row(
                        "200 HTML proxy page",
                        Flow.REFRESH_TOKEN,
                        200,
                        "text/html",
                        "<html><body>Please log in to the proxy</body></html>",
                        Reason.BAD_RESPONSE,
                        false),
                new Row(
                        "200 HTML without content type",
                        Flow.REST,
                        200,
                        null,
                        "<!DOCTYPE html><html><body>captive portal</body></html>",
                        Reason.BAD_RESPONSE,
                        false),
                new Row(
                        "401 HTML",
                        Flow.REST,
                        401,
                        "text/html",
                        "<html>Unauthorized</html>",
                        Reason.BAD_RESPONSE,
                        false),
                new Row(
                        "403 HTML from a proxy",
                        Flow.JWT_BEARER,
                        403,
                        "text/html",
                        "<html>Forbidden</html>",
                        Reason.BAD_RESPONSE,
                        false),
                new Row(
                        "500 HTML",
                        Flow.REST,
                        500,
                        "text/html",
                        "<html>Internal error</html>",
                        Reason.UNREACHABLE,
                        true),
                new Row(
                        "429 HTML",
                        Flow.REST,
                        429,
                        "text/html",
                        "<html>Too many requests</html>",
                        Reason.RATE_LIMITED,
                        true),
                new Row(
                        "404 HTML Data Not Available",
                        Flow.REST,
                        404,
                        "text/html",
                        "<html>Data Not Available</html>",
                        Reason.INACTIVE_ORG,
                        false),
                new Row("200 empty body", Flow.REFRESH_TOKEN, 200, "application/json", "", Reason.BAD_RESPONSE, false),
                new Row("200 whitespace body", Flow.REST, 200, "application/json", " \n ", Reason.BAD_RESPONSE, false),
                new Row(
                        "200 truncated JSON",
                        Flow.REFRESH_TOKEN,
                        200,
                        "application/json",
                        "{\"access_token\":\"00D000000000001!AQ0",
                        Reason.BAD_RESPONSE,
                        false),
                new Row(
                        "200 JSON with trailing garbage",
                        Flow.REST,
                        200,
                        "application/json",
                        "{\"a\":1} xyz",
                        Reason.BAD_RESPONSE,
                        false),
                new Row("200 JSON string", Flow.REST, 200, "application/json", "\"hello\"", Reason.BAD_RESPONSE, false),
                new Row(
                        "200 token endpoint JSON array",
                        Flow.REFRESH_TOKEN,
                        200,
                        "application/json",
                        "[1,2]",
                        Reason.BAD_RESPONSE,
                        false),
                new Row("200 plain text", Flow.REST, 200, "text/plain", "OK", Reason.BAD_RESPONSE, false),
                new Row(
                        "503 truncated JSON",
                        Flow.REST,
                        503,
                        "application/json",
                        "[{\"errorCode\":",
                        Reason.UNREACHABLE,
                        true),
                new Row("429 plain", Flow.REFRESH_TOKEN, 429, "text/plain", "slow down", Reason.RATE_LIMITED, true),
                new Row("302 redirect", Flow.REFRESH_TOKEN, 302, null, "", Reason.BAD_RESPONSE, false),
                new Row(
                        "404 on the token endpoint",
                        Flow.REFRESH_TOKEN,
                        404,
                        "text/plain",
                        "Not Found",
                        Reason.BAD_RESPONSE,
                        false),
                new Row(
                        "400 unknown OAuth error",
                        Flow.REFRESH_TOKEN,
                        400,
                        "application/json",
                        "{\"error\":\"something_new\",\"error_description\":\"new\"}",
                        Reason.BAD_RESPONSE,
                        false),
                new Row(
                        "400 unknown REST error",
                        Flow.REST,
                        400,
                        "application/json",
                        "[{\"errorCode\":\"SOMETHING_NEW\",\"message\":\"x\"}]",
                        Reason.BAD_RESPONSE,
                        false),
                new Row(
                        "400 OAuth error with non-text fields",
                        Flow.REFRESH_TOKEN,
                        400,
                        "application/json",
                        "{\"error\":{\"x\":1},\"error_description\":[1]}",
                        Reason.BAD_RESPONSE,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"refreshTokenTable", "jwtTable", "authorizationCodeTable", "restTable", "nonJsonShapes"})
    void everyErrorRowHasItsReasonRetryDecisionAndAFix(Row row) {
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> classify(row));
        assertThat(row.name(), e.reason(), is(row.reason()));
        assertThat(row.name() + " retry", ResponseClassifier.isRetryable(e), is(row.retry()));
        assertThat(e.fix(), notNullValue());
        assertThat(
                e.getMessage(),
                allOf(containsString(HOST), containsString(" Fix: "), containsString("HTTP " + row.status())));
        assertThat(
                e.getMessage(),
                containsString(
                        row.flow() == Flow.REST ? "The REST call" : row.flow().defaultWhat()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"refreshTokenTable", "jwtTable", "authorizationCodeTable"})
    void oauthErrorsKeepSalesforcesCodeAndDescription(Row row) {
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> classify(row));
        if (row.body().contains("error_description")) {
            String code = row.body().replaceAll(".*\"error\":\"([^\"]*)\".*", "$1");
            String description = row.body().replaceAll(".*\"error_description\":\"([^\"]*)\".*", "$1");
            assertThat(e.salesforceError(), is(code + ": " + description));
            assertThat(e.getMessage(), containsString(code + ": " + description));
        }
    }

    @Test
    void oauthCodesAndDescriptionsMatchCaseInsensitively() {
        assertThat(oauthError("INVALID_GRANT", "Inactive User").reason(), is(Reason.INACTIVE_USER));
        assertThat(oauthError("Invalid_Grant", "INACTIVE ORGANIZATION").reason(), is(Reason.INACTIVE_ORG));
        assertThat(oauthError("INACTIVE_USER", "").reason(), is(Reason.INACTIVE_USER));
        assertThat(oauthError("Inactive_Org", "x").reason(), is(Reason.INACTIVE_ORG));
        assertThat(oauthError("invalid_grant", "IP Restricted").reason(), is(Reason.IP_RESTRICTED));
        assertThat(oauthError("RATE_LIMIT_EXCEEDED", "").reason(), is(Reason.RATE_LIMITED));
    }

    @Test
    void oauthErrorsAreReadByCodeNotByStatus() {
        SalesforceAuthException e = classifyExpectingFailure(
                Flow.REFRESH_TOKEN,
                200,
                "application/json",
                "{\"error\":\"invalid_grant\",\"error_description\":\"inactive user\"}");
        assertThat(e.reason(), is(Reason.INACTIVE_USER));
        e = classifyExpectingFailure(
                Flow.REFRESH_TOKEN,
                503,
                "application/json",
                "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}");
        assertThat(e.reason(), is(Reason.INVALID_GRANT));
        assertThat(ResponseClassifier.isRetryable(e), is(false));
    }

    @Test
    void theClientSecretAndTheClientIdGetDifferentFixes() {
        assertThat(oauthError("invalid_client_id", "client identifier invalid").fix(), containsString("client id"));
        assertThat(oauthError("invalid_client", "invalid client credentials").fix(), containsString("client secret"));
        assertThat(oauthError("invalid_client_credentials", "x").fix(), containsString("client secret"));
    }

    @Test
    void jwtExpiryPointsAtTheClockWhileAnAuthCodeExpiryPointsAtANewCode() {
        String body = "{\"error\":\"invalid_grant\",\"error_description\":\"expired authorization code\"}";
        assertThat(
                classifyExpectingFailure(Flow.JWT_BEARER, 400, "application/json", body)
                        .fix(),
                containsString("clock"));
        assertThat(
                classifyExpectingFailure(Flow.AUTHORIZATION_CODE, 400, "application/json", body)
                        .fix(),
                containsString("new one"));
    }

    @Test
    void aRedirectNamesWhereItPointsWhenThatIsAHostName() {
        SalesforceRequest r = SalesforceRequest.tokenRequest(Flow.REFRESH_TOKEN, TOKEN_URL, new Form());
        HttpHeaders h = HttpHeaders.of(Map.of("Location", List.of("https://acme.my.salesforce.com/x")), (a, b) -> true);
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> ResponseClassifier.classify(r, 302, h, new byte[0]));
        assertThat(e.getMessage(), containsString("redirected the request to acme.my.salesforce.com"));
    }

    @Test
    void multipleRestErrorsAreCountedAndTheFirstDecides() {
        SalesforceAuthException e = classifyExpectingFailure(
                Flow.REST,
                400,
                "application/json",
                "[{\"errorCode\":\"INVALID_TYPE\",\"message\":\"a\"},{\"errorCode\":\"INVALID_FIELD\",\"message\":\"b\"}]");
        assertThat(e.reason(), is(Reason.WRONG_ORG_TYPE));
        assertThat(e.getMessage(), containsString("and 1 more errors"));
        assertThat(ResponseClassifier.errorCode(e).orElseThrow(), is("INVALID_TYPE"));
    }

    @Test
    void aSingleRestErrorObjectIsReadLikeTheArray() {
        SalesforceAuthException e = classifyExpectingFailure(
                Flow.REST,
                401,
                "application/json",
                "{\"errorCode\":\"INVALID_SESSION_ID\",\"message\":\"Session expired\"}");
        assertThat(e.reason(), is(Reason.SESSION_EXPIRED));
    }

    @Test
    void successfulDocumentsAreReturned() {
        JsonNode token = classify(
                new Row("ok", Flow.REFRESH_TOKEN, 200, "application/json", "{\"access_token\":\"x\"}", null, false));
        assertThat(token.get("access_token").asText(), is("x"));
        JsonNode versions =
                classify(new Row("ok", Flow.REST, 200, "application/json", " [{\"version\":\"66.0\"}] ", null, false));
        assertThat(versions.isArray(), is(true));
        JsonNode noContentType = classify(new Row("ok", Flow.REST, 200, null, "{\"totalSize\":0}", null, false));
        assertThat(noContentType.get("totalSize").asInt(), is(0));
    }

    @Test
    void aRestSuccessMayContainAFieldCalledError() {
        JsonNode doc = classify(
                new Row("ok", Flow.REST, 200, "application/json", "{\"error\":null,\"records\":[]}", null, false));
        assertThat(doc.has("records"), is(true));
    }

    @Test
    void salesforceTextIsCleanedAndSecretsOfTheRequestAreScrubbed() {
        SecretText refresh = SecretText.of("tiny");
        SalesforceRequest r = SalesforceRequest.tokenRequest(
                Flow.REFRESH_TOKEN,
                TOKEN_URL,
                new Form().add("grant_type", "refresh_token").addSecret("refresh_token", refresh));
        String body =
                "{\"error\":\"invalid_grant\",\"error_description\":\"token tiny is bad; 00D000000000001!AQ0secret"
                        + " and 5Aep861FAKErefreshtokenthatislong\\nline2\\u0007\"}";
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> ResponseClassifier.classify(r, 400, null, body.getBytes(StandardCharsets.UTF_8)));
        assertThat(e.salesforceError(), is("invalid_grant: token [redacted] is bad; [redacted] and [redacted] line2"));
        assertThat(e.getMessage(), not(containsString("tiny")));
        assertThat(e.getMessage(), not(containsString("AQ0secret")));
    }

    @Test
    void aGarbageErrorCodeIsNotRepeated() {
        SalesforceAuthException e = oauthError("<script>alert(1)</script>", "x");
        assertThat(e.salesforceError(), is("unknown_error: x"));
    }

    @Test
    void wordsThatLookLikeSecretsAreRedactedWhilePlainWordsStay() {
        assertThat(
                QuotedError.sanitise("sObject type 'ScratchOrgInfo' is not supported"),
                is("sObject type 'ScratchOrgInfo' is not supported"));
        assertThat(
                QuotedError.sanitise("INSUFFICIENT_ACCESS_OR_READONLY v66.0"),
                is("INSUFFICIENT_ACCESS_OR_READONLY v66.0"));
        assertThat(
                QuotedError.sanitise("id 00D000000000001EAA eyJ9aaaaaaaaaaaaaa"),
                is("id [redacted] [redacted]"));
        assertThat(QuotedError.sanitise("a".repeat(32)), is("[redacted]"));
        assertThat(QuotedError.sanitise("a".repeat(31)), is("a".repeat(31)));
    }

    @Test
    void longDescriptionsAreCut() {
        String longText = "word ".repeat(200);
        assertThat(QuotedError.sanitise(longText).length(), is(301));
        assertThat(QuotedError.sanitise(null), is(""));
    }

    @Test
    void aFailureWithoutSalesforceErrorHasNoCode() {
        SalesforceAuthException e = classifyExpectingFailure(Flow.REST, 200, "text/html", "<html></html>");
        assertThat(e.salesforceError(), nullValue());
        assertThat(ResponseClassifier.errorCode(e).isPresent(), is(false));
    }

    @Test
    void requestLimitExceededIsRateLimitedButNotRetriedWithinTheTransport() {
        SalesforceAuthException e = classifyExpectingFailure(
                Flow.REST,
                403,
                "application/json",
                "[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"TotalRequests Limit exceeded.\"}]");
        assertThat(e.reason(), is(Reason.RATE_LIMITED));
        assertThat(e.reason().isTransient(), is(true));
        assertThat(ResponseClassifier.isRetryable(e), is(false));
    }

    private static SalesforceAuthException oauthError(String code, String description) {
        String body =
                "{\"error\":\"" + code.replace("\"", "\\\"") + "\",\"error_description\":\"" + description + "\"}";
        return classifyExpectingFailure(Flow.REFRESH_TOKEN, 400, "application/json", body);
    }

    private static SalesforceAuthException classifyExpectingFailure(Flow flow, int status, String type, String body) {
        return assertThrows(
                SalesforceAuthException.class, () -> classify(new Row("x", flow, status, type, body, null, false)));
    }

    private static JsonNode classify(Row row) {
        SalesforceRequest request = row.flow().isOAuth()
                ? SalesforceRequest.tokenRequest(row.flow(), TOKEN_URL, new Form().add("grant_type", "x"))
                : SalesforceRequest.get(row.flow(), null, QUERY_URL, SecretText.of("00D000000000001!AQ0token"));
        HttpHeaders headers = HttpHeaders.of(
                row.contentType() == null ? Map.of() : Map.of("Content-Type", List.of(row.contentType())),
                (a, b) -> true);
        return ResponseClassifier.classify(
                request, row.status(), headers, row.body().getBytes(StandardCharsets.UTF_8));
    }
}
