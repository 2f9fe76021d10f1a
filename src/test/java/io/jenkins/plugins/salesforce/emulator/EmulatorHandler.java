package io.jenkins.plugins.salesforce.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

/**
 * The one handler behind every host: records the request, applies a matching fault, routes to the endpoint (with
 * the state lock held) and sends the answer.
 */
final class EmulatorHandler implements HttpHandler {
    /** Thrown to make the JDK server close the connection without (the rest of) a response. */
    static final class ConnectionAbort extends IOException {
        private static final long serialVersionUID = 1L;

        ConnectionAbort(String why) {
            super(why);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final SalesforceEmulator emulator;
    private final OAuthEndpoints oauth;
    private final DataEndpoints data;

    EmulatorHandler(SalesforceEmulator emulator) {
        this.emulator = emulator;
        this.oauth = new OAuthEndpoints(emulator);
        this.data = new DataEndpoints(emulator);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        int port = exchange.getLocalAddress().getPort();
        SalesforceEmulator.Host host = emulator.host(port);
        if (host == null) {
            throw new ConnectionAbort("retired host");
        }
        Call call = new Call(emulator, exchange, host, port);
        call.record = emulator.requests()
                .add(seq -> new RecordedRequest(
                        seq,
                        emulator.clock().instant(),
                        call.method,
                        Call.rawPath(exchange.getRequestURI()),
                        exchange.getRequestURI().getRawQuery(),
                        host.label(),
                        port,
                        call.endpoint));
        try {
            serve(call);
        } catch (ConnectionAbort e) {
            throw e;
        } catch (RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            send(call, Responses.restError(500, "UNKNOWN_EXCEPTION", "Emulator bug: " + e));
            System.err.println("Salesforce emulator: unexpected failure serving " + call.record + "\n" + trace);
        } finally {
            emulator.requests().finished(call.record);
        }
    }

    private void serve(Call call) throws IOException {
        Fault fault = emulator.faults().match(call.endpoint, call.port, call::org, call::grantType);
        if (fault != null) {
            call.record.fault(fault.toString());
            pause(fault.delay());
            awaitGate(fault.gate());
            if (fault.kind() == Fault.Kind.RESET_BEFORE_BODY) {
                throw new ConnectionAbort("fault: reset before body");
            }
        }
        noteForLog(call);
        Responses response;
        if (fault != null && fault.kind() == Fault.Kind.RESPOND) {
            response = Responses.text(fault.status(), fault.contentType(), fault.body(call.endpoint));
        } else {
            emulator.lock().lock();
            try {
                response = route(call);
            } finally {
                emulator.lock().unlock();
            }
        }
        Org org = call.org();
        if (org != null) {
            call.record.orgId(org.id());
        }
        if (fault != null && fault.kind() == Fault.Kind.RESET_AFTER_BODY) {
            throw new ConnectionAbort("fault: reset after body");
        }
        if (fault != null && fault.kind() == Fault.Kind.RESET_MID_RESPONSE) {
            sendHalf(call, response);
            throw new ConnectionAbort("fault: reset mid-response");
        }
        send(call, response);
    }

    private static void noteForLog(Call call) {
        if (call.endpoint == Endpoint.TOKEN || call.endpoint == Endpoint.INTROSPECT) {
            call.record.grantType(call.grantType());
            String clientId = call.param("client_id");
            if (clientId == null && call.endpoint == Endpoint.TOKEN) {
                Jwt jwt = Jwt.parse(call.form().get("assertion"));
                clientId = jwt == null ? null : jwt.iss;
            }
            call.record.clientId(clientId);
        }
    }

    private Responses route(Call call) {
        if (call.host.isInstance() && call.host.org().status() == Org.Status.DELETED) {
            return Responses.dataNotAvailable();
        }
        return switch (call.endpoint) {
            case TOKEN -> oauth.token(call);
            case REVOKE -> oauth.revoke(call);
            case INTROSPECT -> oauth.introspect(call);
            case USERINFO -> oauth.userinfo(call);
            case IDENTITY -> oauth.identity(call);
            case SINGLEACCESS -> oauth.singleaccess(call);
            case FRONTDOOR -> oauth.frontdoor(call);
            case LOGIN_PAGE -> oauth.loginPage(call);
            case API_VERSIONS -> data.versions(call);
            case API_RESOURCES,
                    LIMITS,
                    QUERY,
                    TOOLING_QUERY,
                    USER_RECORD,
                    SCRATCH_ORG_INFO,
                    SCRATCH_ORG_INFO_DESCRIBE,
                    SANDBOX_AUTH ->
                data.rest(call);
            case OTHER ->
                call.path.startsWith("/services/data")
                        ? Responses.notFound()
                        : Responses.text(404, Fault.HTML, "<html><body><h1>Not Found</h1></body></html>");
        };
    }

    private static void pause(Duration delay) throws ConnectionAbort {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionAbort("emulator closing");
        }
    }

    private static void awaitGate(java.util.concurrent.CountDownLatch gate) throws ConnectionAbort {
        if (gate == null) {
            return;
        }
        try {
            if (!gate.await(Fault.GATE_LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new ConnectionAbort("fault: the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionAbort("emulator closing");
        }
    }

    private static void send(Call call, Responses r) throws IOException {
        HttpExchange ex = call.exchange;
        call.record.status(r.status());
        headers(ex, r);
        if (r.body().length == 0) {
            ex.sendResponseHeaders(r.status(), -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(r.status(), r.body().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(r.body());
        }
    }

    private static void sendHalf(Call call, Responses r) throws IOException {
        HttpExchange ex = call.exchange;
        headers(ex, r);
        byte[] body = r.body().length > 1 ? r.body() : "{\"padding\":\"so that half a body exists\"}".getBytes();
        ex.sendResponseHeaders(r.status(), body.length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
    }

    private static void headers(HttpExchange ex, Responses r) {
        if (r.contentType() != null) {
            ex.getResponseHeaders().set("Content-Type", r.contentType());
        }
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            ex.getResponseHeaders().set(h.getKey(), h.getValue());
        }
    }
}
