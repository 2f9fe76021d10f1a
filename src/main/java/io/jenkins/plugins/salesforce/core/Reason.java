package io.jenkins.plugins.salesforce.core;

/**
 * Why a Salesforce operation failed. Every failure the core reports carries exactly one reason, and
 * the reason alone decides whether the transport may retry ({@link #isTransient()}).
 */
public enum Reason {
    /** The refresh token, assertion or code was refused: revoked, expired, rotated away, unknown or bad. */
    INVALID_GRANT(false),
    /** The user is deactivated or frozen. */
    INACTIVE_USER(false),
    /** The org is locked, suspended, deleted or (scratch) expired. */
    INACTIVE_ORG(false),
    /** The caller's IP address or the login hours are restricted. */
    IP_RESTRICTED(false),
    /**
     * The connected app or External Client App may not be used by this user in this org: not approved, not
     * pre-authorised, or not installed there.
     */
    NOT_APPROVED(false),
    /** Input from the user or the configuration is wrong: auth URL, client id, secret, key, host, filter. */
    BAD_INPUT(false),
    /** Salesforce asked us to slow down (login rate, API request limit). Retried with backoff. */
    RATE_LIMITED(true),
    /** Salesforce could not be reached or answered with an outage (5xx, maintenance, timeout, reset). Retried. */
    UNREACHABLE(true),
    /** Salesforce (or a proxy in front of it) answered with something that is not the expected document. */
    BAD_RESPONSE(false),
    /** The access token is no longer valid (401 INVALID_SESSION_ID, 403 Bad_OAuth_Token): get a new one once. */
    SESSION_EXPIRED(false),
    /** The org, sandbox, scratch org or record does not exist. */
    NOT_FOUND(false),
    /** The thing exists but is not ready yet (sandbox still activating, scratch org still creating). Try later. */
    NOT_READY(false),
    /** The org cannot do what was asked: not a Dev Hub, not a production org, custom field missing. */
    WRONG_ORG_TYPE(false),
    /**
     * The user or org lacks the permission or feature (API disabled, insufficient access, a session the API does not
     * accept).
     */
    PERMISSION_DENIED(false),
    /** The plugin's own policy refuses the request (auth URL export not allowed, org already registered). */
    NOT_ALLOWED(false);

    private final boolean transientFault;

    Reason(boolean transientFault) {
        this.transientFault = transientFault;
    }

    /** Whether the fault is transient, so that the same request may succeed when sent again after a pause. */
    public boolean isTransient() {
        return transientFault;
    }
}
