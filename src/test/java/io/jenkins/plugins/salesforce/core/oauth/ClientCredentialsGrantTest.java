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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client credentials grant: what it sends, where it refuses to send, and what each refusal of Salesforce means. */
class ClientCredentialsGrantTest {
    static final URI MY_DOMAIN = URI.create("https://acme.my.salesforce.com");
    static final String KEY = "3MVG9FAKEclientCredentials.x1";
    static final String SECRET = "CCFAKESECRET4711";
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private final FakeHttpClient client = new FakeHttpClient();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final ClientCredentialsGrant grant = new ClientCredentialsGrant(
            new SalesforceHttp(client, Duration.ofSeconds(5), sleeper.policy()),
            SALESFORCE_ONLY,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private AccessToken exchange(URI url) {
        return grant.exchange(url, KEY, SecretText.of(SECRET));
    }

    private SalesforceAuthException refusal(String error, String description) {
        client.then(json(400, "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}"));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> exchange(MY_DOMAIN));
        assertThat(e.getMessage(), not(containsString(SECRET)));
        assertThat(String.valueOf(e.salesforceError()), not(containsString(SECRET)));
        return e;
    }

    @Test
    void postsOnlyGrantTypeClientIdAndClientSecretToTheMyDomainTokenEndpoint() {
        client.then(json(200, success()));
        exchange(URI.create("https://acme.my.salesforce.com/lightning/page?x=1"));
        FakeHttpClient.Sent s = client.sent().get(0);
        assertThat(s.uri(), is(URI.create("https://acme.my.salesforce.com/services/oauth2/token")));
        assertThat(
                form(s.body()),
                is(Map.of("grant_type", "client_credentials", "client_id", KEY, "client_secret", SECRET)));
    }

    @Test
    void readsTheTokenOfTheRunAsUserAndExpectsNoRefreshToken() {
        client.then(json(200, success()));
        AccessToken t = exchange(MY_DOMAIN);
        assertThat(t.value().reveal(), is(TokenResponses.ACCESS_TOKEN));
        assertThat(t.orgId(), is("00D000000000001EAA"));
        assertThat(t.userId(), is("005000000000001AAA"));
        assertThat(t.rotatedRefreshToken(), is(Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"https://login.salesforce.com", "https://test.salesforce.com", "https://LOGIN.salesforce.com/"})
    void refusesLoginAndTestBeforeSendingAnythingNamingTheField(String url) {
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> exchange(URI.create(url)));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.field(), is("myDomainUrl"));
        assertThat(e.getMessage(), containsString("Client credentials need your My Domain URL"));
        assertThat(e.fix(), containsString("https://acme.my.salesforce.com"));
        assertThat(client.count(), is(0));
    }

    @Test
    void refusesAHostOutsideTheAllowlistAndEmptyFieldsBeforeSendingAnything() {
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> exchange(URI.create("https://evil.example.com")))
                        .reason(),
                is(Reason.BAD_INPUT));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> grant.exchange(MY_DOMAIN, " ", SecretText.of(SECRET)))
                        .getMessage(),
                containsString("The client id is empty."));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> grant.exchange(MY_DOMAIN, KEY, SecretText.of("")))
                        .getMessage(),
                containsString("The client secret is empty."));
        assertThat(client.count(), is(0));
    }

    @Test
    void requestNotSupportedOnThisDomainMeansTheMyDomainIsNeeded() {
        SalesforceAuthException e = refusal("invalid_grant", "request not supported on this domain");
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("client credentials need your My Domain URL"));
        assertThat(e.salesforceError(), is("invalid_grant: request not supported on this domain"));
        assertThat(e.field(), is("myDomainUrl"));
        assertThat(e.fix(), containsString("Setup > My Domain"));
    }

    @Test
    void noClientCredentialsUserMeansTheAppHasNoRunAsUser() {
        SalesforceAuthException e = refusal("invalid_grant", "no client credentials user enabled");
        assertThat(e.reason(), is(Reason.NOT_APPROVED));
        assertThat(e.getMessage(), containsString("no Run As user"));
        assertThat(e.fix(), containsString("Run As"));
        assertThat(e.fix(), containsString("Enable Client Credentials"));
    }

    @Test
    void invalidClientMeansAWrongConsumerSecret() {
        SalesforceAuthException e = refusal("invalid_client", "invalid client credentials");
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("refused the client secret"));
        assertThat(e.field(), is("clientSecret"));
        assertThat(e.fix(), containsString("consumer secret"));
        assertThat(e.fix(), not(containsString("PlatformCLI")));
    }

    @Test
    void invalidClientIdMeansAnUnknownConsumerKeyInThisOrg() {
        SalesforceAuthException e = refusal("invalid_client_id", "client identifier invalid");
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("does not know the client id"));
        assertThat(e.field(), is("clientId"));
        assertThat(e.fix(), containsString("consumer key"));
    }

    @Test
    void anUnsupportedGrantTypeMeansTheFlowIsNotEnabledOnTheApp() {
        SalesforceAuthException e = refusal("unsupported_grant_type", "grant type not supported");
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.fix(), containsString("Client Credentials Flow"));
    }

    @Test
    void anInactiveRunAsUserIsReportedAsForEveryGrant() {
        assertThat(refusal("invalid_grant", "inactive user").reason(), is(Reason.INACTIVE_USER));
    }

    @Test
    void anyOtherInvalidGrantPointsAtTheAppsClientCredentialsSettings() {
        SalesforceAuthException e = refusal("invalid_grant", "authentication failure");
        assertThat(e.reason(), is(Reason.INVALID_GRANT));
        assertThat(e.getMessage(), containsString("refused the client credentials login"));
        assertThat(e.fix(), containsString("Run As user"));
    }

    @Test
    void aServerErrorIsRetriedBecauseTheGrantIsIdempotent() {
        client.then(json(500, "{}"), json(200, success()));
        exchange(MY_DOMAIN);
        assertThat(client.count(), is(2));
    }
}
