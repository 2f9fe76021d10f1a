package io.jenkins.plugins.salesforce.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The core's one HTTP transport to Salesforce, on an injected {@link HttpClient}.
 *
 * <ul>
 *   <li><b>Connect timeout</b> is a property of the client, so it is set on the builder: pass the builder through
 *       {@link #configure(HttpClient.Builder)} (in Jenkins that is {@code ProxyConfiguration.newHttpClientBuilder()},
 *       so the Jenkins proxy settings apply). It also turns redirects off: a token POST must never be re-sent to
 *       wherever a proxy points.
 *   <li><b>Request timeout</b> bounds each attempt from sending to the last byte of the body (default 30 s): the
 *       request carries it ({@link HttpRequest.Builder#timeout}, which ends waits for the status line and headers),
 *       and the caller waits for the whole answer with {@code sendAsync(...).get(timeout)}; at the deadline the
 *       exchange is cancelled, which closes its connection. One wait neither bounds: the JDK resolves the host name
 *       before it sends, and a hanging resolver delays the timeout until it gives up (successful lookups are cached
 *       by the JVM).
 *   <li><b>Interrupts</b> (a Jenkins abort) end the attempt at once: the exchange is cancelled, there is no retry,
 *       the interrupt flag is set again, and the failure says the request was interrupted. On a virtual thread it
 *       all works the same: the wait is a park, which an interrupt ends.
 *   <li><b>Retries</b> follow the {@link RetryPolicy}, only for transient faults ({@link
 *       ResponseClassifier#isRetryable}): 5xx, 429, {@code rate_limit_exceeded}, maintenance pages, timeouts, resets,
 *       refused connections. Permanent errors ({@code invalid_grant}, {@code invalid_client*}, 4xx REST errors) are
 *       reported at once. A request that is not {@linkplain SalesforceRequest#isRepeatable() repeatable} (the
 *       authorization-code exchange) is retried only when the connection could not be opened, i.e. when it surely
 *       never reached the server.
 *   <li><b>Classification</b> of every answer is the {@link ResponseClassifier}'s: a JSON document or one
 *       {@link SalesforceAuthException}.
 * </ul>
 *
 * <p>Nothing secret is logged: log records name the request, the host and the reason only.
 */
public final class SalesforceHttp {
    /** Connect timeout that {@link #configure(HttpClient.Builder)} sets. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Per-attempt timeout, from sending the request to the end of the body. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Bodies larger than this are refused: no Salesforce answer the core reads comes close. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(SalesforceHttp.class.getName());
    private static final String USER_AGENT = "salesforce-org-credentials (Jenkins plugin)";

    private final HttpClient client;
    private final Duration requestTimeout;
    private final RetryPolicy retry;

    public SalesforceHttp(HttpClient client) {
        this(client, DEFAULT_REQUEST_TIMEOUT, RetryPolicy.defaults());
    }

    public SalesforceHttp(HttpClient client, Duration requestTimeout, RetryPolicy retry) {
        this.client = Objects.requireNonNull(client, "client");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /**
     * Prepares a client builder for Salesforce: {@link #DEFAULT_CONNECT_TIMEOUT} and no redirects. Keep everything
     * else the caller set (proxy, authenticator, SSL context).
     */
    public static HttpClient.Builder configure(HttpClient.Builder builder) {
        return builder.connectTimeout(DEFAULT_CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
    }

    /**
     * Sends the request, retrying transient faults as the policy allows. Each attempt is sent from here, so that the
     * HTTP client is one frame below the caller; {@link #await} waits for its answer and classifies it.
     *
     * @return the JSON document of the successful answer
     * @throws SalesforceAuthException for every failure, after the retries the policy allows
     */
    public JsonNode send(SalesforceRequest request) {
        HttpRequest httpRequest;
        try {
            httpRequest = build(request);
        } catch (IllegalArgumentException e) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    request.what() + " could not be sent: '" + request.host() + "' is not a usable https URL.",
                    "Check the login or instance URL of the credential.");
        }
        int retries = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(request); // the flag stays set; nothing was sent
            }
            LimitedBody body = new LimitedBody(MAX_BODY_BYTES);
            Attempt attempt;
            try {
                attempt = await(request, client.sendAsync(httpRequest, body.handler()), body);
            } catch (IllegalArgumentException e) {
                attempt = transportFailure(request, e);
            }
            if (attempt.document != null) {
                return attempt.document;
            }
            SalesforceAuthException failure = attempt.failure;
            boolean mayRepeat = request.isRepeatable() || !attempt.reachedServer;
            if (!ResponseClassifier.isRetryable(failure) || !mayRepeat || retries >= retry.maxRetries()) {
                if (retries > 0) {
                    failure = failure.withDetail(failure.detail() + " Gave up after " + (retries + 1) + " attempts.");
                }
                LOG.log(Level.FINE, "{0} failed: {1}", new Object[] {request, failure.reason()});
                throw failure;
            }
            retries++;
            Duration delay = retry.delayBefore(retries, attempt.retryAfter);
            LOG.log(Level.FINE, "{0} failed ({1}); retry {2} of {3} in {4} ms", new Object[] {
                request, failure.reason(), retries, retry.maxRetries(), delay.toMillis()
            });
            try {
                retry.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(request);
            }
        }
    }

    /** Waits for one exchange within the request timeout, then classifies its answer (or why there is none). */
    private Attempt await(SalesforceRequest request, CompletableFuture<HttpResponse<Void>> exchange, LimitedBody body) {
        // A body past the size limit cancels the exchange (closing its connection) instead of reading on.
        body.oversized.thenRun(() -> exchange.cancel(true));
        HttpResponse<Void> response;
        try {
            response = exchange.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw interrupted(request);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return body.tooLarge() ? tooLarge(request) : Attempt.failed(timedOut(request), true, null);
        } catch (CancellationException e) {
            return tooLarge(request); // only the size limit cancels before the wait ended
        } catch (ExecutionException e) {
            return body.tooLarge() ? tooLarge(request) : transportFailure(request, origin(e.getCause()));
        }
        if (body.tooLarge()) {
            return tooLarge(request);
        }
        int status = response.statusCode();
        HttpHeaders headers = response.headers();
        try {
            return Attempt.ok(ResponseClassifier.classify(request, status, headers, body.bytes()));
        } catch (SalesforceAuthException e) {
            return Attempt.failed(e, true, retryAfter(headers, status));
        }
    }

    private HttpRequest build(SalesforceRequest request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri())
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (request.bearer() != null) {
            b.header("Authorization", "Bearer " + request.bearer().reveal());
        }
        if ("POST".equals(request.method()) && request.json() != null) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request.json()));
        } else if ("POST".equals(request.method())) {
            b.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(request.form().encode()));
        } else if ("PATCH".equals(request.method())) {
            b.header("Content-Type", "application/json")
                    .method(
                            "PATCH",
                            HttpRequest.BodyPublishers.ofString(
                                    request.secretJson().reveal()));
        } else {
            b.GET();
        }
        return b.build();
    }

    /**
     * The exception the exchange failed with. {@link HttpClient#send} rethrows an asynchronous failure as a new
     * exception of the same kind with the same message, the original as its cause (so that the caller's stack
     * shows); this walks back to that original, so that its exact class (a {@code BodyTooLarge}, an
     * {@code EOFException}, an {@code UnresolvedAddressException}) is what gets classified.
     */
    static Throwable origin(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null
                && t.getCause() != t
                && t.getClass().isInstance(t.getCause())
                && Objects.equals(t.getMessage(), t.getCause().getMessage())) {
            t = t.getCause();
        }
        return t;
    }

    private static Attempt transportFailure(SalesforceRequest request, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return Attempt.failed(
                    SalesforceAuthException.withCause(
                            Reason.UNREACHABLE,
                            request.what() + " at " + request.host() + " failed: the connection could not be opened"
                                    + " within the connect timeout.",
                            networkFix(),
                            safeCause(cause)),
                    false,
                    null);
        }
        if (cause instanceof HttpTimeoutException) {
            return Attempt.failed(timedOut(request), true, null);
        }
        if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) {
            return Attempt.failed(
                    SalesforceAuthException.withCause(
                            Reason.UNREACHABLE,
                            request.what() + " at " + request.host() + " failed: the connection was refused or the host"
                                    + " could not be found.",
                            networkFix(),
                            safeCause(cause)),
                    false,
                    null);
        }
        if (cause instanceof IOException) {
            return Attempt.failed(
                    SalesforceAuthException.withCause(
                            Reason.UNREACHABLE,
                            request.what() + " at " + request.host() + " failed: the connection broke before the whole"
                                    + " answer arrived.",
                            networkFix(),
                            safeCause(cause)),
                    true,
                    null);
        }
        if (cause instanceof IllegalArgumentException) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    request.what() + " could not be sent to '" + request.host() + "'.",
                    "Check the login or instance URL of the credential.");
        }
        return Attempt.failed(
                SalesforceAuthException.of(
                        Reason.UNREACHABLE,
                        request.what() + " at " + request.host() + " failed: the HTTP client reported an unexpected"
                                + " error ("
                                + (cause == null ? "unknown" : cause.getClass().getSimpleName()) + ").",
                        networkFix()),
                true,
                null);
    }

    private static Attempt tooLarge(SalesforceRequest request) {
        return Attempt.failed(
                SalesforceAuthException.of(
                        Reason.BAD_RESPONSE,
                        request.what() + " at " + request.host() + " failed: the answer was larger than "
                                + (MAX_BODY_BYTES >> 20) + " MB, which no Salesforce answer is.",
                        "Check that the URL is the org's My Domain or login host and the Jenkins proxy settings."),
                true,
                null);
    }

    /**
     * A copy of a transport error that keeps its class and its JDK message but none of its own causes, so that
     * nothing deeper (an SSL engine message, a proxy's text) rides along.
     */
    private static Throwable safeCause(Throwable cause) {
        IOException copy = new IOException(
                cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        copy.setStackTrace(cause.getStackTrace());
        return copy;
    }

    private static SalesforceAuthException timedOut(SalesforceRequest request) {
        return SalesforceAuthException.of(
                Reason.UNREACHABLE,
                request.what() + " at " + request.host() + " failed: no complete answer within the request timeout.",
                networkFix());
    }

    private static SalesforceAuthException interrupted(SalesforceRequest request) {
        return SalesforceAuthException.of(
                Reason.UNREACHABLE,
                request.what() + " at " + request.host() + " was interrupted (the build was probably aborted).",
                "Run the build again.");
    }

    private static String networkFix() {
        return "Check that Jenkins can reach the host (DNS, firewall, the Jenkins proxy settings) and"
                + " https://status.salesforce.com, then try again; the plugin already retried.";
    }

    private static Duration retryAfter(HttpHeaders headers, int status) {
        if (status != 429 && status != 503) {
            return null;
        }
        try {
            return headers.firstValue("Retry-After")
                    .map(String::strip)
                    .filter(v -> v.matches("\\d{1,6}"))
                    .map(v -> Duration.ofSeconds(Long.parseLong(v)))
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The outcome of one attempt. */
    private record Attempt(
            JsonNode document, SalesforceAuthException failure, boolean reachedServer, Duration retryAfter) {
        static Attempt ok(JsonNode document) {
            return new Attempt(document, null, true, null);
        }

        static Attempt failed(SalesforceAuthException failure, boolean reachedServer, Duration retryAfter) {
            return new Attempt(null, failure, reachedServer, retryAfter);
        }
    }

    /**
     * Collects the body, up to a size limit. It is fed by the JDK's {@link BodyHandlers#ofByteArrayConsumer}, whose
     * subscriber the client trusts to run on its own threads; a body subscriber of ours would make the client hand
     * every answer over to its executor once more. A body that grows past the limit is not kept, and
     * {@link #oversized} completes, which cancels the exchange.
     */
    private static final class LimitedBody implements Consumer<Optional<byte[]>> {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<Void> oversized = new CompletableFuture<>();

        LimitedBody(int limit) {
            this.limit = limit;
        }

        HttpResponse.BodyHandler<Void> handler() {
            return BodyHandlers.ofByteArrayConsumer(this);
        }

        @Override
        public void accept(Optional<byte[]> chunk) {
            if (oversized.isDone() || chunk.isEmpty()) {
                return;
            }
            byte[] b = chunk.get();
            if (bytes.size() + (long) b.length > limit) {
                bytes.reset();
                oversized.complete(null);
                return;
            }
            bytes.write(b, 0, b.length);
        }

        boolean tooLarge() {
            return oversized.isDone();
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
