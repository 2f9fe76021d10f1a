package io.jenkins.plugins.salesforce.ui.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import hudson.AbortException;
import hudson.cli.CLICommand;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.ui.OrgsAction;
import io.jenkins.plugins.salesforce.ui.Orgs;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
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

    /** The orgs where the command works: the {@code --folder}, looked up as the caller, or Jenkins. */
    Orgs orgs() {
        return Orgs.named(folder);
    }

    /**
     * Runs {@link #execute()} and hands a refusal to Jenkins as the exception type its CLI expects for that exit
     * code, so that Jenkins prints the message alone and does not log a stack trace for what is a user's mistake or
     * Salesforce's answer: bad input ({@link IllegalArgumentException}, 3), not found or not allowed
     * ({@link IllegalStateException}, 4), Salesforce refused or could not be reached ({@link AbortException}, 5).
     */
    @Override
    protected final int run() throws Exception {
        try {
            return execute();
        } catch (SalesforceAuthException e) {
            throw switch (e.reason()) {
                case BAD_INPUT -> new IllegalArgumentException(e.getMessage(), e);
                case NOT_FOUND, NOT_ALLOWED, WRONG_ORG_TYPE, NOT_READY -> new IllegalStateException(e.getMessage(), e);
                default -> new AbortException(e.getMessage());
            };
        }
    }

    /** The command itself; a {@link SalesforceAuthException} it throws becomes the matching exit code. */
    protected abstract int execute() throws Exception;

    /** Prints a JSON document (the REST actions' shape) on stdout. */
    protected void print(Object json) throws JsonProcessingException {
        stdout.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }
}
