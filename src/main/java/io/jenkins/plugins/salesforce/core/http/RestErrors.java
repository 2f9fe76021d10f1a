package io.jenkins.plugins.salesforce.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Locale;

/**
 * The REST API's error codes ({@code INVALID_SESSION_ID}, {@code REQUEST_LIMIT_EXCEEDED}, {@code INVALID_TYPE}, ...)
 * and what each means: the {@link Reason} and the fix. An error code this class does not know falls back to
 * {@link ResponseClassifier#byStatus}. The codes are listed in docs/salesforce-endpoints.md#error-classification.
 */
final class RestErrors {

    private RestErrors() {}

    /**
     * What the first error of a REST error array means.
     *
     * @param first the first error object ({@code errorCode}, {@code message})
     * @param count how many errors the array holds, so that the message can say how many more there were
     */
    static SalesforceAuthException of(Answer a, JsonNode first, int count) {
        String rawCode = Json.text(first, "errorCode");
        String said = a.salesforceSaid(rawCode, Json.text(first, "message"));
        String code = rawCode == null ? "" : rawCode.strip().toUpperCase(Locale.ROOT);
        String more = count > 1 ? " (and " + (count - 1) + " more errors)" : "";
        String message = Json.text(first, "message");
        if (code.equals("INVALID_SESSION_ID")
                && message != null
                && message.toLowerCase(Locale.ROOT).contains("session is not valid for use with the")) {
            return a.fail(
                    Reason.PERMISSION_DENIED,
                    "Salesforce issued the token but does not accept it for the API" + more,
                    "The user's profile or a permission set probably requires a High Assurance session at login"
                            + " ('Session security level required at login'), which a token from an auth URL or JWT"
                            + " never has: give the integration user a profile or permission set without that"
                            + " requirement. Also check that the app's OAuth scopes include 'Manage user data via APIs"
                            + " (api)'.",
                    said);
        }
        return switch (code) {
            case "INVALID_SESSION_ID", "INVALID_AUTH_HEADER" ->
                a.fail(
                        Reason.SESSION_EXPIRED,
                        "the access token is expired or invalid" + more,
                        ResponseClassifier.SESSION_FIX,
                        said);
            case ResponseClassifier.REQUEST_LIMIT_EXCEEDED ->
                a.fail(
                        Reason.RATE_LIMITED,
                        "the org has used up its API request limit" + more,
                        "Wait for the rolling 24-hour limit to free up, find what uses the API (Setup > System"
                                + " Overview), or raise the org's limit.",
                        said);
            case "API_DISABLED_FOR_ORG", "API_CURRENTLY_DISABLED" ->
                a.fail(
                        Reason.PERMISSION_DENIED,
                        "the API is not enabled for this user or org" + more,
                        "Give the user the 'API Enabled' permission (profile or permission set); some editions have no"
                                + " API access.",
                        said);
            case "INSUFFICIENT_ACCESS", "INSUFFICIENT_ACCESS_OR_READONLY", "FUNCTIONALITY_NOT_ENABLED" ->
                a.fail(
                        Reason.PERMISSION_DENIED,
                        "the user or org lacks the permission or feature this call needs" + more,
                        "Give the user the needed permission or enable the feature in the org.",
                        said);
            case "NOT_FOUND" ->
                a.fail(
                        Reason.NOT_FOUND,
                        "the requested resource does not exist" + more,
                        "Check that the org and the record exist.",
                        said);
            case "INVALID_TYPE", "INVALID_FIELD" ->
                a.fail(
                        Reason.WRONG_ORG_TYPE,
                        "this org does not have the object or field the call needs" + more,
                        "Check that the credential is for the right kind of org (for example a Dev Hub, or a"
                                + " production org to manage sandboxes).",
                        said);
            case "INVALID_STATUS" ->
                a.fail(
                        Reason.NOT_READY,
                        "the sandbox is not ready for authorisation yet" + more,
                        "Wait until the sandbox has finished activating and try again.",
                        said);
            case "UNKNOWN_EXCEPTION", "SERVER_UNAVAILABLE" ->
                a.fail(
                        Reason.UNREACHABLE,
                        "Salesforce had an internal error or is unavailable" + more,
                        "Try again later and " + ResponseClassifier.STATUS_PAGE + "; the plugin already retried.",
                        said);
            default -> ResponseClassifier.byStatus(a, said);
        };
    }
}
