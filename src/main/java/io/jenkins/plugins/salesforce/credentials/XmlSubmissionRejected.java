package io.jenkins.plugins.salesforce.credentials;

import hudson.AbortException;
import hudson.model.Descriptor.FormException;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serial;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.springframework.security.access.AccessDeniedException;

/**
 * A Salesforce credential submitted as XML that Salesforce (or the store's rules) refused ({@link XmlSubmission}).
 *
 * <p>Why an {@link AbortException} that is also an {@link HttpResponse}: it leaves the XStream converter unwrapped
 * (XStream wraps only runtime exceptions, and a converter declares none, so it is thrown unchecked), then
 * <ul>
 *   <li>over HTTP, Stapler answers the web method's exception with its {@link #generateResponse}: the status and the
 *       message as plain text, for the REST client to show;
 *   <li>on the CLI, {@code CLICommand} prints an {@code AbortException} as {@code ERROR: <message>} with exit code 5,
 *       without a stack trace.
 * </ul>
 * The message is the core's (the org, the cause, the fix), never a secret; no stack trace is recorded.
 */
final class XmlSubmissionRejected extends AbortException implements HttpResponse {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;

    private XmlSubmissionRejected(String message, int status) {
        super(message);
        this.status = status;
    }

    /**
     * The rejection of credential {@code id}: HTTP 403 when the caller lacks a permission, 503 when Salesforce could
     * not be reached or asked to slow down (sending it again later may work), else 400.
     */
    static XmlSubmissionRejected of(String id, FormException e) {
        boolean transientFault =
                e.getCause() instanceof SalesforceAuthException s && s.reason().isTransient();
        String field = e.getFormField() == null ? "" : " (" + e.getFormField() + ")";
        int status = e.getCause() instanceof AccessDeniedException
                ? HttpServletResponse.SC_FORBIDDEN
                : transientFault ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_BAD_REQUEST;
        return new XmlSubmissionRejected(
                "Salesforce credential '" + id + "' was not saved" + field + ": " + e.getMessage(), status);
    }

    /** The HTTP status it is answered with. */
    int status() {
        return status;
    }

    /**
     * Throws {@code e} although the caller (an XStream converter) declares no checked exception; see the class
     * comment. Declared to return an exception so that callers can write {@code throw throwUnchecked(e)}.
     */
    static RuntimeException throwUnchecked(XmlSubmissionRejected e) {
        return XmlSubmissionRejected.<RuntimeException>sneaky(e);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable e) throws T {
        throw (T) e;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a refusal with a message, not a failure: nothing to trace
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
            throws IOException, ServletException {
        rsp.setStatus(status);
        rsp.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = rsp.getWriter();
        out.println(getMessage());
        out.flush();
    }
}
