package io.jenkins.plugins.salesforce.core.http;

import io.jenkins.plugins.salesforce.core.SecretText;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One request to Salesforce, described well enough for the transport to send it, retry it when that is safe, and
 * name it in an error message. It holds secrets (a form with a refresh token, a bearer token) only as
 * {@link SecretText}; {@link #toString()} shows the method, host, path and purpose, never a value.
 */
public final class SalesforceRequest {
    private final String method;
    private final URI uri;
    private final Flow flow;
    private final String what;
    private final SecretText bearer;
    private final Form form;
    private final String json;
    /** The body of {@link #patchSecret}: JSON whose values are secrets. */
    private final SecretText secretJson;

    private final boolean repeatable;

    private SalesforceRequest(
            String method, URI uri, Flow flow, String what, SecretText bearer, Form form, boolean repeatable) {
        this(method, uri, flow, what, bearer, form, null, null, repeatable);
    }

    private SalesforceRequest(
            String method,
            URI uri,
            Flow flow,
            String what,
            SecretText bearer,
            Form form,
            String json,
            SecretText secretJson,
            boolean repeatable) {
        this.method = method;
        this.uri = Objects.requireNonNull(uri, "uri");
        this.flow = Objects.requireNonNull(flow, "flow");
        this.what = what == null || what.isBlank() ? flow.defaultWhat() : what;
        this.bearer = bearer;
        this.form = form;
        this.json = json;
        this.secretJson = secretJson;
        this.repeatable = repeatable;
    }

    /**
     * A POST of a form to an OAuth token endpoint ({@code {loginUrl}/services/oauth2/token}). It is repeatable
     * unless the flow is {@link Flow#AUTHORIZATION_CODE}: a code is single use, so that request is never sent
     * again once it may have reached the server.
     */
    public static SalesforceRequest tokenRequest(Flow flow, URI tokenEndpoint, Form form) {
        if (!flow.isOAuth()) {
            throw new IllegalArgumentException("not an OAuth flow: " + flow);
        }
        return new SalesforceRequest(
                "POST",
                tokenEndpoint,
                flow,
                null,
                null,
                Objects.requireNonNull(form, "form"),
                flow != Flow.AUTHORIZATION_CODE);
    }

    /** A GET with a bearer token (REST or identity); GETs are always repeatable. */
    public static SalesforceRequest get(Flow flow, String what, URI uri, SecretText bearer) {
        return new SalesforceRequest("GET", uri, flow, what, Objects.requireNonNull(bearer, "bearer"), null, true);
    }

    /**
     * A POST of a JSON document with a bearer token to the REST API, for example Tooling {@code sandboxAuth}. The
     * document must hold no secret: it is not redacted from anything echoed back.
     *
     * @param repeatable whether the transport may send it again after it may have reached the server
     */
    public static SalesforceRequest postJson(
            Flow flow, String what, URI uri, SecretText bearer, String json, boolean repeatable) {
        if (flow.isOAuth()) {
            throw new IllegalArgumentException("a JSON POST is a REST call, not " + flow);
        }
        return new SalesforceRequest(
                "POST",
                uri,
                flow,
                what,
                Objects.requireNonNull(bearer, "bearer"),
                null,
                Objects.requireNonNull(json, "json"),
                null,
                repeatable);
    }

    /**
     * A PATCH of one record ({@code 204 No Content} when it worked) whose JSON body holds a secret, such as an auth URL
     * written back to a ScratchOrgInfo: the body is scrubbed from anything echoed back, like a form's values.
     * Repeatable: writing the same value twice leaves the record as once.
     */
    public static SalesforceRequest patchSecret(Flow flow, String what, URI uri, SecretText bearer, SecretText json) {
        if (flow.isOAuth()) {
            throw new IllegalArgumentException("a PATCH is a REST call, not " + flow);
        }
        return new SalesforceRequest(
                "PATCH",
                uri,
                flow,
                what,
                Objects.requireNonNull(bearer, "bearer"),
                null,
                null,
                Objects.requireNonNull(json, "json"),
                true);
    }

    /** The secret JSON body of {@link #patchSecret}, or null. */
    SecretText secretJson() {
        return secretJson;
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public Flow flow() {
        return flow;
    }

    /** What this request does, as a message names it: {@code "The refresh-token grant"}. */
    public String what() {
        return what;
    }

    /** The host (and port, when given) the request goes to, as messages name it. */
    public String host() {
        String host = uri.getHost() == null ? String.valueOf(uri.getAuthority()) : uri.getHost();
        return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    }

    /** Whether the transport may send this request again after it may have reached the server. */
    public boolean isRepeatable() {
        return repeatable;
    }

    SecretText bearer() {
        return bearer;
    }

    Form form() {
        return form;
    }

    /** The JSON body of {@link #postJson}, or null. */
    String json() {
        return json;
    }

    /** Every secret this request carries, so that the classifier can scrub them from anything echoed back. */
    List<SecretText> secrets() {
        List<SecretText> all = new ArrayList<>();
        if (bearer != null) {
            all.add(bearer);
        }
        if (form != null) {
            all.addAll(form.values());
        }
        if (secretJson != null) {
            all.add(secretJson);
        }
        return all;
    }

    @Override
    public String toString() {
        return method + " " + host() + uri.getRawPath() + " (" + what + ")";
    }
}
