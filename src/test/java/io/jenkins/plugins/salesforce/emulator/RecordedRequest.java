package io.jenkins.plugins.salesforce.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * One request the emulator received. It holds no secret: query parameters that carry tokens, codes, OTPs or
 * assertions are stored as {@code ****}, headers and bodies are not stored, and the client id is the only form value
 * kept besides {@code grant_type}.
 */
public final class RecordedRequest {
    private static final Set<String> SECRET_PARAMS = Set.of(
            "token",
            "oauth_token",
            "access_token",
            "refresh_token",
            "otp",
            "sid",
            "code",
            "assertion",
            "client_secret",
            "code_verifier",
            "password");

    private final long sequence;
    private final Instant at;
    private final Instant wallTime = Instant.now();
    private final long nanoTime = System.nanoTime();
    private final String method;
    private final String path;
    private final String host;
    private final int port;
    private final Endpoint endpoint;
    private volatile String grantType;
    private volatile String clientId;
    private volatile String orgId;
    private volatile int status;
    private volatile String fault;

    RecordedRequest(
            long sequence,
            Instant at,
            String method,
            String rawPath,
            String rawQuery,
            String host,
            int port,
            Endpoint endpoint) {
        this.sequence = sequence;
        this.at = at;
        this.method = method;
        this.path = rawQuery == null || rawQuery.isEmpty() ? rawPath : rawPath + "?" + redactQuery(rawQuery);
        this.host = host;
        this.port = port;
        this.endpoint = endpoint;
    }

    /** The query string with the value of every secret-bearing parameter replaced by {@code ****}. */
    static String redactQuery(String rawQuery) {
        StringBuilder out = new StringBuilder();
        for (String pair : rawQuery.split("&")) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String decoded = URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            if (eq >= 0 && SECRET_PARAMS.contains(decoded)) {
                out.append(name).append("=****");
            } else {
                out.append(pair);
            }
        }
        return out.toString();
    }

    public long sequence() {
        return sequence;
    }

    /** Emulator clock time of arrival. */
    public Instant at() {
        return at;
    }

    /**
     * Real (system clock) time of arrival. The emulator clock usually stands still in tests; use this, or
     * {@link #nanoTime()}, to measure how long a client waited between retries.
     */
    public Instant wallTime() {
        return wallTime;
    }

    /** {@link System#nanoTime()} at arrival, for measuring gaps between requests. */
    public long nanoTime() {
        return nanoTime;
    }

    public String method() {
        return method;
    }

    /** Path and (redacted) query string, as sent (still URL-encoded). */
    public String path() {
        return path;
    }

    /** Which host: {@code login}, {@code test}, or {@code instance:<org name>}. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The {@code grant_type} of a token request (null if it was never read, e.g. reset before the body). */
    public String grantType() {
        return grantType;
    }

    public String clientId() {
        return clientId;
    }

    /** The 18-character id of the org the request concerned, when known. */
    public String orgId() {
        return orgId;
    }

    /** The status answered; 0 if the connection was closed without one. */
    public int status() {
        return status;
    }

    /** The fault applied, or null. */
    public String fault() {
        return fault;
    }

    void grantType(String g) {
        this.grantType = g;
    }

    void clientId(String c) {
        this.clientId = c;
    }

    void orgId(String id) {
        this.orgId = id;
    }

    void status(int s) {
        this.status = s;
    }

    void fault(String f) {
        this.fault = f;
    }

    /** One line, for example {@code #3 POST login:54321 /services/oauth2/token grant_type=refresh_token -> 200}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append('#')
                .append(sequence)
                .append(' ')
                .append(at)
                .append(' ')
                .append(method)
                .append(' ')
                .append(host)
                .append(':')
                .append(port)
                .append(' ')
                .append(path)
                .append(" [")
                .append(endpoint)
                .append(']');
        if (grantType != null) {
            sb.append(" grant_type=").append(grantType);
        }
        if (clientId != null) {
            sb.append(" client_id=").append(clientId);
        }
        if (orgId != null) {
            sb.append(" org=").append(orgId);
        }
        sb.append(" -> ").append(status == 0 ? "no response" : Integer.toString(status));
        if (fault != null) {
            sb.append(" (fault: ").append(fault).append(')');
        }
        return sb.toString();
    }
}
