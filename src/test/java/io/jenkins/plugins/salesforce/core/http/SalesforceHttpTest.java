package io.jenkins.plugins.salesforce.core.http;

import static io.jenkins.plugins.salesforce.core.http.FakeHttpClient.json;
import static io.jenkins.plugins.salesforce.core.http.FakeHttpClient.reply;
import static io.jenkins.plugins.salesforce.core.http.FakeHttpClient.withHeader;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The transport: what it sends, which failures it retries and how long it waits, and that a single-use request is
 * never sent twice once it may have reached the server.
 */
class SalesforceHttpTest {
    private static final URI TOKEN = URI.create("https://acme.my.salesforce.com/services/oauth2/token");
    private static final URI DATA = URI.create("https://acme.my.salesforce.com/services/data");
    private static final String INVALID_GRANT =
            "{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token\"}";

    private final FakeHttpClient client = new FakeHttpClient();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final SalesforceHttp http = new SalesforceHttp(client, Duration.ofSeconds(5), sleeper.policy());

    private static SalesforceRequest refresh() {
        return SalesforceRequest.tokenRequest(
                Flow.REFRESH_TOKEN,
                TOKEN,
                new Form().add("grant_type", "refresh_token").addSecret("refresh_token", SecretText.of("5Aep861FAKE")));
    }

    private static SalesforceRequest authCode() {
        return SalesforceRequest.tokenRequest(
                Flow.AUTHORIZATION_CODE,
                TOKEN,
                new Form().add("grant_type", "authorization_code").addSecret("code", SecretText.of("aPrxFAKE==")));
    }

    private static SalesforceRequest get() {
        return SalesforceRequest.get(Flow.REST, "The API version lookup", DATA, SecretText.of("00D!AQ0token"));
    }

    @Test
    void aTokenRequestIsAFormPostThatAcceptsJson() {
        client.then(json(200, "{\"access_token\":\"x\"}"));
        JsonNode doc = http.send(refresh());
        assertThat(doc.get("access_token").asText(), is("x"));
        FakeHttpClient.Sent s = client.sent().get(0);
        assertThat(s.method(), is("POST"));
        assertThat(s.uri(), is(TOKEN));
        assertThat(s.header("Content-Type"), is(Optional.of("application/x-www-form-urlencoded")));
        assertThat(s.header("Accept"), is(Optional.of("application/json")));
        assertThat(s.header("Authorization"), is(Optional.empty()));
        assertThat(s.body(), is("grant_type=refresh_token&refresh_token=5Aep861FAKE"));
    }

    @Test
    void aJsonPostCarriesTheDocumentAndTheBearerToken() {
        client.then(json(200, "{\"authUserName\":\"u\"}"));
        URI sandboxAuth = URI.create("https://acme.my.salesforce.com/services/data/v66.0/tooling/sandboxAuth");
        http.send(SalesforceRequest.postJson(
                Flow.REST,
                "The sandboxAuth call",
                sandboxAuth,
                SecretText.of("00D!AQ0token"),
                "{\"sandboxName\":\"uat\"}",
                true));
        FakeHttpClient.Sent s = client.sent().get(0);
        assertThat(s.method(), is("POST"));
        assertThat(s.header("Content-Type"), is(Optional.of("application/json")));
        assertThat(s.header("Authorization"), is(Optional.of("Bearer 00D!AQ0token")));
        assertThat(s.body(), is("{\"sandboxName\":\"uat\"}"));
    }

    @Test
    void aJsonPostIsNotAnOAuthRequest() {
        assertThrows(
                IllegalArgumentException.class,
                () -> SalesforceRequest.postJson(Flow.AUTHORIZATION_CODE, "x", TOKEN, SecretText.of("t"), "{}", false));
    }

    @Test
    void aRestCallIsAGetWithTheBearerToken() {
        client.then(json(200, "[]"));
        http.send(get());
        FakeHttpClient.Sent s = client.sent().get(0);
        assertThat(s.method(), is("GET"));
        assertThat(s.header("Authorization"), is(Optional.of("Bearer 00D!AQ0token")));
        assertThat(s.body(), is(""));
    }

    @Test
    void aPermanentErrorIsSentOnceAndNeverRetried() {
        client.then(json(400, INVALID_GRANT));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http.send(refresh()));
        assertThat(e.reason(), is(Reason.INVALID_GRANT));
        assertThat(client.count(), is(1));
        assertThat(sleeper.delays(), is(empty()));
    }

    @Test
    void a5xxIsRetriedWithGrowingJitteredDelaysAndThenSucceeds() {
        client.then(
                reply(503, "text/html", "<html>busy</html>"), json(500, "{}"), json(200, "{\"access_token\":\"x\"}"));
        http.send(refresh());
        assertThat(client.count(), is(3));
        assertThat(sleeper.delays(), contains(Duration.ofMillis(375), Duration.ofMillis(750)));
    }

    @Test
    void retriesAreBoundedToThreeAfterTheFirstAttempt() {
        client.then(json(503, "[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"down\"}]"));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http.send(get()));
        assertThat(e.reason(), is(Reason.UNREACHABLE));
        assertThat(client.count(), is(4));
        assertThat(sleeper.delays(), contains(Duration.ofMillis(375), Duration.ofMillis(750), Duration.ofMillis(1500)));
        assertThat(e.getMessage(), containsString("Gave up after 4 attempts."));
        assertThat(e.fix(), containsString("status.salesforce.com"));
    }

    @Test
    void rateLimitedLoginsAreRetriedAndRetryAfterIsHonouredUpToTheCap() {
        client.then(
                withHeader(json(429, "{}"), "Retry-After", "3"),
                json(400, "{\"error\":\"rate_limit_exceeded\",\"error_description\":\"Number of logins exceeded\"}"),
                json(200, "{}"));
        http.send(refresh());
        assertThat(client.count(), is(3));
        assertThat(sleeper.delays(), contains(Duration.ofSeconds(3), Duration.ofMillis(750)));
    }

    @Test
    void theRestRequestLimitIsNotRetriedBecauseItIsA24HourWindow() {
        client.then(json(
                403, "[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"TotalRequests Limit exceeded.\"}]"));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http.send(get()));
        assertThat(e.reason(), is(Reason.RATE_LIMITED));
        assertThat(client.count(), is(1));
    }

    @Test
    void refusedConnectionsAndConnectTimeoutsAreRetried() {
        client.then(
                new FakeHttpClient.Failure(new ConnectException("Connection refused")),
                new FakeHttpClient.Failure(new HttpConnectTimeoutException("HTTP connect timed out")),
                json(200, "{}"));
        http.send(refresh());
        assertThat(client.count(), is(3));
    }

    @Test
    void timeoutsAndResetsAreRetriedForRepeatableRequests() {
        client.then(
                new FakeHttpClient.Failure(new HttpTimeoutException("request timed out")),
                new FakeHttpClient.BrokenBody(200, "{\"access_tok".getBytes()),
                new FakeHttpClient.Failure(new IOException("Connection reset")),
                json(200, "{}"));
        http.send(refresh());
        assertThat(client.count(), is(4));
    }

    @Test
    void aResetMidBodyIsUnreachableWithASafeCause() {
        client.then(new FakeHttpClient.BrokenBody(200, "{\"access_tok".getBytes()));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http.send(refresh()));
        assertThat(e.reason(), is(Reason.UNREACHABLE));
        assertThat(e.getMessage(), containsString("connection broke"));
        assertThat(e.getCause(), instanceOf(IOException.class));
        assertThat(e.getCause().getCause(), is((Throwable) null));
    }

    @Test
    void anAnswerThatNeverComesEndsAtTheRequestTimeout() {
        SalesforceHttp quick = new SalesforceHttp(client, Duration.ofMillis(50), sleeper.policy());
        client.then(new FakeHttpClient.Hang());
        long start = System.nanoTime();
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> quick.send(refresh()));
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(e.reason(), is(Reason.UNREACHABLE));
        assertThat(e.getMessage(), containsString("at acme.my.salesforce.com failed: no complete answer within"
                + " the request timeout"));
        assertThat(e.getMessage(), containsString("Check that Jenkins can reach the host"));
        assertThat(client.count(), is(4));
        assertThat("every hung exchange was cancelled", client.cancelled(), is(4));
        assertThat("four attempts of 50 ms, no more", took, greaterThanOrEqualTo(200L));
        assertThat(took, lessThan(5_000L));
        assertThat("no interrupt is left behind", Thread.currentThread().isInterrupted(), is(false));
    }

    @Test
    void someoneElseInterruptingTheCallerStopsAtOnceWithoutRetryAndKeepsTheFlag() throws InterruptedException {
        SalesforceHttp patient = new SalesforceHttp(client, Duration.ofSeconds(30), sleeper.policy());
        client.then(new FakeHttpClient.Hang());
        Thread caller = Thread.currentThread();
        Thread aborter = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            caller.interrupt();
        });
        long start = System.nanoTime();
        try {
            SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> patient.send(refresh()));
            assertThat(e.getMessage(), containsString("was interrupted"));
            assertThat(e.getMessage(), not(containsString("timeout")));
            assertThat("the interrupt flag is set again", Thread.currentThread().isInterrupted(), is(true));
        } finally {
            Thread.interrupted();
        }
        aborter.join();
        assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis() < 10_000, is(true));
        assertThat(client.count(), is(1));
        assertThat(client.cancelled(), is(1));
        assertThat(sleeper.delays(), is(empty()));
    }

    @Test
    void anAlreadyInterruptedCallerSendsNothing() {
        client.then(json(200, "{}"));
        Thread.currentThread().interrupt();
        try {
            SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http.send(refresh()));
            assertThat(e.getMessage(), containsString("was interrupted"));
            assertThat(Thread.currentThread().isInterrupted(), is(true));
        } finally {
            Thread.interrupted();
        }
        assertThat(client.count(), is(0));
    }

    @Test
    void aCallOnAVirtualThreadTimesOutAndIsInterruptedTheSameWay() throws InterruptedException {
        SalesforceHttp quick = new SalesforceHttp(client, Duration.ofMillis(50), RetryPolicy.none());
        client.then(new FakeHttpClient.Hang());
        java.util.concurrent.atomic.AtomicReference<String> outcome =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread.ofVirtual()
                .start(() -> {
                    try {
                        quick.send(refresh());
                    } catch (SalesforceAuthException e) {
                        outcome.set(e.reason() + ", " + e.getMessage().contains("within the request timeout")
                                + ", interrupted " + Thread.currentThread().isInterrupted());
                    }
                })
                .join();
        assertThat(outcome.get(), is("UNREACHABLE, true, interrupted false"));
        assertThat(client.cancelled(), is(1));
    }

    @Test
    void anAuthorizationCodeIsNeverSentAgainOnceItMayHaveReachedTheServer() {
        for (FakeHttpClient.Outcome o : new FakeHttpClient.Outcome[] {
            json(500, "{}"),
            reply(503, "text/html", "<html>maintenance</html>"),
            json(429, "{}"),
            new FakeHttpClient.Failure(new IOException("Connection reset")),
            new FakeHttpClient.Failure(new HttpTimeoutException("request timed out")),
            new FakeHttpClient.BrokenBody(200, "{".getBytes()),
        }) {
            FakeHttpClient c = new FakeHttpClient().then(o, json(200, "{}"));
            SalesforceHttp h = new SalesforceHttp(c, Duration.ofSeconds(5), sleeper.policy());
            SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> h.send(authCode()));
            assertThat(o.toString(), c.count(), is(1));
            assertThat(e.reason().isTransient(), is(true));
        }
    }

    @Test
    void anAuthorizationCodeIsRetriedWhenTheConnectionNeverOpened() {
        client.then(new FakeHttpClient.Failure(new ConnectException("Connection refused")), json(200, "{}"));
        http.send(authCode());
        assertThat(client.count(), is(2));
    }

    @Test
    void anOversizedBodyIsABadResponseNotAnOutOfMemory() {
        client.then(new FakeHttpClient.Reply(200, java.util.Map.of(), new byte[SalesforceHttp.MAX_BODY_BYTES + 1]));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http.send(get()));
        assertThat(e.reason(), is(Reason.BAD_RESPONSE));
        assertThat(e.getMessage(), containsString("larger than 16 MB"));
        assertThat(client.count(), is(1));
        assertThat("no interrupt is left behind", Thread.currentThread().isInterrupted(), is(false));
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() {
        byte[] body = new byte[SalesforceHttp.MAX_BODY_BYTES];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '[';
        body[body.length - 1] = ']';
        client.then(new FakeHttpClient.Reply(
                200, java.util.Map.of("Content-Type", java.util.List.of("application/json")), body));
        assertThat(http.send(get()).isArray(), is(true));
    }

    @Test
    void theFailureTheJdkWrapsIsClassifiedByItsOriginalClass() {
        IOException original = new java.io.EOFException("EOF reached while reading");
        Throwable wrapped = new IOException(original.getMessage(), original);
        assertThat(SalesforceHttp.origin(wrapped), is((Throwable) original));
        HttpConnectTimeoutException connect = new HttpConnectTimeoutException("HTTP connect timed out");
        connect.initCause(new ConnectException("HTTP connect timed out"));
        HttpConnectTimeoutException rethrown = new HttpConnectTimeoutException("HTTP connect timed out");
        rethrown.initCause(connect);
        assertThat("not down to the ConnectException", SalesforceHttp.origin(rethrown), is((Throwable) connect));
        IOException other = new IOException("closed", new IOException("reset"));
        assertThat("a different message is not a rethrow", SalesforceHttp.origin(other), is((Throwable) other));
    }

    @Test
    void anInterruptDuringTheBackoffStopsAndKeepsTheInterruptFlag() {
        SalesforceHttp interrupted = new SalesforceHttp(
                client,
                Duration.ofSeconds(5),
                new RetryPolicy(
                        3,
                        Duration.ofMillis(1),
                        Duration.ofMillis(1),
                        d -> {
                            throw new InterruptedException();
                        },
                        () -> 0));
        client.then(json(503, "{}"));
        try {
            SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> interrupted.send(get()));
            assertThat(e.getMessage(), containsString("interrupted"));
            assertThat(Thread.currentThread().isInterrupted(), is(true));
            assertThat(client.count(), is(1));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aUrlTheClientCannotUseIsBadInput() {
        SalesforceRequest ftp = SalesforceRequest.get(
                Flow.REST, null, URI.create("ftp://acme.my.salesforce.com/x"), SecretText.of("t"));
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> new SalesforceHttp(HttpClient.newHttpClient()).send(ftp));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
    }

    @Test
    void configureSetsTheConnectTimeoutAndTurnsRedirectsOff() {
        HttpClient c = SalesforceHttp.configure(HttpClient.newBuilder()).build();
        assertThat(c.connectTimeout(), is(Optional.of(SalesforceHttp.DEFAULT_CONNECT_TIMEOUT)));
        assertThat(c.followRedirects(), is(HttpClient.Redirect.NEVER));
    }

    @Test
    void requestsShowNoSecretInToString() {
        assertThat(
                refresh().toString(),
                is("POST acme.my.salesforce.com/services/oauth2/token (The refresh-token grant)"));
        assertThat(refresh().toString(), not(containsString("5Aep861FAKE")));
        assertThat(get().toString(), not(containsString("AQ0token")));
        assertThat(
                new Form()
                        .addSecret("refresh_token", SecretText.of("5Aep861FAKE"))
                        .toString(),
                is("Form[refresh_token]"));
    }

    @Test
    void transportFailuresNameTheRequestAndTheHost() {
        client.then(new FakeHttpClient.Failure(new ConnectException("Connection refused")));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http.send(get()));
        assertThat(e.getMessage(), containsString("The API version lookup at acme.my.salesforce.com failed"));
        assertThat(e.getCause().getMessage(), is("java.net.ConnectException: Connection refused"));
    }
}
