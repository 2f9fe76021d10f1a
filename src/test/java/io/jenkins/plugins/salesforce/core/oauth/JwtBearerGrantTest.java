package io.jenkins.plugins.salesforce.core.oauth;

import static io.jenkins.plugins.salesforce.core.http.FakeHttpClient.json;
import static io.jenkins.plugins.salesforce.core.oauth.TokenResponses.SALESFORCE_ONLY;
import static io.jenkins.plugins.salesforce.core.oauth.TokenResponses.form;
import static io.jenkins.plugins.salesforce.core.oauth.TokenResponses.success;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.http.FakeHttpClient;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.core.http.RecordingSleeper;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JWT bearer grant: the signed assertion, the audience rule and its one fallback. */
class JwtBearerGrantTest {
    private static final KeyPair RSA = TestKeys.rsa();
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String CLIENT_ID = "3MVG9FAKEconsumerKey.x1";
    private static final String USER = "admin@acme.com";
    private static final String AUDIENCE_INVALID =
            "{\"error\":\"invalid_grant\",\"error_description\":\"audience is invalid\"}";

    private final FakeHttpClient client = new FakeHttpClient();
    private final JwtBearerGrant grant = new JwtBearerGrant(
            new SalesforceHttp(client, Duration.ofSeconds(5), new RecordingSleeper().policy()),
            SALESFORCE_ONLY,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private AccessToken exchange(String loginUrl, Audience audience) {
        return grant.exchange(URI.create(loginUrl), CLIENT_ID, USER, RSA.getPrivate(), audience);
    }

    /** The decoded parts of the assertion in a sent request, after checking its signature. */
    record Jwt(JsonNode header, JsonNode claims) {}

    static Jwt verify(String body, java.security.PublicKey key) throws Exception {
        String assertion = form(body).get("assertion");
        String[] parts = assertion.split("\\.");
        assertThat(parts.length, is(3));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(
                "signature verifies with the public key",
                s.verify(Base64.getUrlDecoder().decode(parts[2])),
                is(true));
        assertThat("no padding in base64url", assertion.contains("="), is(false));
        return new Jwt(
                Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[0])),
                Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[1])));
    }

    private static String aud(FakeHttpClient.Sent s) {
        try {
            return verify(s.body(), RSA.getPublic()).claims().get("aud").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theAssertionIsAnRs256JwtWithIssSubAudAndExpThatVerifiesWithThePublicKey() throws Exception {
        client.then(json(200, success()));
        exchange("https://login.salesforce.com", null);
        FakeHttpClient.Sent s = client.sent().get(0);
        Jwt jwt = verify(s.body(), RSA.getPublic());
        assertThat(jwt.header().get("alg").asText(), is("RS256"));
        assertThat(jwt.claims().get("iss").asText(), is(CLIENT_ID));
        assertThat(jwt.claims().get("sub").asText(), is(USER));
        assertThat(jwt.claims().get("aud").asText(), is("https://login.salesforce.com"));
        assertThat(jwt.claims().get("exp").asLong(), is(NOW.getEpochSecond() + 180));
        assertThat(jwt.claims().size(), is(4));
    }

    @Test
    void theFormHoldsOnlyTheGrantTypeAndTheAssertion() {
        client.then(json(200, success()));
        exchange("https://login.salesforce.com", null);
        Map<String, String> f = form(client.sent().get(0).body());
        assertThat(f.keySet(), is(java.util.Set.of("grant_type", "assertion")));
        assertThat(f.get("grant_type"), is("urn:ietf:params:oauth:grant-type:jwt-bearer"));
        assertThat(client.sent().get(0).uri(), is(URI.create("https://login.salesforce.com/services/oauth2/token")));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "https://login.salesforce.com, https://login.salesforce.com",
        "https://test.salesforce.com, https://test.salesforce.com",
        "https://acme.my.salesforce.com, https://login.salesforce.com",
        "https://acme-dev-ed.develop.my.salesforce.com, https://login.salesforce.com",
        "https://acme--uat.sandbox.my.salesforce.com, https://test.salesforce.com",
        "https://fun-cat-1234.scratch.my.salesforce.com, https://test.salesforce.com",
        "https://acme--uat.cs42.my.salesforce.com, https://test.salesforce.com",
        "https://cs42.salesforce.com, https://test.salesforce.com",
        "https://na139.salesforce.com, https://login.salesforce.com",
    })
    void theAudienceFollowsTheLoginUrlAndIsNeverTheMyDomain(String loginUrl, String expectedAud) {
        client.then(json(200, success()));
        exchange(loginUrl, null);
        assertThat(aud(client.sent().get(0)), is(expectedAud));
        assertThat(
                "posted to the login URL itself",
                client.sent().get(0).uri().getHost(),
                is(URI.create(loginUrl).getHost()));
    }

    @Test
    void theAudienceFollowsTheOrgTypeWhenItIsKnown() {
        assertThat(Audience.forOrgType(OrgType.PRODUCTION), is(Audience.LOGIN));
        assertThat(Audience.forOrgType(OrgType.DEVELOPER_EDITION), is(Audience.LOGIN));
        assertThat(Audience.forOrgType(OrgType.TRIAL), is(Audience.LOGIN));
        assertThat(Audience.forOrgType(OrgType.SANDBOX), is(Audience.TEST));
        assertThat(Audience.forOrgType(OrgType.SCRATCH), is(Audience.TEST));
        client.then(json(200, success()));
        exchange("https://fun-cat-1234.my.salesforce.com", Audience.TEST);
        assertThat(aud(client.sent().get(0)), is("https://test.salesforce.com"));
    }

    @Test
    void onAudienceIsInvalidAMyDomainKeepsTheHostAndTriesTheOtherAudienceOnce() {
        client.route(s ->
                aud(s).equals("https://login.salesforce.com") ? json(400, AUDIENCE_INVALID) : json(200, success()));
        AccessToken t = exchange("https://acme.my.salesforce.com", null);
        assertThat(t.orgId(), is("00D000000000001EAA"));
        List<FakeHttpClient.Sent> sent = client.sent();
        assertThat(sent.size(), is(2));
        assertThat(aud(sent.get(1)), is("https://test.salesforce.com"));
        assertThat(sent.get(1).uri().getHost(), is("acme.my.salesforce.com"));
    }

    @Test
    void onAudienceIsInvalidLoginSwitchesToTestAsHostAndAudience() {
        client.route(s ->
                s.uri().getHost().equals("login.salesforce.com") ? json(400, AUDIENCE_INVALID) : json(200, success()));
        exchange("https://login.salesforce.com", null);
        List<FakeHttpClient.Sent> sent = client.sent();
        assertThat(sent.size(), is(2));
        assertThat(sent.get(1).uri(), is(URI.create("https://test.salesforce.com/services/oauth2/token")));
        assertThat(aud(sent.get(1)), is("https://test.salesforce.com"));
    }

    @Test
    void theFallbackIsTriedOnlyOnceAndTheMessageNamesBothAudiences() {
        client.then(json(400, AUDIENCE_INVALID));
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> exchange("https://test.salesforce.com", null));
        assertThat(e.reason(), is(Reason.INVALID_GRANT));
        assertThat(client.count(), is(2));
        assertThat(
                e.getMessage(),
                containsString("Tried the audiences https://test.salesforce.com and https://login.salesforce.com."));
        assertThat(e.salesforceError(), is("invalid_grant: audience is invalid"));
    }

    @Test
    void anAudienceSetByTheAdministratorIsSignedAsItIsAndNeverSwapped() {
        client.then(json(400, AUDIENCE_INVALID));
        Audience site = Audience.of("https://acme.my.site.com/customers/");
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> exchange("https://acme.my.salesforce.com", site));
        assertThat(aud(client.sent().get(0)), is("https://acme.my.site.com/customers"));
        assertThat("no fallback to login or test", client.count(), is(1));
        assertThat(
                e.getMessage(),
                containsString("The audience set on the credential is https://acme.my.site.com/customers."));
    }

    @ParameterizedTest
    @CsvSource({
        "http://login.salesforce.com, 'must be an https URL'",
        "login.salesforce.com, 'must be an https URL'",
        "'', 'must be an https URL'",
        "https://user@acme.my.site.com, 'must not have a user name'",
        "https://acme.my.site.com/x?y=1, 'must not have a user name, a query'",
        "https://acme.my.site.com/ x, 'not a URL'"
    })
    void aSetAudienceMustBeAPlainHttpsUrlAndTheErrorNamesTheField(String url, String detail) {
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> Audience.of(url));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.field(), is("audience"));
        assertThat(e.getMessage(), containsString(detail));
        assertThat(e.fix(), containsString("Leave 'audience' empty"));
    }

    @Test
    void theTwoLoginServersSetByHandAreTheKnownAudiencesWithTheirFallback() {
        assertThat(Audience.of(" https://TEST.salesforce.com/ "), is(Audience.TEST));
        assertThat(Audience.of("https://login.salesforce.com").other().orElseThrow(), is(Audience.TEST));
        assertThat(Audience.of("https://gov.example.com").other().isPresent(), is(false));
    }

    @Test
    void otherRefusalsAreNotRetriedWithTheOtherAudience() {
        for (String description : new String[] {
            "invalid assertion",
            "user hasn't approved this consumer",
            "authentication failure",
            "expired authorization code"
        }) {
            FakeHttpClient c = new FakeHttpClient()
                    .then(json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + description + "\"}"));
            JwtBearerGrant g =
                    new JwtBearerGrant(new SalesforceHttp(c), SALESFORCE_ONLY, Clock.fixed(NOW, ZoneOffset.UTC));
            assertThrows(
                    SalesforceAuthException.class,
                    () -> g.exchange(
                            URI.create("https://login.salesforce.com"), CLIENT_ID, USER, RSA.getPrivate(), null));
            assertThat(description, c.count(), is(1));
        }
    }

    @Test
    void aNotApprovedUserIsToldToPreAuthoriseTheApp() {
        client.then(json(
                400, "{\"error\":\"invalid_grant\",\"error_description\":\"user hasn't approved this consumer\"}"));
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> exchange("https://login.salesforce.com", null));
        assertThat(e.reason(), is(Reason.NOT_APPROVED));
        assertThat(e.fix(), containsString("Admin approved users are pre-authorized"));
    }

    @Test
    void aNonRsaKeyIsRefusedBeforeAnythingIsSent() {
        KeyPair ec = TestKeys.generate("EC", 256);
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> grant.exchange(
                        URI.create("https://login.salesforce.com"), CLIENT_ID, USER, ec.getPrivate(), null));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("RS256 needs an RSA key"));
        assertThat(client.count(), is(0));
    }

    @Test
    void emptyFieldsAndBadLoginUrlsAreRefusedBeforeAnythingIsSent() {
        assertThat(
                assertThrows(
                                SalesforceAuthException.class,
                                () -> grant.exchange(
                                        URI.create("https://login.salesforce.com"),
                                        CLIENT_ID,
                                        " ",
                                        RSA.getPrivate(),
                                        null))
                        .getMessage(),
                containsString("The username is empty."));
        assertThat(
                assertThrows(
                                SalesforceAuthException.class,
                                () -> grant.exchange(
                                        URI.create("https://login.salesforce.com"), "", USER, RSA.getPrivate(), null))
                        .getMessage(),
                containsString("The client id is empty."));
        assertThat(
                assertThrows(
                                SalesforceAuthException.class,
                                () -> grant.exchange(
                                        URI.create("https://evil.example.com"),
                                        CLIENT_ID,
                                        USER,
                                        RSA.getPrivate(),
                                        null))
                        .reason(),
                is(Reason.BAD_INPUT));
        assertThat(client.count(), is(0));
    }

    @Test
    void theAssertionIsASecretThatHidesItself() {
        assertThat(
                JwtAssertion.sign(CLIENT_ID, USER, Audience.LOGIN, RSA.getPrivate(), NOW)
                        .toString(),
                is("****"));
    }
}
