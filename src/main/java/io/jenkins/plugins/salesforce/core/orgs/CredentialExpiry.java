package io.jenkins.plugins.salesforce.core.orgs;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When an org's credential stops working, and the warning to give before: the earliest of
 *
 * <ul>
 *   <li>{@link Cause#REFRESH_TOKEN_AGE}: the refresh token's issue date ({@link OrgDates#issuedAt()}: registered or
 *       last rotated, whichever is later) plus {@link ExpiryPolicy#expireAfterDays()};
 *   <li>{@link Cause#REFRESH_TOKEN_IDLE}: its last use ({@link OrgDates#lastUsedAt()}: the latest of registered, last
 *       granted and last rotated) plus {@link ExpiryPolicy#expireAfterIdleDays()};
 *   <li>{@link Cause#CERTIFICATE}: the end date ({@code notAfter}) of a JWT credential's certificate.
 * </ul>
 *
 * A part whose date is unknown, or that is not set, gives nothing. No part reads a secret.
 *
 * @param org the org, as {@link OrgRecord#describe()} names it
 * @param at when the credential stops working
 * @param cause which part gave that date
 * @param since the date it is counted from (null for a certificate)
 * @param days the policy's number of days (0 for a certificate)
 */
public record CredentialExpiry(String org, Instant at, Cause cause, Instant since, int days) {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** Why a credential expires. */
    public enum Cause {
        /** The refresh token's policy "expire after N days". */
        REFRESH_TOKEN_AGE,
        /** The refresh token's policy "expire if not used for N days". */
        REFRESH_TOKEN_IDLE,
        /** The JWT certificate's end date. */
        CERTIFICATE
    }

    public CredentialExpiry {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cause, "cause");
    }

    /**
     * The earliest expiry of an org's credential (see the class comment), or empty when none is known.
     *
     * @param record the org (its {@link OrgRecord#describe()} names it in the warning)
     * @param policy the refresh token policy ({@link ExpiryPolicy#NONE} when none)
     * @param dates the dates of the secret
     * @param certificateNotAfter the end date of a JWT credential's certificate, or null
     */
    public static Optional<CredentialExpiry> of(
            OrgRecord record, ExpiryPolicy policy, OrgDates dates, Instant certificateNotAfter) {
        String org = record.describe();
        List<CredentialExpiry> candidates = new ArrayList<>(3);
        if (policy.expireAfterDays() != null && dates.issuedAt() != null) {
            candidates.add(new CredentialExpiry(
                    org,
                    dates.issuedAt().plus(Duration.ofDays(policy.expireAfterDays())),
                    Cause.REFRESH_TOKEN_AGE,
                    dates.issuedAt(),
                    policy.expireAfterDays()));
        }
        if (policy.expireAfterIdleDays() != null && dates.lastUsedAt() != null) {
            candidates.add(new CredentialExpiry(
                    org,
                    dates.lastUsedAt().plus(Duration.ofDays(policy.expireAfterIdleDays())),
                    Cause.REFRESH_TOKEN_IDLE,
                    dates.lastUsedAt(),
                    policy.expireAfterIdleDays()));
        }
        if (certificateNotAfter != null) {
            candidates.add(new CredentialExpiry(org, certificateNotAfter, Cause.CERTIFICATE, null, 0));
        }
        return candidates.stream().min(Comparator.comparing(CredentialExpiry::at));
    }

    /** Whether the credential no longer works at {@code now}. */
    public boolean expired(Instant now) {
        return !at.isAfter(now);
    }

    /**
     * The warning to show from {@code warnBefore} before the expiry on (and after it), or empty before that window: it
     * names the org, the date, why, and the fix.
     */
    public Optional<String> warning(Instant now, Duration warnBefore) {
        if (now.isBefore(at.minus(warnBefore))) {
            return Optional.empty();
        }
        return Optional.of(describe(now) + " Fix: " + fix());
    }

    /** What expires when and why, for example for the org's page: "Its refresh token expires on 2027-01-05 ...". */
    public String describe(Instant now) {
        String when = (expired(now) ? " expired on " : " expires on ") + DATE.format(at);
        return switch (cause) {
            case REFRESH_TOKEN_AGE ->
                "The refresh token of org " + org + when + ": the connected app's policy ends it " + days
                        + " days after it was issued, and it was issued (registered or rotated) on "
                        + DATE.format(since) + ".";
            case REFRESH_TOKEN_IDLE ->
                "The refresh token of org " + org + when + ": the connected app's policy ends it after " + days
                        + " days without use, and it was last used on " + DATE.format(since) + ".";
            case CERTIFICATE ->
                "The certificate of org " + org + when + " (its end date): Salesforce then refuses the JWT bearer"
                        + " grant.";
        };
    }

    /** What to do before the date. */
    public String fix() {
        return cause == Cause.CERTIFICATE
                ? "Create a new key and certificate, upload the certificate to the connected app, then update the"
                        + " credential's private key and certificate."
                : "Log in to the org again (sf org login web), then update the credential's auth URL with the new one"
                        + " (sf org auth show-sfdx-auth-url --target-org <alias> --json).";
    }
}
