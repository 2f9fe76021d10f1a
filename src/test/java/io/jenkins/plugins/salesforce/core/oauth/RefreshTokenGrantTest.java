package io.jenkins.plugins.salesforce.core.oauth;

import static io.jenkins.plugins.salesforce.core.http.FakeHttpClient.json;
import static io.jenkins.plugins.salesforce.core.oauth.TokenResponses.SALESFORCE_ONLY;
import static io.jenkins.plugins.salesforce.core.oauth.TokenResponses.form;
import static io.jenkins.plugins.salesforce.core.oauth.TokenResponses.success;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.http.FakeHttpClient;
import io.jenkins.plugins.salesforce.core.http.RecordingSleeper;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The refresh-token grant: what it sends and how it reads the answer. */
class RefreshTokenGrantTest {
    static final URI LOGIN = URI.create("https://acme.my.salesforce.com");
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final FakeHttpClient client = new FakeHttpClient();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final RefreshTokenGrant grant = new RefreshTokenGrant(
            new SalesforceHttp(client, Duration.ofSeconds(5), sleeper.policy()),
            SALESFORCE_ONLY,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private AccessToken refresh(String secret) {
        return grant.refresh(
                LOGIN,
                "3MVG9FAKEconsumerKey.x1",
                secret == null ? null : SecretText.of(secret),
                SecretText.of("5Aep861FAKErefresh.token_1"));
    }

    @Test
    void postsTheRefreshTokenWithClientIdAndSecretToTheTokenEndpoint() {
        client.then(json(200, success()));
        refresh("FAKESECRET123");
        FakeHttpClient.Sent s = client.sent().get(0);
        assertThat(s.uri(), is(URI.create("https://acme.my.salesforce.com/services/oauth2/token")));
        assertThat(
                form(s.body()),
                is(Map.of(
                        "grant_type", "refresh_token",
                        "refresh_token", "5Aep861FAKErefresh.token_1",
                        "client_id", "3MVG9FAKEconsumerKey.x1",
                        "client_secret", "FAKESECRET123")));
    }

    @Test
    void omitsAnEmptyClientSecretAndNeverSendsRedirectUriOrScope() {
        client.then(json(200, success()), json(200, success()));
        refresh("");
        refresh(null);
        for (FakeHttpClient.Sent s : client.sent()) {
            assertThat(form(s.body()).keySet(), is(java.util.Set.of("grant_type", "refresh_token", "client_id")));
        }
    }

    @Test
    void readsTheTokenResponse() {
        client.then(json(200, success()));
        AccessToken t = refresh("FAKESECRET123");
        assertThat(t.value().reveal(), is(TokenResponses.ACCESS_TOKEN));
        assertThat(t.instanceUrl(), is(URI.create("https://acme.my.salesforce.com")));
        assertThat(
                t.identityUrl(),
                is(URI.create("https://login.salesforce.com/id/00D000000000001EAA/005000000000001AAA")));
        assertThat(t.orgId(), is("00D000000000001EAA"));
        assertThat(t.userId(), is("005000000000001AAA"));
        assertThat(t.issuedAt(), is(Instant.ofEpochMilli(1763890000123L)));
        assertThat(t.scope(), is("refresh_token web api"));
        assertThat(t.rotatedRefreshToken(), is(Optional.empty()));
    }

    @Test
    void keepsARotatedRefreshToken() {
        client.then(json(200, success().replace("}", ",\"refresh_token\":\"5Aep861FAKErefresh.token_2\"}")));
        AccessToken t = refresh("FAKESECRET123");
        assertThat(t.rotatedRefreshToken().orElseThrow().reveal(), is("5Aep861FAKErefresh.token_2"));
    }

    @Test
    void usesTheClockWhenIssuedAtIsMissingOrNotANumber() {
        client.then(json(200, success().replace("\"1763890000123\"", "\"soon\"")));
        assertThat(refresh(null).issuedAt(), is(NOW));
    }

    @Test
    void refusesAnInstanceUrlOutsideTheAllowlistNamingTheHost() {
        client.then(json(
                200,
                success(
                        "https://evil.example.com",
                        "https://login.salesforce.com/id/00D000000000001EAA/005000000000001AAA")));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> refresh(null));
        assertThat(e.reason(), is(Reason.BAD_RESPONSE));
        assertThat(
                e.getMessage(),
                containsString("instance URL https://evil.example.com, which is not an allowed Salesforce host"));
        assertThat(e.getMessage(), not(containsString(TokenResponses.ACCESS_TOKEN)));
    }

    @Test
    void refusesAnIdentityUrlOutsideTheAllowlistBecauseTheTokenWouldBeSentThere() {
        client.then(json(
                200,
                success(
                        "https://acme.my.salesforce.com",
                        "https://evil.example.com/id/00D000000000001EAA/005000000000001AAA")));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> refresh(null));
        assertThat(e.reason(), is(Reason.BAD_RESPONSE));
        assertThat(e.getMessage(), containsString("identity URL https://evil.example.com"));
    }

    @Test
    void theAllowlistJudgesOriginsSoTheRealHostListAcceptsAnIdentityUrlWithItsPath() {
        client.then(json(200, success()));
        RefreshTokenGrant real = new RefreshTokenGrant(
                new SalesforceHttp(client),
                io.jenkins.plugins.salesforce.core.SalesforceHosts.defaults()::isAllowed,
                Clock.systemUTC());
        AccessToken t = real.refresh(LOGIN, "id", null, SecretText.of("5Aep861FAKE"));
        assertThat(t.identityUrl().getPath(), is("/id/00D000000000001EAA/005000000000001AAA"));
    }

    @Test
    void refusesHttpInstanceUrlsWhenTheAllowlistDoes() {
        client.then(json(
                200,
                success(
                        "http://acme.my.salesforce.com",
                        "https://login.salesforce.com/id/00D000000000001EAA/005000000000001AAA")));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> refresh(null)).reason(), is(Reason.BAD_RESPONSE));
    }

    @Test
    void refusesTokenResponsesWithoutTheFieldsItNeeds() {
        String[] broken = {
            "{\"instance_url\":\"https://acme.my.salesforce.com\"}",
            success().replace("\"instance_url\"", "\"x\""),
            success().replace("\"id\"", "\"x\""),
            success().replace("/id/00D000000000001EAA/005000000000001AAA", "/id/"),
            success().replace("/005000000000001AAA", "/00D000000000001EAA"),
            success().replace("\"https://acme.my.salesforce.com\"", "\"not a url\""),
            success().replace("\"https://acme.my.salesforce.com\"", "\"/relative\""),
        };
        for (String body : broken) {
            FakeHttpClient c = new FakeHttpClient().then(json(200, body));
            RefreshTokenGrant g = new RefreshTokenGrant(new SalesforceHttp(c), SALESFORCE_ONLY, Clock.systemUTC());
            SalesforceAuthException e = assertThrows(
                    SalesforceAuthException.class,
                    () -> g.refresh(LOGIN, "id", null, SecretText.of("5Aep861FAKErefresh.token_1")));
            assertThat(body, e.reason(), is(Reason.BAD_RESPONSE));
            assertThat(e.getMessage(), not(containsString(TokenResponses.ACCESS_TOKEN)));
        }
    }

    @Test
    void refusesALoginUrlOutsideTheAllowlistBeforeSendingAnything() {
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> grant.refresh(URI.create("https://evil.example.com"), "id", null, SecretText.of("5Aep861FAKE")));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("'evil.example.com' is not an allowed Salesforce host"));
        assertThat(client.count(), is(0));
        for (String bad : new String[] {
            "ftp://acme.my.salesforce.com", "https://user@acme.my.salesforce.com", "acme.my.salesforce.com"
        }) {
            assertThat(
                    bad,
                    assertThrows(
                                    SalesforceAuthException.class,
                                    () -> grant.refresh(URI.create(bad), "id", null, SecretText.of("5Aep861FAKE")))
                            .reason(),
                    is(Reason.BAD_INPUT));
        }
        assertThat(
                assertThrows(
                                SalesforceAuthException.class,
                                () -> grant.refresh(null, "id", null, SecretText.of("5Aep861FAKE")))
                        .reason(),
                is(Reason.BAD_INPUT));
    }

    @Test
    void usesOnlyTheSchemeAndHostOfTheLoginUrl() {
        client.then(json(200, success()));
        grant.refresh(
                URI.create("https://acme.my.salesforce.com/some/path?x=1"), "id", null, SecretText.of("5Aep861FAKE"));
        assertThat(client.sent().get(0).uri(), is(URI.create("https://acme.my.salesforce.com/services/oauth2/token")));
    }

    @Test
    void refusesAnEmptyClientIdOrRefreshTokenNamingTheField() {
        assertThat(
                assertThrows(
                                SalesforceAuthException.class,
                                () -> grant.refresh(LOGIN, " ", null, SecretText.of("5Aep861FAKE")))
                        .getMessage(),
                containsString("The client id is empty."));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> grant.refresh(LOGIN, "id", null, SecretText.of("")))
                        .getMessage(),
                containsString("The refresh token is empty."));
        assertThat(client.count(), is(0));
    }

    @Test
    void anExpiredRefreshTokenIsInvalidGrantAfterOneRequest() {
        client.then(json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}"));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> refresh(null));
        assertThat(e.reason(), is(Reason.INVALID_GRANT));
        assertThat(e.salesforceError(), is("invalid_grant: expired access/refresh token"));
        assertThat(e.fix(), containsString("auth URL"));
        assertThat(client.count(), is(1));
    }

    @Test
    void aServerErrorIsRetriedBecauseTheGrantIsIdempotent() {
        client.then(json(500, "{}"), json(200, success()));
        refresh(null);
        assertThat(client.count(), is(2));
    }

    @Test
    void theTokenNeverShowsInToString() {
        client.then(json(200, success().replace("}", ",\"refresh_token\":\"5Aep861FAKErefresh.token_2\"}")));
        String s = refresh(null).toString();
        assertThat(s, not(containsString("AQ0AQFAKE")));
        assertThat(s, not(containsString("token_2")));
        assertThat(s, containsString("value=****"));
        assertThat(s, containsString("rotatedRefreshToken=****"));
        assertThat(s, containsString("orgId=00D000000000001EAA"));
    }
}
