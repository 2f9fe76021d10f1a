package io.jenkins.plugins.salesforce.core.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the classifier with random status codes × bodies × content types × flows. Tries per property come from the
 * system property {@code jqwik.tries.default} (2000 in CI); a long run is
 * {@code mvn -f core-build/pom.xml verify -Djqwik.tries.default=1000000 -Dtest=ResponseClassifierFuzzProperties
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>For every answer: the result is a JSON object or array (and only for a 2xx status), or a
 * {@link SalesforceAuthException} with a reason, a fix and no cause; never a parser crash or any other exception;
 * and a secret-like canary planted in the body never appears in the message or in Salesforce's error text, whether
 * or not the request itself carried the canary.
 */
class ResponseClassifierFuzzProperties {
    private static final URI TOKEN_URL = URI.create("https://acme.my.salesforce.com/services/oauth2/token");
    private static final URI DATA_URL = URI.create("https://acme.my.salesforce.com/services/data/v66.0/query?q=x");

    private static final List<String> CODES = List.of(
            "invalid_grant",
            "inactive_user",
            "inactive_org",
            "invalid_client_id",
            "invalid_client",
            "unsupported_grant_type",
            "invalid_request",
            "redirect_uri_mismatch",
            "rate_limit_exceeded",
            "INVALID_SESSION_ID",
            "REQUEST_LIMIT_EXCEEDED",
            "INVALID_TYPE",
            "INVALID_FIELD",
            "MALFORMED_QUERY",
            "INVALID_STATUS",
            "API_DISABLED_FOR_ORG",
            "NOT_FOUND",
            "UNKNOWN_EXCEPTION",
            "SERVER_UNAVAILABLE",
            "");
    private static final List<String> DESCRIPTIONS = List.of(
            "expired access/refresh token",
            "inactive user",
            "inactive organization",
            "ip restricted",
            "IP restricted or invalid login hours",
            "user hasn't approved this consumer",
            "authentication failure",
            "audience is invalid",
            "invalid assertion",
            "expired authorization code",
            "client identifier invalid",
            "invalid client credentials",
            "Session expired or invalid",
            "Data Not Available",
            "maintenance");
    private static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "application/json;charset=UTF-8",
            "text/html",
            "text/html; charset=iso-8859-1",
            "text/plain",
            "",
            "application/x-www-form-urlencoded",
            "garbage/\u0000;;");

    /** One fuzzed answer and the canary planted in it. */
    record Answer(Flow flow, int status, String contentType, String body, String canary, boolean requestCarriesCanary) {
        @Override
        public String toString() {
            return flow + " " + status + " [" + contentType + "] " + body.replace("\n", "\\n") + "  (canary " + canary
                    + (requestCarriesCanary ? ", also in the request)" : ")");
        }
    }

    @Property
    void everyAnswerIsADocumentOrOneSalesforceAuthExceptionThatNeverQuotesTheCanary(@ForAll("answers") Answer a) {
        SecretText secret = SecretText.of(a.requestCarriesCanary() ? a.canary() : "5Aep861unrelated.secret.value");
        SalesforceRequest request = a.flow().isOAuth()
                ? SalesforceRequest.tokenRequest(
                        a.flow(), TOKEN_URL, new Form().add("grant_type", "x").addSecret("refresh_token", secret))
                : SalesforceRequest.get(a.flow(), null, DATA_URL, secret);
        HttpHeaders headers = HttpHeaders.of(
                a.contentType() == null ? Map.of() : Map.of("Content-Type", List.of(a.contentType())), (x, y) -> true);
        try {
            JsonNode doc = ResponseClassifier.classify(
                    request, a.status(), headers, a.body().getBytes(StandardCharsets.UTF_8));
            assertNotNull(doc);
            assertTrue(a.status() >= 200 && a.status() < 300, "a document only for 2xx");
            assertTrue(doc.isObject() || doc.isArray(), "an object or an array");
            if (a.flow().isOAuth()) {
                assertTrue(doc.isObject() && !doc.has("error"), "a token response is an object without error");
            }
        } catch (SalesforceAuthException e) {
            assertNotNull(e.reason());
            assertNotNull(e.fix());
            assertFalse(e.fix().isBlank());
            assertNull(e.getCause());
            assertFalse(e.getMessage().contains(a.canary()), "the message quotes the canary: " + e.getMessage());
            if (e.salesforceError() != null) {
                assertFalse(e.salesforceError().contains(a.canary()), "Salesforce's error quotes the canary");
            }
            assertTrue(e.getMessage().contains("acme.my.salesforce.com"), "the message names the host");
        }
    }

    @Provide
    Arbitrary<Answer> answers() {
        Arbitrary<String> canary = Combinators.combine(
                        Arbitraries.of("5Aep861", "00D000000000001!AQ0", "3MVG9", "FAKESECRET", "eyJ"),
                        Arbitraries.strings()
                                .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._")
                                .ofMinLength(14)
                                .ofMaxLength(40))
                .as((prefix, rest) -> prefix + "9" + rest);
        Arbitrary<Integer> status = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        6, Arbitraries.of(200, 201, 204, 302, 400, 401, 403, 404, 420, 429, 500, 502, 503, 504)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(100, 599)));
        Arbitrary<String> contentType = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(CONTENT_TYPES)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(null)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(30)));
        return canary.flatMap(c -> Combinators.combine(
                                Arbitraries.of(Flow.values()),
                                status,
                                contentType,
                                body(c),
                                Arbitraries.of(true, false))
                        .as((flow, s, type, body, inRequest) -> new Answer(flow, s, type, body, c, inRequest)))
                // The composed bodies have millions of edge-case combinations, which jqwik would precompute and hold
                // in memory on a long run; random generation covers them.
                .withoutEdgeCases();
    }

    private static Arbitrary<String> body(String canary) {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<String> code = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(CODES)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(canary)),
                net.jqwik.api.Tuple.of(1, text));
        Arbitrary<String> description = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(DESCRIPTIONS)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(DESCRIPTIONS).map(d -> d + " " + canary)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(canary)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(DESCRIPTIONS).map(d -> canary + "\n\t" + d)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(DESCRIPTIONS).map(d -> d + "\u0000" + canary + "\u2028")),
                net.jqwik.api.Tuple.of(1, text));
        Arbitrary<String> oauth = Combinators.combine(code, description)
                .as((c, d) -> "{\"error\":" + quote(c) + ",\"error_description\":" + quote(d) + "}");
        Arbitrary<String> restOne = Combinators.combine(code, description)
                .as((c, d) -> "{\"message\":" + quote(d) + ",\"errorCode\":" + quote(c) + ",\"fields\":["
                        + quote(canary) + "]}");
        Arbitrary<String> rest = restOne.list().ofMinSize(0).ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> token = Arbitraries.just("{\"access_token\":" + quote(canary)
                + ",\"instance_url\":\"https://acme.my.salesforce.com\",\"id\":\"https://login.salesforce.com/id/00D000000000001EAA/005000000000001AAA\","
                + "\"issued_at\":\"1763890000123\",\"refresh_token\":" + quote(canary) + "}");
        Arbitrary<String> html = Arbitraries.of(
                "<html><body>" + canary + "</body></html>",
                "<!DOCTYPE HTML><html><title>Down for Maintenance</title>" + canary + "</html>",
                "<html><head><title>Data Not Available</title></head><body>" + canary + "</body></html>",
                "  <HTML>" + canary);
        Arbitrary<String> plain =
                Arbitraries.of("Bad_OAuth_Token", "Bad_OAuth_Token " + canary, canary, "", " \n ", "Not Found", "ok");
        Arbitrary<String> deep =
                Arbitraries.integers().between(1, 3000).map(n -> "[".repeat(n) + quote(canary) + "]".repeat(n));
        Arbitrary<String> structured =
                Arbitraries.oneOf(oauth, rest, token, html, plain, deep, text.map(t -> t + canary));
        return structured.flatMap(b -> Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.just(b)),
                net.jqwik.api.Tuple.of(
                        2,
                        Arbitraries.integers()
                                .between(0, Math.max(0, b.length()))
                                .map(i -> b.substring(0, i))),
                net.jqwik.api.Tuple.of(1, text.map(t -> b + t)),
                net.jqwik.api.Tuple.of(1, text.map(t -> t + b))));
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                out.append('\\').append(ch);
            } else if (ch < 0x20) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.append('"').toString();
    }
}
