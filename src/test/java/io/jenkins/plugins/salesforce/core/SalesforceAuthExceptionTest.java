package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

class SalesforceAuthExceptionTest {

    @Test
    void theMessageSaysWhatWentWrongAndHowToFixIt() {
        SalesforceAuthException e = SalesforceAuthException.of(
                Reason.INVALID_GRANT,
                "Salesforce refused the refresh token of org 'prod'.",
                "Re-authorise the org and store a new auth URL.");
        assertThat(
                e.getMessage(),
                is(
                        "Salesforce refused the refresh token of org 'prod'. Fix: Re-authorise the org and store a new auth URL."));
        assertThat(e.reason(), is(Reason.INVALID_GRANT));
    }

    @Test
    void withDetailKeepsReasonFixAndSalesforceError() {
        SalesforceAuthException e = SalesforceAuthException.fromSalesforce(
                        Reason.INACTIVE_USER,
                        "The user is inactive.",
                        "Reactivate the user.",
                        "invalid_grant: inactive user")
                .withDetail("The user of org 'uat' is inactive.");
        assertThat(e.detail(), is("The user of org 'uat' is inactive."));
        assertThat(e.fix(), is("Reactivate the user."));
        assertThat(e.salesforceError(), is("invalid_grant: inactive user"));
        assertThat(e.reason(), is(Reason.INACTIVE_USER));
    }

    @Test
    void aBadFieldNamesTheFieldForAFormAndKeepsItThroughWithDetail() {
        SalesforceAuthException e = SalesforceAuthException.badField(
                "metadata", "'metadata' gives the key 'team' twice.", "Keep one of them.");
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.field(), is("metadata"));
        assertThat(e.withDetail("Org 'prod': 'metadata' gives the key 'team' twice.").field(), is("metadata"));
        assertThat(
                SalesforceAuthException.of(Reason.NOT_FOUND, "No org 'prod'.", "Register it.")
                        .field(),
                is(nullValue()));
    }

    @Test
    void onlyOutagesAndRateLimitsAreTransient() {
        for (Reason r : Reason.values()) {
            assertThat(r.name(), r.isTransient(), is(r == Reason.UNREACHABLE || r == Reason.RATE_LIMITED));
        }
    }
}
