package io.jenkins.plugins.salesforce.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.http.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A JSON answer of the REST actions: a document and its HTTP status. Thrown as well as returned, so that a check
 * deep in an action can end it with its error ({@code {error, message}}).
 *
 * <p>Error statuses: 400 bad input, 403 permission, 404 not found, 405 wrong method, 409 the plugin's policy or the
 * org refuses the request, 502 Salesforce refused the credential or could not be reached. The {@code error} is the
 * core's {@link Reason} name (or {@code FORBIDDEN}, {@code METHOD_NOT_ALLOWED}); the {@code message} is the core's
 * message as is.
 */
@Restricted(NoExternalUse.class)
public final class JsonResponse extends RuntimeException implements HttpResponse {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient JsonNode body;

    JsonResponse(int status, @NonNull JsonNode body) {
        super(null, null, false, false);
        this.status = status;
        this.body = body;
    }

    static JsonResponse ok(@NonNull JsonNode body) {
        return new JsonResponse(HttpServletResponse.SC_OK, body);
    }

    static JsonResponse created(@NonNull JsonNode body) {
        return new JsonResponse(HttpServletResponse.SC_CREATED, body);
    }

    static JsonResponse error(int status, @NonNull String error, @NonNull String message) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("error", error);
        o.put("message", message);
        return new JsonResponse(status, o);
    }

    /** The answer for a failure the core reported, with the status its reason calls for. */
    static JsonResponse of(@NonNull SalesforceAuthException e) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("error", e.reason().name());
        o.put("message", e.getMessage());
        if (e.salesforceError() != null) {
            o.put("salesforceError", e.salesforceError());
        }
        return new JsonResponse(statusOf(e.reason()), o);
    }

    /** The HTTP status of a failure reason (the REST rendering of the core's reasons). */
    static int statusOf(@NonNull Reason reason) {
        return switch (reason) {
            case BAD_INPUT -> HttpServletResponse.SC_BAD_REQUEST;
            case NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
            case NOT_ALLOWED, WRONG_ORG_TYPE, NOT_READY -> HttpServletResponse.SC_CONFLICT;
            default -> HttpServletResponse.SC_BAD_GATEWAY;
        };
    }

    public int status() {
        return status;
    }

    @NonNull
    public JsonNode body() {
        return body;
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException {
        byte[] bytes;
        try {
            bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException("Could not write the answer", e);
        }
        rsp.setStatus(status);
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setHeader("Cache-Control", "no-store");
        rsp.setContentLength(bytes.length);
        rsp.getOutputStream().write(bytes);
    }

    @Override
    public String toString() {
        return "JsonResponse[" + status + "]";
    }
}
