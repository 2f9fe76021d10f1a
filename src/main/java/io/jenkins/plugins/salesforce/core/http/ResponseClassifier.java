package io.jenkins.plugins.salesforce.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns every answer Salesforce (or whatever stands in front of it) can give into either a parsed JSON document or
 * one {@link SalesforceAuthException} with the right {@link Reason}, a message that names the request and the host,
 * and a fix. It never lets a parser exception out and never puts the body into a message: the only text taken from
 * the body is Salesforce's error code and description, cleaned and with every secret of the request scrubbed
 * ({@link QuotedError}), kept in {@link SalesforceAuthException#salesforceError()} so the UI can show it.
 *
 * <p>The rules, in order (docs/salesforce-endpoints.md#error-classification lists the codes):
 * <ol>
 *   <li>HTTP 420 is an org that is gone ("Data Not Available"): {@link Reason#INACTIVE_ORG}.
 *   <li>A JSON body: an OAuth error object ({@code error}, {@code error_description}) is classified by code and
 *       description, never by status; a REST error array by its first {@code errorCode}; a 2xx document is the
 *       result (an object for the OAuth flows, object or array for REST); anything else falls to the status.
 *   <li>An HTML body: "maintenance" or 5xx is {@link Reason#UNREACHABLE}, "Data Not Available" on an error status
 *       is {@link Reason#INACTIVE_ORG}, 429 is {@link Reason#RATE_LIMITED}, and any other HTML (a proxy, captive
 *       portal or a wrong URL, even with 200) is {@link Reason#BAD_RESPONSE}.
 *   <li>Plain text {@code Bad_OAuth_Token} on 401/403 is {@link Reason#SESSION_EXPIRED}.
 *   <li>An empty, truncated or non-JSON body with 2xx is {@link Reason#BAD_RESPONSE}; with an error status the
 *       status decides: 5xx {@code UNREACHABLE}, 429 {@code RATE_LIMITED}, and for REST 401 {@code SESSION_EXPIRED},
 *       403 {@code PERMISSION_DENIED}, 404 {@code NOT_FOUND}; otherwise {@code BAD_RESPONSE}.
 * </ol>
 *
 * <p>{@link OAuthErrors} and {@link RestErrors} know what each Salesforce error code means; {@link Answer} words the
 * failure.
 */
public final class ResponseClassifier {
    /** The REST error code that the transport does not retry: the limit is a rolling 24-hour window. */
    public static final String REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";

    static final String STATUS_PAGE = "check https://status.salesforce.com";
    static final String SESSION_FIX = "Get a new access token (the plugin does this once by itself); if it keeps"
            + " happening, check the org's session timeout and whether someone revokes the connected app's sessions.";

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}");

    private ResponseClassifier() {}

    /**
     * Classifies one answer.
     *
     * @param request the request it answers (names the flow, the host, and the secrets to scrub)
     * @param status the HTTP status
     * @param headers the response headers ({@code Content-Type}, {@code Location})
     * @param body the body as received, possibly empty
     * @return the JSON document of a successful answer
     * @throws SalesforceAuthException for every other answer
     */
    public static JsonNode classify(SalesforceRequest request, int status, HttpHeaders headers, byte[] body) {
        Answer a = new Answer(request, status, headers, body == null ? new byte[0] : body);
        if (status == 420) {
            throw a.fail(
                    Reason.INACTIVE_ORG,
                    "the org is not available (HTTP 420 'Data Not Available'): it was deleted, or it is a scratch org"
                            + " that expired",
                    "Remove or replace the credential; if the org should exist, check it in the Dev Hub or with"
                            + " Salesforce support.",
                    null);
        }
        String trimmed = a.text.strip();
        if (status == 204 && "PATCH".equals(request.method())) {
            return Json.mapper().createObjectNode(); // the record was changed; Salesforce says no more
        }
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            Optional<JsonNode> parsed = Json.parse(trimmed);
            if (parsed.isPresent()) {
                return classifyJson(a, parsed.get());
            }
            if (a.isSuccess()) {
                throw a.fail(
                        Reason.BAD_RESPONSE,
                        "the answer was truncated or malformed JSON",
                        "Try again; if it repeats, check the proxy between Jenkins and Salesforce.",
                        null);
            }
            throw byStatus(a, null);
        }
        if (a.isHtml(trimmed)) {
            throw classifyHtml(a, trimmed);
        }
        if (trimmed.isEmpty()) {
            if (a.isSuccess()) {
                throw a.fail(
                        Reason.BAD_RESPONSE,
                        "the answer was empty",
                        "Try again; if it repeats, check the proxy between Jenkins and Salesforce.",
                        null);
            }
            throw byStatus(a, null);
        }
        if ((status == 401 || status == 403) && trimmed.regionMatches(true, 0, "Bad_OAuth_Token", 0, 15)) {
            throw a.fail(
                    Reason.SESSION_EXPIRED, "the access token is expired or invalid", SESSION_FIX, "Bad_OAuth_Token");
        }
        if (a.isSuccess()) {
            throw a.fail(
                    Reason.BAD_RESPONSE,
                    "the answer was not JSON",
                    "Check that the URL is the org's My Domain or login host and the Jenkins proxy settings.",
                    null);
        }
        throw byStatus(a, null);
    }

    /**
     * The Salesforce error code of a failure ({@code invalid_grant}, {@code INVALID_TYPE}, ...), or empty when the
     * failure did not come with one.
     */
    public static Optional<String> errorCode(SalesforceAuthException e) {
        String s = e.salesforceError();
        if (s == null) {
            return Optional.empty();
        }
        int colon = s.indexOf(':');
        return Optional.of(colon < 0 ? s : s.substring(0, colon));
    }

    /** Whether the transport may send the request again after this failure. */
    public static boolean isRetryable(SalesforceAuthException e) {
        return e.reason().isTransient()
                && !errorCode(e).map(REQUEST_LIMIT_EXCEEDED::equalsIgnoreCase).orElse(false);
    }

    private static JsonNode classifyJson(Answer a, JsonNode node) {
        if (node.isObject() && node.has("error")) {
            if (a.request.flow().isOAuth() || !a.isSuccess()) {
                throw OAuthErrors.of(a, node);
            }
        }
        if (a.isSuccess()) {
            if (a.request.flow().isOAuth() && !node.isObject()) {
                throw a.fail(
                        Reason.BAD_RESPONSE,
                        "the answer was JSON but not a token response",
                        "Check that the login URL is the org's My Domain, https://login.salesforce.com or"
                                + " https://test.salesforce.com.",
                        null);
            }
            if (!node.isObject() && !node.isArray()) {
                throw a.fail(
                        Reason.BAD_RESPONSE,
                        "the answer was JSON but neither an object nor an array",
                        "Check that the URL is the org's instance URL and the Jenkins proxy settings.",
                        null);
            }
            return node;
        }
        JsonNode first = node.isArray() && !node.isEmpty() ? node.get(0) : node;
        if (first.isObject() && first.has("errorCode")) {
            throw RestErrors.of(a, first, node.isArray() ? node.size() : 1);
        }
        throw byStatus(a, null);
    }

    private static SalesforceAuthException classifyHtml(Answer a, String trimmed) {
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.contains("maintenance")) {
            return a.fail(
                    Reason.UNREACHABLE,
                    "Salesforce answered with a maintenance page",
                    "The org is down for maintenance: " + STATUS_PAGE + " and try again later.",
                    null);
        }
        if (a.status >= 400 && lower.contains("data not available")) {
            return a.fail(
                    Reason.INACTIVE_ORG,
                    "Salesforce answered 'Data Not Available': the org was deleted, or it is a scratch org that"
                            + " expired",
                    "Remove or replace the credential; if the org should exist, check it in the Dev Hub.",
                    null);
        }
        if (a.status >= 500) {
            return a.fail(
                    Reason.UNREACHABLE,
                    "the server answered with an HTML error page",
                    "Salesforce or a proxy is having trouble: " + STATUS_PAGE + " and the Jenkins proxy settings, then"
                            + " try again; the plugin already retried.",
                    null);
        }
        if (a.status == 429) {
            return a.fail(
                    Reason.RATE_LIMITED,
                    "the server asked to slow down with an HTML page",
                    "Wait and try again; check which other tools call this org.",
                    null);
        }
        return a.fail(
                Reason.BAD_RESPONSE,
                "the answer was an HTML page instead of JSON, so something other than Salesforce's API answered (a"
                        + " proxy, a captive portal, or a URL that is not the org's)",
                "Check that the URL is the org's My Domain or login host and the Jenkins proxy settings.",
                null);
    }

    /**
     * The failure by status alone, for an answer whose body says nothing the plugin knows: 5xx, 429, a REST 401, 403
     * or 404, a redirect (naming where to), or else a bad response.
     *
     * @param said Salesforce's own error, cleaned ({@link QuotedError}), or null
     */
    static SalesforceAuthException byStatus(Answer a, String said) {
        int s = a.status;
        boolean rest = !a.request.flow().isOAuth();
        if (s >= 500) {
            return a.fail(
                    Reason.UNREACHABLE,
                    "the server had an error",
                    "Try again later and " + STATUS_PAGE
                            + " and the Jenkins proxy settings; the plugin already retried.",
                    said);
        }
        if (s == 429) {
            return a.fail(
                    Reason.RATE_LIMITED,
                    "the server asked to slow down",
                    "Wait and try again; check which other tools call this org.",
                    said);
        }
        if (rest && s == 401) {
            return a.fail(Reason.SESSION_EXPIRED, "the access token is expired or invalid", SESSION_FIX, said);
        }
        if (rest && s == 403) {
            return a.fail(
                    Reason.PERMISSION_DENIED,
                    "access was denied",
                    "Give the user the permission this call needs (for example 'API Enabled').",
                    said);
        }
        if (rest && s == 404) {
            return a.fail(
                    Reason.NOT_FOUND,
                    "the resource does not exist",
                    "Check the instance URL and that the org and record exist.",
                    said);
        }
        if (s >= 300 && s < 400) {
            String target = a.headers
                    .firstValue("Location")
                    .flatMap(ResponseClassifier::hostOf)
                    .map(h -> " to " + h)
                    .orElse("");
            return a.fail(
                    Reason.BAD_RESPONSE,
                    "the server redirected the request" + target,
                    "Use the org's My Domain (or https://login.salesforce.com / https://test.salesforce.com) as the"
                            + " URL; a redirect usually means an old instance URL or a proxy login page.",
                    said);
        }
        if (said != null) {
            return a.fail(
                    Reason.BAD_RESPONSE,
                    "Salesforce answered with an error the plugin does not know",
                    "Look up the Salesforce error shown here; report it if the plugin should handle it.",
                    said);
        }
        return a.fail(
                Reason.BAD_RESPONSE,
                "the answer was not what Salesforce's API sends",
                "Check that the URL is the org's My Domain or login host and the Jenkins proxy settings.",
                null);
    }

    private static Optional<String> hostOf(String location) {
        try {
            String host = URI.create(location.strip()).getHost();
            return host != null && HOST_NAME.matcher(host).matches() ? Optional.of(host) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
