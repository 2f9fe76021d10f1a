package io.jenkins.plugins.salesforce.core.http;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that answers from a script instead of the network, and records every request (method, URI,
 * headers, body) so that tests can assert what was sent and how often. Bodies are fed through the transport's own
 * body handler, as the real client does, and {@link #send} blocks, cancels on interrupt and rethrows failures the
 * way the JDK client's does.
 */
public final class FakeHttpClient extends HttpClient {
    /** A request as it was sent. */
    public record Sent(String method, URI uri, HttpHeaders headers, String body) {
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    /** What the fake does with one request. */
    public sealed interface Outcome permits Reply, Failure, Hang, BrokenBody {}

    public record Reply(int status, Map<String, List<String>> headers, byte[] body) implements Outcome {}

    public record Failure(Throwable error) implements Outcome {}

    /** Never answers: the transport's request timeout has to end the wait. */
    public record Hang() implements Outcome {}

    /** Sends the status, headers and part of the body, then breaks the connection. */
    public record BrokenBody(int status, byte[] partialBody) implements Outcome {}

    private final Deque<Outcome> script = new ArrayDeque<>();
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private Function<Sent, Outcome> router;
    private final java.util.concurrent.atomic.AtomicInteger cancelled = new java.util.concurrent.atomic.AtomicInteger();

    /** Answers JSON with the given status. */
    public static Reply json(int status, String body) {
        return reply(status, "application/json;charset=UTF-8", body);
    }

    public static Reply reply(int status, String contentType, String body) {
        Map<String, List<String>> h = contentType == null ? Map.of() : Map.of("Content-Type", List.of(contentType));
        return new Reply(status, h, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply withHeader(Reply r, String name, String value) {
        Map<String, List<String>> h = new java.util.HashMap<>(r.headers());
        h.put(name, List.of(value));
        return new Reply(r.status(), h, r.body());
    }

    /** Queues outcomes, used in order; the last one repeats. */
    public FakeHttpClient then(Outcome... outcomes) {
        script.addAll(List.of(outcomes));
        return this;
    }

    /** Answers by a function of the request instead of the queue. */
    public FakeHttpClient route(Function<Sent, Outcome> router) {
        this.router = router;
        return this;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public int count() {
        return sent.size();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        Sent s = new Sent(request.method(), request.uri(), request.headers(), bodyOf(request));
        sent.add(s);
        Outcome outcome = next(s);
        return switch (outcome) {
            case Failure f -> CompletableFuture.failedFuture(f.error());
            case Hang h ->
                new CompletableFuture<>() {
                    @Override
                    public boolean cancel(boolean mayInterruptIfRunning) {
                        cancelled.incrementAndGet();
                        return super.cancel(mayInterruptIfRunning);
                    }
                };
            case BrokenBody b -> {
                HttpResponse.BodySubscriber<T> sub = handler.apply(info(b.status(), Map.of(), request));
                sub.onSubscribe(noOpSubscription());
                sub.onNext(List.of(ByteBuffer.wrap(b.partialBody())));
                IOException reset = new IOException("connection reset");
                sub.onError(reset);
                yield CompletableFuture.failedFuture(reset);
            }
            case Reply r -> {
                HttpHeaders headers = HttpHeaders.of(r.headers(), (a, b) -> true);
                HttpResponse.BodySubscriber<T> sub = handler.apply(info(r.status(), r.headers(), request));
                sub.onSubscribe(noOpSubscription());
                sub.onNext(List.of(ByteBuffer.wrap(r.body())));
                sub.onComplete();
                yield sub.getBody()
                        .toCompletableFuture()
                        .thenApply(body -> new FakeResponse<>(r.status(), headers, body, request));
            }
        };
    }

    private synchronized Outcome next(Sent s) {
        if (router != null) {
            return router.apply(s);
        }
        if (script.isEmpty()) {
            throw new AssertionError("unexpected request " + s.method() + " " + s.uri());
        }
        return script.size() == 1 ? script.peek() : script.poll();
    }

    private static HttpResponse.ResponseInfo info(int status, Map<String, List<String>> h, HttpRequest req) {
        HttpHeaders headers = HttpHeaders.of(h, (a, b) -> true);
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public Version version() {
                return Version.HTTP_1_1;
            }
        };
    }

    private static Flow.Subscription noOpSubscription() {
        return new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        };
    }

    private static String bodyOf(HttpRequest request) {
        if (request.bodyPublisher().isEmpty()) {
            return "";
        }
        CompletableFuture<String> body = new CompletableFuture<>();
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                out.writeBytes(b);
            }

            @Override
            public void onError(Throwable t) {
                body.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                body.complete(out.toString(StandardCharsets.UTF_8));
            }
        });
        try {
            return body.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not read the request body", e);
        }
    }

    /**
     * Blocks as the JDK client's {@code send} does: it waits for {@link #sendAsync}, cancels the exchange and throws
     * {@link InterruptedException} when the thread is interrupted (or already was), and rethrows a failure as a new
     * exception of the same kind with the same message, the original as its cause.
     */
    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        CompletableFuture<HttpResponse<T>> cf = sendAsync(request, handler);
        try {
            return cf.get();
        } catch (InterruptedException e) {
            cf.cancel(true);
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    private static IOException rethrown(Throwable t) {
        String msg = t.getMessage();
        if (t instanceof IllegalArgumentException) {
            throw new IllegalArgumentException(msg, t);
        }
        if (t instanceof java.net.http.HttpConnectTimeoutException) {
            IOException e = new java.net.http.HttpConnectTimeoutException(msg);
            e.initCause(t);
            return e;
        }
        if (t instanceof java.net.http.HttpTimeoutException) {
            return new java.net.http.HttpTimeoutException(msg);
        }
        if (t instanceof java.net.ConnectException) {
            IOException e = new java.net.ConnectException(msg);
            e.initCause(t);
            return e;
        }
        return new IOException(msg, t);
    }

    /** Exchanges that were cancelled (a {@link Hang} whose caller was interrupted). */
    public int cancelled() {
        return cancelled.get();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request, HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
        return sendAsync(request, handler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.of(Duration.ofSeconds(1));
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        return null;
    }

    @Override
    public SSLParameters sslParameters() {
        return null;
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.empty();
    }

    private record FakeResponse<T>(int statusCode, HttpHeaders headers, T body, HttpRequest request)
            implements HttpResponse<T> {
        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }
}
