package io.jenkins.plugins.salesforce.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Locale;

/**
 * The OAuth errors of the token endpoint ({@code invalid_grant}, {@code inactive_user}, {@code invalid_client_id},
 * ...) and what each means for the flow that got it: the {@link Reason} and the fix. An error code this class does not
 * know falls back to {@link ResponseClassifier#byStatus}. The codes are listed in
 * docs/salesforce-endpoints.md#error-classification.
 */
final class OAuthErrors {

    private OAuthErrors() {}

    /** What an OAuth error object ({@code error}, {@code error_description}) means, by its code and description. */
    static SalesforceAuthException of(Answer a, JsonNode node) {
        String rawCode = Json.text(node, "error");
        String rawDescription = Json.text(node, "error_description");
        String code = rawCode == null ? "" : rawCode.strip().toLowerCase(Locale.ROOT);
        String description =
                rawDescription == null ? "" : rawDescription.strip().toLowerCase(Locale.ROOT);
        String said = a.salesforceSaid(rawCode, rawDescription);
        Flow flow = a.request.flow();
        if (code.equals("app_not_found") || description.contains("external client app is not installed")) {
            return a.fail(
                    Reason.NOT_APPROVED,
                    "the External Client App is not installed in this org",
                    "An External Client App works only in the org it was created in (or installed into from a"
                            + " package): use the consumer key of an app that exists in this org, log in at this"
                            + " org's My Domain URL (a sandbox uses its own My Domain, not the production org's), and"
                            + " check in the app's policies that the user is admitted (for JWT: 'Enable JWT Bearer"
                            + " Flow' with the certificate uploaded, pre-authorised through a profile or permission"
                            + " set).",
                    said);
        }
        if (flow == Flow.CLIENT_CREDENTIALS) {
            SalesforceAuthException clientCredentials = ClientCredentialsErrors.of(a, code, description, said);
            if (clientCredentials != null) {
                return clientCredentials;
            }
        }
        switch (code) {
            case "invalid_grant":
                return invalidGrant(a, flow, description, said);
            case "inactive_user":
                return a.fail(Reason.INACTIVE_USER, "the user is inactive or frozen", inactiveUserFix(), said);
            case "inactive_org":
                return a.fail(Reason.INACTIVE_ORG, "the org is locked, closed or suspended", inactiveOrgFix(), said);
            case "invalid_client_id":
                return a.fail(
                        Reason.BAD_INPUT,
                        "Salesforce does not know the client id (consumer key)",
                        "Check the client id: it must be the consumer key of a connected app that is enabled for OAuth"
                            + " and available in this org (a new app can take up to 10 minutes to become available).",
                        said);
            case "unsupported_grant_type":
                return a.fail(
                        Reason.BAD_INPUT,
                        "the connected app does not allow this grant type",
                        "Enable the flow on the connected app: the 'refresh_token, offline_access' scope for auth URLs,"
                                + " 'Use digital signatures' with the certificate for JWT.",
                        said);
            case "invalid_request":
                return a.fail(
                        Reason.BAD_INPUT,
                        "Salesforce called the request malformed",
                        "Check that the login URL uses https and is not rewritten by a proxy; if it persists, report a"
                                + " bug with the Salesforce error shown here.",
                        said);
            case "redirect_uri_mismatch":
                return a.fail(
                        Reason.BAD_INPUT,
                        "the redirect URI does not match the connected app's callback URL",
                        "Use exactly (byte for byte) a callback URL registered on the connected app, the same one the"
                                + " code was issued for.",
                        said);
            case "rate_limit_exceeded":
                return a.fail(
                        Reason.RATE_LIMITED,
                        "Salesforce refused the login because this user logs in too often",
                        "Wait and try again; Salesforce allows about 3,600 logins per user per hour, so check which"
                                + " other tools log in as this user.",
                        said);
            default:
                if (code.startsWith("invalid_client")) {
                    return a.fail(
                            Reason.BAD_INPUT,
                            "Salesforce refused the client secret (consumer secret)",
                            "Check the client secret of the connected app, or leave it empty for an app without one"
                                    + " (such as PlatformCLI).",
                            said);
                }
                return ResponseClassifier.byStatus(a, said);
        }
    }

    private static SalesforceAuthException invalidGrant(Answer a, Flow flow, String d, String said) {
        if (d.contains("inactive user") || d.contains("user is inactive") || d.contains("frozen")) {
            return a.fail(Reason.INACTIVE_USER, "the user is inactive or frozen", inactiveUserFix(), said);
        }
        if (d.contains("inactive org") || d.contains("org is locked") || d.contains("organization is locked")) {
            return a.fail(
                    Reason.INACTIVE_ORG, "the org is inactive (locked, suspended or deleted)", inactiveOrgFix(), said);
        }
        if (d.contains("ip restricted") || d.contains("login hours")) {
            return a.fail(
                    Reason.IP_RESTRICTED,
                    "the login was refused because of IP restrictions or login hours",
                    "Set the connected app's IP Relaxation to 'Relax IP restrictions', or add the Jenkins controller's"
                            + " outbound IP address to the profile's login IP ranges, and check the profile's login"
                            + " hours.",
                    said);
        }
        if (d.contains("approved")) {
            return a.fail(
                    Reason.NOT_APPROVED,
                    "the user has not approved, or is not pre-authorised for, the connected app",
                    flow == Flow.JWT_BEARER
                            ? "In the connected app's policies set 'Permitted Users' to 'Admin approved users are"
                                  + " pre-authorized' and add the user's profile or a permission set; for a sandbox or"
                                  + " scratch org created minutes ago, wait for the app to replicate and try again."
                            : "Re-authorise the org with web login and store the new auth URL, or pre-authorise the"
                                    + " user in the connected app's policies.",
                    said);
        }
        if (d.contains("audience")) {
            return a.fail(
                    Reason.INVALID_GRANT,
                    "Salesforce did not accept the JWT audience",
                    "Use https://login.salesforce.com (production, Developer Edition, Dev Hub) or"
                            + " https://test.salesforce.com (sandbox, scratch org) as the login URL, or the org's My"
                            + " Domain.",
                    said);
        }
        if (d.contains("invalid assertion")) {
            return a.fail(
                    Reason.INVALID_GRANT,
                    "Salesforce refused the signed JWT assertion",
                    "Upload the certificate that matches this private key to the connected app ('Use digital"
                            + " signatures') and check that the client id is that app's consumer key.",
                    said);
        }
        if (d.contains("authorization code")) {
            return flow == Flow.JWT_BEARER
                    ? a.fail(
                            Reason.INVALID_GRANT,
                            "Salesforce found the JWT assertion expired",
                            "Synchronise the Jenkins controller's clock (NTP); the assertion is valid for 3 minutes.",
                            said)
                    : a.fail(
                            Reason.INVALID_GRANT,
                            "the authorization code is invalid, expired or already used",
                            "Authorization codes are single use and expire within minutes: request a new one (run the"
                                    + " sandbox authorisation again).",
                            said);
        }
        return switch (flow) {
            case REFRESH_TOKEN ->
                a.fail(
                        Reason.INVALID_GRANT,
                        "Salesforce refused the refresh token (expired, revoked or unknown)",
                        "Re-authorise the org (for example with 'sf org login web'), export a new SFDX auth URL and"
                            + " store it in the credential. Refresh tokens also die when the connected app's policy"
                            + " expires them, when rotation is on and another tool used the token, or after five newer"
                            + " approvals of the same app by the same user.",
                        said);
            case JWT_BEARER ->
                a.fail(
                        Reason.INVALID_GRANT,
                        "Salesforce refused the JWT login",
                        "Check that the username is the Salesforce username of an active user of this org, and that the"
                                + " login URL points at that org.",
                        said);
            case CLIENT_CREDENTIALS ->
                a.fail(
                        Reason.INVALID_GRANT,
                        "Salesforce refused the client credentials login",
                        ClientCredentialsErrors.OTHER_INVALID_GRANT_FIX,
                        said);
            default ->
                a.fail(
                        Reason.INVALID_GRANT,
                        "Salesforce refused the grant",
                        "Request a new authorization code and try again.",
                        said);
        };
    }

    private static String inactiveUserFix() {
        return "Reactivate or unfreeze the user in Setup > Users, or store credentials of an active user.";
    }

    private static String inactiveOrgFix() {
        return "Check the org in Setup > Company Information (or, for a scratch org, in its Dev Hub); if it is locked,"
                + " suspended or deleted for good, remove the credential.";
    }
}
