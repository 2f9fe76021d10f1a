package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.http.RetryPolicy;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every emulator fault that applies to the grants × each grant, and every REST fault on a discovery call: the right
 * Reason, the right number of requests as the emulator counted them (1 for a permanent error; 1 + 3 retries for a
 * transient one; always 1 for an authorization code, which is single use), and a message that names the host and
 * carries a fix.
 */
class FaultMatrixTest {
    private static final int ATTEMPTS = 1 + RetryPolicy.DEFAULT_MAX_RETRIES;

    /** A grant as the matrix drives it. */
    enum Grant {
        REFRESH_TOKEN(true, sf -> sf.refresh(sf.admin)),
        JWT_BEARER(true, sf -> sf.jwt(sf.emulator.loginUrl(), sf.admin, null)),
        AUTHORIZATION_CODE(false, sf -> sf.code(sf.uatAdmin));

        final boolean repeatable;
        final Function<EmulatedOrgs, AccessToken> run;

        Grant(boolean repeatable, Function<EmulatedOrgs, AccessToken> run) {
            this.repeatable = repeatable;
            this.run = run;
        }
    }

    static Stream<Arguments> grantFaults() {
        return Stream.of(Grant.values())
                .flatMap(g -> FaultCases.token().stream().map(c -> Arguments.of(g, c)));
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("grantFaults")
    void everyTokenFaultGivesItsReasonAfterTheRightNumberOfRequests(Grant grant, FaultCases.Case c) {
        try (EmulatedOrgs sf = new EmulatedOrgs(FaultCases.TIMEOUT)) {
            sf.emulator.faults().on(Endpoint.TOKEN).respond(c.fault().get());
            SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> grant.run.apply(sf));

            assertThat(e.reason(), is(c.reason()));
            int expected = !c.retried() || !grant.repeatable ? 1 : ATTEMPTS;
            if (grant == Grant.JWT_BEARER && c.name().equals("audience is invalid")) {
                expected = 2; // the other audience, once
            }
            assertThat("requests", sf.emulator.requests().count(Endpoint.TOKEN), is(expected));
            assertThat(
                    "backoff waits",
                    sf.sleeper.delays().size(),
                    is(grant == Grant.JWT_BEARER && expected == 2 ? 0 : expected - 1));
            assertThat(e.fix(), not(is("")));
            assertThat(e.getMessage(), allOf(containsString("127.0.0.1"), containsString(" Fix: ")));
        }
    }

    static Stream<FaultCases.Case> restFaults() {
        return FaultCases.rest().stream();
    }

    @ParameterizedTest(name = "API versions × {0}")
    @MethodSource("restFaults")
    void everyRestFaultGivesItsReasonAfterTheRightNumberOfRequests(FaultCases.Case c) {
        try (EmulatedOrgs sf = new EmulatedOrgs(FaultCases.TIMEOUT)) {
            AccessToken token = sf.refresh(sf.admin);
            sf.emulator.faults().on(Endpoint.API_VERSIONS).respond(c.fault().get());
            SalesforceAuthException e =
                    assertThrows(SalesforceAuthException.class, () -> sf.api().latestApiVersion(token));

            assertThat(e.reason(), is(c.reason()));
            int count = sf.emulator.requests().count(Endpoint.API_VERSIONS);
            if (FaultCases.isReset(c)) {
                // The JDK client may silently resend a GET once when a pooled connection was reset (see the emulator's
                // package notes), so the count lies between the transport's attempts and twice that.
                assertThat(count, allOf(greaterThanOrEqualTo(ATTEMPTS), lessThanOrEqualTo(2 * ATTEMPTS)));
            } else {
                assertThat("requests", count, is(c.retried() ? ATTEMPTS : 1));
            }
            assertThat(e.fix(), not(is("")));
            assertThat(
                    e.getMessage(),
                    allOf(containsString("The API version lookup at 127.0.0.1:"), containsString(" Fix: ")));
        }
    }

    @ParameterizedTest(name = "identity × {0}")
    @MethodSource("restFaults")
    void everyRestFaultOnTheIdentityServiceFailsDiscoveryWithItsReason(FaultCases.Case c) {
        if (c.reason() == io.jenkins.plugins.salesforce.core.Reason.NOT_FOUND
                || c.reason() == io.jenkins.plugins.salesforce.core.Reason.BAD_RESPONSE) {
            return; // discovery falls back to userinfo for these; see the next test
        }
        try (EmulatedOrgs sf = new EmulatedOrgs(FaultCases.TIMEOUT)) {
            AccessToken token = sf.refresh(sf.admin);
            sf.emulator.faults().on(Endpoint.IDENTITY).respond(c.fault().get());
            SalesforceAuthException e = assertThrows(
                    SalesforceAuthException.class, () -> sf.discovery().discover(token));
            assertThat(e.reason(), is(c.reason()));
            assertThat(sf.emulator.requests().count(Endpoint.API_VERSIONS), is(0));
        }
    }

    @ParameterizedTest(name = "identity × {0} falls back to userinfo")
    @MethodSource("restFaults")
    void aMissingOrUnreadableIdentityFallsBackToUserInfo(FaultCases.Case c) {
        if (c.reason() != io.jenkins.plugins.salesforce.core.Reason.NOT_FOUND
                && c.reason() != io.jenkins.plugins.salesforce.core.Reason.BAD_RESPONSE) {
            return;
        }
        try (EmulatedOrgs sf = new EmulatedOrgs(FaultCases.TIMEOUT)) {
            AccessToken token = sf.refresh(sf.admin);
            sf.emulator.faults().on(Endpoint.IDENTITY).respond(c.fault().get());
            assertThat(sf.discovery().discover(token).username(), is("admin@acme.com"));
            assertThat(sf.emulator.requests().count(Endpoint.USERINFO), is(1));
        }
    }

    @ParameterizedTest(name = "{0} recovers after two 503s")
    @MethodSource("grantsThatRetry")
    void aTransientFaultThatClearsWithinTheRetriesIsInvisible(Grant grant) {
        try (EmulatedOrgs sf = new EmulatedOrgs(FaultCases.TIMEOUT)) {
            sf.emulator.faults().on(Endpoint.TOKEN).times(2).respond(Fault.http503Html());
            AccessToken t = grant.run.apply(sf);
            assertThat(t.orgId(), is(sf.prod.id()));
            assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(3));
            assertThat(sf.sleeper.delays().size(), is(2));
        }
    }

    static Stream<Grant> grantsThatRetry() {
        return Stream.of(Grant.REFRESH_TOKEN, Grant.JWT_BEARER);
    }
}
