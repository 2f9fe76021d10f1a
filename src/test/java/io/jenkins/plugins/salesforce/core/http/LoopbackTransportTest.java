package io.jenkins.plugins.salesforce.core.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport over a real {@link HttpClient} and a raw loopback socket, for the faults only the wire can produce:
 * a body cut short, an answer slower than the timeout, a body that trickles past it, a body without end, a refused
 * connection, an interrupted caller. It checks that the JDK reports them the way the transport expects, and that the
 * JDK really drops the connection when the transport gives up.
 */
class LoopbackTransportTest {
    private ServerSocket server;
    private Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();
    private final HttpClient client = SalesforceHttp.configure(HttpClient.newBuilder())
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private URI serve(Consumer<OutputStream> answer) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                connections.incrementAndGet();
                // Each connection on its own thread, so that a slow answer does not hold back a retry.
                Thread handler = new Thread(() -> {
                    try (s) {
                        readRequest(s.getInputStream());
                        answer.accept(s.getOutputStream());
                    } catch (IOException e) {
                        // the client went away
                    }
                });
                handler.setDaemon(true);
                handler.start();
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/services/data");
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            head.append((char) c);
        }
    }

    private static void write(OutputStream out, String raw) {
        try {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the client gave up first; that is what some tests want
        }
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** Closed connections the server noticed: a write that failed because the client had closed its end. */
    private final AtomicInteger closedByClient = new AtomicInteger();

    private SalesforceHttp http(Duration timeout) {
        return http(timeout, 2);
    }

    private SalesforceHttp http(Duration timeout, int retries) {
        return new SalesforceHttp(
                client, timeout, new RetryPolicy(retries, Duration.ZERO, Duration.ZERO, d -> {}, () -> 0));
    }

    @AfterEach
    void nothingIsLeftBehind() {
        assertThat("stray interrupt flag", Thread.interrupted(), is(false));
    }

    /** Writes in small pieces until the client closes the connection or {@code limit} passes; notes a close. */
    private void trickle(OutputStream out, byte[] piece, Duration every, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        try {
            while (System.nanoTime() < end) {
                out.write(piece);
                out.flush();
                Thread.sleep(every.toMillis());
            }
        } catch (IOException e) {
            closedByClient.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitClosedByClient(int n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (closedByClient.get() < n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat("connections the client closed", closedByClient.get(), is(n));
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    private static SalesforceRequest get(URI uri) {
        return SalesforceRequest.get(Flow.REST, "The API version lookup", uri, SecretText.of("00D!AQ0token"));
    }

    @Test
    void aNormalAnswerIsParsed() throws IOException {
        String body = "[{\"version\":\"66.0\"}]";
        URI uri = serve(out -> write(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body));
        assertThat(
                http(Duration.ofSeconds(5)).send(get(uri)).get(0).get("version").asText(), is("66.0"));
    }

    @Test
    void aBodyCutShortIsUnreachableAndRetried() throws IOException {
        URI uri = serve(out -> write(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n" + "\r\n[{\"version\":"));
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> http(Duration.ofSeconds(5)).send(get(uri)));
        assertThat(e.reason(), is(Reason.UNREACHABLE));
        assertThat(connections.get(), is(3));
    }

    @Test
    void aCompleteButTruncatedDocumentIsABadResponseAndNotRetried() throws IOException {
        URI uri = serve(out -> write(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n"
                        + "Connection: close\r\n\r\n[{\"version\":"));
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> http(Duration.ofSeconds(5)).send(get(uri)));
        assertThat(e.reason(), is(Reason.BAD_RESPONSE));
        assertThat(connections.get(), is(1));
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsUnreachable() throws IOException {
        URI uri = serve(out -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        });
        long start = System.nanoTime();
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> http(Duration.ofMillis(200)).send(get(uri)));
        assertThat(e.reason(), is(Reason.UNREACHABLE));
        assertThat(e.getMessage(), containsString("timeout"));
        assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis() < 4000, is(true));
    }

    @Test
    void aRefusedConnectionIsUnreachableAndRetried() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/services/data");
        AtomicInteger sleeps = new AtomicInteger();
        SalesforceHttp http = new SalesforceHttp(
                client,
                Duration.ofSeconds(5),
                new RetryPolicy(2, Duration.ZERO, Duration.ZERO, d -> sleeps.incrementAndGet(), () -> 0));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http.send(get(uri)));
        assertThat(e.reason(), is(Reason.UNREACHABLE));
        assertThat(e.getMessage(), containsString("refused"));
        assertThat(sleeps.get(), is(2));
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerIsUnreachable() throws IOException {
        URI uri = serve(out -> {});
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> http(Duration.ofSeconds(5)).send(get(uri)));
        assertThat(e.reason(), is(Reason.UNREACHABLE));
    }

    @Test
    void aBodyTricklingPastTheDeadlineEndsAtTheDeadlineAndItsConnectionIsClosed() throws Exception {
        // Headers at once, then one byte every 20 ms of a 1,000-byte body: the JDK's own request timeout stops at the
        // headers, so only the transport's whole-answer deadline can end this.
        URI uri = serve(out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[");
            trickle(out, " ".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(20), Duration.ofSeconds(20));
        });
        long start = System.nanoTime();
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> http(Duration.ofMillis(400), 0).send(get(uri)));
        long took = millisSince(start);
        assertThat(e.reason(), is(Reason.UNREACHABLE));
        assertThat(e.getMessage(), containsString("no complete answer within the request timeout"));
        assertThat(took, greaterThanOrEqualTo(400L));
        assertThat(took, lessThan(5_000L));
        awaitClosedByClient(1);
    }

    @Test
    void aTimeoutIsRetriedAsThePolicySaysEachAttemptEndingAtItsDeadline() throws Exception {
        URI uri = serve(out -> trickle(out, new byte[0], Duration.ofMillis(10), Duration.ofSeconds(20)));
        long start = System.nanoTime();
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> http(Duration.ofMillis(200), 2).send(get(uri)));
        assertThat(e.reason(), is(Reason.UNREACHABLE));
        assertThat(e.getMessage(), containsString("Gave up after 3 attempts."));
        assertThat(connections.get(), is(3));
        assertThat(millisSince(start), greaterThanOrEqualTo(600L));
    }

    @Test
    void someoneElseInterruptingTheCallerEndsTheExchangeAtOnceWithoutRetry() throws Exception {
        URI uri = serve(out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n[");
            trickle(out, " ".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(20), Duration.ofSeconds(20));
        });
        Thread caller = Thread.currentThread();
        Thread aborter = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            caller.interrupt();
        });
        aborter.start();
        long start = System.nanoTime();
        SalesforceAuthException e;
        boolean flag;
        try {
            e = assertThrows(
                    SalesforceAuthException.class,
                    () -> http(Duration.ofSeconds(30), 2).send(get(uri)));
        } finally {
            flag = Thread.interrupted();
        }
        aborter.join();
        assertThat("interrupt flag kept", flag, is(true));
        assertThat(e.getMessage(), containsString("was interrupted"));
        assertThat(millisSince(start), lessThan(5_000L));
        assertThat(connections.get(), is(1));
        awaitClosedByClient(1);
    }

    @Test
    void anEndlessBodyIsRefusedAtTheSizeLimitWithoutWaitingForTheDeadline() throws Exception {
        // Chunked, so no length announces it: the limit has to be found while reading.
        byte[] chunk = ("8000\r\n" + " ".repeat(0x8000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        URI uri = serve(out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            trickle(out, chunk, Duration.ZERO, Duration.ofSeconds(60));
        });
        long start = System.nanoTime();
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> http(Duration.ofSeconds(30), 2).send(get(uri)));
        assertThat(e.reason(), is(Reason.BAD_RESPONSE));
        assertThat(e.getMessage(), containsString("larger than 16 MB"));
        assertThat(millisSince(start), lessThan(20_000L));
        assertThat("a bad response is not retried", connections.get(), is(1));
        awaitClosedByClient(1);
    }

    @Test
    void aBodyAnnouncedLargerThanTheLimitIsRefused() throws Exception {
        int length = SalesforceHttp.MAX_BODY_BYTES + 1;
        URI uri = serve(out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n");
            trickle(out, new byte[0x8000], Duration.ZERO, Duration.ofSeconds(60));
        });
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> http(Duration.ofSeconds(30), 2).send(get(uri)));
        assertThat(e.reason(), is(Reason.BAD_RESPONSE));
        assertThat(connections.get(), is(1));
    }

    @Test
    void exchangesThatRaceTheirDeadlineNeverLeaveAnInterruptBehind() throws Exception {
        String body = "[{\"version\":\"66.0\"}]";
        URI uri = serve(out -> {
            try {
                Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(0, 4));
            } catch (InterruptedException e) {
                return;
            }
            write(
                    out,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                            + "\r\nConnection: close\r\n\r\n" + body);
        });
        int answered = 0;
        int timedOut = 0;
        for (int i = 0; i < 300; i++) {
            try {
                http(Duration.ofMillis(2), 0).send(get(uri));
                answered++;
            } catch (SalesforceAuthException e) {
                assertThat(e.getMessage(), e.reason(), is(Reason.UNREACHABLE));
                timedOut++;
            }
            assertThat("interrupt flag after exchange " + i, Thread.interrupted(), is(false));
        }
        Thread.sleep(50);
        assertThat(Thread.interrupted(), is(false));
        assertThat(answered + timedOut, is(300));
        assertThat("some exchanges hit the deadline", timedOut, greaterThan(0));
    }

    @Test
    void onAVirtualThreadASlowAnswerEndsAtTheDeadlineToo() throws Exception {
        URI uri = serve(out -> trickle(out, new byte[0], Duration.ofMillis(10), Duration.ofSeconds(20)));
        java.util.concurrent.atomic.AtomicReference<String> outcome =
                new java.util.concurrent.atomic.AtomicReference<>();
        long start = System.nanoTime();
        Thread.ofVirtual()
                .start(() -> {
                    try {
                        http(Duration.ofMillis(300), 0).send(get(uri));
                        outcome.set("answered");
                    } catch (SalesforceAuthException e) {
                        outcome.set(e.reason() + ", interrupted "
                                + Thread.currentThread().isInterrupted());
                    }
                })
                .join();
        assertThat(outcome.get(), is("UNREACHABLE, interrupted false"));
        assertThat(millisSince(start), lessThan(5_000L));
    }

    @Test
    void aConnectionThatCannotBeOpenedInTimeIsAConnectTimeoutAndRetried() throws Exception {
        // A listening socket that never accepts, its backlog filled: the kernel drops further SYNs, so connecting
        // hangs until the client's connect timeout.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                boolean hangs = false;
                for (int i = 0; i < 8 && !hangs; i++) {
                    Socket filler = new Socket();
                    try {
                        filler.connect(full.getLocalSocketAddress(), 300);
                        fillers.add(filler);
                    } catch (java.net.SocketTimeoutException e) {
                        hangs = true; // the backlog is full and the kernel drops further connects
                        filler.close();
                    } catch (IOException e) {
                        filler.close();
                        break;
                    }
                }
                org.junit.jupiter.api.Assumptions.assumeTrue(
                        hangs,
                        "this OS refuses (or accepts) connects to a full backlog instead of leaving them hanging");
                HttpClient quickConnect = SalesforceHttp.configure(HttpClient.newBuilder())
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofMillis(200))
                        .build();
                AtomicInteger sleeps = new AtomicInteger();
                SalesforceHttp http = new SalesforceHttp(
                        quickConnect,
                        Duration.ofSeconds(5),
                        new RetryPolicy(2, Duration.ZERO, Duration.ZERO, d -> sleeps.incrementAndGet(), () -> 0));
                URI uri = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/services/data");
                long start = System.nanoTime();
                SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http.send(get(uri)));
                assertThat(e.reason(), is(Reason.UNREACHABLE));
                assertThat(e.getMessage(), containsString("could not be opened within the connect timeout"));
                assertThat(sleeps.get(), is(2));
                assertThat(millisSince(start), lessThan(4_000L));
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }
}
