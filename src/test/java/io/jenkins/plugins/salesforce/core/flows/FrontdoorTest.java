package io.jenkins.plugins.salesforce.core.flows;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import io.jenkins.plugins.salesforce.emulator.ScratchOrgInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Frontdoor URLs and their lookup order. */
class FrontdoorTest {
    private final FlowFixture sf = new FlowFixture();
    private final Frontdoor frontdoor = new Frontdoor(sf.context, sf.resolver);
    private final HttpClient browser = HttpClient.newHttpClient();

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

    private int open(FrontdoorUrl url) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url.url().reveal())).build();
        return browser.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aRegisteredOrgGetsASingleUseUrlThatWorksOnlyOnce() throws Exception {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        FrontdoorUrl url = frontdoor.frontdoor(FrontdoorRequest.of("prod"));
        assertThat(url.source(), is(FrontdoorUrl.Source.REGISTERED_ORG));
        assertThat(url.via(), is("prod"));
        assertThat(url.classic(), is(false));
        assertThat(url.url().reveal(), startsWith(sf.prod.instanceUrl() + "/secur/frontdoor.jsp?otp="));
        assertThat(url.url().reveal(), not(containsString("sid=")));
        assertThat(open(url), is(200));
        assertThat("the OTP is single use", open(url), is(302));
        assertThat(url.toString(), not(containsString(url.url().reveal())));
    }

    @Test
    void aRegisteredOrgIsFoundByItsUsernameToo() {
        sf.registerJwt("prod", sf.admin, OrgType.PRODUCTION);
        FrontdoorUrl url = frontdoor.frontdoor(FrontdoorRequest.of("ADMIN@acme.com"));
        assertThat(url.via(), is("prod"));
        assertThat(url.orgId(), is(sf.prod.id()));
    }

    @Test
    void aRegisteredJitSandboxIsFoundByItsNameAndOpensTheSandbox() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        sf.registerJit("uat-jit", "uat", "prod");
        FrontdoorUrl url = frontdoor.frontdoor(FrontdoorRequest.of("uat"));
        assertThat(url.source(), is(FrontdoorUrl.Source.REGISTERED_ORG));
        assertThat(url.via(), is("uat-jit"));
        assertThat(url.orgId(), is(sf.uat.org().id()));
        assertThat(url.url().reveal(), startsWith(sf.uat.org().instanceUrl() + "/secur/frontdoor.jsp?otp="));
    }

    @Test
    void singleaccessAnswering403ToAnExpiredCachedTokenIsRetriedOnceWithAFreshToken() {
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        String stale = sf.tokens.accessToken(prod).value().reveal();
        sf.emulator.accessToken(stale).expireAt(sf.emulator.clock().instant());
        FrontdoorUrl url = frontdoor.frontdoor(FrontdoorRequest.of("prod"));
        assertThat(url.url().reveal(), startsWith(sf.prod.instanceUrl() + "/secur/frontdoor.jsp?otp="));
        assertThat(sf.tokens.evicted, is(List.of("prod")));
        assertThat(sf.emulator.requests().count(Endpoint.SINGLEACCESS), is(2));
    }

    @Test
    void aSecond403IsReportedAsAnExpiredSession() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        sf.emulator.faults().on(Endpoint.SINGLEACCESS).respond(Fault.badOAuthToken());
        fails(Reason.SESSION_EXPIRED, () -> frontdoor.frontdoor(FrontdoorRequest.of("prod")));
        assertThat(sf.emulator.requests().count(Endpoint.SINGLEACCESS), is(2));
    }

    @Test
    void anAnswerWithoutFrontdoorUriFailsToGenerateAFrontdoorUrl() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        sf.emulator.faults().on(Endpoint.SINGLEACCESS).respond(Fault.http(200, "application/json", "{}"));
        fails(
                Reason.BAD_RESPONSE,
                () -> frontdoor.frontdoor(FrontdoorRequest.of("prod")),
                "Failed to generate a frontdoor URL.");
    }

    @Test
    void aFrontdoorUriOnAForeignHostIsNotHandedOut() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        sf.emulator
                .faults()
                .on(Endpoint.SINGLEACCESS)
                .respond(Fault.http(
                        200,
                        "application/json",
                        "{\"frontdoor_uri\":\"https://evil.example.com/secur/frontdoor.jsp?otp=x\"}"));
        fails(
                Reason.BAD_RESPONSE,
                () -> frontdoor.frontdoor(FrontdoorRequest.of("prod")),
                "not an allowed Salesforce host");
    }

    @Test
    void theClassicUrlEmbedsTheTokenAndIsMadeOnlyWhenAsked() throws Exception {
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        FrontdoorUrl url = frontdoor.frontdoor(
                FrontdoorRequest.of("prod").withClassic(true).withStartPath("/home"));
        String token = sf.tokens.accessToken(prod).value().reveal();
        assertThat(url.classic(), is(true));
        assertThat(url.url().reveal(), startsWith(sf.prod.instanceUrl() + "/secur/frontdoor.jsp?sid="));
        assertThat(url.url().reveal(), containsString("&retURL=%2Fhome"));
        assertThat(url.toString(), not(containsString(token)));
        assertThat(sf.emulator.requests().count(Endpoint.SINGLEACCESS), is(0));
        assertThat(open(url), is(200));
        assertThat("reusable until the session ends", open(url), is(200));
    }

    @Test
    void theStartPathIsPassedToSingleaccess() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        FrontdoorUrl url =
                frontdoor.frontdoor(FrontdoorRequest.of("prod").withStartPath("/lightning/setup/SetupOneHome/home"));
        assertThat(url.url().reveal(), containsString("startURL=%2Flightning%2Fsetup%2FSetupOneHome%2Fhome"));
    }

    @Test
    void aStartPathThatLeavesTheOrgIsRefused() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        fails(
                Reason.BAD_INPUT,
                () -> frontdoor.frontdoor(FrontdoorRequest.of("prod").withStartPath("//evil.example.com/")),
                "start path");
    }

    @Test
    void aPoolScratchOrgIsFoundThroughTheRepositorysDevHub() throws Exception {
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        sf.registry.updateMetadata("hub", null, null, Map.of("repository", "acme/billing"));
        ScratchOrgInfo pooled =
                sf.prod.scratchOrg("pool-1@example.com").withSfdxAuthUrl().pooltag("ci");
        FrontdoorUrl url =
                frontdoor.frontdoor(FrontdoorRequest.of("pool-1@example.com").withRepository("ACME/billing"));
        assertThat(url.source(), is(FrontdoorUrl.Source.POOL_INSTANCE));
        assertThat(url.via(), is("hub"));
        assertThat(url.orgId(), is(pooled.org().id()));
        assertThat(open(url), is(200));
    }

    @Test
    void withoutTheRepositoryAPoolScratchOrgIsNotLookedUp() {
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        sf.registry.updateMetadata("hub", null, null, Map.of("repository", "acme/billing"));
        sf.prod.scratchOrg("pool-1@example.com").withSfdxAuthUrl();
        fails(
                Reason.NOT_FOUND,
                () -> frontdoor.frontdoor(FrontdoorRequest.of("pool-1@example.com")),
                "no registered org has it",
                "not a sandbox name");
        assertThat(sf.emulator.requests().count(Endpoint.QUERY), is(0));
    }

    @Test
    void anUnregisteredSandboxIsOpenedThroughAProductionOrg() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        FrontdoorUrl url = frontdoor.frontdoor(FrontdoorRequest.of("uat").withProductionOrg("prod"));
        assertThat(url.source(), is(FrontdoorUrl.Source.SANDBOX_AUTH));
        assertThat(url.via(), is("prod"));
        assertThat(url.username(), is("admin@acme.com.uat"));
        assertThat(url.orgId(), is(sf.uat.org().id()));
    }

    @Test
    void theLookupGoesRegisteredThenPoolThenSandboxAndReportsEveryStep() {
        sf.registerJwt("hub", sf.admin, OrgType.PRODUCTION);
        sf.registry.updateMetadata("hub", null, null, Map.of("repository", "acme/billing"));
        SalesforceAuthException e = fails(
                Reason.NOT_FOUND,
                () -> frontdoor.frontdoor(FrontdoorRequest.of("qa").withRepository("acme/billing")),
                "No org found to open for 'qa'",
                "no registered org has it",
                "it is not a username",
                "sandbox 'qa' not found in production org 'admin@acme.com'");
        assertThat(e.fix(), containsString("repository"));
    }

    @Test
    void aSandboxNotReadyIsReportedAsSuch() {
        sf.uat.status("Pending");
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        fails(Reason.NOT_READY, () -> frontdoor.frontdoor(FrontdoorRequest.of("uat")), "'Pending'");
    }

    @Test
    void anEmptyTargetIsRefused() {
        fails(Reason.BAD_INPUT, () -> FrontdoorRequest.of(" "), "'target'");
    }
}
