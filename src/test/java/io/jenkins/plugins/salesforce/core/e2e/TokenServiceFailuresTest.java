package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.api.ApiVersion;
import io.jenkins.plugins.salesforce.core.http.RetryPolicy;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.JitSandboxTokens;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failed grants, retries, sessions that end early ({@code withToken}), and JIT sandboxes through the collaborator. */
class TokenServiceFailuresTest {
    private static final ApiVersion V = new ApiVersion(62);

    private final List<AccessToken> productionTokensSeen = new ArrayList<>();
    private final AtomicInteger expireFirstJitLogins = new AtomicInteger();
    private final EmulatedOrgs sf = new EmulatedOrgs();
    private final JitSandboxTokens jit = (production, productionToken, sandbox) -> {
        productionTokensSeen.add(productionToken);
        if (expireFirstJitLogins.getAndDecrement() > 0) {
            throw SalesforceAuthException.of(Reason.SESSION_EXPIRED, "Session expired or invalid.", "Get a new token.");
        }
        return sf.refresh(sf.uatAdmin);
    };
    private final TokenRig rig = TokenRig.withJit(sf, jit);

    @AfterEach
    void stop() {
        rig.close();
    }

    /** A REST call with the token, as a flow would make it. */
    private Object query(TokenResult t) {
        return sf.api().query(rig.asAccessToken(t, sf.admin), V, "SELECT Id FROM Organization", "the org");
    }

    @Test
    void aRevokedRefreshTokenFailsAfterOneRequestWithSalesforcesReasonAndTheFix() {
        rig.authUrlOrg("prod", sf.admin);
        sf.admin.refreshTokens().forEach(t -> t.revoke());

        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.token("prod"));

        assertThat(e.reason(), is(Reason.INVALID_GRANT));
        assertThat(e.salesforceError(), is("invalid_grant: expired access/refresh token"));
        assertThat(e.fix(), is(notNullValue()));
        assertThat(rig.tokenRequests(), is(1));
        assertThat(sf.sleeper.delays(), hasSize(0));
    }

    @Test
    void aFailedGrantIsNotCachedSoTheNextCallTriesAgain() {
        rig.authUrlOrg("prod", sf.admin);
        sf.emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.inactiveUser());

        assertThrows(SalesforceAuthException.class, () -> rig.tokens.token("prod"));
        TokenResult t = rig.tokens.token("prod");

        assertThat(sf.emulator.accessToken(t.accessToken().reveal()).user(), is(sf.admin));
        assertThat(rig.tokenRequests(), is(2));
    }

    @Test
    void aTransient503IsRetriedWithBackoffAndThenSucceeds() {
        rig.authUrlOrg("prod", sf.admin);
        sf.emulator.faults().on(Endpoint.TOKEN).times(2).respond(Fault.http503Html());

        TokenResult t = rig.tokens.token("prod");

        assertThat(sf.emulator.accessToken(t.accessToken().reveal()).user(), is(sf.admin));
        assertThat(rig.tokenRequests(), is(3));
        assertThat(sf.sleeper.delays(), hasSize(2));
    }

    @Test
    void aLasting503GivesUpAfterTheBoundedRetriesAsUnreachable() {
        rig.authUrlOrg("prod", sf.admin);
        sf.emulator.faults().on(Endpoint.TOKEN).respond(Fault.http503Html());

        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.token("prod"));

        assertThat(e.reason(), is(Reason.UNREACHABLE));
        assertThat(rig.tokenRequests(), is(RetryPolicy.DEFAULT_MAX_RETRIES + 1));
    }

    @Test
    void withTokenGetsANewTokenOnceWhenTheSessionEndedEarlyAndTheSecondCallSucceeds() {
        rig.authUrlOrg("prod", sf.admin);
        TokenResult first = rig.tokens.token("prod");
        sf.emulator.accessToken(first.accessToken().reveal()).revoke();
        List<TokenResult> used = new ArrayList<>();

        Object answer = rig.tokens.withToken("prod", t -> {
            used.add(t);
            return query(t);
        });

        assertThat(answer, is(notNullValue()));
        assertThat(used, hasSize(2));
        assertThat(used.get(0).accessToken(), is(first.accessToken()));
        assertThat(used.get(1).accessToken(), is(not(first.accessToken())));
        assertThat(rig.tokenRequests(), is(2));
        assertThat(rig.tokens.token("prod").accessToken(), is(used.get(1).accessToken()));
    }

    @Test
    void withTokenLetsASecondExpiredSessionPropagateWithoutLooping() {
        rig.authUrlOrg("prod", sf.admin);
        sf.emulator.faults().on(Endpoint.QUERY).respond(Fault.invalidSessionId());
        AtomicInteger calls = new AtomicInteger();

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> rig.tokens.withToken("prod", t -> {
                    calls.incrementAndGet();
                    return query(t);
                }));

        assertThat(e.reason(), is(Reason.SESSION_EXPIRED));
        assertThat(calls.get(), is(2));
        assertThat(rig.tokenRequests(), is(2));
        assertThat(sf.emulator.requests().count(Endpoint.QUERY), is(2));
    }

    @Test
    void withTokenDoesNotRetryOtherFailures() {
        rig.authUrlOrg("prod", sf.admin);
        AtomicInteger calls = new AtomicInteger();

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> rig.tokens.withToken("prod", t -> {
                    calls.incrementAndGet();
                    throw SalesforceAuthException.of(Reason.NOT_FOUND, "No such sandbox.", "Check the name.");
                }));

        assertThat(e.reason(), is(Reason.NOT_FOUND));
        assertThat(calls.get(), is(1));
        assertThat(rig.tokenRequests(), is(1));
    }

    private void registerJitSandbox() {
        rig.authUrlOrg("prod", sf.admin);
        rig.store.save(RegisteredOrg.jitSandbox(OrgRecord.builder("uat", CredentialType.JIT_SANDBOX)
                .sandboxName("uat")
                .productionOrgId("prod")
                .build()));
    }

    @Test
    void aJitSandboxTokenComesThroughTheCollaboratorWithTheCachedProductionTokenAndIsDiscoveredOnce() {
        registerJitSandbox();
        TokenResult prod = rig.tokens.token("prod");

        TokenResult uat = rig.tokens.token("uat");
        TokenResult again = rig.tokens.token("uat");

        assertThat(productionTokensSeen, hasSize(1));
        assertThat(productionTokensSeen.get(0).value(), is(prod.accessToken()));
        assertThat(sf.emulator.accessToken(uat.accessToken().reveal()).user(), is(sf.uatAdmin));
        assertThat(again.accessToken(), is(uat.accessToken()));
        assertThat(uat.orgType(), is(OrgType.SANDBOX));
        assertThat(uat.username(), is(sf.uatAdmin.username()));
        assertThat(rig.store.findById("uat").orElseThrow().username(), is(sf.uatAdmin.username()));
        assertThat(rig.tokenRequests(), is(2));
    }

    @Test
    void aJitLoginRefusedForAnExpiredProductionSessionIsTriedOnceMoreWithANewProductionToken() {
        registerJitSandbox();
        expireFirstJitLogins.set(1);

        TokenResult uat = rig.tokens.token("uat");

        assertThat(productionTokensSeen, hasSize(2));
        assertThat(
                productionTokensSeen.get(1).value(),
                is(not(productionTokensSeen.get(0).value())));
        assertThat(sf.emulator.accessToken(uat.accessToken().reveal()).user(), is(sf.uatAdmin));
    }

    @Test
    void aJitCollaboratorBuiltFromTheServiceGetsTheProductionTokenFromItsCache() {
        List<AccessToken> fromService = new ArrayList<>();
        TokenRig withFactory = new TokenRig(
                sf,
                new InMemoryOrgStore(),
                b -> b.jitSandboxesFrom(tokens -> (production, productionToken, sandbox) -> {
                    fromService.add(tokens.accessToken(production));
                    assertThat(fromService.get(0).value(), is(productionToken.value()));
                    return sf.refresh(sf.uatAdmin);
                }));
        withFactory.authUrlOrg("prod", sf.admin);
        withFactory.store.save(RegisteredOrg.jitSandbox(OrgRecord.builder("uat", CredentialType.JIT_SANDBOX)
                .sandboxName("uat")
                .productionOrgId("prod")
                .build()));

        TokenResult uat = withFactory.tokens.token("uat");

        assertThat(fromService, hasSize(1));
        assertThat(sf.emulator.accessToken(uat.accessToken().reveal()).user(), is(sf.uatAdmin));
        assertThat(withFactory.tokenRequests(), is(2));
    }

    @Test
    void aJitSandboxWhoseProductionOrgIsGoneSaysSo() {
        registerJitSandbox();
        rig.store.remove("prod");

        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.token("uat"));

        assertThat(e.reason(), is(Reason.NOT_FOUND));
        assertThat(e.getMessage(), containsString("'prod'"));
        assertThat(sf.emulator.requests().total(), is(0));
    }
}
