package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretCanaries;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.api.ApiVersion;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The secret canary on the token service's paths: a canary refresh token (and the access tokens the service gets with
 * it, and a rotated refresh token) must appear in no exception (message, fix, Salesforce error, stack trace, causes),
 * no {@code toString()} of the service, its results or its connection tests, and no log record of any level.
 */
class TokenServiceSecretCanaryTest {
    private static final String REFRESH = "5Aep861CANARYrefresh0token7Tks";
    private static final String SECRET = "CANARYsecret0consumer3Tks";

    private final EmulatedOrgs sf = new EmulatedOrgs(FaultCases.TIMEOUT);
    private final TokenServiceRotationAndExportTest.FlakyStore store =
            new TokenServiceRotationAndExportTest.FlakyStore();
    private final TokenRig rig = new TokenRig(sf, store, UnaryOperator.identity());
    private final SecretCanaries canaries = SecretCanaries.listen().add(REFRESH, SECRET);
    private String authUrl;

    @BeforeEach
    void plant() {
        sf.app.secret(SECRET);
        sf.emulator.issueRefreshToken(sf.admin, sf.app, REFRESH);
        authUrl = sf.emulator.authUrl(sf.emulator.refreshToken(REFRESH));
        rig.authUrlOrg("prod", sf.admin, authUrl, Map.of());
    }

    @AfterEach
    void noCanaryAnywhere() {
        try {
            canaries.check(rig.tokens);
            assertThat("the plugin logged on these paths", canaries.logRecordCount(), greaterThan(0));
            canaries.assertNoCanaryAnywhere();
        } finally {
            canaries.close();
            rig.close();
        }
    }

    private TokenResult token() {
        TokenResult t = rig.tokens.token("prod");
        canaries.add(t.accessToken().reveal());
        canaries.check(t);
        return t;
    }

    private void expectFailure(Runnable r) {
        canaries.check(assertThrows(SalesforceAuthException.class, r::run));
    }

    @Test
    void theHappyPathsAndTheirResults() {
        token();
        token();
        canaries.check(rig.tokens.testConnection("prod"));
        sf.emulator.clock().advance(Duration.ofHours(3));
        token();
    }

    @Test
    void refusalsOutagesAndEchoesOfTheSecretsInGrantsAndConnectionTests() {
        List<Fault> faults = List.of(
                Fault.expiredRefreshToken(),
                Fault.inactiveUser(),
                Fault.http503Html(),
                Fault.oauthError("invalid_grant", "token " + REFRESH + " is not valid"),
                Fault.http(400, "text/plain", REFRESH),
                Fault.http(200, "application/json", "{\"access_token\":\"" + REFRESH));
        for (Fault fault : faults) {
            sf.emulator.resetRequestsAndFaults();
            sf.emulator.faults().on(Endpoint.TOKEN).respond(fault);
            rig.tokens.evictAll();
            expectFailure(() -> rig.tokens.token("prod"));
            canaries.check(rig.tokens.testConnection("prod"));
        }
    }

    @Test
    void anExpiredSessionInWithTokenAndARefusedExport() {
        sf.emulator.faults().on(Endpoint.QUERY).respond(Fault.invalidSessionId());
        expectFailure(() -> rig.tokens.withToken("prod", t -> {
            canaries.add(t.accessToken().reveal());
            canaries.check(t);
            return sf.api()
                    .query(rig.asAccessToken(t, sf.admin), new ApiVersion(62), "SELECT Id FROM Organization", "org");
        }));
        expectFailure(() -> rig.tokens.authUrl("prod"));
    }

    @Test
    void aRotationThatCannotBeStoredAndARotationDuringRegistration() {
        sf.app.rotateRefreshTokens(true);
        store.failSaves = true;
        expectFailure(() -> rig.tokens.token("prod"));
        sf.emulator.refreshTokens().forEach(t -> canaries.add(t.value()));
        store.failSaves = false;

        String other = sf.emulator.authUrl(sf.emulator.issueRefreshToken(sf.admin, sf.app, "5Aep861CANARYsecond0Tks"));
        canaries.add("5Aep861CANARYsecond0Tks");
        rig.tokens.register(new RegistrationRequest(
                null, new AuthUrlSecret(SecretText.of(other)), null, null, null, null, null, null));
        sf.emulator.refreshTokens().forEach(t -> canaries.add(t.value()));
        token();
    }
}
