package io.jenkins.plugins.salesforce.core.http;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One answer being classified, with what its error messages need: the request it answers (which names the flow and
 * the host), the status, the headers and the body as text. {@link #fail} words every failure the same way:
 * <i>what</i> at <i>host</i> failed: <i>explanation</i> (HTTP <i>status</i>, Salesforce said '<i>...</i>').
 */
final class Answer {
    final SalesforceRequest request;
    final int status;
    final HttpHeaders headers;
    final String text;

    Answer(SalesforceRequest request, int status, HttpHeaders headers, byte[] body) {
        this.request = request;
        this.status = status;
        this.headers = headers == null ? HttpHeaders.of(Map.of(), (k, v) -> true) : headers;
        this.text = new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the status is 2xx. */
    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** Whether the answer is an HTML page, by its content type or by how the body starts. */
    boolean isHtml(String trimmed) {
        String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (type.contains("html")) {
            return true;
        }
        String head = trimmed.length() > 512 ? trimmed.substring(0, 512) : trimmed;
        String lower = head.toLowerCase(Locale.ROOT);
        return lower.startsWith("<") || lower.contains("<html") || lower.contains("<!doctype");
    }

    /** Salesforce's {@code code: description}, cleaned and with the request's secrets scrubbed ({@link QuotedError}). */
    String salesforceSaid(String rawCode, String rawDescription) {
        return QuotedError.of(rawCode, rawDescription, request.secrets());
    }

    /**
     * The failure to throw: {@code <what> at <host> failed: <explanation> (HTTP <status>[, Salesforce said '<said>']).}
     *
     * @param said what {@link #salesforceSaid} returned, or null when Salesforce gave no error of its own
     */
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
