package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;

/**
 * When an org's refresh token stops working, as the org's administrator set it up in Salesforce (the connected app's
 * "Refresh token is valid until ... expire refresh token after" or "... if not used for"): Salesforce does not tell a
 * client, so the credential says it. Both parts are optional; a part is a whole number of days, 1 or more.
 *
 * @param expireAfterDays the refresh token expires this many days after it was issued (registered or rotated), or null
 * @param expireAfterIdleDays the refresh token expires when it was not used for this many days, or null
 */
public record ExpiryPolicy(Integer expireAfterDays, Integer expireAfterIdleDays) {
    /** No policy: the refresh token is valid until revoked. */
    public static final ExpiryPolicy NONE = new ExpiryPolicy(null, null);

    /** The longest policy accepted, 100 years: a larger number is a typing error, not a policy. */
    public static final int MAX_DAYS = 36_500;

    /**
     * @throws SalesforceAuthException BAD_INPUT naming the field ({@code expireAfterDays} or {@code expireAfterIdleDays})
     *     when a part is not between 1 and {@value #MAX_DAYS}
     */
    public ExpiryPolicy {
        check("expireAfterDays", expireAfterDays);
        check("expireAfterIdleDays", expireAfterIdleDays);
    }

    /** Whether neither part is set. */
    public boolean isEmpty() {
        return expireAfterDays == null && expireAfterIdleDays == null;
    }

    /**
     * A number of days as a form gives it: null when blank.
     *
     * @throws SalesforceAuthException BAD_INPUT naming the field when it is not a whole number from 1 to
     *     {@value #MAX_DAYS}
     */
    public static Integer parseDays(String text, String field) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return null;
        }
        int days;
        try {
            days = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            days = 0; // refused below, with the same message
        }
        check(field, days);
        return days;
    }

    private static void check(String field, Integer days) {
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            throw SalesforceAuthException.badField(
                    field,
                    "'" + field + "' is not a whole number of days from 1 to " + MAX_DAYS + ".",
                    "Give the number of days of the connected app's refresh token policy, or leave it empty when"
                            + " refresh tokens are valid until revoked.");
        }
    }
}
