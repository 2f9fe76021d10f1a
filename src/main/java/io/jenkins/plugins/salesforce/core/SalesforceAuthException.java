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
    private final String field;

    private SalesforceAuthException(
            Reason reason, String detail, String fix, String salesforceError, String field, Throwable cause) {
        super(compose(detail, fix), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.fix = fix;
        this.salesforceError = salesforceError;
        this.field = field;
    }

    /** A failure with a reason, what went wrong, and how to fix it. */
    public static SalesforceAuthException of(Reason reason, String detail, String fix) {
        return new SalesforceAuthException(reason, detail, fix, null, null, null);
    }

    /**
     * A {@link Reason#BAD_INPUT} failure of one input field, named as the user gives it (for example
     * {@code metadata}), so that a form can show the error beside that field.
     */
    public static SalesforceAuthException badField(String field, String detail, String fix) {
        return new SalesforceAuthException(
                Reason.BAD_INPUT, detail, fix, null, Objects.requireNonNull(field, "field"), null);
    }

    /**
     * A failure Salesforce reported, keeping its own error code and description (for example
     * {@code invalid_grant: expired access/refresh token}) so that the UI can show it as Salesforce said it.
     */
    public static SalesforceAuthException fromSalesforce(
            Reason reason, String detail, String fix, String salesforceError) {
        return new SalesforceAuthException(reason, detail, fix, salesforceError, null, null);
    }

    /** A failure caused by a transport error whose message holds no secret. */
    public static SalesforceAuthException withCause(Reason reason, String detail, String fix, Throwable cause) {
        return new SalesforceAuthException(reason, detail, fix, null, null, cause);
    }

    /** The same failure with the detail rewritten, for example to name the org it happened on. */
    public SalesforceAuthException withDetail(String newDetail) {
        SalesforceAuthException copy =
                new SalesforceAuthException(reason, newDetail, fix, salesforceError, field, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /**
     * The same failure, said to be about one input field, so that a form can show it beside that field: for example
     * Salesforce refusing a client secret is about {@code clientSecret}.
     */
    public SalesforceAuthException aboutField(String newField) {
        SalesforceAuthException copy = new SalesforceAuthException(
                reason, detail, fix, salesforceError, Objects.requireNonNull(newField, "field"), getCause());
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

    /**
     * The input field the failure is about ({@link #badField}, {@link #aboutField}), or null when it is about no
     * single field.
     */
    public String field() {
        return field;
    }

    private static String compose(String detail, String fix) {
        if (fix == null || fix.isBlank()) {
            return detail;
        }
        return detail + " Fix: " + fix;
    }
}
