package io.jenkins.plugins.salesforce.core.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport over a real {@link HttpClient} and a raw loopback socket, for the faults only the wire can produce:
 * a body cut short, an answer slower than the timeout, a refused connection. It checks that the JDK reports them the
 * way the transport expects.
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
                try (Socket s = server.accept()) {
                    connections.incrementAndGet();
                    readRequest(s.getInputStream());
                    answer.accept(s.getOutputStream());
                } catch (IOException e) {
                    return;
                }
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

    private SalesforceHttp http(Duration timeout) {
        return new SalesforceHttp(
                client, timeout, new RetryPolicy(2, Duration.ZERO, Duration.ZERO, d -> {}, () -> 0));
    }

    private static SalesforceRequest get(URI uri) {
        return SalesforceRequest.get(Flow.REST, "The API version lookup", uri, SecretText.of("00D!AQ0token"));
    }

    @Test
    void aNormalAnswerIsParsed() throws IOException {
        String body = "[{\"version\":\"66.0\"}]";
        URI uri = serve(out -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body));
        assertThat(http(Duration.ofSeconds(5)).send(get(uri)).get(0).get("version").asText(), is("66.0"));
    }

    @Test
    void aBodyCutShortIsUnreachableAndRetried() throws IOException {
        URI uri = serve(out -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n"
                + "\r\n[{\"version\":"));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http(Duration.ofSeconds(5)).send(get(uri)));
        assertThat(e.reason(), is(Reason.UNREACHABLE));
        assertThat(connections.get(), is(3));
    }

    @Test
    void aCompleteButTruncatedDocumentIsABadResponseAndNotRetried() throws IOException {
        URI uri = serve(out -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n"
                + "Connection: close\r\n\r\n[{\"version\":"));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http(Duration.ofSeconds(5)).send(get(uri)));
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
                SalesforceAuthException.class, () -> http(Duration.ofMillis(200)).send(get(uri)));
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
                client, Duration.ofSeconds(5), new RetryPolicy(2, Duration.ZERO, Duration.ZERO, d -> sleeps.incrementAndGet(), () -> 0));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http.send(get(uri)));
        assertThat(e.reason(), is(Reason.UNREACHABLE));
        assertThat(e.getMessage(), containsString("refused"));
        assertThat(sleeps.get(), is(2));
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerIsUnreachable() throws IOException {
        URI uri = serve(out -> {});
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> http(Duration.ofSeconds(5)).send(get(uri)));
        assertThat(e.reason(), is(Reason.UNREACHABLE));
    }
}
