package io.jenkins.plugins.salesforce.core.http;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;

/**
 * The token endpoint's answers that mean something particular to the client credentials grant, with its reason and
 * fix; {@link OAuthErrors} handles any other answer as for every grant. Listed in
 * docs/client-credentials.md#errors.
 */
final class ClientCredentialsErrors {

    private ClientCredentialsErrors() {}

    /** The fix of an {@code invalid_grant} this class does not single out. */
    static final String OTHER_INVALID_GRANT_FIX =
            "Check that the app has the Client Credentials Flow enabled with an active Run As user, and that the My"
                    + " Domain URL is the domain of the org the app belongs to.";

    /**
     * The failure for a client credentials answer, or null when the answer is not one of these.
     *
     * @param code the {@code error}, lower case
     * @param description the {@code error_description}, lower case
     */
    static SalesforceAuthException of(Answer a, String code, String description, String said) {
        switch (code) {
            case "invalid_grant":
                if (description.contains("not supported on this domain")) {
                    return a.fail(
                                    Reason.BAD_INPUT,
                                    "client credentials need your My Domain URL; Salesforce does not answer this flow"
                                            + " on login.salesforce.com, test.salesforce.com or an instance URL",
                                    "Set the credential's My Domain URL to the org's own domain (Setup > My Domain),"
                                            + " for example https://acme.my.salesforce.com.",
                                    said)
                            .aboutField("myDomainUrl");
                }
                if (description.contains("client credentials user")) {
                    return a.fail(
                                    Reason.NOT_APPROVED,
                                    "the app has no Run As user for the client credentials flow",
                                    "In the app's policies enable the Client Credentials Flow and choose its Run As"
                                            + " user (an External Client App: Policies > OAuth Policies > Enable Client"
                                            + " Credentials Flow > Run As (Username); a connected app: Manage > Edit"
                                            + " Policies > Client Credentials Flow > Run As), then test again.",
                                    said)
                            .aboutField("clientId");
                }
                return null; // inactive user, IP restrictions and the like: as for every grant
            case "invalid_client_id":
                return a.fail(
                                Reason.BAD_INPUT,
                                "Salesforce does not know the client id (consumer key) in this org",
                                "Copy the consumer key of the app again, and check that the app exists in the org of"
                                        + " this My Domain (an External Client App only in the org it was created or"
                                        + " installed in; a new app can take up to 10 minutes to become available).",
                                said)
                        .aboutField("clientId");
            case "invalid_client":
                return a.fail(
                                Reason.BAD_INPUT,
                                "Salesforce refused the client secret (consumer secret)",
                                "Copy the app's consumer secret again (next to its consumer key); if it was"
                                        + " regenerated, store the new one.",
                                said)
                        .aboutField("clientSecret");
            case "unsupported_grant_type":
                return a.fail(
                                Reason.BAD_INPUT,
                                "the app does not allow the client credentials flow",
                                "Enable the Client Credentials Flow in the app's settings (External Client App:"
                                        + " Settings > OAuth Settings > Flow Enablement; connected app: Enable Client"
                                        + " Credentials Flow) and choose its Run As user.",
                                said)
                        .aboutField("clientId");
            default:
                return null;
        }
    }
}
