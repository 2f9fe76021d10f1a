package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.api.ApiVersion;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.DiscoveredOrg;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.ScratchOrgInfo;
import io.jenkins.plugins.salesforce.emulator.User;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Discovery after a token end to end against the emulator: every org type, API versions, the Dev Hub rule. */
class DiscoveryAgainstEmulatorTest {
    private final EmulatedOrgs sf = new EmulatedOrgs();

    @AfterEach
    void stop() {
        sf.close();
    }

    @Test
    void aProductionDevHubIsDiscoveredCompletely() {
        AccessToken t = sf.refresh(sf.admin);
        DiscoveredOrg info = sf.discovery().discover(t);
        assertThat(
                info,
                is(new DiscoveredOrg(sf.prod.id(), "admin@acme.com", sf.prod.instanceUrl(), OrgType.PRODUCTION, true)));
        assertThat(sf.emulator.requests().count(Endpoint.IDENTITY), is(1));
        assertThat(sf.emulator.requests().count(Endpoint.API_VERSIONS), is(1));
        assertThat(sf.emulator.requests().count(Endpoint.QUERY), is(2));
    }

    @Test
    void aSandboxIsASandboxAndNotAskedAboutDevHub() {
        DiscoveredOrg info = sf.discovery().discover(sf.jwt(sf.emulator.testUrl(), sf.uatAdmin, null));
        assertThat(info.orgType(), is(OrgType.SANDBOX));
        assertThat(info.devHub(), is(false));
        assertThat(info.orgId(), is(sf.uat.org().id()));
        assertThat(info.username(), is(sf.uatAdmin.username()));
        assertThat(sf.emulator.requests().count(Endpoint.QUERY), is(1));
    }

    @Test
    void aDeveloperEditionThatIsNotADevHubIsToldBySalesforcesInvalidType() {
        Org de = sf.emulator.developerEdition("tinker");
        User dev = de.user("dev@tinker.com");
        DiscoveredOrg info = sf.discovery().discover(sf.refresh(sf.emulator.authUrlFor(dev, sf.app)));
        assertThat(info.orgType(), is(OrgType.DEVELOPER_EDITION));
        assertThat(info.devHub(), is(false));
    }

    @Test
    void aScratchOrgIsAScratchOrg() {
        ScratchOrgInfo scratch = sf.prod.scratchOrg("test-abc@example.com").withSfdxAuthUrl();
        DiscoveredOrg info = sf.discovery().discover(sf.refresh(sf.emulator.authUrlFor(scratch.user(), sf.app)));
        assertThat(info.orgType(), is(OrgType.SCRATCH));
        assertThat(info.devHub(), is(false));
    }

    @Test
    void aTrialOrgIsATrial() {
        Org trial = sf.emulator.productionOrg("trial").trialExpirationDate(LocalDate.of(2026, 12, 20));
        DiscoveredOrg info =
                sf.discovery().discover(sf.refresh(sf.emulator.authUrlFor(trial.user("t@trial.com"), sf.app)));
        assertThat(info.orgType(), is(OrgType.TRIAL));
    }

    @Test
    void theNewestApiVersionIsChosenNumericallyAndMalformedOnesAreSkipped() {
        sf.prod.apiVersions("9.0", "10.0", "64.0", "100.0", "66.1", "65.0");
        assertThat(sf.api().latestApiVersion(sf.refresh(sf.admin)), is(new ApiVersion(65)));
        sf.prod.apiVersions("8.0", "9.0", "10.0");
        assertThat(sf.api().latestApiVersion(sf.refresh(sf.admin)), is(new ApiVersion(10)));
    }

    @Test
    void theDevHubRuleOnlyInvalidTypeMeansNo() {
        AccessToken t = sf.refresh(sf.admin);
        ApiVersion v = new ApiVersion(66);
        assertThat(sf.api().isDevHub(t, v), is(true));
        sf.prod.devHub(false);
        assertThat(sf.api().isDevHub(t, v), is(false));
    }

    @Test
    void theDevHubRuleOutagesExpiredSessionsAndTimeoutsAreNeverNo() {
        AccessToken t = sf.refresh(sf.admin);
        ApiVersion v = new ApiVersion(66);
        sf.emulator.faults().on(Endpoint.QUERY).respond(Fault.http503Html());
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> sf.api().isDevHub(t, v))
                        .reason(),
                is(Reason.UNREACHABLE));
        assertThat(sf.emulator.requests().count(Endpoint.QUERY), is(4));
        sf.emulator.faults().clear();
        sf.emulator.faults().on(Endpoint.QUERY).respond(Fault.invalidSessionId());
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> sf.api().isDevHub(t, v))
                        .reason(),
                is(Reason.SESSION_EXPIRED));
        sf.emulator.faults().clear();
        sf.emulator.faults().on(Endpoint.QUERY).respond(Fault.http500Json());
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> sf.api().isDevHub(t, v))
                        .reason(),
                is(Reason.UNREACHABLE));
        sf.emulator.faults().clear();
        sf.emulator.clock().advance(Duration.ofHours(3));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> sf.api().isDevHub(t, v))
                        .reason(),
                is(Reason.SESSION_EXPIRED));
    }

    @Test
    void theDevHubRuleATimeoutIsNeverNo() {
        try (EmulatedOrgs quick = new EmulatedOrgs(Duration.ofMillis(300))) {
            AccessToken t = quick.refresh(quick.admin);
            quick.emulator.faults().on(Endpoint.QUERY).respond(Fault.slow(Duration.ofSeconds(2)));
            SalesforceAuthException e = assertThrows(
                    SalesforceAuthException.class, () -> quick.api().isDevHub(t, new ApiVersion(66)));
            assertThat(e.reason(), is(Reason.UNREACHABLE));
        }
    }

    @Test
    void aDeletedOrgIsInactiveOrgOnItsInstanceAndOnTheNextRefresh() {
        String authUrl = sf.emulator.authUrlFor(sf.admin, sf.app);
        AccessToken t = sf.refresh(authUrl);
        sf.prod.delete();
        // The identity service on the login host no longer knows the session: the caller refreshes once ...
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> sf.discovery().discover(t))
                        .reason(),
                is(Reason.SESSION_EXPIRED));
        // ... and the org's own host answers 420 "Data Not Available", to the REST API and to the token endpoint.
        SalesforceAuthException rest =
                assertThrows(SalesforceAuthException.class, () -> sf.api().latestApiVersion(t));
        assertThat(rest.reason(), is(Reason.INACTIVE_ORG));
        SalesforceAuthException refresh = assertThrows(SalesforceAuthException.class, () -> sf.refresh(authUrl));
        assertThat(refresh.reason(), is(Reason.INACTIVE_ORG));
        assertThat(refresh.fix(), org.hamcrest.Matchers.containsString("Remove or replace the credential"));
    }

    @Test
    void anExpiredSessionIsReportedForTheCallerToRefreshOnce() {
        AccessToken t = sf.refresh(sf.admin);
        sf.emulator.clock().advance(Duration.ofHours(3));
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> sf.discovery().discover(t));
        assertThat(e.reason(), is(Reason.SESSION_EXPIRED));
        DiscoveredOrg info = sf.discovery().discover(sf.refresh(sf.admin));
        assertThat(info.orgId(), is(sf.prod.id()));
    }

    @Test
    void aChangedInstanceUrlIsFollowedOnTheNextGrant() {
        String authUrl = sf.emulator.authUrlFor(sf.admin, sf.app);
        String moved = sf.prod.changeInstanceUrl();
        AccessToken t = sf.refresh(authUrl);
        assertThat(t.instanceUrl(), is(URI.create(moved)));
        assertThat(sf.discovery().discover(t).instanceUrl(), is(moved));
    }
}
