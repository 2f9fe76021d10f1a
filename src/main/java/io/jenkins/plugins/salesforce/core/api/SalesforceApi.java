package io.jenkins.plugins.salesforce.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.http.Flow;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.core.http.ResponseClassifier;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.http.SalesforceRequest;
import io.jenkins.plugins.salesforce.core.http.Urls;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The REST calls made right after a token: identity, userinfo, API versions, the Organization query, the Dev Hub check
 * (each described in docs/salesforce-endpoints.md), and a general SOQL query for other parts of the core. Every data
 * call goes to the token's instance URL, which is checked against the host allowlist again before the token is sent
 * (the allowlist predicate is given the origin only, as {@code SalesforceHosts::isAllowed} expects).
 */
public final class SalesforceApi {
    /** The fields of the Organization query: sfdx-core's plus {@code Id}. */
    public static final String ORGANIZATION_SOQL = "SELECT Id, Name, InstanceName, IsSandbox, TrialExpirationDate,"
            + " NamespacePrefix, OrganizationType FROM Organization";

    /** sfdx-core's Dev Hub probe. */
    public static final String DEV_HUB_SOQL = "SELECT Id FROM ScratchOrgInfo LIMIT 1";

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}");

    private final SalesforceHttp http;
    private final Predicate<URI> allowedHosts;

    public SalesforceApi(SalesforceHttp http, Predicate<URI> allowedHosts) {
        this.http = Objects.requireNonNull(http, "http");
        this.allowedHosts = Objects.requireNonNull(allowedHosts, "allowedHosts");
    }

    /**
     * {@code GET} the token's identity URL. Username from {@code username}, else {@code preferred_username}; org and
     * user id from the identity URL's last two segments (as the token already holds them).
     */
    public Identity identity(AccessToken token) {
        URI url = allowed(token.identityUrl(), "identity URL");
        JsonNode doc = http.send(SalesforceRequest.get(Flow.IDENTITY, "The identity lookup", url, token.value()));
        return identityFrom(doc, token, url.getHost());
    }

    /** {@code GET {instance}/services/oauth2/userinfo}, the OpenID Connect form of {@link #identity}. */
    public Identity userInfo(AccessToken token) {
        URI url = base(token).resolve("/services/oauth2/userinfo");
        JsonNode doc = http.send(SalesforceRequest.get(Flow.IDENTITY, "The userinfo lookup", url, token.value()));
        return identityFrom(doc, token, url.getHost());
    }

    /**
     * {@code GET {instance}/services/data}: the newest version, compared as numbers. Entries not of the form
     * {@code [1-9][0-9].0} are skipped; if none is left, or the answer is not an array, it fails with BAD_RESPONSE.
     */
    public ApiVersion latestApiVersion(AccessToken token) {
        URI url = base(token).resolve("/services/data");
        JsonNode doc = http.send(SalesforceRequest.get(Flow.REST, "The API version lookup", url, token.value()));
        if (!doc.isArray()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "The API version lookup at " + host(url) + " failed: the org did not answer with its list of API"
                            + " versions.",
                    "This usually follows a domain change (activating My Domain or enhanced domains): re-authorise"
                            + " the org so that the instance URL is current.");
        }
        ApiVersion best = null;
        for (JsonNode entry : doc) {
            Optional<ApiVersion> v = ApiVersion.parse(Json.text(entry, "version"));
            if (v.isPresent() && (best == null || v.get().compareTo(best) > 0)) {
                best = v.get();
            }
        }
        if (best == null) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "The API version lookup at " + host(url) + " failed: no version of the form [1-9][0-9].0 was"
                            + " listed.",
                    "Check that the instance URL is the org's and the Jenkins proxy settings.");
        }
        return best;
    }

    /** The Organization record, checked to be the token's org. */
    public Organization organization(AccessToken token, ApiVersion version) {
        JsonNode doc = query(token, version, ORGANIZATION_SOQL, "The Organization query");
        JsonNode records = doc.get("records");
        if (records == null
                || !records.isArray()
                || records.size() != 1
                || !records.get(0).isObject()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "The Organization query at " + host(base(token)) + " failed: it did not return exactly one"
                            + " record.",
                    "Check that the user can read the Organization object (API Enabled, View Setup).");
        }
        JsonNode r = records.get(0);
        String id = Json.text(r, "Id");
        if (id == null || id.length() < 15 || !token.orgId().startsWith(id.substring(0, 15))) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "The Organization query at " + host(base(token)) + " returned another org than the token's ("
                            + token.orgId() + ").",
                    "Check that the instance URL belongs to the org and the Jenkins proxy settings.");
        }
        JsonNode sandbox = r.get("IsSandbox");
        return new Organization(
                id,
                Json.text(r, "Name"),
                Json.text(r, "InstanceName"),
                sandbox != null && sandbox.asBoolean(false),
                Json.text(r, "TrialExpirationDate"),
                Json.text(r, "NamespacePrefix"),
                Json.text(r, "OrganizationType"));
    }

    /**
     * Whether the org is a Dev Hub, by the strict rule: a successful {@code ScratchOrgInfo} query (even with no rows)
     * is true; only {@code INVALID_TYPE} (the object does not exist in this org) is false. Every other failure, such as
     * an expired session, a 5xx, a timeout or a permission error, is thrown, never read as false.
     */
    public boolean isDevHub(AccessToken token, ApiVersion version) {
        try {
            query(token, version, DEV_HUB_SOQL, "The Dev Hub check");
            return true;
        } catch (SalesforceAuthException e) {
            if (ResponseClassifier.errorCode(e)
                    .map("INVALID_TYPE"::equalsIgnoreCase)
                    .orElse(false)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * A SOQL query on the data API: {@code GET {instance}/services/data/v{version}/query?q=...}.
     *
     * @param what how messages name the query, for example {@code "The Organization query"}
     */
    public JsonNode query(AccessToken token, ApiVersion version, String soql, String what) {
        String q = URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20");
        URI url = URI.create(base(token) + "/services/data/" + version.path() + "/query?q=" + q);
        JsonNode doc = http.send(SalesforceRequest.get(Flow.REST, what, url, token.value()));
        if (!doc.isObject()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    what + " at " + host(url) + " failed: the answer is not a query result.",
                    "Check that the instance URL is the org's and the Jenkins proxy settings.");
        }
        return doc;
    }

    /**
     * A SOQL query on the Tooling API: {@code GET {instance}/services/data/v{version}/tooling/query?q=...} (the
     * {@code SandboxProcess} and {@code SandboxInfo} objects live there).
     */
    public JsonNode toolingQuery(AccessToken token, ApiVersion version, String soql, String what) {
        String q = URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20");
        URI url = URI.create(base(token) + "/services/data/" + version.path() + "/tooling/query?q=" + q);
        JsonNode doc = http.send(SalesforceRequest.get(Flow.REST, what, url, token.value()));
        if (!doc.isObject()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    what + " at " + host(url) + " failed: the answer is not a query result.",
                    "Check that the instance URL is the org's and the Jenkins proxy settings.");
        }
        return doc;
    }

    /**
     * A POST of a JSON document to a Tooling resource: {@code POST {instance}/services/data/v{version}/tooling/
     * {resource}}, for example {@code sandboxAuth}. The answer must be a JSON object.
     *
     * @param json the body; it must hold no secret
     */
    public JsonNode postTooling(AccessToken token, ApiVersion version, String resource, String json, String what) {
        URI url = URI.create(base(token) + "/services/data/" + version.path() + "/tooling/" + resource);
        JsonNode doc = http.send(SalesforceRequest.postJson(Flow.REST, what, url, token.value(), json, true));
        if (!doc.isObject()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    what + " at " + host(url) + " failed: the answer is not a JSON object.",
                    "Check that the instance URL is the org's and the Jenkins proxy settings.");
        }
        return doc;
    }

    /**
     * Writes one field of one record ({@code PATCH .../sobjects/{type}/{id}}) whose value is a secret, such as the
     * auth URL on a ScratchOrgInfo; Salesforce answers 204 with no body.
     */
    public void patchSecretField(
            AccessToken token,
            ApiVersion version,
            String sobject,
            String id,
            String field,
            SecretText value,
            String what) {
        URI url = URI.create(base(token) + "/services/data/" + version.path() + "/sobjects/" + sobject + "/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8));
        SecretText json = SecretText.of(
                Json.mapper().createObjectNode().put(field, value.reveal()).toString());
        http.send(SalesforceRequest.patchSecret(Flow.REST, what, url, token.value(), json));
    }

    /**
     * The single-use frontdoor call: {@code GET {instance}/services/oauth2/singleaccess?redirect_uri=<path>}. An
     * expired token gets 403 {@code Bad_OAuth_Token} here (SESSION_EXPIRED), not 401.
     *
     * @param redirectPath the relative path to open after login, or null for the org's home page
     * @return the answer, which should hold {@code frontdoor_uri}; the caller judges it
     */
    public JsonNode singleAccess(AccessToken token, String redirectPath) {
        String query = redirectPath == null || redirectPath.isBlank()
                ? ""
                : "?redirect_uri="
                        + URLEncoder.encode(redirectPath, StandardCharsets.UTF_8)
                                .replace("+", "%20");
        URI url = URI.create(base(token) + "/services/oauth2/singleaccess" + query);
        JsonNode doc = http.send(
                SalesforceRequest.get(Flow.IDENTITY, "The frontdoor (singleaccess) call", url, token.value()));
        if (!doc.isObject()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "The frontdoor (singleaccess) call at " + host(url) + " failed: the answer is not a JSON object.",
                    "Check that the instance URL is the org's and the Jenkins proxy settings.");
        }
        return doc;
    }

    private Identity identityFrom(JsonNode doc, AccessToken token, String host) {
        String username = Json.text(doc, "username");
        if (username == null || username.isBlank()) {
            username = Json.text(doc, "preferred_username");
        }
        if (username == null || username.isBlank()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "The identity lookup at " + printable(host) + " failed: the answer names no username.",
                    "Check that the identity URL is Salesforce's and the Jenkins proxy settings.");
        }
        return new Identity(username.strip(), token.orgId(), token.userId());
    }

    /** The instance URL's scheme and authority, after the allowlist check. */
    private URI base(AccessToken token) {
        URI instance = allowed(token.instanceUrl(), "instance URL");
        try {
            return new URI(instance.getScheme(), null, instance.getHost(), instance.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The instance URL is not a valid URL.",
                    "Re-authorise the org so that the instance URL is current.");
        }
    }

    private URI allowed(URI url, String name) {
        if (url == null
                || url.getHost() == null
                || !Urls.origin(url).map(allowedHosts::test).orElse(false)) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The " + name + " host '" + printable(url == null ? null : url.getHost())
                            + "' is not an allowed Salesforce host; the access token was not sent there.",
                    "Re-authorise the org; if the host is a legitimate Salesforce host, an administrator can allow"
                            + " it.");
        }
        return url;
    }

    private static String host(URI url) {
        return printable(url.getHost()) + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private static String printable(String host) {
        return host != null && HOST_NAME.matcher(host).matches() ? host : "(not a host name)";
    }
}
