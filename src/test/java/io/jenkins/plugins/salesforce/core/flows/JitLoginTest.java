package io.jenkins.plugins.salesforce.core.flows;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.emulator.ConnectedApp;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import io.jenkins.plugins.salesforce.emulator.Sandbox;
import io.jenkins.plugins.salesforce.emulator.User;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The JIT sequence against the emulator: the sandbox token minted through the production org. */
class JitLoginTest {
    private final FlowFixture sf = new FlowFixture();

    @AfterEach
    void stop() {
        sf.close();
    }

    private SalesforceAuthException fails(Reason reason, Executable code, String... fragments) {
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, code);
        assertThat(e.getMessage(), e.reason(), is(reason));
        for (String f : fragments) {
            assertThat(e.getMessage(), containsString(f));
        }
        return e;
    }

    @Test
    void anAuthUrlProductionOrgExchangesTheSandboxAuthCodeForASandboxToken() {
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        SandboxLogin login = sf.authenticator().login(prod, "uat");
        User sandboxUser = sf.uat.userFor(sf.admin);
        assertThat(login.username(), is("admin@acme.com.uat"));
        assertThat(login.orgId(), is(sf.uat.org().id()));
        assertThat(login.accessToken().instanceUrl(), is(URI.create(sf.uat.org().instanceUrl())));
        assertThat(sf.emulator.accessToken(login.accessToken().value().reveal()).user(), is(sandboxUser));
        assertThat(login.production().id(), is("prod"));
        assertThat(sf.emulator.requests().count(Endpoint.SANDBOX_AUTH), is(1));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE), is(1));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.JWT_BEARER), is(0));
    }

    @Test
    void theRefreshTokenOfTheCodeExchangeIsDroppedAndNeverStored() {
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        sf.registerJit("uat", "uat", "prod");
        List<String> before = sf.storedSecrets();
        SandboxLogin login = sf.authenticator().login(prod, "uat");
        List<RefreshToken> issued = sf.uat.userFor(sf.admin).refreshTokens();
        assertThat("the emulator did issue one with the code", issued, hasSize(1));
        String refresh = issued.get(0).value();
        assertThat(login.accessToken().rotatedRefreshToken().isPresent(), is(false));
        assertThat(login.toString(), not(containsString(refresh)));
        assertThat(sf.storedSecrets(), is(before));
        assertThat(sf.storedSecrets(), everyItem(not(containsString(refresh))));
        assertThat(sf.store.findRegistered("uat").orElseThrow().secret() == null, is(true));
    }

    @Test
    void aJwtProductionOrgLogsInToTheSandboxUserWithItsKeyAndIgnoresTheCode() {
        RegisteredOrg prod = sf.registerJwt("prod", sf.admin, OrgType.PRODUCTION);
        SandboxLogin login = sf.authenticator().login(prod, "UAT");
        assertThat(login.username(), is("admin@acme.com.uat"));
        assertThat(sf.emulator.accessToken(login.accessToken().value().reveal()).user(), is(sf.uat.userFor(sf.admin)));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE), is(0));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.JWT_BEARER), is(2)); // prod + sandbox
    }

    @Test
    void aLoginUrlOfTheTestHostIsUsedAsReturned() {
        sf.uat.sandboxAuthReturnsTestLoginUrl(true);
        SandboxLogin login = sf.authenticator().login(sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION), "uat");
        assertThat(login.orgId(), is(sf.uat.org().id()));
    }

    @Test
    void aSandboxStillCopyingIsNotReadyWithItsStatusInTheMessage() {
        sf.uat.status("Processing");
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        fails(Reason.NOT_READY, () -> sf.authenticator().login(prod, "uat"), "'uat'", "'Processing'", "admin@acme.com");
        assertThat(sf.emulator.requests().count(Endpoint.SANDBOX_AUTH), is(0));
    }

    @Test
    void aMissingSandboxIsNotFoundNamingTheProductionOrgAndAFix() {
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        SalesforceAuthException e = fails(
                Reason.NOT_FOUND,
                () -> sf.authenticator().login(prod, "nope"),
                "sandbox 'nope' not found in production org 'admin@acme.com'");
        assertThat(e.fix(), containsString("Setup > Sandboxes"));
    }

    @Test
    void aDeletedSandboxIsNotFoundBecauseDeletedRowsAreDropped() {
        sf.uat.delete();
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        fails(Reason.NOT_FOUND, () -> sf.authenticator().login(prod, "uat"), "sandbox 'uat' not found");
    }

    @Test
    void aRefreshedSandboxIsFoundByItsOneLiveRowAndGivesTheNewOrg() {
        sf.uat.refresh();
        SandboxLogin login = sf.authenticator().login(sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION), "uat");
        assertThat(login.orgId(), is(sf.uat.org().id()));
    }

    @Test
    void aSandboxCreatedByAnotherUserIsNotFoundForThisProductionUser() {
        User other = sf.prod.user("other@acme.com");
        sf.uat.createdBy(other);
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        SalesforceAuthException e = fails(
                Reason.NOT_FOUND,
                () -> sf.authenticator().login(prod, "uat"),
                "sandbox 'uat' not found or not created by admin@acme.com");
        assertThat(e.salesforceError(), startsWith("NOT_FOUND"));
    }

    @Test
    void twoLiveProcessRowsAreABadResponseNotAGuess() {
        sf.uat.duplicateProcess();
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        fails(Reason.BAD_RESPONSE, () -> sf.authenticator().login(prod, "uat"), "2 live SandboxProcess records");
    }

    @Test
    void sandboxAuthNotReadyYetIsNotReadyWithInvalidStatus() {
        sf.uat.authReady(false);
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        SalesforceAuthException e = fails(
                Reason.NOT_READY, () -> sf.authenticator().login(prod, "uat"), "authentication endpoint is not ready");
        assertThat(e.salesforceError(), startsWith("INVALID_STATUS"));
    }

    @Test
    void anOrgWithoutSandboxProcessCannotManageSandboxes() {
        sf.emulator.faults().on(Endpoint.TOOLING_QUERY).respond(Fault.invalidType("SandboxProcess"));
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        fails(
                Reason.WRONG_ORG_TYPE,
                () -> sf.authenticator().login(prod, "uat"),
                "cannot manage sandboxes",
                "not a production org");
    }

    @Test
    void aSandboxOrgRegisteredAsProductionIsRefusedBySalesforceWithInvalidType() {
        RegisteredOrg fake = sf.registerAuthUrl("fake", sf.uat.userFor(sf.admin), OrgType.PRODUCTION);
        fails(Reason.WRONG_ORG_TYPE, () -> sf.authenticator().login(fake, "uat"), "cannot manage sandboxes");
    }

    @Test
    void aRecordOfTypeSandboxIsRefusedBeforeAnyCall() {
        RegisteredOrg sandbox = sf.registerAuthUrl("sb", sf.uat.userFor(sf.admin), OrgType.SANDBOX);
        fails(Reason.WRONG_ORG_TYPE, () -> sf.authenticator().login(sandbox, "uat"), "not a production org");
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void anExpiredProductionSessionIsEvictedAndTheCallsRunOnceMore() {
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        sf.tokens.accessToken(prod);
        sf.emulator.faults().on(Endpoint.TOOLING_QUERY).once().respond(Fault.invalidSessionId());
        SandboxLogin login = sf.authenticator().login(prod, "uat");
        assertThat(login.orgId(), is(sf.uat.org().id()));
        assertThat(sf.tokens.evicted, is(List.of("prod")));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.REFRESH_TOKEN), is(2));
    }

    @Test
    void aSessionThatStaysExpiredFailsAfterOneRetry() {
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        sf.emulator.faults().on(Endpoint.SANDBOX_AUTH).respond(Fault.invalidSessionId());
        fails(Reason.SESSION_EXPIRED, () -> sf.authenticator().login(prod, "uat"));
        assertThat(sf.tokens.evicted, hasSize(1));
        assertThat(sf.emulator.requests().count(Endpoint.SANDBOX_AUTH), is(2));
    }

    @Test
    void aLoginUrlOutsideTheAllowlistIsRefusedAndTheCodeNeverSent() {
        sf.emulator
                .faults()
                .on(Endpoint.SANDBOX_AUTH)
                .respond(
                        Fault.http(
                                200,
                                "application/json",
                                "{\"authUserName\":\"admin@acme.com.uat\",\"authCode\":\"aPrxFAKEauthcode==\","
                                    + "\"instanceUrl\":\"https://evil.example.com\",\"loginUrl\":\"https://evil.example.com\"}"));
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        SalesforceAuthException e = fails(
                Reason.BAD_RESPONSE, () -> sf.authenticator().login(prod, "uat"), "not an allowed Salesforce host");
        assertThat(e.getMessage(), not(containsString("aPrxFAKEauthcode")));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE), is(0));
    }

    @Test
    void anAnswerWithoutAuthUserNameSaysTheSandboxHasNoAuthorizedUsername() {
        sf.emulator
                .faults()
                .on(Endpoint.SANDBOX_AUTH)
                .respond(Fault.http(
                        200,
                        "application/json",
                        "{\"authUserName\":\"\",\"authCode\":\"x\",\"loginUrl\":\""
                                + sf.uat.org().instanceUrl() + "\"}"));
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        fails(Reason.BAD_RESPONSE, () -> sf.authenticator().login(prod, "uat"), "does not have an authorized username");
    }

    @Test
    void theCallbackUrlIsConfigurableAndMustBeOneOfTheApps() {
        ConnectedApp ciApp = sf.emulator
                .connectedApp("3MVG9FAKEci.app")
                .secret("CISECRET")
                .callbackUrls("https://jenkins.example.com/salesforce/callback");
        User ci = sf.prod.user("ci@acme.com");
        Sandbox qa = sf.prod.sandbox("qa").createdBy(ci);
        RegisteredOrg prod = sf.registerAuthUrl("ci", ci, OrgType.PRODUCTION, sf.emulator.authUrlFor(ci, ciApp));
        fails(Reason.BAD_INPUT, () -> sf.authenticator().login(prod, "qa"), "callback URL");
        SandboxLogin login = new JitLogin(sf.context.withCallbackUrl("https://jenkins.example.com/salesforce/callback"))
                .login(prod, "qa");
        assertThat(login.orgId(), is(qa.org().id()));
    }

    @Test
    void aCallbackUrlSettingIsAnAbsoluteUrlOrNothingWhichMeansTheSfClis() {
        assertThat(FlowContext.checkCallbackUrl(null), is(FlowContext.DEFAULT_CALLBACK_URL));
        assertThat(FlowContext.checkCallbackUrl("  "), is(FlowContext.DEFAULT_CALLBACK_URL));
        assertThat(
                FlowContext.checkCallbackUrl(" https://jenkins.example.com/salesforce/callback "),
                is("https://jenkins.example.com/salesforce/callback"));
        for (String bad : List.of("/relative", "https://a b/c", "https://x/y#frag", "mailto:ci@acme.com", "::")) {
            SalesforceAuthException e =
                    assertThrows(SalesforceAuthException.class, () -> FlowContext.checkCallbackUrl(bad), bad);
            assertThat(e.reason(), is(Reason.BAD_INPUT));
            assertThat(e.field(), is("callbackUrl"));
            assertThat(e.fix(), containsString(FlowContext.DEFAULT_CALLBACK_URL));
        }
    }

    @Test
    void aSpentCodeIsNeverReplayedWhenTheExchangeFails() {
        sf.emulator
                .faults()
                .on(Endpoint.TOKEN)
                .forGrant(GrantTypes.AUTHORIZATION_CODE)
                .once()
                .respond(Fault.http500Json());
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        fails(Reason.UNREACHABLE, () -> sf.authenticator().login(prod, "uat"));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE), is(1));
    }

    @Test
    void aJwtLoginToANewSandboxWaitsForReplicationWithoutSleeping() {
        Sandbox fresh = sf.prod.sandbox("fresh");
        fresh.org().jwtReplicationDelay(2);
        RegisteredOrg prod = sf.registerJwt("prod", sf.admin, OrgType.PRODUCTION);
        SandboxLogin login = sf.authenticator().login(prod, "fresh");
        assertThat(login.orgId(), is(fresh.org().id()));
        assertThat(sf.waits, is(List.of(Duration.ofSeconds(5), Duration.ofSeconds(10))));
    }

    @Test
    void aJwtLoginToAnOldSandboxIsNotRetried() {
        sf.uat.org().jwtReplicationDelay(2);
        RegisteredOrg prod = sf.registerJwt("prod", sf.admin, OrgType.PRODUCTION);
        fails(Reason.NOT_APPROVED, () -> sf.authenticator().login(prod, "uat"));
        assertThat(sf.waits, is(empty()));
    }

    @Test
    void replicationRetriesStopAfterFiveMinutes() {
        Sandbox fresh = sf.prod.sandbox("fresh");
        fresh.org().jwtReplicationDelay(1000);
        RegisteredOrg prod = sf.registerJwt("prod", sf.admin, OrgType.PRODUCTION);
        fails(Reason.NOT_APPROVED, () -> sf.authenticator().login(prod, "fresh"), "waited 300 s");
        assertThat(sf.waits.stream().reduce(Duration.ZERO, Duration::plus), is(Duration.ofMinutes(5)));
    }

    @Test
    void asTheRegistrysValidatorItReturnsTheSandboxOrgIdForAJitRegistration() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        var record = sf.registry.registerJitSandbox("uat", "prod");
        assertThat(record.orgId(), is(sf.uat.org().id()));
        fails(Reason.NOT_FOUND, () -> sf.registry.registerJitSandbox("nope", "prod"), "sandbox 'nope' not found");
    }

    @Test
    void aRegisteredJitSandboxGetsItsTokenThroughTheAuthenticator() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        RegisteredOrg jit = sf.registerJit("uat", "uat", "prod");
        assertThat(sf.tokens.accessToken(jit).orgId(), is(sf.uat.org().id()));
    }

    @Test
    void aCompletedRowWithoutEndDateIsStillActivating() {
        sf.uat.currentProcess().endDate(null);
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        fails(
                Reason.NOT_READY,
                () -> sf.authenticator().login(prod, "uat"),
                "'Completed'",
                "activation has not finished");
    }

    @Test
    void aCompletedRowWithoutSandboxOrganizationIsStillActivating() {
        sf.uat.currentProcess().sandboxOrganization(null);
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        fails(Reason.NOT_READY, () -> sf.authenticator().login(prod, "uat"), "activation has not finished");
    }

    @Test
    void aTokenForAnotherOrgThanSandboxOrganizationIsRefused() {
        String other = sf.prod.id15(); // a real org id, but not the sandbox's
        String row = "{\"size\":1,\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":"
                + "\"SandboxProcess\"},\"Id\":\"0GR000000000009AAA\",\"Status\":\"Completed\",\"SandboxName\":"
                + "\"uat\",\"SandboxOrganization\":\"" + other + "\",\"CreatedDate\":\"2026-11-23T07:00:00.000+0000\","
                + "\"EndDate\":\"2026-11-23T08:00:00.000+0000\"}]}";
        sf.emulator.faults().on(Endpoint.TOOLING_QUERY).respond(Fault.http(200, "application/json", row));
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        fails(Reason.BAD_RESPONSE, () -> sf.authenticator().login(prod, "uat"), "but the sandbox is org " + other);
    }

    @Test
    void aSandboxOrganizationInAnotherCaseIsNotTheSameOrg() {
        String lower = sf.uat.org().id15().toLowerCase(java.util.Locale.ROOT);
        String row = "{\"size\":1,\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":"
                + "\"SandboxProcess\"},\"Id\":\"0GR000000000009AAA\",\"Status\":\"Completed\",\"SandboxName\":"
                + "\"uat\",\"SandboxOrganization\":\"" + lower + "\",\"CreatedDate\":\"2026-11-23T07:00:00.000+0000\","
                + "\"EndDate\":\"2026-11-23T08:00:00.000+0000\"}]}";
        sf.emulator.faults().on(Endpoint.TOOLING_QUERY).respond(Fault.http(200, "application/json", row));
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        fails(Reason.BAD_RESPONSE, () -> sf.authenticator().login(prod, "uat"));
    }

    @Test
    void theSandboxAuthRequestIsAJsonPostTheServerAccepts() {
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        sf.authenticator().login(prod, "uat");
        var request = sf.emulator.requests().of(Endpoint.SANDBOX_AUTH).get(0);
        assertThat(request.method(), is("POST"));
        assertThat(
                "the emulator parsed the JSON body and found the app, sandbox and callback", request.status(), is(200));
    }
}
