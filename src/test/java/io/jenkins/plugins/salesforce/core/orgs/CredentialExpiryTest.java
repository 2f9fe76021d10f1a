package io.jenkins.plugins.salesforce.core.orgs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.CredentialExpiry.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialExpiryTest {
    private static final OrgRecord PROD = OrgRecord.builder("prod", CredentialType.AUTH_URL)
            .username("admin@acme.com")
            .build();
    private static final Instant REGISTERED = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration TWO_WEEKS = Duration.ofDays(14);

    private static Optional<CredentialExpiry> expiry(ExpiryPolicy policy, OrgDates dates, Instant certificate) {
        return CredentialExpiry.of(PROD, policy, dates, certificate);
    }

    private static Instant day(int n) {
        return REGISTERED.plus(Duration.ofDays(n));
    }

    @Test
    void withoutAPolicyOrACertificateNothingExpires() {
        assertThat(expiry(ExpiryPolicy.NONE, new OrgDates(REGISTERED, day(1), day(2)), null), is(Optional.empty()));
    }

    @Test
    void aRefreshTokenExpiresTheGivenDaysAfterItWasRegistered() {
        CredentialExpiry e = expiry(new ExpiryPolicy(90, null), new OrgDates(REGISTERED, null, null), null)
                .orElseThrow();

        assertThat(e.at(), is(day(90)));
        assertThat(e.cause(), is(Cause.REFRESH_TOKEN_AGE));
    }

    @Test
    void aRotationStartsTheRefreshTokensDaysAgain() {
        CredentialExpiry e = expiry(new ExpiryPolicy(90, null), new OrgDates(REGISTERED, null, day(30)), null)
                .orElseThrow();

        assertThat(e.at(), is(day(120)));
    }

    @Test
    void aRegistrationAfterTheLastRotationStartsThemToo() {
        CredentialExpiry e = expiry(new ExpiryPolicy(90, null), new OrgDates(day(40), null, day(30)), null)
                .orElseThrow();

        assertThat(e.at(), is(day(130)));
    }

    @Test
    void anIdleRefreshTokenExpiresTheGivenDaysAfterItsLastGrant() {
        CredentialExpiry e = expiry(new ExpiryPolicy(null, 30), new OrgDates(REGISTERED, day(10), null), null)
                .orElseThrow();

        assertThat(e.at(), is(day(40)));
        assertThat(e.cause(), is(Cause.REFRESH_TOKEN_IDLE));
    }

    @Test
    void aRefreshTokenNeverGrantedCountsItsIdleDaysFromItsRegistration() {
        CredentialExpiry e = expiry(new ExpiryPolicy(null, 30), new OrgDates(REGISTERED, null, null), null)
                .orElseThrow();

        assertThat(e.at(), is(day(30)));
    }

    @Test
    void aJwtCredentialExpiresWithItsCertificate() {
        CredentialExpiry e =
                expiry(ExpiryPolicy.NONE, OrgDates.UNKNOWN, day(365)).orElseThrow();

        assertThat(e.at(), is(day(365)));
        assertThat(e.cause(), is(Cause.CERTIFICATE));
    }

    @Test
    void theEarliestExpiryWins() {
        OrgDates dates = new OrgDates(REGISTERED, day(50), null);

        assertThat(expiry(new ExpiryPolicy(90, 45), dates, null).orElseThrow().cause(), is(Cause.REFRESH_TOKEN_AGE));
        assertThat(expiry(new ExpiryPolicy(90, 20), dates, null).orElseThrow().cause(), is(Cause.REFRESH_TOKEN_IDLE));
        assertThat(
                expiry(new ExpiryPolicy(90, 20), dates, day(60)).orElseThrow().cause(), is(Cause.CERTIFICATE));
    }

    @Test
    void withoutAnyKnownDateAPolicyGivesNoExpiry() {
        assertThat(expiry(new ExpiryPolicy(90, 30), OrgDates.UNKNOWN, null), is(Optional.empty()));
    }

    @Test
    void theWarningStartsTheGivenDaysBeforeTheExpiryNotAfter() {
        CredentialExpiry e = expiry(new ExpiryPolicy(90, null), new OrgDates(REGISTERED, null, null), null)
                .orElseThrow();

        assertThat(e.warning(day(75), TWO_WEEKS), is(Optional.empty()));
        assertThat(e.warning(day(76), TWO_WEEKS).isPresent(), is(true));
        assertThat(e.warning(day(89), TWO_WEEKS).isPresent(), is(true));
        assertThat(e.warning(day(91), TWO_WEEKS).isPresent(), is(true));
    }

    @Test
    void theWarningNamesTheOrgTheDateWhyAndTheFix() {
        String warning = expiry(new ExpiryPolicy(90, null), new OrgDates(REGISTERED, null, null), null)
                .orElseThrow()
                .warning(day(80), TWO_WEEKS)
                .orElseThrow();

        assertThat(
                warning,
                is("The refresh token of org 'prod' (admin@acme.com) expires on 2026-04-01 10:00 UTC: the connected"
                        + " app's policy ends it 90 days after it was issued, and it was issued (registered or rotated)"
                        + " on 2026-01-01 10:00 UTC. Fix: Log in to the org again (sf org login web), then update the"
                        + " credential's auth URL with the new one (sf org auth show-sfdx-auth-url --target-org <alias>"
                        + " --json)."));
    }

    @Test
    void afterTheDateTheWarningSaysItExpired() {
        String warning = expiry(new ExpiryPolicy(null, 30), new OrgDates(REGISTERED, null, null), null)
                .orElseThrow()
                .warning(day(31), TWO_WEEKS)
                .orElseThrow();

        assertThat(warning, containsString("expired on 2026-01-31 10:00 UTC"));
        assertThat(warning, containsString("after 30 days without use, and it was last used on 2026-01-01"));
    }

    @Test
    void aCertificatesWarningSaysToUploadANewOne() {
        String warning = expiry(ExpiryPolicy.NONE, OrgDates.UNKNOWN, day(20))
                .orElseThrow()
                .warning(day(10), TWO_WEEKS)
                .orElseThrow();

        assertThat(warning, containsString("The certificate of org 'prod' (admin@acme.com) expires on 2026-01-21"));
        assertThat(warning, containsString("Fix: Create a new key and certificate, upload the certificate"));
    }

    @Test
    void aPolicyIsAWholeNumberOfDaysFromOne() {
        SalesforceAuthException zero = assertThrows(SalesforceAuthException.class, () -> new ExpiryPolicy(0, null));
        SalesforceAuthException negative =
                assertThrows(SalesforceAuthException.class, () -> new ExpiryPolicy(null, -3));

        assertThat(zero.reason(), is(Reason.BAD_INPUT));
        assertThat(zero.field(), is("expireAfterDays"));
        assertThat(negative.field(), is("expireAfterIdleDays"));
        assertThat(new ExpiryPolicy(null, null).isEmpty(), is(true));
        assertThat(zero.getMessage(), containsString("'expireAfterDays' is not a whole number of days from 1 to"));
    }

    @Test
    void aFormsNumberOfDaysIsBlankOrAWholeNumber() {
        assertThat(ExpiryPolicy.parseDays(" ", "expireAfterDays"), is((Integer) null));
        assertThat(ExpiryPolicy.parseDays(" 90 ", "expireAfterDays"), is(90));

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> ExpiryPolicy.parseDays("ninety", "expireAfterIdleDays"));
        assertThat(e.field(), is("expireAfterIdleDays"));
    }

    @Test
    void aDateIsADayInUtcOrAnInstant() {
        assertThat(OrgDates.parse("2026-01-01", "registeredAt"), is(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(OrgDates.parse(" 2026-01-01T10:00:00Z ", "registeredAt"), is(REGISTERED));

        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> OrgDates.parse("last tuesday", "registeredAt"));
        assertThat(e.field(), is("registeredAt"));
        assertThat(e.getMessage(), containsString("'registeredAt' is not a date."));
    }

    @Test
    void aGrantIsRecordedWhenTheRecordedOneIsAnHourOldOrMore() {
        Instant now = day(5);

        assertThat(OrgDates.grantWorthRecording(null, now), is(true));
        assertThat(OrgDates.grantWorthRecording(now.minus(Duration.ofMinutes(59)), now), is(false));
        assertThat(OrgDates.grantWorthRecording(now.minus(Duration.ofHours(1)), now), is(true));
        assertThat(OrgDates.grantWorthRecording(now.plus(Duration.ofDays(2)), now), is(true));
    }
}
