package io.jenkins.plugins.salesforce.ui;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * How the forms of the Salesforce Orgs pages answer a browser: after the change, a redirect to the page that shows it
 * (so that a reload does not post again); on a refusal of the core, the form's page again with 400, the core's message
 * (what is wrong and how to fix it) above the form. The forms do what the REST actions of {@link OrgsRestActions} do,
 * with the same permissions, checked first as the caller. (The REST actions answer each reason with its own status; a
 * page answers 400 whatever the reason, so that no proxy replaces it, as some do a 502's body.)
 */
final class FormAnswers {
    private FormAnswers() {}

    /**
     * Runs a form's permission check as the caller (a refusal is Jenkins' own 403), then its work as the system.
     *
     * @param page the object whose {@code view} holds the form, shown again with {@code error} set on a refusal
     */
    static HttpResponse submit(
            @NonNull Orgs orgs,
            @NonNull Consumer<Orgs> check,
            @NonNull Function<Orgs, HttpResponse> work,
            @NonNull Object page,
            @NonNull String view) {
        try {
            check.accept(orgs);
            return orgs.run(work);
        } catch (SalesforceAuthException e) {
            String message = e.getMessage();
            return new HttpResponse() {
                @Override
                public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
                        throws IOException, ServletException {
                    rsp.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                    HttpResponses.forwardToView(page, view)
                            .with("error", message)
                            .generateResponse(req, rsp, node);
                }
            };
        }
    }

    /** The answer after a change: 303 to a page relative to the form's URL. */
    static HttpResponse redirect(@NonNull String url) {
        return HttpResponses.redirectTo(303, url);
    }
}
