package io.jenkins.plugins.salesforce.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns every answer Salesforce (or whatever stands in front of it) can give into either a parsed JSON document or
 * one {@link SalesforceAuthException} with the right {@link Reason}, a message that names the request and the host,
 * and a fix. It never lets a parser exception out and never puts the body into a message: the only text taken from
 * the body is Salesforce's error code and description, cleaned ({@link #sanitise}) and with every secret of the
 * request scrubbed, kept in {@link SalesforceAuthException#salesforceError()} so the UI can show it.
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
 */
public final class ResponseClassifier {
    /** The REST error code that the transport does not retry: the limit is a rolling 24-hour window. */
    public static final String REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";

    private static final String STATUS_PAGE = "check https://status.salesforce.com";
    /** Salesforce's error codes are letters and underscores; anything else (a token echoed back) is not repeated. */
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z][A-Za-z_]{0,63}");

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}");
    private static final Pattern ACCESS_TOKEN_LIKE = Pattern.compile("00D\\w{12,15}!\\S*");
    private static final int MAX_DESCRIPTION = 300;
    private static final int LONGEST_KEPT_WORD = 31;
    private static final int LONGEST_KEPT_MIXED_WORD = 11;

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
                    "the org is not available (HTTP 420 'Data Not Available'): it was deleted, or it is a scratch org that expired",
                    "Remove or replace the credential; if the org should exist, check it in the Dev Hub or with Salesforce support.",
                    null);
        }
        String trimmed = a.text.strip();
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
                    Reason.SESSION_EXPIRED, "the access token is expired or invalid", sessionFix(), "Bad_OAuth_Token");
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
                throw oauthError(a, node);
            }
        }
        if (a.isSuccess()) {
            if (a.request.flow().isOAuth() && !node.isObject()) {
                throw a.fail(
                        Reason.BAD_RESPONSE,
                        "the answer was JSON but not a token response",
                        "Check that the login URL is the org's My Domain, https://login.salesforce.com or https://test.salesforce.com.",
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
            throw restError(a, first, node.isArray() ? node.size() : 1);
        }
        throw byStatus(a, null);
    }

    private static SalesforceAuthException oauthError(Answer a, JsonNode node) {
        String rawCode = Json.text(node, "error");
        String rawDescription = Json.text(node, "error_description");
        String code = rawCode == null ? "" : rawCode.strip().toLowerCase(Locale.ROOT);
        String description =
                rawDescription == null ? "" : rawDescription.strip().toLowerCase(Locale.ROOT);
        String said = a.salesforceSaid(rawCode, rawDescription);
        Flow flow = a.request.flow();
        switch (code) {
            case "invalid_grant":
                return invalidGrant(a, flow, description, said);
            case "inactive_user":
                return a.fail(Reason.INACTIVE_USER, "the user is inactive or frozen", inactiveUserFix(), said);
            case "inactive_org":
                return a.fail(Reason.INACTIVE_ORG, "the org is locked, closed or suspended", inactiveOrgFix(), said);
            case "invalid_client_id":
                return a.fail(
                        Reason.BAD_INPUT,
                        "Salesforce does not know the client id (consumer key)",
                        "Check the client id: it must be the consumer key of a connected app that is enabled for OAuth and"
                                + " available in this org (a new app can take up to 10 minutes to become available).",
                        said);
            case "unsupported_grant_type":
                return a.fail(
                        Reason.BAD_INPUT,
                        "the connected app does not allow this grant type",
                        "Enable the flow on the connected app: the 'refresh_token, offline_access' scope for auth URLs,"
                                + " 'Use digital signatures' with the certificate for JWT.",
                        said);
            case "invalid_request":
                return a.fail(
                        Reason.BAD_INPUT,
                        "Salesforce called the request malformed",
                        "Check that the login URL uses https and is not rewritten by a proxy; if it persists, report a"
                                + " bug with the Salesforce error shown here.",
                        said);
            case "redirect_uri_mismatch":
                return a.fail(
                        Reason.BAD_INPUT,
                        "the redirect URI does not match the connected app's callback URL",
                        "Use exactly (byte for byte) a callback URL registered on the connected app, the same one the"
                                + " code was issued for.",
                        said);
            case "rate_limit_exceeded":
                return a.fail(
                        Reason.RATE_LIMITED,
                        "Salesforce refused the login because this user logs in too often",
                        "Wait and try again; Salesforce allows about 3,600 logins per user per hour, so check which other"
                                + " tools log in as this user.",
                        said);
            default:
                if (code.startsWith("invalid_client")) {
                    return a.fail(
                            Reason.BAD_INPUT,
                            "Salesforce refused the client secret (consumer secret)",
                            "Check the client secret of the connected app, or leave it empty for an app without one"
                                    + " (such as PlatformCLI).",
                            said);
                }
                return byStatus(a, said);
        }
    }

    private static SalesforceAuthException invalidGrant(Answer a, Flow flow, String d, String said) {
        if (d.contains("inactive user") || d.contains("user is inactive") || d.contains("frozen")) {
            return a.fail(Reason.INACTIVE_USER, "the user is inactive or frozen", inactiveUserFix(), said);
        }
        if (d.contains("inactive org") || d.contains("org is locked") || d.contains("organization is locked")) {
            return a.fail(
                    Reason.INACTIVE_ORG, "the org is inactive (locked, suspended or deleted)", inactiveOrgFix(), said);
        }
        if (d.contains("ip restricted") || d.contains("login hours")) {
            return a.fail(
                    Reason.IP_RESTRICTED,
                    "the login was refused because of IP restrictions or login hours",
                    "Set the connected app's IP Relaxation to 'Relax IP restrictions', or add the Jenkins controller's"
                            + " outbound IP address to the profile's login IP ranges, and check the profile's login hours.",
                    said);
        }
        if (d.contains("approved")) {
            return a.fail(
                    Reason.NOT_APPROVED,
                    "the user has not approved, or is not pre-authorised for, the connected app",
                    flow == Flow.JWT_BEARER
                            ? "In the connected app's policies set 'Permitted Users' to 'Admin approved users are"
                                    + " pre-authorized' and add the user's profile or a permission set; for a sandbox or"
                                    + " scratch org created minutes ago, wait for the app to replicate and try again."
                            : "Re-authorise the org with web login and store the new auth URL, or pre-authorise the user"
                                    + " in the connected app's policies.",
                    said);
        }
        if (d.contains("audience")) {
            return a.fail(
                    Reason.INVALID_GRANT,
                    "Salesforce did not accept the JWT audience",
                    "Use https://login.salesforce.com (production, Developer Edition, Dev Hub) or"
                            + " https://test.salesforce.com (sandbox, scratch org) as the login URL, or the org's My Domain.",
                    said);
        }
        if (d.contains("invalid assertion")) {
            return a.fail(
                    Reason.INVALID_GRANT,
                    "Salesforce refused the signed JWT assertion",
                    "Upload the certificate that matches this private key to the connected app ('Use digital"
                            + " signatures') and check that the client id is that app's consumer key.",
                    said);
        }
        if (d.contains("authorization code")) {
            return flow == Flow.JWT_BEARER
                    ? a.fail(
                            Reason.INVALID_GRANT,
                            "Salesforce found the JWT assertion expired",
                            "Synchronise the Jenkins controller's clock (NTP); the assertion is valid for 3 minutes.",
                            said)
                    : a.fail(
                            Reason.INVALID_GRANT,
                            "the authorization code is invalid, expired or already used",
                            "Authorization codes are single use and expire within minutes: request a new one (run the"
                                    + " sandbox authorisation again).",
                            said);
        }
        return switch (flow) {
            case REFRESH_TOKEN ->
                a.fail(
                        Reason.INVALID_GRANT,
                        "Salesforce refused the refresh token (expired, revoked or unknown)",
                        "Re-authorise the org (for example with 'sf org login web'), export a new SFDX auth URL and store it"
                                + " in the credential. Refresh tokens also die when the connected app's policy expires them,"
                                + " when rotation is on and another tool used the token, or after five newer approvals of the"
                                + " same app by the same user.",
                        said);
            case JWT_BEARER ->
                a.fail(
                        Reason.INVALID_GRANT,
                        "Salesforce refused the JWT login",
                        "Check that the username is the Salesforce username of an active user of this org, and that the"
                                + " login URL points at that org.",
                        said);
            default ->
                a.fail(
                        Reason.INVALID_GRANT,
                        "Salesforce refused the grant",
                        "Request a new authorization code and try again.",
                        said);
        };
    }

    private static SalesforceAuthException restError(Answer a, JsonNode first, int count) {
        String rawCode = Json.text(first, "errorCode");
        String said = a.salesforceSaid(rawCode, Json.text(first, "message"));
        String code = rawCode == null ? "" : rawCode.strip().toUpperCase(Locale.ROOT);
        String more = count > 1 ? " (and " + (count - 1) + " more errors)" : "";
        return switch (code) {
            case "INVALID_SESSION_ID", "INVALID_AUTH_HEADER" ->
                a.fail(Reason.SESSION_EXPIRED, "the access token is expired or invalid" + more, sessionFix(), said);
            case REQUEST_LIMIT_EXCEEDED ->
                a.fail(
                        Reason.RATE_LIMITED,
                        "the org has used up its API request limit" + more,
                        "Wait for the rolling 24-hour limit to free up, find what uses the API (Setup > System Overview),"
                                + " or raise the org's limit.",
                        said);
            case "API_DISABLED_FOR_ORG", "API_CURRENTLY_DISABLED" ->
                a.fail(
                        Reason.PERMISSION_DENIED,
                        "the API is not enabled for this user or org" + more,
                        "Give the user the 'API Enabled' permission (profile or permission set); some editions have no API"
                                + " access.",
                        said);
            case "INSUFFICIENT_ACCESS", "INSUFFICIENT_ACCESS_OR_READONLY", "FUNCTIONALITY_NOT_ENABLED" ->
                a.fail(
                        Reason.PERMISSION_DENIED,
                        "the user or org lacks the permission or feature this call needs" + more,
                        "Give the user the needed permission or enable the feature in the org.",
                        said);
            case "NOT_FOUND" ->
                a.fail(
                        Reason.NOT_FOUND,
                        "the requested resource does not exist" + more,
                        "Check that the org and the record exist.",
                        said);
            case "INVALID_TYPE", "INVALID_FIELD" ->
                a.fail(
                        Reason.WRONG_ORG_TYPE,
                        "this org does not have the object or field the call needs" + more,
                        "Check that the credential is for the right kind of org (for example a Dev Hub, or a production org"
                                + " to manage sandboxes).",
                        said);
            case "INVALID_STATUS" ->
                a.fail(
                        Reason.NOT_READY,
                        "the sandbox is not ready for authorisation yet" + more,
                        "Wait until the sandbox has finished activating and try again.",
                        said);
            case "UNKNOWN_EXCEPTION", "SERVER_UNAVAILABLE" ->
                a.fail(
                        Reason.UNREACHABLE,
                        "Salesforce had an internal error or is unavailable" + more,
                        "Try again later and " + STATUS_PAGE + "; the plugin already retried.",
                        said);
            default -> byStatus(a, said);
        };
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
                    "Salesforce answered 'Data Not Available': the org was deleted, or it is a scratch org that expired",
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

    private static SalesforceAuthException byStatus(Answer a, String said) {
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
            return a.fail(Reason.SESSION_EXPIRED, "the access token is expired or invalid", sessionFix(), said);
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
                    "Use the org's My Domain (or https://login.salesforce.com / https://test.salesforce.com) as the URL;"
                            + " a redirect usually means an old instance URL or a proxy login page.",
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

    private static String sessionFix() {
        return "Get a new access token (the plugin does this once by itself); if it keeps happening, check the org's"
                + " session timeout and whether someone revokes the connected app's sessions.";
    }

    private static String inactiveUserFix() {
        return "Reactivate or unfreeze the user in Setup > Users, or store credentials of an active user.";
    }

    private static String inactiveOrgFix() {
        return "Check the org in Setup > Company Information (or, for a scratch org, in its Dev Hub); if it is locked,"
                + " suspended or deleted for good, remove the credential.";
    }

    /**
     * Makes text from a response safe to show: control characters become spaces, whitespace collapses, anything
     * shaped like an access token, every word of 12 or more characters that mixes letters and digits (as tokens,
     * keys, secrets and record ids do), and every word of 32 or more characters is replaced with {@code [redacted]},
     * and the result is cut to 300 characters. Salesforce's error descriptions are short phrases of plain words, so
     * nothing useful is lost; a token, key or secret echoed back never gets through.
     */
    static String sanitise(String text) {
        if (text == null) {
            return "";
        }
        String flat = ACCESS_TOKEN_LIKE.matcher(text).replaceAll("[redacted]");
        StringBuilder out = new StringBuilder();
        for (String word : flat.split("[\\s\\p{Cntrl}\\p{Z}]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(looksSecret(word) ? "[redacted]" : word);
        }
        if (out.length() > MAX_DESCRIPTION) {
            int cut = MAX_DESCRIPTION;
            if (Character.isLowSurrogate(out.charAt(cut))) {
                cut--;
            }
            out.setLength(cut);
            out.append('…');
        }
        return out.toString();
    }

    private static boolean looksSecret(String word) {
        int length = word.codePointCount(0, word.length());
        if (length > LONGEST_KEPT_WORD) {
            return true;
        }
        return length > LONGEST_KEPT_MIXED_WORD
                && word.chars().anyMatch(Character::isLetter)
                && word.chars().anyMatch(Character::isDigit);
    }

    /** One answer being classified, with what messages need. */
    private static final class Answer {
        final SalesforceRequest request;
        final int status;
        final HttpHeaders headers;
        final String text;

        Answer(SalesforceRequest request, int status, HttpHeaders headers, byte[] body) {
            this.request = request;
            this.status = status;
            this.headers = headers == null ? HttpHeaders.of(java.util.Map.of(), (k, v) -> true) : headers;
            this.text = new String(body, StandardCharsets.UTF_8);
        }

        boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        boolean isHtml(String trimmed) {
            String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (type.contains("html")) {
                return true;
            }
            String head = trimmed.length() > 512 ? trimmed.substring(0, 512) : trimmed;
            String lower = head.toLowerCase(Locale.ROOT);
            return lower.startsWith("<") || lower.contains("<html") || lower.contains("<!doctype");
        }

        /** Salesforce's {@code code: description}, cleaned and with the request's secrets scrubbed; or null. */
        String salesforceSaid(String rawCode, String rawDescription) {
            String code = rawCode == null ? "" : scrub(rawCode.strip());
            if (!ERROR_CODE.matcher(code).matches()) {
                code = "unknown_error";
            }
            String description = rawDescription == null ? "" : sanitise(scrub(rawDescription));
            return description.isEmpty() ? code : code + ": " + description;
        }

        private String scrub(String s) {
            String out = s;
            for (SecretText secret : request.secrets()) {
                String v = secret.reveal();
                if (v.length() >= 4) {
                    out = out.replace(v, "[redacted]");
                }
            }
            return out;
        }

        SalesforceAuthException fail(Reason reason, String explanation, String fix, String said) {
            StringBuilder detail = new StringBuilder()
                    .append(request.what())
                    .append(" at ")
                    .append(request.host())
                    .append(" failed: ")
                    .append(explanation)
                    .append(" (HTTP ")
                    .append(status);
            if (said != null) {
                detail.append(", Salesforce said '").append(said).append('\'');
            }
            detail.append(").");
            return said == null
                    ? SalesforceAuthException.of(reason, detail.toString(), fix)
                    : SalesforceAuthException.fromSalesforce(reason, detail.toString(), fix, said);
        }
    }
}
