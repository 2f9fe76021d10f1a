package io.jenkins.plugins.salesforce.core.oauth;

import static io.jenkins.plugins.salesforce.core.http.FakeHttpClient.json;
import static io.jenkins.plugins.salesforce.core.oauth.TokenResponses.SALESFORCE_ONLY;
import static io.jenkins.plugins.salesforce.core.oauth.TokenResponses.form;
import static io.jenkins.plugins.salesforce.core.oauth.TokenResponses.success;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.http.FakeHttpClient;
import io.jenkins.plugins.salesforce.core.http.RecordingSleeper;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The authorization-code exchange: exact redirect URI, single use. */
class AuthorizationCodeGrantTest {
    private static final URI LOGIN = URI.create("https://acme--uat.sandbox.my.salesforce.com");
    private static final String CALLBACK = "http://localhost:1717/OauthRedirect";

    private final FakeHttpClient client = new FakeHttpClient();
    private final AuthorizationCodeGrant grant = new AuthorizationCodeGrant(
            new SalesforceHttp(client, Duration.ofSeconds(5), new RecordingSleeper().policy()),
            SALESFORCE_ONLY,
            Clock.systemUTC());

    private AccessToken exchange(String secret, String redirect) {
        return grant.exchange(
                LOGIN,
                "PlatformCLI",
                secret == null ? null : SecretText.of(secret),
                SecretText.of("aPrxFAKEauthcode=="),
                redirect);
    }

    @Test
    void sendsTheCodeWithTheExactRedirectUriAndClientId() {
        client.then(json(200, success().replace("}", ",\"refresh_token\":\"5Aep861FAKEsandbox\"}")));
        AccessToken t = exchange(null, CALLBACK);
        assertThat(
                form(client.sent().get(0).body()),
                is(Map.of(
                        "grant_type", "authorization_code",
                        "code", "aPrxFAKEauthcode==",
                        "client_id", "PlatformCLI",
                        "redirect_uri", CALLBACK)));
        assertThat(t.rotatedRefreshToken().orElseThrow().reveal(), is("5Aep861FAKEsandbox"));
    }

    @Test
    void sendsTheClientSecretWhenThereIsOne() {
        client.then(json(200, success()));
        exchange("FAKESECRET123", CALLBACK);
        assertThat(form(client.sent().get(0).body()).get("client_secret"), is("FAKESECRET123"));
    }

    @Test
    void doesNotTrimOrNormaliseTheRedirectUri() {
        client.then(json(200, success()));
        exchange(null, "http://localhost:1717/OauthRedirect/ ");
        assertThat(form(client.sent().get(0).body()).get("redirect_uri"), is("http://localhost:1717/OauthRedirect/ "));
    }

    @Test
    void refusesAnEmptyRedirectUriOrCode() {
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> exchange(null, ""))
                        .getMessage(),
                containsString("redirect URI is empty"));
        assertThat(
                assertThrows(
                                SalesforceAuthException.class,
                                () -> grant.exchange(LOGIN, "PlatformCLI", null, SecretText.of(" "), CALLBACK))
                        .getMessage(),
                containsString("authorization code is empty"));
        assertThat(client.count(), is(0));
    }

    @Test
    void isNeverSentTwiceOnceItReachedTheServerEvenOn5xxOrReset() {
        client.then(json(503, "{}"), json(200, success()));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> exchange(null, CALLBACK))
                        .reason(),
                is(Reason.UNREACHABLE));
        assertThat(client.count(), is(1));
        FakeHttpClient reset = new FakeHttpClient()
                .then(new FakeHttpClient.Failure(new IOException("Connection reset")), json(200, success()));
        AuthorizationCodeGrant g = new AuthorizationCodeGrant(
                new SalesforceHttp(reset, Duration.ofSeconds(5), new RecordingSleeper().policy()),
                SALESFORCE_ONLY,
                Clock.systemUTC());
        assertThrows(
                SalesforceAuthException.class,
                () -> g.exchange(LOGIN, "PlatformCLI", null, SecretText.of("aPrxFAKE"), CALLBACK));
        assertThat(reset.count(), is(1));
    }

    @Test
    void isSentAgainOnlyWhenTheConnectionNeverOpened() {
        client.then(new FakeHttpClient.Failure(new ConnectException("Connection refused")), json(200, success()));
        exchange(null, CALLBACK);
        assertThat(client.count(), is(2));
    }

    @Test
    void aUsedOrExpiredCodeSaysToGetANewOne() {
        client.then(json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"expired authorization code\"}"));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> exchange(null, CALLBACK));
        assertThat(e.reason(), is(Reason.INVALID_GRANT));
        assertThat(e.fix(), containsString("single use"));
    }

    @Test
    void aRedirectMismatchIsBadInput() {
        client.then(
                json(
                        400,
                        "{\"error\":\"redirect_uri_mismatch\",\"error_description\":\"redirect_uri must match configuration\"}"));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> exchange(null, CALLBACK));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.fix(), containsString("callback URL"));
    }
}
