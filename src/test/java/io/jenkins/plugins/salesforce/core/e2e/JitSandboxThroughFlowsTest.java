package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.flows.FlowContext;
import io.jenkins.plugins.salesforce.core.flows.JitLogin;
import io.jenkins.plugins.salesforce.core.flows.SandboxDiscovery;
import io.jenkins.plugins.salesforce.core.flows.SandboxSessions;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.ClientCredentialsSecret;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import io.jenkins.plugins.salesforce.emulator.User;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JIT sandbox end to end: the token service wired with the flows' {@link JitLogin} for both the registration check
 * (through {@link SandboxDiscovery} and sandboxAuth) and the login, both getting the production org's token from the
 * service's own cache.
 */
class JitSandboxThroughFlowsTest {
    private final EmulatedOrgs sf = new EmulatedOrgs();
    /** One per token service, as the plugin keeps it: every sibling's login shares the sandbox sessions. */
    private final SandboxSessions sessions = new SandboxSessions();

    private final TokenRig rig = new TokenRig(
            sf, new InMemoryOrgStore(), b -> b.sandboxValidatorFrom(tokens -> new JitLogin(context(tokens)))
                    .jitSandboxesFrom(tokens -> {
                        JitLogin auth = new JitLogin(context(tokens));
                        return (production, productionToken, sandbox) ->
                                auth.login(production, sandbox.sandboxName()).accessToken();
                    }));

    private FlowContext context(io.jenkins.plugins.salesforce.core.tokens.OrgTokens tokens) {
        return FlowContext.of(sf.http, sf.hosts, sf.emulator.clock(), tokens)
                .withTestLoginUrl(URI.create(sf.emulator.testUrl()))
                .withSandboxSessions(sessions);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void aRegisteredJitSandboxGetsItsTokenThroughTheProductionOrgAndKeepsItCached() {
        sf.emulator.clock().advance(Duration.ofHours(1));
        rig.tokens.register(
                RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.emulator.authUrlFor(sf.admin, sf.app))))
                        .withId("prod"));
        OrgRecord uat = rig.tokens.registry().registerJitSandbox("uat", "prod");
        assertThat("registration records who and where, before any login", uat.username(), is(sf.uatAdmin.username()));
        assertThat(uat.instanceUrl(), is(sf.uat.org().instanceUrl()));
        assertThat(
                "registration asks sandboxAuth but exchanges no code",
                sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE),
                is(0));

        TokenResult first = rig.tokens.token(uat.id());
        TokenResult again = rig.tokens.token("uat");

        assertThat(sf.emulator.accessToken(first.accessToken().reveal()).user(), is(sf.uatAdmin));
        assertThat(first.orgType(), is(OrgType.SANDBOX));
        assertThat(first.orgId(), is(sf.uat.org().id()));
        assertThat(first.username(), is(sf.uatAdmin.username()));
        assertThat(again.accessToken(), is(first.accessToken()));
        assertThat(
                "one at registration, one for the login", sf.emulator.requests().count(Endpoint.SANDBOX_AUTH), is(2));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE), is(1));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.REFRESH_TOKEN), is(2));
        assertThat(rig.store.findRegistered(uat.id()).orElseThrow().secret() == null, is(true));
    }

    /**
     * Registration asks Salesforce whether it would authorise the sandbox (sandboxAuth), as sfp-server does: a sandbox
     * whose authentication endpoint is not ready yet is refused with the wait, and nothing is stored.
     */
    @Test
    void aSandboxSalesforceWouldNotAuthoriseYetIsNotRegistered() {
        rig.tokens.register(
                RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.emulator.authUrlFor(sf.admin, sf.app))))
                        .withId("prod"));
        sf.uat.authReady(false);

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> rig.tokens.registry().registerJitSandbox("uat", "prod"));

        assertThat(e.reason(), is(Reason.NOT_READY));
        assertThat(e.getMessage(), containsString("the authentication endpoint is not ready yet"));
        assertThat(rig.store.findJitSandboxes("uat").isEmpty(), is(true));
    }

    @Test
    void aClientCredentialsProductionOrgLogsInToItsSandboxWithItsAppsKeyAndSecret() {
        sf.app.clientCredentialsUser(sf.admin);
        rig.tokens.register(RegistrationRequest.of(new ClientCredentialsSecret(
                        EmulatedOrgs.CONSUMER_KEY, SecretText.of("FAKESECRET123"), sf.prod.instanceUrl()))
                .withId("prod"));
        rig.tokens.registry().registerJitSandbox("uat", "prod");

        TokenResult token = rig.tokens.token("uat");

        assertThat(sf.emulator.accessToken(token.accessToken().reveal()).user(), is(sf.uatAdmin));
        assertThat(token.orgId(), is(sf.uat.org().id()));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE), is(1));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.CLIENT_CREDENTIALS), is(2));
    }

    @Test
    void anHourOfBuildsAndConnectionTestsKeepsTheSandboxUserAtOneApprovalOfTheApp() {
        sf.emulator.clock().advance(Duration.ofHours(1));
        rig.tokens.register(
                RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.emulator.authUrlFor(sf.admin, sf.app))))
                        .withId("prod"));
        rig.tokens.registry().registerJitSandbox("uat", "prod");
        rig.tokens.forStore(rig.store).token("uat"); // another sibling, as each Jenkins call gets one

        for (int minute = 0; minute < 60; minute += 5) {
            sf.emulator.clock().advance(Duration.ofMinutes(5));
            assertThat(rig.tokens.testConnection("uat").ok(), is(true)); // a fresh login each time
            rig.tokens.forStore(rig.store).token("uat");
        }

        assertThat(
                "one code exchange, then refreshes",
                sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE),
                is(1));
        assertThat(
                "live approvals of the sandbox user",
                sf.uatAdmin.refreshTokens().stream().filter(t -> !t.isRevoked()).count(),
                is(1L));
    }

    @Test
    void aRevokedSandboxSessionIsForgottenAndTheNextLoginExchangesACodeAgain() {
        sf.emulator.clock().advance(Duration.ofHours(1));
        rig.tokens.register(
                RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.emulator.authUrlFor(sf.admin, sf.app))))
                        .withId("prod"));
        rig.tokens.registry().registerJitSandbox("uat", "prod");
        rig.tokens.token("uat");
        sf.uatAdmin.refreshTokens().forEach(RefreshToken::revoke);

        assertThat(rig.tokens.testConnection("uat").ok(), is(true));

        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE), is(2));
    }

    @Test
    void aSandboxLastRefreshedByAnotherUserIsRefusedAtRegistrationAsSalesforceWouldAtLogin() {
        rig.tokens.register(
                RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.emulator.authUrlFor(sf.admin, sf.app))))
                        .withId("prod"));
        User other = sf.prod.user("release@acme.com");
        sf.uat.createdBy(other);

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> rig.tokens.registry().registerJitSandbox("uat", "prod"));
        assertThat(e.reason(), is(Reason.NOT_ALLOWED));
        assertThat(e.getMessage(), containsString("created or last refreshed by user " + other.id()));
        assertThat(e.getMessage(), containsString("not by admin@acme.com"));
        assertThat(e.getMessage(), containsString("refresh the sandbox as admin@acme.com"));
        assertThat(rig.store.findJitSandbox("uat", "prod").isPresent(), is(false));
        assertThat(
                "refused before any login to the sandbox",
                sf.emulator.requests().count(Endpoint.SANDBOX_AUTH),
                is(0));

        sf.uat.createdBy(sf.admin); // refreshed by the production org's user
        assertThat(rig.tokens.registry().registerJitSandbox("uat", "prod").sandboxName(), is("uat"));
    }
}
