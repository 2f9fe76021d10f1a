package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The dates of an org's secret that its expiry is counted from; each may be unknown (null).
 *
 * @param registeredAt when the secret held now was registered (saved after Salesforce accepted it)
 * @param lastGrantedAt when the secret was last used for a token (kept to within {@link #GRANT_PRECISION})
 * @param lastRotatedAt when Salesforce last rotated the refresh token and the plugin stored the new one
 */
public record OrgDates(Instant registeredAt, Instant lastGrantedAt, Instant lastRotatedAt) {
    /** Nothing known. */
    public static final OrgDates UNKNOWN = new OrgDates(null, null, null);

    /**
     * How precisely the last grant is kept: a grant is recorded when the recorded one is older than this, so that a
     * busy org's tokens do not cause a write each. An idle expiry counted in days loses at most this much.
     */
    public static final Duration GRANT_PRECISION = Duration.ofHours(1);

    /** Whether a grant at {@code now} is worth recording after the one recorded at {@code recorded} (null: none). */
    public static boolean grantWorthRecording(Instant recorded, Instant now) {
        Objects.requireNonNull(now, "now");
        return recorded == null
                || !recorded.plus(GRANT_PRECISION).isAfter(now)
                || recorded.isAfter(now.plus(GRANT_PRECISION)); // a clock that was wrong must not stop the records
    }

    /**
     * A date as a credential holds it: an ISO instant ({@code 2026-11-02T10:15:00Z}) or a day ({@code 2026-11-02}, its
     * start in UTC).
     *
     * @throws SalesforceAuthException BAD_INPUT naming {@code field} when it is neither
     */
    public static Instant parse(String text, String field) {
        String t = text == null ? "" : text.strip();
        try {
            return t.length() == 10
                    ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw SalesforceAuthException.badField(
                    field,
                    "'" + field + "' is not a date.",
                    "Give the date as 2026-11-02 (UTC) or 2026-11-02T10:15:00Z, or leave it empty.");
        }
    }

    /** The same dates with the last grant given. */
    public OrgDates withLastGrantedAt(Instant at) {
        return new OrgDates(registeredAt, at, lastRotatedAt);
    }

    /** When the refresh token held now was issued, as far as the plugin knows: the later of registered and rotated. */
    public Instant issuedAt() {
        return latest(registeredAt, lastRotatedAt);
    }

    /** When the secret was last used, as far as the plugin knows: the latest of the three dates. */
    public Instant lastUsedAt() {
        return latest(registeredAt, lastGrantedAt, lastRotatedAt);
    }

    private static Instant latest(Instant... dates) {
        return Stream.of(dates).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
    }
}
