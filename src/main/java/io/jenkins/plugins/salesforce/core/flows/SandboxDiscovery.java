package io.jenkins.plugins.salesforce.core.flows;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.api.ApiVersion;
import io.jenkins.plugins.salesforce.core.api.SalesforceApi;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.core.http.ResponseClassifier;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.OrgIds;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Does a sandbox exist under a production org, and is it ready? One Tooling query of {@code SandboxProcess} by name on
 * the production org, newest first:
 *
 * <ol>
 *   <li>rows whose {@code Status} starts with {@code Del} ({@code Deleting}, {@code Deleted}) are dropped: a refresh
 *       or a deletion leaves them behind;
 *   <li>no row left: NOT_FOUND "sandbox '&lt;name&gt;' not found in production org '&lt;username&gt;'";
 *   <li>more than one: BAD_RESPONSE (Salesforce should never have two live copies of one sandbox);
 *   <li>the row is not {@code Completed} with an {@code EndDate} and a {@code SandboxOrganization}: NOT_READY with
 *       the status in the message;
 *   <li>{@code INVALID_TYPE} (the org has no {@code SandboxProcess}: a sandbox, scratch org or edition without
 *       sandboxes): WRONG_ORG_TYPE "production org cannot manage sandboxes".
 * </ol>
 *
 * <p>{@link #checkSandbox(RegisteredOrg, String)} gets the production token from {@link
 * io.jenkins.plugins.salesforce.core.tokens.OrgTokens}, evicting it and trying once more when the session has expired,
 * and returns the sandbox's 15-character org id. The registry's {@link
 * io.jenkins.plugins.salesforce.core.orgs.SandboxValidator} is {@link JitLogin}, which asks this class first.
 */
public final class SandboxDiscovery {
    private static final Pattern SANDBOX_NAME = Pattern.compile("[A-Za-z0-9]{1,10}");

    /** sfdx-core's field list for SandboxProcess, and who created the copy. */
    static final String SOQL = "SELECT Id, Status, SandboxName, SandboxInfoId, LicenseType, CreatedDate, CreatedById,"
            + " CopyProgress, SandboxOrganization, SourceId, Description, EndDate, Features FROM SandboxProcess WHERE"
            + " SandboxName = '%s' ORDER BY CreatedDate DESC";

    private final FlowContext context;
    private final SalesforceApi api;

    public SandboxDiscovery(FlowContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.api = context.api();
    }

    /**
     * Checks, without logging in, that a sandbox could be logged in to through its production org, and returns its
     * {@code SandboxOrganization} (the 15-character id): ready, and created (or last refreshed) by the production
     * org's user, the only user {@code sandboxAuth} answers for (NOT_ALLOWED otherwise, naming both users' ids). The
     * health check asks this; registration asks more ({@link JitLogin#validateSandbox}); Test connection logs in.
     */
    public String checkSandbox(RegisteredOrg productionOrg, String sandboxName) {
        return Sessions.withToken(context.tokens(), productionOrg, token -> {
            ApiVersion version = api.latestApiVersion(token);
            return checkSandbox(token, version, productionOrg.record(), sandboxName)
                    .sandboxOrganization();
        });
    }

    /** {@link #checkSandbox(RegisteredOrg, String)} with a token the caller already has; the checked row. */
    SandboxProcessRow checkSandbox(AccessToken token, ApiVersion version, OrgRecord production, String sandboxName) {
        SandboxProcessRow row = findReady(token, version, production, sandboxName);
        String creator = row.createdById();
        String user = token.userId();
        if (creator != null && user != null && !OrgIds.sameId(creator, user)) {
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED,
                    "Sandbox '" + row.sandboxName() + "' was created or last refreshed by user " + creator
                            + ", not by " + name(production) + " (" + user + "), the production org's"
                            + " user: Salesforce logs in to a sandbox through its production org only for that"
                            + " user.",
                    "Register the production org as the user who created or last refreshed the sandbox, or"
                            + " refresh the sandbox as " + name(production) + ".");
        }
        return row;
    }

    /**
     * The sandbox's live process row, checked to be ready, with a production token the caller has (a SESSION_EXPIRED
     * is the caller's to handle).
     */
    public SandboxProcessRow findReady(
            AccessToken token, ApiVersion version, OrgRecord production, String sandboxName) {
        SandboxProcessRow row = find(token, version, production, sandboxName);
        if (!row.isReady()) {
            String status = Sessions.plain(row.status());
            boolean completed = "Completed".equalsIgnoreCase(row.status());
            throw SalesforceAuthException.of(
                    Reason.NOT_READY,
                    "Sandbox '" + row.sandboxName() + "' in production org '" + name(production) + "' is not ready: its"
                            + " status is '" + status + "'"
                            + (completed ? " but its activation has not finished (no end date or org id yet)." : "."),
                    "Wait until the sandbox is created or refreshed and activated (Setup > Sandboxes shows"
                            + " 'Completed'), then try again.");
        }
        return row;
    }

    /** The sandbox's one live process row, ready or not. */
    public SandboxProcessRow find(AccessToken token, ApiVersion version, OrgRecord production, String sandboxName) {
        String name = checkName(sandboxName);
        JsonNode doc;
        try {
            doc = api.toolingQuery(token, version, String.format(SOQL, name), "The SandboxProcess query");
        } catch (SalesforceAuthException e) {
            if (ResponseClassifier.errorCode(e)
                    .map("INVALID_TYPE"::equalsIgnoreCase)
                    .orElse(false)) {
                throw SalesforceAuthException.fromSalesforce(
                        Reason.WRONG_ORG_TYPE,
                        "Org '" + name(production) + "' cannot manage sandboxes, so it cannot look up sandbox '" + name
                                + "': it is not a production org (SandboxProcess is not supported there).",
                        "Name the production (or Developer Edition) org the sandbox was created from, not a sandbox"
                                + " or scratch org.",
                        e.salesforceError());
            }
            throw e;
        }
        JsonNode records = doc.get("records");
        if (records == null || !records.isArray()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "The SandboxProcess query on production org '" + name(production) + "' returned no records list.",
                    "Check that the instance URL is the production org's and the Jenkins proxy settings.");
        }
        List<SandboxProcessRow> live = new ArrayList<>();
        for (JsonNode r : records) {
            String status = Json.text(r, "Status");
            String rowName = Json.text(r, "SandboxName");
            if (status != null && status.toLowerCase(Locale.ROOT).startsWith("del")) {
                continue;
            }
            if (rowName != null && !rowName.equalsIgnoreCase(name)) {
                continue; // SOQL '=' is case-insensitive already; anything else is not ours
            }
            String endDate = Json.text(r, "EndDate");
            Instant end = Sessions.dateTime(endDate);
            live.add(new SandboxProcessRow(
                    Json.text(r, "Id"),
                    rowName == null ? name : rowName,
                    status,
                    blankToNull(Json.text(r, "SandboxOrganization")),
                    Sessions.dateTime(Json.text(r, "CreatedDate")),
                    blankToNull(Json.text(r, "CreatedById")),
                    end == null && endDate != null && !endDate.isBlank() ? Instant.EPOCH : end));
        }
        if (live.isEmpty()) {
            throw SalesforceAuthException.of(
                    Reason.NOT_FOUND,
                    "sandbox '" + name + "' not found in production org '" + name(production) + "'.",
                    "Check the sandbox name (Setup > Sandboxes in that production org; a sandbox being deleted does not"
                            + " count), or name the production org it was created from.");
        }
        if (live.size() > 1) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "Production org '" + name(production) + "' has " + live.size() + " live SandboxProcess records for"
                            + " sandbox '" + name + "'; exactly one was expected.",
                    "Wait until the running copy or refresh of the sandbox has finished; if it persists, check Setup >"
                            + " Sandboxes and ask Salesforce support about the duplicate.");
        }
        return live.get(0);
    }

    static String checkName(String sandboxName) {
        String name = sandboxName == null ? "" : sandboxName.strip();
        if (!SANDBOX_NAME.matcher(name).matches()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "'sandboxName' must be 1 to 10 letters and digits.",
                    "Give the sandbox name as in Setup > Sandboxes, for example uat.");
        }
        return name;
    }

    static String name(OrgRecord org) {
        return org.username() != null ? org.username() : org.id();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
