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

    private static void check(String field, Integer days) {
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            throw SalesforceAuthException.badField(
                    field,
                    "'" + field + "' is " + days + ", not a number of days from 1 to " + MAX_DAYS + ".",
                    "Give the number of days of the connected app's refresh token policy, or leave it empty when"
                            + " refresh tokens are valid until revoked.");
        }
    }
}
