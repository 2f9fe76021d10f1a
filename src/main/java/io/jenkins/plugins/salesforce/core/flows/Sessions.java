package io.jenkins.plugins.salesforce.core.flows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.OrgTokens;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Helpers the flows share: calls with a registered org's token, and reading Salesforce values safely. */
final class Sessions {
    private static final DateTimeFormatter SALESFORCE_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9 _.-]{1,40}");

    private Sessions() {}

    /**
     * Runs calls with a registered org's token. When Salesforce says the session is no longer valid (401
     * {@code INVALID_SESSION_ID}, 403 {@code Bad_OAuth_Token}), the token is evicted and the calls run once more with a
     * new one; a second failure is reported as it is.
     */
    static <T> T withToken(OrgTokens tokens, RegisteredOrg org, Function<AccessToken, T> calls) {
        AccessToken token = tokens.accessToken(org);
        try {
            return calls.apply(token);
        } catch (SalesforceAuthException e) {
            if (e.reason() != Reason.SESSION_EXPIRED) {
                throw e;
            }
            tokens.evict(org);
            return calls.apply(tokens.accessToken(org));
        }
    }

    /** A Salesforce date-time ({@code 2026-11-20T09:10:00.000+0000}, or ISO with a colon), or null. */
    static Instant dateTime(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip(), SALESFORCE_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text.strip()).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** A short value from Salesforce (a status, an error code) as a message may show it. */
    static String plain(String value) {
        return value != null && PLAIN.matcher(value).matches() ? value : "(unreadable)";
    }
}
