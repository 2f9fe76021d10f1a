package io.jenkins.plugins.salesforce.ui;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.http.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** How the REST actions of {@link OrgsRestActions} answer: JSON, never cached, refusals with the core's reason. */
final class RestAnswers {
    private RestAnswers() {}

    /** Runs an action's permission check as the caller, then the action as the system; refusals become JSON. */
    static HttpResponse answer(Supplier<Orgs> caller, Consumer<Orgs> check, Function<Orgs, HttpResponse> action) {
        try {
            Orgs orgs = caller.get();
            check.accept(orgs);
            return orgs.run(action);
        } catch (SalesforceAuthException e) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("error", e.reason().name());
            o.put("message", e.getMessage());
            if (e.salesforceError() != null) {
                o.put("salesforceError", e.salesforceError());
            }
            return json(statusOf(e.reason()), o);
        }
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

    static HttpResponse json(int status, Object value) {
        return new JsonAnswer(status, value);
    }

    /** A JSON answer (an object or an array), never cached: some hold a token. */
    private record JsonAnswer(int status, Object value) implements HttpResponse {
        @Override
        public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException {
            rsp.setStatus(status);
            rsp.setContentType("application/json;charset=UTF-8");
            rsp.setHeader("Cache-Control", "no-store");
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(rsp.getWriter(), value);
        }

        @Override
        public String toString() {
            return "JsonAnswer[" + status + "]"; // the value may hold a token
        }
    }

    /** The body's field, else the query parameter; BAD_INPUT naming the field when neither is given. */
    @NonNull
    static String required(@CheckForNull String body, @CheckForNull String query, String name) {
        String v = RequestBodies.either(body, query);
        if (v == null) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "'" + name + "' is missing.",
                    "org".equals(name)
                            ? "Give the org's credentials id, its Salesforce username, or the name of a registered JIT"
                                    + " sandbox."
                            : "Send " + name + " in the JSON body (Content-Type: application/json).");
        }
        return v;
    }
}
