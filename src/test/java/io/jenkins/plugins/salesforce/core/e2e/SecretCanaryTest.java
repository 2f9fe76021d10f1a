package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretCanaries;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.api.ApiVersion;
import io.jenkins.plugins.salesforce.core.http.Flow;
import io.jenkins.plugins.salesforce.core.http.Form;
import io.jenkins.plugins.salesforce.core.http.SalesforceRequest;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.oauth.Audience;
import io.jenkins.plugins.salesforce.core.oauth.JwtAssertion;
import io.jenkins.plugins.salesforce.core.oauth.PemKeys;
import io.jenkins.plugins.salesforce.core.oauth.TestKeys;
import io.jenkins.plugins.salesforce.emulator.AuthCode;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Canary secrets (a refresh token, a client secret, a private key's PEM text, a passphrase, an authorization code,
 * and an access token the emulator issued) are driven through every error path of the grants, discovery and the PEM
 * reader, including faults where "Salesforce" echoes them back. None may appear in any exception message (causes
 * and suppressed exceptions included), in any {@code toString()}, or in any {@code java.util.logging} record of any
 * level (a capturing handler sits on the root logger, and the plugin's loggers are opened to ALL).
 */
class SecretCanaryTest {
    private static final String REFRESH = "5Aep861CANARYrefresh0token9kXz";
    private static final String SECRET = "CANARYsecret0consumer7Qw";
    private static final String PASSPHRASE = "CANARYpassphrase0Lm4";
    private static final String PEM = TestKeys.pkcs8(EmulatedOrgs.KEY.getPrivate());
    private static final String ENCRYPTED_PEM = TestKeys.encryptedPkcs8(EmulatedOrgs.KEY.getPrivate(), PASSPHRASE);

    private final EmulatedOrgs sf = new EmulatedOrgs(FaultCases.TIMEOUT);
    private final SecretCanaries canaries = SecretCanaries.listen().add(REFRESH, SECRET, PASSPHRASE);
    private String authUrl;
    private String accessToken;

    @BeforeEach
    void plant() {
        sf.app.secret(SECRET);
        sf.emulator.issueRefreshToken(sf.admin, sf.app, REFRESH);
        authUrl = sf.emulator.authUrl(sf.emulator.refreshToken(REFRESH));
        accessToken = sf.refresh(authUrl).value().reveal();
        canaries.add(accessToken);
        TestKeys.bodyLines(PEM).forEach(l -> canaries.add(l.substring(0, 16)));
        TestKeys.bodyLines(ENCRYPTED_PEM).forEach(l -> canaries.add(l.substring(0, 16)));
    }

    @AfterEach
    void noCanaryAnywhere() {
        try {
            canaries.assertNoCanaryAnywhere();
        } finally {
            canaries.close();
            sf.close();
        }
    }

    private void expectFailure(String what, Runnable r) {
        canaries.check(assertThrows(SalesforceAuthException.class, r::run, what));
    }

    private AccessToken refresh() {
        return sf.refresh(authUrl);
    }

    private AccessToken jwt() {
        RSAPrivateKey key = PemKeys.readRsaPrivateKey(SecretText.of(PEM), null);
        return sf.jwtGrant()
                .exchange(
                        URI.create(sf.emulator.loginUrl()), EmulatedOrgs.CONSUMER_KEY, sf.admin.username(), key, null);
    }

    private AccessToken code() {
        AuthCode code = sf.emulator.issueAuthCode(sf.uatAdmin, sf.app, EmulatedOrgs.CALLBACK);
        canaries.add(code.value());
        return sf.codeGrant()
                .exchange(
                        URI.create(sf.uat.org().loginUrl()),
                        EmulatedOrgs.CONSUMER_KEY,
                        SecretText.of(SECRET),
                        SecretText.of(code.value()),
                        EmulatedOrgs.CALLBACK);
    }

    @Test
    void everyTokenFaultOfEveryGrant() {
        List<Supplier<AccessToken>> grants = List.of(this::refresh, this::jwt, this::code);
        for (FaultCases.Case c : FaultCases.token()) {
            for (Supplier<AccessToken> grant : grants) {
                sf.emulator.resetRequestsAndFaults();
                sf.emulator.faults().on(Endpoint.TOKEN).respond(c.fault().get());
                expectFailure(c.name(), grant::get);
            }
        }
        assertThat(canaries.checkedCount(), is(3 * FaultCases.token().size()));
    }

    @Test
    void faultsWhereSalesforceEchoesTheSecretsBack() {
        for (String echoed : List.of(REFRESH, SECRET, accessToken)) {
            List<Fault> echoes = List.of(
                    Fault.oauthError("invalid_grant", "token " + echoed + " is not valid"),
                    Fault.oauthError(echoed, echoed),
                    Fault.oauthError(500, "server_error", "failed for " + echoed),
                    Fault.http(200, "text/html", "<html>" + echoed + "</html>"),
                    Fault.http(400, "text/plain", echoed),
                    Fault.http(200, "application/json", "{\"access_token\":\"" + echoed));
            for (Fault f : echoes) {
                sf.emulator.resetRequestsAndFaults();
                sf.emulator.faults().on(Endpoint.TOKEN).respond(f);
                expectFailure("refresh " + f, this::refresh);
                expectFailure("code " + f, this::code);
            }
            List<Fault> restEchoes = List.of(
                    Fault.restError(401, "INVALID_SESSION_ID", "Session " + echoed + " expired or invalid"),
                    Fault.restError(400, echoed, echoed),
                    Fault.http(403, "text/plain", "Bad_OAuth_Token " + echoed),
                    Fault.http(500, "text/html", "<html>" + echoed + "</html>"));
            sf.emulator.resetRequestsAndFaults();
            AccessToken token = refresh();
            for (Fault f : restEchoes) {
                sf.emulator.resetRequestsAndFaults();
                sf.emulator
                        .faults()
                        .on(Endpoint.API_VERSIONS, Endpoint.IDENTITY, Endpoint.QUERY)
                        .respond(f);
                expectFailure("versions " + f, () -> sf.api().latestApiVersion(token));
                expectFailure("discovery " + f, () -> sf.discovery().discover(token));
            }
        }
    }

    @Test
    void everyRestFaultOfDiscoveryWithTheIssuedAccessToken() {
        AccessToken token = refresh();
        canaries.add(token.value().reveal());
        for (FaultCases.Case c : FaultCases.rest()) {
            // A slow answer ends the same way on every endpoint; one endpoint is enough for it (each costs seconds).
            List<Endpoint> endpoints = c.name().startsWith("slow")
                    ? List.of(Endpoint.API_VERSIONS)
                    : List.of(Endpoint.IDENTITY, Endpoint.USERINFO, Endpoint.API_VERSIONS, Endpoint.QUERY);
            for (Endpoint endpoint : endpoints) {
                sf.emulator.resetRequestsAndFaults();
                sf.emulator.faults().on(endpoint).respond(c.fault().get());
                try {
                    canaries.check(sf.discovery().discover(token));
                } catch (SalesforceAuthException e) {
                    canaries.check(e);
                }
                sf.emulator.faults().on(Endpoint.QUERY).respond(c.fault().get());
                try {
                    canaries.check(sf.api().isDevHub(token, new ApiVersion(66))); // false for INVALID_TYPE
                } catch (SalesforceAuthException e) {
                    canaries.check(e);
                }
            }
        }
    }

    @Test
    void naturalFailuresRevokedTokenWrongSecretExpiredSessionDeletedOrg() {
        AccessToken token = refresh();
        canaries.add(token.value().reveal());
        canaries.check(token);
        canaries.check(SfdxAuthUrl.parse(authUrl, sf.hosts));
        sf.app.secret("another-secret");
        expectFailure("wrong secret", this::refresh);
        sf.app.secret(SECRET);
        sf.emulator.clock().advance(Duration.ofHours(3));
        expectFailure("expired session", () -> sf.discovery().discover(token));
        expectFailure("expired session on the data API", () -> sf.api().organization(token, new ApiVersion(66)));
        sf.emulator.refreshToken(REFRESH).revoke();
        expectFailure("revoked refresh token", this::refresh);
        sf.prod.delete();
        expectFailure("deleted org", this::refresh);
        expectFailure("deleted org on the data API", () -> sf.api().latestApiVersion(token));
        expectFailure("deleted org on a JWT", this::jwt);
    }

    @Test
    void thePemReaderRefusalsAndTheSecretsOwnToStrings() {
        String[] lines = PEM.split("\n");
        expectFailure(
                "truncated PEM",
                () -> PemKeys.readRsaPrivateKey(SecretText.of(PEM.substring(0, PEM.length() / 2)), null));
        expectFailure(
                "PEM without END",
                () -> PemKeys.readRsaPrivateKey(
                        SecretText.of(String.join("\n", java.util.Arrays.copyOf(lines, 5))), null));
        expectFailure(
                "PEM with a damaged line",
                () -> PemKeys.readRsaPrivateKey(SecretText.of(PEM.replace(lines[3], lines[3].substring(1))), null));
        expectFailure(
                "encrypted without passphrase", () -> PemKeys.readRsaPrivateKey(SecretText.of(ENCRYPTED_PEM), null));
        expectFailure(
                "encrypted, wrong passphrase",
                () -> PemKeys.readRsaPrivateKey(SecretText.of(ENCRYPTED_PEM), SecretText.of(PASSPHRASE + "x")));
        expectFailure(
                "base64 without armour",
                () -> PemKeys.readRsaPrivateKey(
                        SecretText.of(String.join("", java.util.Arrays.copyOfRange(lines, 1, lines.length - 1))),
                        null));
        expectFailure(
                "the key used as a JWT after a bad login URL",
                () -> sf.jwtGrant()
                        .exchange(
                                URI.create("https://evil.example.com"),
                                EmulatedOrgs.CONSUMER_KEY,
                                "admin@acme.com",
                                PemKeys.readRsaPrivateKey(SecretText.of(ENCRYPTED_PEM), SecretText.of(PASSPHRASE)),
                                Audience.LOGIN));

        canaries.check(SecretText.of(REFRESH));
        canaries.check(new Form()
                .addSecret("refresh_token", SecretText.of(REFRESH))
                .addSecret("client_secret", SecretText.of(SECRET)));
        canaries.check(
                SalesforceRequest.get(Flow.REST, null, URI.create(sf.prod.instanceUrl()), SecretText.of(accessToken)));
        canaries.check(JwtAssertion.sign(
                EmulatedOrgs.CONSUMER_KEY,
                "admin@acme.com",
                Audience.LOGIN,
                EmulatedOrgs.KEY.getPrivate(),
                sf.emulator.clock().instant()));
        canaries.check(jwt());
        canaries.check(sf.emulator.requests().render());
    }

    @Test
    void theLogsReallyAreCaptured() {
        sf.emulator.faults().on(Endpoint.TOKEN).respond(Fault.http503Html());
        expectFailure("503", this::refresh);
        assertThat(canaries.logRecordCount(), greaterThan(0));
        assertThat(canaries.canaries(), org.hamcrest.Matchers.not(empty()));
    }
}
