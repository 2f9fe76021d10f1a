package io.jenkins.plugins.salesforce.core.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.http.Flow;
import io.jenkins.plugins.salesforce.core.http.Form;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.core.http.SalesforceRequest;
import io.jenkins.plugins.salesforce.core.http.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What the grants share: the token request built from a login URL (the grant sends it itself, so that the
 * transport is one frame below the grant) and reading the token response into an {@link AccessToken}, refusing an answer whose {@code instance_url} or {@code id} is not an allowed
 * Salesforce host (the access token would be sent there next). The allowlist predicate is always given an origin
 * ({@code scheme://host[:port]}), never a path.
 */
final class TokenEndpoint {
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}");
    private static final Pattern ORG_ID = Pattern.compile("00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?");
    private static final Pattern USER_ID = Pattern.compile("005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?");
    private static final Pattern ISSUED_AT = Pattern.compile("\\d{1,15}");

    private final Predicate<URI> allowedHosts;
    private final Clock clock;

    TokenEndpoint(Predicate<URI> allowedHosts, Clock clock) {
        this.allowedHosts = Objects.requireNonNull(allowedHosts, "allowedHosts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The POST of the form to {@code {loginUrl}/services/oauth2/token}; its answer goes to {@link #read}. */
    SalesforceRequest request(Flow flow, URI loginUrl, Form form) {
        return SalesforceRequest.tokenRequest(flow, tokenUrl(flow, loginUrl), form);
    }

    /** The token URL of a login URL (its scheme and authority only), after the allowlist check. */
    URI tokenUrl(Flow flow, URI loginUrl) {
        if (loginUrl == null) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    flow.defaultWhat() + " needs a login URL, and none was given.",
                    "Set the login URL: the org's My Domain, https://login.salesforce.com or https://test.salesforce.com.");
        }
        String scheme = loginUrl.getScheme() == null ? "" : loginUrl.getScheme().toLowerCase(Locale.ROOT);
        if (loginUrl.getHost() == null
                || loginUrl.getRawUserInfo() != null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The login URL is not an https URL with a host name.",
                    "Set the login URL to https://<host>, for example https://acme.my.salesforce.com.");
        }
        URI base;
        try {
            base = new URI(scheme, null, loginUrl.getHost(), loginUrl.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The login URL is not a valid URL.",
                    "Set the login URL to https://<host>, for example https://acme.my.salesforce.com.");
        }
        if (!allowedHosts.test(base)) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The login URL host '" + printable(base.getHost()) + "' is not an allowed Salesforce host.",
                    "Use the org's My Domain, https://login.salesforce.com or https://test.salesforce.com; an"
                            + " administrator can allow other hosts (for example the emulator).");
        }
        return base.resolve("/services/oauth2/token");
    }

    /** Reads a successful token response. */
    AccessToken read(SalesforceRequest request, JsonNode doc) {
        String token = Json.text(doc, "access_token");
        if (token == null || token.isBlank()) {
            throw bad(request, "the answer has no access_token");
        }
        URI instance = allowedUrl(request, doc, "instance_url", "instance URL");
        URI identity = allowedUrl(request, doc, "id", "identity URL");
        List<String> segments = segments(identity);
        String orgId = segments.size() >= 2 ? segments.get(segments.size() - 2) : "";
        String userId = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
        if (!ORG_ID.matcher(orgId).matches() || !USER_ID.matcher(userId).matches()) {
            throw bad(request, "the identity URL does not end in /<org id>/<user id>");
        }
        String issued = Json.text(doc, "issued_at");
        Instant issuedAt = issued != null && ISSUED_AT.matcher(issued.strip()).matches()
                ? Instant.ofEpochMilli(Long.parseLong(issued.strip()))
                : clock.instant();
        String scope = Json.text(doc, "scope");
        SecretText rotated = SecretText.ofNullable(Json.text(doc, "refresh_token"));
        return new AccessToken(SecretText.of(token), instance, identity, orgId, userId, issuedAt, scope, rotated);
    }

    private URI allowedUrl(SalesforceRequest request, JsonNode doc, String field, String name) {
        String raw = Json.text(doc, field);
        if (raw == null || raw.isBlank()) {
            throw bad(request, "the answer has no " + field);
        }
        URI uri;
        try {
            uri = Urls.parse(raw.strip());
        } catch (URISyntaxException e) {
            throw bad(request, "the " + name + " in the answer is not a URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || !uri.isAbsolute()) {
            throw bad(request, "the " + name + " in the answer has no host");
        }
        if (!Urls.origin(uri).map(allowedHosts::test).orElse(false)) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    request.what() + " at " + request.host() + " returned the " + name + " " + uri.getScheme() + "://"
                            + printable(uri.getHost()) + ", which is not an allowed Salesforce host; the access token"
                            + " was not used.",
                    "Check that the login URL is really the org's (something other than Salesforce may have"
                            + " answered); if the host is a legitimate Salesforce host, an administrator can allow it.");
        }
        return uri;
    }

    /** The last two non-empty segments of the URL's path, in order ({@code /id/00D.../005...}); fewer if it has fewer. */
    static List<String> segments(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = null;
        String before = null;
        int end = path.length();
        while (end > 0 && before == null) {
            int start = path.lastIndexOf('/', end - 1) + 1;
            if (start < end) {
                String segment = path.substring(start, end);
                if (last == null) {
                    last = segment;
                } else {
                    before = segment;
                }
            }
            end = start - 1;
        }
        if (last == null) {
            return List.of();
        }
        return before == null ? List.of(last) : List.of(before, last);
    }

    private static SalesforceAuthException bad(SalesforceRequest request, String what) {
        return SalesforceAuthException.of(
                Reason.BAD_RESPONSE,
                request.what() + " at " + request.host() + " failed: " + what + ".",
                "Check that the login URL is the org's My Domain, https://login.salesforce.com or"
                        + " https://test.salesforce.com, and the Jenkins proxy settings.");
    }

    /** A host name as a message may show it: only host-name characters, else a placeholder. */
    static String printable(String host) {
        return host != null && HOST_NAME.matcher(host).matches() ? host : "(not a host name)";
    }

    /** Refuses a blank value of a field the user configures, naming the field. */
    static String required(String value, String field, String fix) {
        if (value == null || value.isBlank()) {
            throw SalesforceAuthException.of(Reason.BAD_INPUT, "The " + field + " is empty.", fix);
        }
        return value.strip();
    }

    static SecretText requiredSecret(SecretText value, String field, String fix) {
        if (value == null || value.reveal().isBlank()) {
            throw SalesforceAuthException.of(Reason.BAD_INPUT, "The " + field + " is empty.", fix);
        }
        return value;
    }
}
