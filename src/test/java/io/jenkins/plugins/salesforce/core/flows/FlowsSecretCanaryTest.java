package io.jenkins.plugins.salesforce.core.flows;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretCanaries;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.emulator.AccessToken;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import io.jenkins.plugins.salesforce.emulator.ScratchOrgInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Canary secrets (the production org's refresh token, a scratch org's {@code SfdxAuthUrl__c} refresh token, the
 * refresh token a JIT code exchange returns, every access token the emulator issued, and the auth codes) are driven
 * through the flows' success and error paths, with faults that echo them back. None may appear in an exception's
 * message, stack trace text or Salesforce error, in a result's {@code toString()}, or in any log record.
 */
class FlowsSecretCanaryTest {
    private static final String PROD_REFRESH = "5Aep861CANARYprod0refresh9Kx";
    private static final String SCRATCH_REFRESH = "5Aep861CANARYscratch0refresh7Qw";

    private final FlowFixture sf = new FlowFixture();
    private final SecretCanaries canaries = SecretCanaries.listen().add(PROD_REFRESH, SCRATCH_REFRESH);

    @AfterEach
    void stop() {
        canaries.close();
        sf.close();
    }

    private void failure(Executable code) {
        canaries.check(assertThrows(SalesforceAuthException.class, code));
    }

    @Test
    void noSecretLeaksFromAnyFlowOnAnyPath() {
        RefreshToken prodToken = sf.emulator.issueRefreshToken(sf.admin, sf.app, PROD_REFRESH);
        RegisteredOrg prod = sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION, sf.emulator.authUrl(prodToken));
        ScratchOrgInfo scratch = sf.prod
                .scratchOrg("scratch@example.com")
                .sfdxAuthUrl(sf.emulator.authUrl(
                        sf.emulator.issueRefreshToken(scratch(sf), sf.emulator.platformCli(), SCRATCH_REFRESH)));
        SandboxAuthFlow sandbox = new SandboxAuthFlow(sf.context, sf.resolver);
        ScratchOrgAuthFlow scratchFlow = new ScratchOrgAuthFlow(sf.context, sf.resolver);
        Frontdoor frontdoor = new Frontdoor(sf.context, sf.resolver);
        String prodAccess = sf.tokens.accessToken(prod).value().reveal();

        // success paths: results and their toString()
        canaries.check(sf.authenticator().login(prod, "uat").toString());
        canaries.check(sandbox.sandboxAuth("uat", null, true).toString());
        canaries.check(scratchFlow.scratchOrgAuth("scratch@example.com", "prod").toString());
        canaries.check(frontdoor.frontdoor(FrontdoorRequest.of("prod")).toString());
        canaries.check(frontdoor
                .frontdoor(FrontdoorRequest.of("prod").withClassic(true))
                .toString());
        canaries.check(frontdoor.frontdoor(FrontdoorRequest.of("uat")).toString());

        // The sandbox session the logins above opened ends, and the kept logins go stale, so that each login below
        // runs the whole sequence.
        sf.emulator.refreshTokens().stream()
                .filter(t -> t.user().org() == sf.uat.org())
                .forEach(RefreshToken::revoke);
        sf.emulator.clock().advance(java.time.Duration.ofHours(2));

        // Salesforce echoing secrets back in errors
        sf.emulator
                .faults()
                .on(Endpoint.SANDBOX_AUTH)
                .once()
                .respond(Fault.restError(400, "INVALID_STATUS", "not ready for " + prodAccess + " " + PROD_REFRESH));
        failure(() -> sandbox.sandboxAuth("uat", "prod", false));
        sf.emulator
                .faults()
                .on(Endpoint.TOOLING_QUERY)
                .once()
                .respond(Fault.restError(404, "NOT_FOUND", "no sandbox for session " + prodAccess));
        failure(() -> sandbox.sandboxAuth("uat", null, false));
        sf.emulator
                .faults()
                .on(Endpoint.TOKEN)
                .once()
                .respond(Fault.invalidGrant("invalid authorization code " + PROD_REFRESH));
        failure(() -> sf.authenticator().login(prod, "uat"));
        sf.emulator.faults().on(Endpoint.SANDBOX_AUTH).times(2).respond(Fault.invalidSessionId());
        failure(() -> sf.authenticator().login(prod, "uat"));
        sf.emulator.faults().on(Endpoint.SINGLEACCESS).times(2).respond(Fault.badOAuthToken());
        failure(() -> frontdoor.frontdoor(FrontdoorRequest.of("prod")));
        sf.emulator
                .faults()
                .on(Endpoint.SINGLEACCESS)
                .once()
                .respond(Fault.http(200, "application/json", "{\"frontdoor_url\":\"" + prodAccess + "\"}"));
        failure(() -> frontdoor.frontdoor(FrontdoorRequest.of("prod")));
        failure(() -> sandbox.sandboxAuth("nope", null, false));
        failure(() -> frontdoor.frontdoor(FrontdoorRequest.of("nobody@example.com")));

        // the scratch org's auth URL revoked, and the production credential revoked
        scratch.user().refreshTokens().forEach(RefreshToken::revoke);
        failure(() -> scratchFlow.scratchOrgAuth("scratch@example.com", "prod"));
        sf.prod
                .scratchOrg("second@example.com")
                .sfdxAuthUrl("force://PlatformCLI::" + SCRATCH_REFRESH + "x@evil.example.com");
        failure(() -> scratchFlow.scratchOrgAuth("second@example.com", "prod"));
        prodToken.revoke();
        sf.tokens.evict(prod);
        failure(() -> sandbox.sandboxAuth("uat", null, false));
        failure(() -> scratchFlow.scratchOrgAuth("scratch@example.com", null));

        sf.emulator.accessTokens().stream().map(AccessToken::value).forEach(canaries::add);
        sf.emulator.refreshTokens().stream().map(RefreshToken::value).forEach(canaries::add);
        sf.emulator.authCodes().forEach(c -> canaries.add(c.value()));
        sf.emulator.otps().forEach(o -> canaries.add(o.value()));
        assertThat(canaries.canaries().size(), greaterThan(10));
        assertThat(canaries.checkedCount(), greaterThan(15));
        canaries.assertNoCanaryAnywhere();
    }

    private static io.jenkins.plugins.salesforce.emulator.User scratch(FlowFixture sf) {
        return sf.emulator.findUser("scratch@example.com");
    }
}
