package io.jenkins.plugins.salesforce.core;

import java.util.Objects;

/**
 * The one exception type of the core. It carries a {@link Reason}, a message that says what went wrong
 * (naming the org or the field), and a fix that says what the user should do about it.
 *
 * <p>Neither part ever contains a secret: refresh tokens, client secrets, private keys and access tokens are
 * never put into a message, and a cause is attached only when its own message is free of secrets (transport
 * errors, never parser errors that quote the document they failed on).
 */
public final class SalesforceAuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final String detail;
    private final String fix;
    private final String salesforceError;

    private SalesforceAuthException(Reason reason, String detail, String fix, String salesforceError, Throwable cause) {
        super(compose(detail, fix), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.fix = fix;
        this.salesforceError = salesforceError;
    }

    /** A failure with a reason, what went wrong, and how to fix it. */
    public static SalesforceAuthException of(Reason reason, String detail, String fix) {
        return new SalesforceAuthException(reason, detail, fix, null, null);
    }

    /**
     * A failure Salesforce reported, keeping its own error code and description (for example
     * {@code invalid_grant: expired access/refresh token}) so that the UI can show it as Salesforce said it.
     */
    public static SalesforceAuthException fromSalesforce(
            Reason reason, String detail, String fix, String salesforceError) {
        return new SalesforceAuthException(reason, detail, fix, salesforceError, null);
    }

    /** A failure caused by a transport error whose message holds no secret. */
    public static SalesforceAuthException withCause(Reason reason, String detail, String fix, Throwable cause) {
        return new SalesforceAuthException(reason, detail, fix, null, cause);
    }

    /** The same failure with the detail rewritten, for example to name the org it happened on. */
    public SalesforceAuthException withDetail(String newDetail) {
        SalesforceAuthException copy = new SalesforceAuthException(reason, newDetail, fix, salesforceError, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    public Reason reason() {
        return reason;
    }

    /** What went wrong, without the fix. */
    public String detail() {
        return detail;
    }

    /** What the user should do; may be null only where there is nothing the user can do. */
    public String fix() {
        return fix;
    }

    /** Salesforce's own error, as {@code code: description}, or null when the failure did not come from Salesforce. */
    public String salesforceError() {
        return salesforceError;
    }

    private static String compose(String detail, String fix) {
        if (fix == null || fix.isBlank()) {
            return detail;
        }
        return detail + " Fix: " + fix;
    }
}
