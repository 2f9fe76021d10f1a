package io.jenkins.plugins.salesforce.credentials;

import hudson.model.Descriptor.FormException;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.Serial;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A credential form that Salesforce (or the core's checks) refused, on its way out of
 * {@code OrgCredentialsDescriptor.newInstance}.
 *
 * <p>Why an {@link Error}: the credential store binds the form with {@code Descriptor.bindJSON}, whose
 * {@code NewInstanceBindInterceptor} catches any {@link Exception} from {@code newInstance} (a
 * {@link FormException} included), logs it and falls back to the plain data-bound constructor, which would save the
 * unvalidated credential. An {@code Error} passes through that fallback, so nothing is saved and the old credential
 * stays as it was. It is an {@link HttpResponse}, so Stapler answers with the wrapped {@link FormException}'s error
 * (the core's message, naming the field) instead of a stack trace.
 */
final class SubmissionRejected extends Error implements HttpResponse {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient FormException form;

    SubmissionRejected(FormException form) {
        super(form.getMessage(), null, false, false);
        this.form = form;
    }

    /** The form error, as Jenkins shows it. */
    FormException formException() {
        return form;
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
            throws IOException, ServletException {
        form.generateResponse(req, rsp, node);
    }
}
