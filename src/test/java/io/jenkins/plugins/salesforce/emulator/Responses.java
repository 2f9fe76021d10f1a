package io.jenkins.plugins.salesforce.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A response the handler sends, and the JSON shapes shared by endpoints and faults. */
record Responses(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final ObjectMapper MAPPER = new ObjectMapper();

    static final String INVALID_STATUS_MESSAGE =
            "The sandbox copy is complete, but the sandbox is not yet ready for authentication. Try again later.";

    static Responses json(int status, Object value) {
        return new Responses(status, Fault.JSON, bytes(toJson(value)), Map.of());
    }

    static Responses text(int status, String contentType, String body) {
        return new Responses(status, contentType, bytes(body), Map.of());
    }

    static Responses empty(int status) {
        return new Responses(status, null, new byte[0], Map.of());
    }

    static Responses redirect(String location) {
        return new Responses(302, null, new byte[0], Map.of("Location", location));
    }

    static Responses oauthError(String error, String description) {
        return text(400, Fault.JSON, oauthErrorBody(error, description));
    }

    static Responses restError(int status, String errorCode, String message) {
        return text(status, Fault.JSON, restErrorBody(errorCode, message));
    }

    static Responses badOAuthToken() {
        return text(403, Fault.TEXT, "Bad_OAuth_Token");
    }

    static Responses invalidSession() {
        return restError(401, "INVALID_SESSION_ID", "Session expired or invalid");
    }

    static Responses notFound() {
        return restError(404, "NOT_FOUND", "The requested resource does not exist");
    }

    static Responses dataNotAvailable() {
        return text(420, Fault.HTML, Fault.DATA_NOT_AVAILABLE_HTML);
    }

    static String oauthErrorBody(String error, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("error_description", description);
        return toJson(m);
    }

    static String restErrorBody(String errorCode, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", message);
        m.put("errorCode", errorCode);
        return toJson(List.of(m));
    }

    static String invalidTypeMessage(String sobject) {
        return "sObject type '" + sobject + "' is not supported. If you are attempting to use a custom object, be sure"
                + " to append the '__c' after the entity name. Please reference your WSDL or the describe call for the"
                + " appropriate names.";
    }

    static String invalidFieldMessage(String field, String entity) {
        return "No such column '" + field + "' on entity '" + entity + "'. If you are attempting to use a custom field,"
                + " be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe"
                + " call for the appropriate names.";
    }

    static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
