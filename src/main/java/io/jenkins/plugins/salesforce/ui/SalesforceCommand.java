package io.jenkins.plugins.salesforce.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.cli.CLICommand;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.http.Json;
import jenkins.cli.listeners.CLIContext;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.args4j.CmdLineParser;
import org.kohsuke.args4j.Option;

/**
 * The Salesforce CLI commands' common part: {@code --folder} to work on a folder's credentials, the same permission
 * checks and core calls as the REST actions of {@link OrgsAction} (on that folder's page), JSON on stdout, and the
 * core's message as is on stderr. Exit codes: 0 done, 3 bad input, 4 not found or not allowed, 5 Salesforce refused
 * or could not be reached, 6 permission denied (Jenkins'), and 1 for a failed connection test.
 */
@Restricted(NoExternalUse.class)
public abstract class SalesforceCommand extends CLICommand {
    @Option(
            name = "--folder",
            metaVar = "FULL_NAME",
            usage = "Work on this folder's credentials (its full name, for example team/backend) instead of the"
                    + " system credentials")
    public String folder;

    /** Where the command works: the {@code --folder}, looked up as the caller, or Jenkins. */
    OrgsContext context() {
        return OrgsContext.named(folder);
    }

    @Override
    protected int handleException(Throwable e, CLIContext context, CmdLineParser p) {
        Throwable t = e instanceof JsonResponse r ? asException(r) : e;
        if (t instanceof SalesforceAuthException s) {
            stderr.println();
            stderr.println("ERROR: " + s.getMessage());
            return switch (JsonResponse.statusOf(s.reason())) {
                case 400 -> 3;
                case 404, 409 -> 4;
                default -> 5;
            };
        }
        return super.handleException(t, context, p);
    }

    private static Throwable asException(JsonResponse r) {
        return new IllegalStateException(Json.text(r.body(), "message"));
    }

    /** Prints a JSON document on stdout. */
    protected void print(JsonNode node) throws JsonProcessingException {
        stdout.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }
}
