package io.jenkins.plugins.salesforce.core.flows;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.ScratchOrgInfo;
import io.jenkins.plugins.salesforce.emulator.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Scratch-org auth through a Dev Hub's ScratchOrgInfo. */
class ScratchOrgAuthFlowTest {
    private static final String SCRATCH = "test-abc@example.com";
    private final FlowFixture sf = new FlowFixture();
    private final ScratchOrgAuthFlow flow = new ScratchOrgAuthFlow(sf.context, sf.resolver);

    @AfterEach
    void stop() {
        sf.close();
    }

    private static SalesforceAuthException fails(Reason reason, Executable code, String... fragments) {
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, code);
        assertThat(e.getMessage(), e.reason(), is(reason));
        for (String f : fragments) {
            assertThat(e.getMessage(), containsString(f));
        }
        return e;
    }

    @Test
    void theSfdxAuthUrlOnScratchOrgInfoIsUsedWithTheRefreshGrant() {
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH).withSfdxAuthUrl();
        sf.registerAuthUrl("hub", sf.admin, OrgType.PRODUCTION);
        ScratchOrgAuthResult r = flow.scratchOrgAuth(SCRATCH, "hub");
        assertThat(r.method(), is(ScratchOrgAuthResult.Method.SFDX_AUTH_URL));
        assertThat(r.token().orgId(), is(info.org().id()));
        assertThat(r.token().username(), is(SCRATCH));
        assertThat(r.token().orgType(), is(OrgType.SCRATCH));
        assertThat(r.devHubId(), is("hub"));
        assertThat(r.expirationDate(), is("2026-11-30"));
        assertThat(sf.emulator.accessToken(r.token().accessToken().reveal()).user(), is(info.user()));
        assertThat(r.toString(), not(containsString(r.token().accessToken().reveal())));
    }

    @Test
    void aSecondAskIsAnsweredFromTheKeptLoginUntilShortlyBeforeTheSessionEnds() {
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH).withSfdxAuthUrl();
        sf.registerAuthUrl("hub", sf.admin, OrgType.PRODUCTION);

        ScratchOrgAuthResult first = flow.scratchOrgAuth(SCRATCH, "hub");
        int requests = sf.emulator.requests().total();
        ScratchOrgAuthResult named = flow.scratchOrgAuth(SCRATCH, "hub");
        ScratchOrgAuthResult searched = flow.scratchOrgAuth(SCRATCH, null);
        assertThat("no query, no grant", sf.emulator.requests().total(), is(requests));
        assertThat(named.token().accessToken(), is(first.token().accessToken()));
        assertThat(searched.token().accessToken(), is(first.token().accessToken()));

        sf.emulator.clock().advance(Duration.ofMinutes(116)); // 4 minutes before the two-hour session ends
        ScratchOrgAuthResult later = flow.scratchOrgAuth(SCRATCH, "hub");
        assertThat(later.token().accessToken(), not(is(first.token().accessToken())));
        assertThat(sf.emulator.accessToken(later.token().accessToken().reveal()).user(), is(info.user()));
    }

    @Test
    void aKeptLoginBelongsToTheDevHubCredentialItWentThrough() {
        sf.prod.scratchOrg(SCRATCH).withSfdxAuthUrl();
        sf.registerAuthUrl("hub", sf.admin, OrgType.PRODUCTION);
        ScratchOrgAuthResult first = flow.scratchOrgAuth(SCRATCH, "hub");

        sf.registerAuthUrl("hub", sf.admin, OrgType.PRODUCTION); // a new auth URL for the same Dev Hub
        ScratchOrgAuthResult again = flow.scratchOrgAuth(SCRATCH, "hub");
        assertThat(again.token().accessToken(), not(is(first.token().accessToken())));
    }

    @Test
    void aRefreshTokenRotatedOnTheWayIsWrittenBackToScratchOrgInfoSoTheNextLoginWorks() {
        sf.emulator.platformCli().rotateRefreshTokens(true).revokeFamilyOnReuse(true);
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH).withSfdxAuthUrl();
        String before = info.sfdxAuthUrl();
        sf.registerAuthUrl("hub", sf.admin, OrgType.PRODUCTION);

        flow.scratchOrgAuth(SCRATCH, "hub");

        assertThat(info.sfdxAuthUrl(), not(is(before)));
        sf.emulator.clock().advance(Duration.ofHours(2)); // past the kept login
        ScratchOrgAuthResult again = flow.scratchOrgAuth(SCRATCH, "hub");
        assertThat(again.method(), is(ScratchOrgAuthResult.Method.SFDX_AUTH_URL));
        assertThat(sf.emulator.accessToken(again.token().accessToken().reveal()).user(), is(info.user()));
    }

    @Test
    void aRotatedRefreshTokenThatCannotBeWrittenBackFailsSayingWhatToFix() {
        sf.emulator.platformCli().rotateRefreshTokens(true);
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH).withSfdxAuthUrl();
        sf.prod.scratchOrgInfoReadOnly(true);
        sf.registerAuthUrl("hub", sf.admin, OrgType.PRODUCTION);

        SalesforceAuthException e = fails(
                Reason.INVALID_GRANT,
                () -> flow.scratchOrgAuth(SCRATCH, "hub"),
                "rotated the refresh token of scratch org '" + SCRATCH + "'",
                "INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(e.fix(), containsString("edit access to ScratchOrgInfo.SfdxAuthUrl__c"));
        assertThat(e.getMessage(), not(containsString(info.sfdxAuthUrl().substring(8))));
    }

    @Test
    void withoutTheCustomFieldTheQueryIsSentAgainWithoutItAndJwtIsUsed() {
        sf.prod.scratchOrgInfoCustomFields(false);
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH);
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        ScratchOrgAuthResult r = flow.scratchOrgAuth(SCRATCH, null);
        assertThat(r.method(), is(ScratchOrgAuthResult.Method.JWT));
        assertThat(r.token().orgId(), is(info.org().id()));
        assertThat(sf.emulator.requests().count(Endpoint.QUERY), is(2));
    }

    @Test
    void anUndefinedAuthUrlFallsBackToTheDevHubsJwtKey() {
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH).sfdxAuthUrl("force://PlatformCLI::undefined@127.0.0.1:1");
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        ScratchOrgAuthResult r = flow.scratchOrgAuth(SCRATCH, "hub");
        assertThat(r.method(), is(ScratchOrgAuthResult.Method.JWT));
        assertThat(r.token().orgId(), is(info.org().id()));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.REFRESH_TOKEN), is(0));
    }

    @Test
    void aRevokedAuthUrlFallsBackToJwtWhenTheDevHubHasAKey() {
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH).withSfdxAuthUrl();
        info.user().refreshTokens().forEach(t -> t.revoke());
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        assertThat(flow.scratchOrgAuth(SCRATCH, "hub").method(), is(ScratchOrgAuthResult.Method.JWT));
    }

    @Test
    void aRevokedAuthUrlWithoutJwtFailsWithoutShowingTheRefreshToken() {
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH).withSfdxAuthUrl();
        String refresh = info.user().refreshTokens().get(0).value();
        info.user().refreshTokens().forEach(t -> t.revoke());
        sf.registerAuthUrl("hub", sf.admin, OrgType.PRODUCTION);
        SalesforceAuthException e =
                fails(Reason.INVALID_GRANT, () -> flow.scratchOrgAuth(SCRATCH, "hub"), "SfdxAuthUrl__c", SCRATCH);
        assertThat(e.getMessage(), not(containsString(refresh)));
        assertThat(String.valueOf(e.salesforceError()), not(containsString(refresh)));
    }

    @Test
    void neitherAnAuthUrlNorAJwtKeySaysWhatIsNeeded() {
        sf.prod.scratchOrg(SCRATCH).sfdxAuthUrl("force://PlatformCLI::undefined@127.0.0.1:1");
        sf.registerAuthUrl("hub", sf.admin, OrgType.PRODUCTION);
        SalesforceAuthException e = fails(
                Reason.BAD_INPUT,
                () -> flow.scratchOrgAuth(SCRATCH, "hub"),
                "no usable SfdxAuthUrl__c",
                "'admin@acme.com'");
        assertThat(e.fix(), containsString("Register the Dev Hub with a JWT key"));
        assertThat(e.fix(), containsString("SfdxAuthUrl__c"));
        assertThat(e.getMessage(), not(containsString("undefined")));
    }

    @Test
    void aDeletedScratchOrgCannotBeConnectedToAnymore() {
        sf.prod.scratchOrg(SCRATCH).delete();
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        fails(Reason.INACTIVE_ORG, () -> flow.scratchOrgAuth(SCRATCH, null), "has been deleted");
    }

    @Test
    void aScratchOrgThatFailedNamesItsErrorCode() {
        sf.prod.scratchOrg(SCRATCH).error("C-1016");
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        fails(Reason.INACTIVE_ORG, () -> flow.scratchOrgAuth(SCRATCH, "hub"), "C-1016");
    }

    @Test
    void aScratchOrgStillBeingCreatedIsNotReady() {
        sf.prod.scratchOrg(SCRATCH).status("Creating");
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        fails(Reason.NOT_READY, () -> flow.scratchOrgAuth(SCRATCH, "hub"), "still being created");
    }

    @Test
    void anUnknownScratchOrgIsNotFoundInEveryDevHubTried() {
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        fails(
                Reason.NOT_FOUND,
                () -> flow.scratchOrgAuth(SCRATCH, null),
                "not found in any registered Dev Hub",
                "'hub'");
    }

    @Test
    void aNamedOrgThatIsNotADevHubIsTheWrongType() {
        User globex =
                sf.emulator.productionOrg("globex").user("admin@globex.com").preAuthorize(sf.app);
        sf.registerAuthUrl("globex", globex, OrgType.PRODUCTION);
        fails(
                Reason.WRONG_ORG_TYPE,
                () -> flow.scratchOrgAuth(SCRATCH, "globex"),
                "The provided dev hub username admin@globex.com is not a valid dev hub");
    }

    @Test
    void theDefaultDevHubIsAskedFirstAndANonHubAmongTheHubsIsSkipped() {
        Org globex = sf.emulator.productionOrg("globex");
        User globexAdmin = globex.user("admin@globex.com").preAuthorize(sf.app);
        sf.store.save(new io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg(
                sf.registerAuthUrl("a-globex", globexAdmin, OrgType.PRODUCTION)
                        .record()
                        .withDevHub(true),
                sf.store.findRegistered("a-globex").orElseThrow().secret()));
        sf.registerJwt("z-acme", sf.admin, OrgType.PRODUCTION);
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH);
        assertThat(flow.scratchOrgAuth(SCRATCH, null).devHubId(), is("z-acme")); // a-globex: INVALID_TYPE, skipped
        sf.emulator.clock().advance(Duration.ofMinutes(116)); // past the kept login: the hubs are asked again
        sf.emulator.requests().reset();
        sf.registry.setDefaultDevHub("z-acme");
        assertThat(
                flow.scratchOrgAuth(SCRATCH, null).token().orgId(),
                is(info.org().id()));
        assertThat(sf.emulator.requests().count(Endpoint.QUERY), is(1));
    }

    @Test
    void aRegisteredScratchOrgIsRefusedAndPointsToTheAccessTokenStep() {
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH).withSfdxAuthUrl();
        sf.registerAuthUrl("scratch1", info.user(), OrgType.SCRATCH, info.sfdxAuthUrl());
        fails(
                Reason.NOT_ALLOWED,
                () -> flow.scratchOrgAuth("TEST-ABC@example.com", null),
                "scratch org 'TEST-ABC@example.com' is registered as 'scratch1': use salesforceAccessToken(org:"
                        + " 'scratch1')");
    }

    @Test
    void aNewScratchOrgIsRetriedWhileTheAppReplicatesWithoutSleeping() {
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH);
        info.org().jwtReplicationDelay(3);
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        assertThat(
                flow.scratchOrgAuth(SCRATCH, "hub").token().orgId(),
                is(info.org().id()));
        assertThat(sf.waits, is(List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20))));
    }

    @Test
    void anOldScratchOrgThatIsNotApprovedFailsAtOnce() {
        ScratchOrgInfo info = sf.prod
                .scratchOrg(SCRATCH)
                .createdDate(sf.emulator.clock().instant().minus(Duration.ofHours(1)));
        info.org().jwtReplicationDelay(3);
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        fails(Reason.NOT_APPROVED, () -> flow.scratchOrgAuth(SCRATCH, "hub"));
        assertThat(sf.waits, is(empty()));
    }

    @Test
    void theScratchOrgIdIsComparedExactlyOnTheClient() {
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH).withSfdxAuthUrl();
        sf.registerAuthUrl("hub", sf.admin, OrgType.PRODUCTION);
        String body = "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"ScratchOrgInfo\"},"
                + "\"Id\":\"2SR000000000001AAA\",\"SignupUsername\":\"" + SCRATCH + "\",\"LoginUrl\":\""
                + info.org().instanceUrl() + "\",\"ScratchOrg\":\""
                + info.org().id15().toLowerCase() + "\","
                + "\"Status\":\"Active\",\"ExpirationDate\":\"2026-11-30\",\"CreatedDate\":null,"
                + "\"SfdxAuthUrl__c\":\"" + info.sfdxAuthUrl() + "\"}]}";
        sf.emulator.faults().on(Endpoint.QUERY).respond(Fault.http(200, "application/json", body));
        fails(Reason.BAD_RESPONSE, () -> flow.scratchOrgAuth(SCRATCH, "hub"), "belongs to another org");
    }

    @Test
    void anExpiredDevHubSessionIsEvictedAndTheQuerySentOnceMore() {
        sf.prod.scratchOrg(SCRATCH).withSfdxAuthUrl();
        sf.registerAuthUrl("hub", sf.admin, OrgType.PRODUCTION);
        sf.emulator.faults().on(Endpoint.QUERY).once().respond(Fault.invalidSessionId());
        assertThat(flow.scratchOrgAuth(SCRATCH, "hub").devHubId(), is("hub"));
        assertThat(sf.tokens.evicted, is(List.of("hub")));
    }

    @Test
    void aUsernameThatIsNotOneIsRefusedBeforeAnyCall() {
        fails(Reason.BAD_INPUT, () -> flow.scratchOrgAuth("not a user", null), "'username'");
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void aQuoteInTheUsernameCannotChangeTheQuery() {
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        fails(Reason.NOT_FOUND, () -> flow.scratchOrgAuth("x'OR'1'='1@example.com", "hub"));
    }

    private String row(ScratchOrgInfo info, String loginUrl) {
        return "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"ScratchOrgInfo\"},"
                + "\"Id\":\"2SR000000000001AAA\",\"SignupUsername\":\"" + SCRATCH + "\",\"LoginUrl\":"
                + (loginUrl == null ? "null" : "\"" + loginUrl + "\"") + ",\"ScratchOrg\":\""
                + info.org().id15()
                + "\",\"Status\":\"Active\",\"ExpirationDate\":\"2026-11-30\",\"CreatedDate\":null,"
                + "\"SfdxAuthUrl__c\":null}]}";
    }

    @Test
    void withoutLoginUrlTheJwtGoesToTheTestHost() {
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH);
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        sf.emulator.faults().on(Endpoint.QUERY).respond(Fault.http(200, "application/json", row(info, null)));
        assertThat(
                flow.scratchOrgAuth(SCRATCH, "hub").token().orgId(),
                is(info.org().id()));
        assertThat(sf.emulator.requests().of(Endpoint.TOKEN).get(1).port(), is(sf.emulator.testPort()));
    }

    @Test
    void aLoginUrlOutsideTheAllowlistNeverReceivesTheAssertion() {
        ScratchOrgInfo info = sf.prod.scratchOrg(SCRATCH);
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        sf.emulator
                .faults()
                .on(Endpoint.QUERY)
                .respond(Fault.http(200, "application/json", row(info, "https://evil.example.com")));
        assertThat(flow.scratchOrgAuth(SCRATCH, "hub").method(), is(ScratchOrgAuthResult.Method.JWT));
        assertThat(sf.emulator.requests().of(Endpoint.TOKEN).get(1).port(), is(sf.emulator.testPort()));
    }
}
