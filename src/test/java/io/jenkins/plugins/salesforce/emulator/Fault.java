package io.jenkins.plugins.salesforce.emulator;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * What the emulator does instead of (or on top of) answering normally. Immutable; build one with the static
 * factories and register it with {@link Faults#on(Endpoint, Endpoint...)}.
 *
 * <ul>
 *   <li>Canned answers ({@link #oauthError}, {@link #restError}, {@link #http503Html()}...) replace the endpoint: no
 *       state changes (a code is not burnt, a token not rotated).</li>
 *   <li>{@link #slow(Duration)} waits (wall-clock time), then answers normally; {@link #withDelay(Duration)} adds the
 *       same wait before any other fault. {@link #heldUntil(CountDownLatch)} holds the answer until the test opens a
 *       gate, so that a test can prove two requests were in flight at once without measuring time.</li>
 *   <li>{@link #resetBeforeBody()} closes the connection without reading or processing the request.
 *       {@link #resetAfterBody()} reads and <em>processes</em> the request (state changes happen: a code is burnt, a
 *       token is issued) and then closes without answering. {@link #resetMidResponse()} processes, sends the status line,
 *       headers and half the body, then closes.</li>
 * </ul>
 */
public final class Fault {
    enum Kind {
        RESPOND,
        NORMAL,
        RESET_BEFORE_BODY,
        RESET_AFTER_BODY,
        RESET_MID_RESPONSE
    }

    /** Where a canned JSON body follows the endpoint's envelope (OAuth object or REST array). */
    enum Envelope {
        FIXED,
        SERVER_ERROR_500,
        SERVER_UNAVAILABLE_503
    }

    static final String HTML = "text/html;charset=UTF-8";
    static final String JSON = "application/json;charset=UTF-8";
    static final String TEXT = "text/plain;charset=UTF-8";

    static final String DATA_NOT_AVAILABLE_HTML = "<html><head><title>Data Not Available</title></head><body>"
            + "<h1>Data Not Available</h1><p>The data you were trying to access could not be found. It may be due to "
            + "another user deleting the data or a system error. If you know the data is not deleted but cannot access"
            + " it, please look at our support page.</p></body></html>";
    static final String MAINTENANCE_HTML = "<!DOCTYPE HTML><html><head><title>Salesforce - Maintenance</title></head>"
            + "<body><h1>We are down for maintenance</h1><p>This Salesforce instance is currently undergoing scheduled "
            + "maintenance. Please try again later.</p></body></html>";

    private final Kind kind;
    private final int status;
    private final String contentType;
    private final String body;
    private final Envelope envelope;
    private final Duration delay;
    private final CountDownLatch gate;
    private final String label;

    private Fault(
            Kind kind, int status, String contentType, String body, Envelope envelope, Duration delay, String label) {
        this(kind, status, contentType, body, envelope, delay, null, label);
    }

    private Fault(
            Kind kind,
            int status,
            String contentType,
            String body,
            Envelope envelope,
            Duration delay,
            CountDownLatch gate,
            String label) {
        this.kind = kind;
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.envelope = envelope;
        this.delay = delay;
        this.gate = gate;
        this.label = label;
    }

    private static Fault respond(int status, String contentType, String body, String label) {
        return new Fault(Kind.RESPOND, status, contentType, body, Envelope.FIXED, Duration.ZERO, label);
    }

    // ---------------------------------------------------------------- OAuth errors of the token endpoint

    /** An OAuth error, {@code {"error": error, "error_description": description}}, with HTTP 400. */
    public static Fault oauthError(String error, String description) {
        return oauthError(400, error, description);
    }

    public static Fault oauthError(int status, String error, String description) {
        return respond(status, JSON, Responses.oauthErrorBody(error, description), error + ": " + description);
    }

    public static Fault invalidGrant(String description) {
        return oauthError("invalid_grant", description);
    }

    /** {@code invalid_grant: expired access/refresh token} (revoked, expired, rotated away, unknown). */
    public static Fault expiredRefreshToken() {
        return invalidGrant("expired access/refresh token");
    }

    public static Fault inactiveUser() {
        return invalidGrant("inactive user");
    }

    public static Fault inactiveOrganization() {
        return invalidGrant("inactive organization");
    }

    public static Fault ipRestricted() {
        return invalidGrant("ip restricted");
    }

    public static Fault ipRestrictedOrInvalidLoginHours() {
        return invalidGrant("IP restricted or invalid login hours");
    }

    public static Fault userNotApproved() {
        return invalidGrant("user hasn't approved this consumer");
    }

    public static Fault authenticationFailure() {
        return invalidGrant("authentication failure");
    }

    public static Fault audienceInvalid() {
        return invalidGrant("audience is invalid");
    }

    public static Fault invalidAssertion() {
        return invalidGrant("invalid assertion");
    }

    public static Fault expiredAuthorizationCode() {
        return invalidGrant("expired authorization code");
    }

    public static Fault invalidAuthorizationCode() {
        return invalidGrant("invalid authorization code");
    }

    /** The documented code form: {@code inactive_user: User is inactive}. */
    public static Fault inactiveUserDocumentedForm() {
        return oauthError("inactive_user", "User is inactive");
    }

    /** The documented code form: {@code inactive_org: Org is locked, closed, or suspended}. */
    public static Fault inactiveOrgDocumentedForm() {
        return oauthError("inactive_org", "Org is locked, closed, or suspended");
    }

    /** {@code app_not_found: External client app is not installed in this org}. */
    public static Fault externalClientAppNotInstalled() {
        return oauthError("app_not_found", "External client app is not installed in this org");
    }

    public static Fault invalidClientId() {
        return oauthError("invalid_client_id", "client identifier invalid");
    }

    public static Fault invalidClient() {
        return oauthError("invalid_client", "invalid client credentials");
    }

    public static Fault unsupportedGrantType() {
        return oauthError("unsupported_grant_type", "grant type not supported");
    }

    public static Fault redirectUriMismatch() {
        return oauthError("redirect_uri_mismatch", "redirect_uri must match configuration");
    }

    public static Fault rateLimitExceeded() {
        return oauthError("rate_limit_exceeded", "Number of logins exceeded");
    }

    public static Fault invalidRequest(String description) {
        return oauthError("invalid_request", description);
    }

    // ---------------------------------------------------------------- REST errors

    /** A REST error: {@code [{"message": message, "errorCode": errorCode}]} with the given status. */
    public static Fault restError(int status, String errorCode, String message) {
        return respond(status, JSON, Responses.restErrorBody(errorCode, message), status + " " + errorCode);
    }

    /** 401 {@code INVALID_SESSION_ID} "Session expired or invalid" (the token died early). */
    public static Fault invalidSessionId() {
        return restError(401, "INVALID_SESSION_ID", "Session expired or invalid");
    }

    /**
     * 401 {@code INVALID_SESSION_ID} "This session is not valid for use with the REST API": a token Salesforce issued
     * but will not take for the API, as when the user's profile requires a High Assurance session at login.
     */
    public static Fault sessionNotValidForApi() {
        return restError(401, "INVALID_SESSION_ID", "This session is not valid for use with the REST API");
    }

    /** 403 {@code REQUEST_LIMIT_EXCEEDED} "TotalRequests Limit exceeded.". */
    public static Fault requestLimitExceeded() {
        return restError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
    }

    /** 400 {@code INVALID_TYPE}: "sObject type '<sobject>' is not supported..." (not a Dev Hub / not production). */
    public static Fault invalidType(String sobject) {
        return restError(400, "INVALID_TYPE", Responses.invalidTypeMessage(sobject));
    }

    /** 400 {@code INVALID_FIELD}: "No such column '<field>' on entity '<entity>'...". */
    public static Fault invalidField(String field, String entity) {
        return restError(400, "INVALID_FIELD", Responses.invalidFieldMessage(field, entity));
    }

    /** 400 {@code INVALID_STATUS} on sandboxAuth (copy done, auth not ready yet). */
    public static Fault invalidStatus() {
        return restError(400, "INVALID_STATUS", Responses.INVALID_STATUS_MESSAGE);
    }

    public static Fault apiDisabledForOrg() {
        return restError(403, "API_DISABLED_FOR_ORG", "API is not enabled for this Organization or Partner");
    }

    public static Fault notFound() {
        return restError(404, "NOT_FOUND", "The requested resource does not exist");
    }

    /** 403 with the plain-text body {@code Bad_OAuth_Token} (identity, userinfo, singleaccess). */
    public static Fault badOAuthToken() {
        return respond(403, TEXT, "Bad_OAuth_Token", "403 Bad_OAuth_Token");
    }

    // ---------------------------------------------------------------- transport

    /** Any status, content type and body. */
    public static Fault http(int status, String contentType, String body) {
        return respond(status, contentType, body, "HTTP " + status + " " + contentType);
    }

    /** 500 with a JSON body in the endpoint's envelope (UNKNOWN_EXCEPTION, or {@code unknown_error} on OAuth). */
    public static Fault http500Json() {
        return new Fault(Kind.RESPOND, 500, JSON, null, Envelope.SERVER_ERROR_500, Duration.ZERO, "500 JSON");
    }

    public static Fault http500Html() {
        return respond(500, HTML, "<html><body><h1>500 Internal Server Error</h1></body></html>", "500 HTML");
    }

    public static Fault http502Html() {
        return respond(
                502,
                HTML,
                "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>" + "</body></html>",
                "502 HTML");
    }

    /** 503 with a JSON body in the endpoint's envelope (SERVER_UNAVAILABLE, or {@code server_unavailable} on OAuth). */
    public static Fault http503Json() {
        return new Fault(Kind.RESPOND, 503, JSON, null, Envelope.SERVER_UNAVAILABLE_503, Duration.ZERO, "503 JSON");
    }

    /** 503 with an HTML maintenance page (its text contains "maintenance"). */
    public static Fault http503Html() {
        return respond(503, HTML, MAINTENANCE_HTML, "503 HTML maintenance");
    }

    /** 420 with the "Data Not Available" HTML page a deleted org's instance serves. */
    public static Fault dataNotAvailable() {
        return respond(420, HTML, DATA_NOT_AVAILABLE_HTML, "420 Data Not Available");
    }

    /** 200 whose JSON stops half-way ({@code {"access_token":"00D...}). */
    public static Fault truncatedJson() {
        return respond(200, JSON, "{\"access_token\":\"00D000000000001!AQ0AQ", "200 truncated JSON");
    }

    /** 200 with an HTML page from a proxy (or captive portal) instead of JSON. */
    public static Fault htmlProxyPage() {
        return respond(
                200,
                HTML,
                "<!DOCTYPE html><html><head><title>Web Proxy Login</title></head><body>"
                        + "<form action=\"/proxy/login\">Please sign in to continue.</form></body></html>",
                "200 HTML proxy page");
    }

    /** 200 with an empty body. */
    public static Fault emptyBody() {
        return respond(200, JSON, "", "200 empty body");
    }

    /** Waits {@code delay} (wall-clock), then answers normally. */
    public static Fault slow(Duration delay) {
        return new Fault(
                Kind.NORMAL, 0, null, null, Envelope.FIXED, Objects.requireNonNull(delay, "delay"), "slow " + delay);
    }

    /**
     * Holds the request (already counted on arrival) until {@code gate} is opened, then answers normally. The wait is
     * bounded by {@link #GATE_LIMIT} so that a test that never opens the gate fails instead of hanging.
     */
    public static Fault heldUntil(CountDownLatch gate) {
        return new Fault(
                Kind.NORMAL,
                0,
                null,
                null,
                Envelope.FIXED,
                Duration.ZERO,
                Objects.requireNonNull(gate, "gate"),
                "held until the test opens the gate");
    }

    /** The longest a {@link #heldUntil(CountDownLatch)} request waits for its gate. */
    public static final Duration GATE_LIMIT = Duration.ofSeconds(30);

    /** Closes the connection before reading the request: nothing is processed, no response is sent. */
    public static Fault resetBeforeBody() {
        return new Fault(Kind.RESET_BEFORE_BODY, 0, null, null, Envelope.FIXED, Duration.ZERO, "reset before body");
    }

    /** Reads and processes the request (state changes happen), then closes the connection without a response. */
    public static Fault resetAfterBody() {
        return new Fault(Kind.RESET_AFTER_BODY, 0, null, null, Envelope.FIXED, Duration.ZERO, "reset after body");
    }

    /** Processes the request, sends headers (with the full Content-Length) and half the body, then closes. */
    public static Fault resetMidResponse() {
        return new Fault(Kind.RESET_MID_RESPONSE, 0, null, null, Envelope.FIXED, Duration.ZERO, "reset mid-response");
    }

    /** This fault after a wall-clock wait of {@code delay}. */
    public Fault withDelay(Duration delay) {
        return new Fault(
                kind,
                status,
                contentType,
                body,
                envelope,
                Objects.requireNonNull(delay, "delay"),
                label + " after " + delay);
    }

    Kind kind() {
        return kind;
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    Duration delay() {
        return delay;
    }

    /** The gate of {@link #heldUntil(CountDownLatch)}, or null. */
    CountDownLatch gate() {
        return gate;
    }

    /** The body for a request to {@code endpoint}. */
    String body(Endpoint endpoint) {
        return switch (envelope) {
            case FIXED -> body;
            case SERVER_ERROR_500 ->
                endpoint.isOAuth()
                        ? Responses.oauthErrorBody("unknown_error", "retry your request")
                        : Responses.restErrorBody(
                                "UNKNOWN_EXCEPTION",
                                "An unexpected error occurred. Please include "
                                        + "this ErrorId if you contact support: 1234567890-12345 (-1234567890)");
            case SERVER_UNAVAILABLE_503 ->
                endpoint.isOAuth()
                        ? Responses.oauthErrorBody("server_unavailable", "Server is unavailable, try again later")
                        : Responses.restErrorBody("SERVER_UNAVAILABLE", "Server unavailable");
        };
    }

    @Override
    public String toString() {
        return "Fault[" + label + "]";
    }
}
