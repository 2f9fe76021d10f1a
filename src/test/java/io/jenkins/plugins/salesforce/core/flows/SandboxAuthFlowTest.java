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
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.User;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Sandbox auth for unregistered sandboxes. */
class SandboxAuthFlowTest {
    private final FlowFixture sf = new FlowFixture();
    private final SandboxAuthFlow flow = new SandboxAuthFlow(sf.context, sf.resolver);

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

    /** A second production org, globex, with its own admin and no sandbox called uat. */
    private User globexAdmin() {
        Org globex = sf.emulator.productionOrg("globex");
        return globex.user("admin@globex.com").preAuthorize(sf.app);
    }

    @Test
    void aNamedProductionOrgGivesTheSandboxTokenAndTheFieldsSfpReturns() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        SandboxAuthResult r = flow.sandboxAuth("uat", "admin@acme.com", false);
        assertThat(r.sandboxName(), is("uat"));
        assertThat(r.sandboxUsername(), is("admin@acme.com.uat"));
        assertThat(r.token().username(), is("admin@acme.com.uat"));
        assertThat(r.token().orgId(), is(sf.uat.org().id()));
        assertThat(r.token().orgType(), is(OrgType.SANDBOX));
        assertThat(r.token().instanceUrl(), is(URI.create(sf.uat.org().instanceUrl())));
        assertThat(r.token().expiresAt(), is(sf.emulator.clock().instant().plus(Duration.ofHours(2))));
        assertThat(r.productionOrg().id(), is("prod"));
        assertThat(r.productionOrg().username(), is("admin@acme.com"));
        assertThat(r.productionOrg().orgId(), is(sf.prod.id()));
        assertThat(r.productionOrg().instanceUrl(), is(sf.prod.instanceUrl()));
        assertThat(r.frontdoor().isPresent(), is(false));
        assertThat(sf.emulator.requests().count(Endpoint.SINGLEACCESS), is(0));
    }

    @Test
    void aSecondAskIsAnsweredFromTheKeptLoginUntilShortlyBeforeTheSessionEnds() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        SandboxAuthResult first = flow.sandboxAuth("uat", "prod", false);
        int requests = sf.emulator.requests().total();
        assertThat(
                flow.sandboxAuth("uat", "prod", false).token().accessToken(),
                is(first.token().accessToken()));
        assertThat(
                flow.sandboxAuth("UAT", null, false).token().accessToken(),
                is(first.token().accessToken()));
        assertThat(sf.emulator.requests().total(), is(requests));

        sf.emulator.clock().advance(Duration.ofMinutes(116));
        SandboxAuthResult later = flow.sandboxAuth("uat", "prod", false);
        assertThat(later.token().accessToken(), not(is(first.token().accessToken())));
        assertThat(
                "a refresh of the kept session, not a new approval",
                sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE),
                is(1));
    }

    @Test
    void aFrontdoorUrlIsMadeOnlyWhenAskedAndWorksOnce() throws Exception {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        SandboxAuthResult r = flow.sandboxAuth("uat", "prod", true);
        SecretText url = r.frontdoor().orElseThrow();
        assertThat(url.reveal(), startsWith(sf.uat.org().instanceUrl() + "/secur/frontdoor.jsp?otp="));
        assertThat(r.toString(), not(containsString(url.reveal())));
        assertThat(r.toString(), not(containsString(r.token().accessToken().reveal())));
        HttpClient browser = HttpClient.newHttpClient();
        HttpRequest open = HttpRequest.newBuilder(URI.create(url.reveal())).build();
        assertThat(browser.send(open, HttpResponse.BodyHandlers.ofString()).statusCode(), is(200));
        assertThat(browser.send(open, HttpResponse.BodyHandlers.ofString()).statusCode(), is(302));
    }

    @Test
    void aRegisteredJitSandboxIsRefusedAndPointsToTheAccessTokenStep() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        sf.registerJit("uat-jit", "uat", "prod");
        SalesforceAuthException e = fails(
                Reason.NOT_ALLOWED,
                () -> flow.sandboxAuth("UAT", null, false),
                "sandbox 'uat' is registered as 'uat-jit': use salesforceAccessToken(org: 'uat-jit')");
        assertThat(e.fix(), containsString("salesforceAccessToken"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void aSandboxRegisteredWithItsOwnAuthUrlIsRefusedToo() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        sf.registerAuthUrl("uat-own", sf.uat.userFor(sf.admin), OrgType.SANDBOX);
        fails(Reason.NOT_ALLOWED, () -> flow.sandboxAuth("uat", "prod", false), "registered as 'uat-own'");
    }

    @Test
    void withoutAProductionOrgEveryRegisteredOneIsTriedUntilOneHasTheSandbox() {
        sf.registerAuthUrl("a-globex", globexAdmin(), OrgType.PRODUCTION);
        sf.registerAuthUrl("b-acme", sf.admin, OrgType.PRODUCTION);
        SandboxAuthResult r = flow.sandboxAuth("uat", null, false);
        assertThat(r.productionOrg().id(), is("b-acme"));
        assertThat(r.token().orgId(), is(sf.uat.org().id()));
    }

    @Test
    void whenNoProductionOrgHasTheSandboxEveryAttemptIsReported() {
        sf.registerAuthUrl("a-globex", globexAdmin(), OrgType.PRODUCTION);
        sf.registerAuthUrl("b-acme", sf.admin, OrgType.PRODUCTION);
        SalesforceAuthException e = fails(
                Reason.NOT_FOUND,
                () -> flow.sandboxAuth("qa", null, false),
                "'a-globex' (admin@globex.com): sandbox 'qa' not found in production org 'admin@globex.com'",
                "'b-acme' (admin@acme.com): sandbox 'qa' not found in production org 'admin@acme.com'");
        assertThat(e.fix(), containsString("register the production org"));
    }

    @Test
    void aProductionOrgWithARevokedCredentialDoesNotHideTheOthersButItsFailureIsTheReason() {
        User globex = globexAdmin();
        sf.registerAuthUrl("a-globex", globex, OrgType.PRODUCTION);
        globex.refreshTokens().forEach(t -> t.revoke());
        sf.registerAuthUrl("b-acme", sf.admin, OrgType.PRODUCTION);
        assertThat(flow.sandboxAuth("uat", null, false).productionOrg().id(), is("b-acme"));
        fails(Reason.INVALID_GRANT, () -> flow.sandboxAuth("qa", null, false), "'a-globex'", "'b-acme'");
    }

    @Test
    void aSandboxThatIsNotReadyEndsTheSearch() {
        sf.uat.status("Activating");
        sf.registerAuthUrl("a-acme", sf.admin, OrgType.PRODUCTION);
        sf.registerAuthUrl("b-globex", globexAdmin(), OrgType.PRODUCTION);
        fails(Reason.NOT_READY, () -> flow.sandboxAuth("uat", null, false), "'Activating'");
        assertThat(sf.emulator.requests().count(Endpoint.TOOLING_QUERY), is(1));
    }

    @Test
    void noRegisteredProductionOrgIsNotFoundWithAFix() {
        fails(Reason.NOT_FOUND, () -> flow.sandboxAuth("uat", null, false), "no production org is registered");
    }

    @Test
    void aNamedOrgThatIsNotAProductionOrgIsTheWrongType() {
        sf.registerAuthUrl("prod", sf.admin, OrgType.PRODUCTION);
        sf.registerJit("uat-jit", "uat", "prod");
        fails(Reason.WRONG_ORG_TYPE, () -> flow.sandboxAuth("qa", "uat-jit", false), "not a production org");
    }

    @Test
    void anUnknownProductionOrgIsNotFound() {
        fails(Reason.NOT_FOUND, () -> flow.sandboxAuth("uat", "nobody", false), "'nobody'");
    }

    @Test
    void aBadSandboxNameIsRefusedBeforeAnyCall() {
        fails(Reason.BAD_INPUT, () -> flow.sandboxAuth("uat'--", null, false), "1 to 10 letters and digits");
        assertThat(sf.emulator.requests().total(), is(0));
    }
}
