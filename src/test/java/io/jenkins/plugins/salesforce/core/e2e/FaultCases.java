package io.jenkins.plugins.salesforce.core.e2e;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.emulator.Fault;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** Every emulator fault that applies to the grants and to discovery, with the reason the client must report. */
final class FaultCases {
    /** Longer than the request timeout the matrix uses. */
    static final Duration SLOW = Duration.ofMillis(1500);

    static final Duration TIMEOUT = Duration.ofMillis(500);

    /**
     * @param retried whether a repeatable request is sent again (the transport's decision, not only {@link
     *     Reason#isTransient()}: REQUEST_LIMIT_EXCEEDED is transient but not retried within seconds)
     */
    record Case(String name, Supplier<Fault> fault, Reason reason, boolean retried) {
        @Override
        public String toString() {
            return name;
        }
    }

    private FaultCases() {}

    private static Case permanent(String name, Supplier<Fault> fault, Reason reason) {
        return new Case(name, fault, reason, false);
    }

    private static Case transientFault(String name, Supplier<Fault> fault, Reason reason) {
        return new Case(name, fault, reason, true);
    }

    /** Faults of the token endpoint: OAuth errors and broken answers. */
    static List<Case> token() {
        return List.of(
                permanent("expired refresh token", Fault::expiredRefreshToken, Reason.INVALID_GRANT),
                permanent("inactive user", Fault::inactiveUser, Reason.INACTIVE_USER),
                permanent("inactive organization", Fault::inactiveOrganization, Reason.INACTIVE_ORG),
                permanent("ip restricted", Fault::ipRestricted, Reason.IP_RESTRICTED),
                permanent(
                        "IP restricted or invalid login hours",
                        Fault::ipRestrictedOrInvalidLoginHours,
                        Reason.IP_RESTRICTED),
                permanent("user hasn't approved this consumer", Fault::userNotApproved, Reason.NOT_APPROVED),
                permanent("authentication failure", Fault::authenticationFailure, Reason.INVALID_GRANT),
                permanent("audience is invalid", Fault::audienceInvalid, Reason.INVALID_GRANT),
                permanent("invalid assertion", Fault::invalidAssertion, Reason.INVALID_GRANT),
                permanent("expired authorization code", Fault::expiredAuthorizationCode, Reason.INVALID_GRANT),
                permanent("invalid authorization code", Fault::invalidAuthorizationCode, Reason.INVALID_GRANT),
                permanent("inactive_user (documented form)", Fault::inactiveUserDocumentedForm, Reason.INACTIVE_USER),
                permanent("inactive_org (documented form)", Fault::inactiveOrgDocumentedForm, Reason.INACTIVE_ORG),
                permanent(
                        "app_not_found (External Client App not installed)",
                        Fault::externalClientAppNotInstalled,
                        Reason.NOT_APPROVED),
                permanent(
                        "External Client App not installed, under another code",
                        () -> Fault.oauthError("invalid_client", "External client app is not installed in this org"),
                        Reason.NOT_APPROVED),
                permanent("invalid_client_id", Fault::invalidClientId, Reason.BAD_INPUT),
                permanent("invalid_client", Fault::invalidClient, Reason.BAD_INPUT),
                permanent("unsupported_grant_type", Fault::unsupportedGrantType, Reason.BAD_INPUT),
                permanent("redirect_uri_mismatch", Fault::redirectUriMismatch, Reason.BAD_INPUT),
                permanent("invalid_request", () -> Fault.invalidRequest("HTTPS required"), Reason.BAD_INPUT),
                transientFault("rate_limit_exceeded", Fault::rateLimitExceeded, Reason.RATE_LIMITED),
                transientFault("500 JSON", Fault::http500Json, Reason.UNREACHABLE),
                transientFault("500 HTML", Fault::http500Html, Reason.UNREACHABLE),
                transientFault("502 HTML", Fault::http502Html, Reason.UNREACHABLE),
                transientFault("503 JSON", Fault::http503Json, Reason.UNREACHABLE),
                transientFault("503 HTML maintenance", Fault::http503Html, Reason.UNREACHABLE),
                transientFault("429", () -> Fault.http(429, "text/plain", "Too Many Requests"), Reason.RATE_LIMITED),
                permanent("420 Data Not Available", Fault::dataNotAvailable, Reason.INACTIVE_ORG),
                permanent("200 truncated JSON", Fault::truncatedJson, Reason.BAD_RESPONSE),
                permanent("200 HTML proxy page", Fault::htmlProxyPage, Reason.BAD_RESPONSE),
                permanent("200 empty body", Fault::emptyBody, Reason.BAD_RESPONSE),
                transientFault("slow beyond the timeout", () -> Fault.slow(SLOW), Reason.UNREACHABLE),
                transientFault("reset before the body", Fault::resetBeforeBody, Reason.UNREACHABLE),
                transientFault("reset after the body", Fault::resetAfterBody, Reason.UNREACHABLE),
                transientFault("reset mid-response", Fault::resetMidResponse, Reason.UNREACHABLE));
    }

    /** Faults of a REST GET: REST and identity errors and broken answers. */
    static List<Case> rest() {
        return List.of(
                permanent("401 INVALID_SESSION_ID", Fault::invalidSessionId, Reason.SESSION_EXPIRED),
                permanent("403 Bad_OAuth_Token", Fault::badOAuthToken, Reason.SESSION_EXPIRED),
                permanent(
                        "401 session not valid for the API (High Assurance)",
                        Fault::sessionNotValidForApi,
                        Reason.PERMISSION_DENIED),
                permanent("403 REQUEST_LIMIT_EXCEEDED", Fault::requestLimitExceeded, Reason.RATE_LIMITED),
                permanent("403 API_DISABLED_FOR_ORG", Fault::apiDisabledForOrg, Reason.PERMISSION_DENIED),
                permanent("404 NOT_FOUND", Fault::notFound, Reason.NOT_FOUND),
                permanent("400 INVALID_TYPE", () -> Fault.invalidType("ScratchOrgInfo"), Reason.WRONG_ORG_TYPE),
                permanent(
                        "400 INVALID_FIELD",
                        () -> Fault.invalidField("SfdxAuthUrl__c", "ScratchOrgInfo"),
                        Reason.WRONG_ORG_TYPE),
                permanent("INVALID_STATUS", Fault::invalidStatus, Reason.NOT_READY),
                transientFault("500 JSON", Fault::http500Json, Reason.UNREACHABLE),
                transientFault("500 HTML", Fault::http500Html, Reason.UNREACHABLE),
                transientFault("502 HTML", Fault::http502Html, Reason.UNREACHABLE),
                transientFault("503 JSON", Fault::http503Json, Reason.UNREACHABLE),
                transientFault("503 HTML maintenance", Fault::http503Html, Reason.UNREACHABLE),
                permanent("420 Data Not Available", Fault::dataNotAvailable, Reason.INACTIVE_ORG),
                permanent("200 truncated JSON", Fault::truncatedJson, Reason.BAD_RESPONSE),
                permanent("200 HTML proxy page", Fault::htmlProxyPage, Reason.BAD_RESPONSE),
                permanent("200 empty body", Fault::emptyBody, Reason.BAD_RESPONSE),
                transientFault("slow beyond the timeout", () -> Fault.slow(SLOW), Reason.UNREACHABLE),
                transientFault("reset before the body", Fault::resetBeforeBody, Reason.UNREACHABLE),
                transientFault("reset mid-response", Fault::resetMidResponse, Reason.UNREACHABLE));
    }

    static boolean isReset(Case c) {
        return c.name().startsWith("reset");
    }
}
