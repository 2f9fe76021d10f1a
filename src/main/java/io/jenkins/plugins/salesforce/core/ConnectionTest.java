package io.jenkins.plugins.salesforce.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of a test connection (the token service's {@code testConnection}: a fresh grant for an org): whether the
 * stored credential still authenticates, and if not, why and what to do. A Salesforce refusal is a result here, not an
 * exception. Holds no secret, so {@link #toString()} is safe to log; a health monitor can keep the last one per org.
 *
 * @param org the reference that was tested, as given (credentials id, username or JIT sandbox name)
 * @param ok whether a fresh token was obtained
 * @param checkedAt when the test ran (the token service's clock)
 * @param orgId the org id, when known (always on success)
 * @param username the Salesforce username, when known
 * @param orgType the org type, when known
 * @param reason why it failed; null when ok
 * @param message what went wrong, naming the org; null when ok
 * @param salesforceError Salesforce's own error as {@code code: description} (for example
 *     {@code invalid_grant: expired access/refresh token}); null when ok or when the failure did not come from
 *     Salesforce (unreachable, bad input)
 * @param fix what the user should do; null when ok
 */
public record ConnectionTest(
        String org,
        boolean ok,
        Instant checkedAt,
        String orgId,
        String username,
        OrgType orgType,
        Reason reason,
        String message,
        String salesforceError,
        String fix) {

    public ConnectionTest {
        Objects.requireNonNull(checkedAt, "checkedAt");
        if (!ok) {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A passed test. */
    public static ConnectionTest passed(String org, Instant checkedAt, TokenResult token) {
        return new ConnectionTest(
                org, true, checkedAt, token.orgId(), token.username(), token.orgType(), null, null, null, null);
    }

    /**
     * A passed check of a JIT sandbox that did not log in to it (its production org answered and the sandbox is
     * ready there): the org id from that check, the username from the last login, if any.
     */
    public static ConnectionTest sandboxReady(String org, Instant checkedAt, String orgId, String username) {
        return new ConnectionTest(org, true, checkedAt, orgId, username, OrgType.SANDBOX, null, null, null, null);
    }

    /** A failed test, from the exception the token service got. */
    public static ConnectionTest failed(String org, Instant checkedAt, SalesforceAuthException e) {
        return new ConnectionTest(
                org, false, checkedAt, null, null, null, e.reason(), e.detail(), e.salesforceError(), e.fix());
    }

    /** One line for a page or a log: {@code OK} or {@code FAILED (INVALID_GRANT): message Fix: fix}. */
    public String summary() {
        if (ok) {
            return "OK: connected to org " + orgId + (username == null ? "" : " as " + username) + ".";
        }
        return "FAILED (" + reason + "): " + message
                + (salesforceError == null ? "" : " Salesforce said: " + salesforceError + ".")
                + (fix == null ? "" : " Fix: " + fix);
    }
}
