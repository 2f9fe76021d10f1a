package io.jenkins.plugins.salesforce.core.flows;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.api.SalesforceApi;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.core.http.Urls;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/** Builds frontdoor URLs from a token: single use by default, classic only when asked. */
final class FrontdoorUrls {
    private final FlowContext context;
    private final SalesforceApi api;

    FrontdoorUrls(FlowContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.api = context.api();
    }

    /**
     * A single-use URL from {@code singleaccess}. singleaccess answers 403 {@code Bad_OAuth_Token} to an expired
     * token; then, when {@code fresh} is given, the URL is asked for once more with the token it returns.
     *
     * @param current the token to use first
     * @param fresh gives a new token (after evicting the cached one), or null when {@code current} was just minted
     * @param startPath the relative path to open, or null
     */
    SecretText singleAccess(Supplier<AccessToken> current, Supplier<AccessToken> fresh, String startPath) {
        String path = checkPath(startPath);
        JsonNode doc;
        try {
            doc = api.singleAccess(current.get(), path);
        } catch (SalesforceAuthException e) {
            if (e.reason() != Reason.SESSION_EXPIRED || fresh == null) {
                throw e;
            }
            doc = api.singleAccess(fresh.get(), path);
        }
        String uri = Json.text(doc, "frontdoor_uri");
        if (uri == null || uri.isBlank()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "Failed to generate a frontdoor URL.",
                    "Salesforce answered singleaccess without a frontdoor_uri; try again, and check that the user may"
                            + " log in to the UI (not an API-only user).");
        }
        URI parsed;
        try {
            parsed = new URI(uri.strip());
        } catch (URISyntaxException e) {
            throw notSalesforce();
        }
        if (!parsed.isAbsolute()
                || !Urls.origin(parsed).map(context.hosts()::isAllowed).orElse(false)) {
            throw notSalesforce();
        }
        return SecretText.of(uri.strip());
    }

    /**
     * The classic {@code {instance}/secur/frontdoor.jsp?sid=<access token>[&retURL=<path>]}. <b>It embeds the access
     * token</b>: anyone who sees the URL (browser history, a build log, a proxy log) has the session until it ends.
     */
    SecretText classic(AccessToken token, String startPath) {
        String path = checkPath(startPath);
        URI instance = Urls.origin(token.instanceUrl()).orElseThrow();
        if (!context.hosts().isAllowed(instance)) {
            throw notSalesforce();
        }
        return SecretText.of(instance + "/secur/frontdoor.jsp?sid="
                + URLEncoder.encode(token.value().reveal(), StandardCharsets.UTF_8)
                + (path == null ? "" : "&retURL=" + URLEncoder.encode(path, StandardCharsets.UTF_8)));
    }

    private static String checkPath(String startPath) {
        if (startPath == null || startPath.isBlank()) {
            return null;
        }
        String p = startPath.strip();
        if (!p.startsWith("/") || p.startsWith("//") || p.contains("\\")) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The start path must be a path within the org, starting with a single '/'.",
                    "Give a relative path such as /lightning/setup/SetupOneHome/home.");
        }
        return p;
    }

    private static SalesforceAuthException notSalesforce() {
        return SalesforceAuthException.of(
                Reason.BAD_RESPONSE,
                "Failed to generate a frontdoor URL: Salesforce answered with a URL that is not an allowed Salesforce"
                        + " host.",
                "Check that the instance URL is the org's and the Jenkins proxy settings.");
    }
}
