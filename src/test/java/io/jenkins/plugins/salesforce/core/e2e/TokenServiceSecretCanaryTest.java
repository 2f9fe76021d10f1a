package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.api.ApiVersion;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
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
    private final List<String> canaries = new ArrayList<>(List.of(REFRESH, SECRET));
    private final List<Object> checked = new ArrayList<>();
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Logger plugin = Logger.getLogger("io.jenkins.plugins.salesforce");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private String authUrl;

    @BeforeEach
    void plant() {
        Logger.getLogger("").addHandler(capture);
        plugin.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        sf.app.secret(SECRET);
        sf.emulator.issueRefreshToken(sf.admin, sf.app, REFRESH);
        authUrl = sf.emulator.authUrl(sf.emulator.refreshToken(REFRESH));
        rig.authUrlOrg("prod", sf.admin, authUrl, Map.of());
    }

    @AfterEach
    void noCanaryAnywhere() {
        try {
            checked.add(rig.tokens);
            for (Object o : checked) {
                assertClean("toString of " + o.getClass().getSimpleName(), String.valueOf(o));
                if (o instanceof Throwable t) {
                    assertCleanThrowable(t, Collections.newSetFromMap(new IdentityHashMap<>()));
                }
                if (o instanceof ConnectionTest c) {
                    assertClean("connection test summary", c.summary());
                }
            }
            SimpleFormatter f = new SimpleFormatter();
            synchronized (records) {
                assertThat("the plugin logged on these paths", records.size(), greaterThan(0));
                for (LogRecord r : records) {
                    assertClean("log record", f.format(r));
                    if (r.getParameters() != null) {
                        for (Object p : r.getParameters()) {
                            assertClean("log parameter", String.valueOf(p));
                        }
                    }
                    if (r.getThrown() != null) {
                        assertCleanThrowable(r.getThrown(), Collections.newSetFromMap(new IdentityHashMap<>()));
                    }
                }
            }
        } finally {
            Logger.getLogger("").removeHandler(capture);
            plugin.setLevel(null);
            rig.close();
        }
    }

    private void assertClean(String where, String text) {
        for (String c : canaries) {
            if (text != null && text.contains(c)) {
                throw new AssertionError(where + " contains a canary secret: " + text.replace(c, "<<CANARY>>"));
            }
        }
    }

    private void assertCleanThrowable(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        assertClean("message of " + t.getClass().getSimpleName(), t.getMessage());
        assertClean("toString of " + t.getClass().getSimpleName(), t.toString());
        if (t instanceof SalesforceAuthException e) {
            assertClean("salesforceError", e.salesforceError());
            assertClean("fix", e.fix());
        }
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        assertClean("stack trace", trace.toString());
        assertCleanThrowable(t.getCause(), seen);
        for (Throwable s : t.getSuppressed()) {
            assertCleanThrowable(s, seen);
        }
    }

    private TokenResult token() {
        TokenResult t = rig.tokens.token("prod");
        canaries.add(t.accessToken().reveal());
        checked.add(t);
        return t;
    }

    private void expectFailure(Runnable r) {
        checked.add(assertThrows(SalesforceAuthException.class, r::run));
    }

    @Test
    void theHappyPathsAndTheirResults() {
        token();
        token();
        checked.add(rig.tokens.testConnection("prod"));
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
            checked.add(rig.tokens.testConnection("prod"));
        }
    }

    @Test
    void anExpiredSessionInWithTokenAndARefusedExport() {
        sf.emulator.faults().on(Endpoint.QUERY).respond(Fault.invalidSessionId());
        expectFailure(() -> rig.tokens.withToken("prod", t -> {
            canaries.add(t.accessToken().reveal());
            checked.add(t);
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
