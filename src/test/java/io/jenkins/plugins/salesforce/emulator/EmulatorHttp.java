package io.jenkins.plugins.salesforce.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** A tiny HTTP client for the emulator's own tests: form posts, Bearer GETs, JSON reading. */
final class EmulatorHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    EmulatorHttp() {
        this(null);
    }

    /** A client for an HTTPS emulator: it trusts the emulator's CA (and nothing else). */
    EmulatorHttp(EmulatorTls tls) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            b.sslContext(tls.clientContext());
        }
        client = b.build();
    }

    /** {@code POST origin + path} with a form body built from name/value pairs. */
    HttpResponse<String> postForm(String origin, String path, String... pairs) {
        return send(HttpRequest.newBuilder(URI.create(origin + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(pairs)))
                .build());
    }

    HttpResponse<String> postJson(String origin, String path, String bearer, String json) {
        return send(HttpRequest.newBuilder(URI.create(origin + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** {@code GET origin + path} with an optional Bearer token (null for none). */
    HttpResponse<String> get(String origin, String path, String bearer) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(origin + path)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    /** A SOQL query against the data ({@code tooling=false}) or Tooling API. */
    HttpResponse<String> query(Org org, String bearer, boolean tooling, String soql) {
        return get(
                org.instanceUrl(),
                "/services/data/v66.0/" + (tooling ? "tooling/" : "") + "query?q="
                        + URLEncoder.encode(soql, StandardCharsets.UTF_8),
                bearer);
    }

    HttpResponse<String> refresh(String origin, String clientId, String secret, String refreshToken) {
        return secret == null || secret.isEmpty()
                ? postForm(
                        origin,
                        "/services/oauth2/token",
                        "grant_type",
                        "refresh_token",
                        "client_id",
                        clientId,
                        "refresh_token",
                        refreshToken)
                : postForm(
                        origin,
                        "/services/oauth2/token",
                        "grant_type",
                        "refresh_token",
                        "client_id",
                        clientId,
                        "client_secret",
                        secret,
                        "refresh_token",
                        refreshToken);
    }

    /** A refresh grant that must succeed; returns the access token. */
    String accessToken(String origin, RefreshToken token) {
        HttpResponse<String> r =
                refresh(origin, token.app().consumerKey(), token.app().secret(), token.value());
        if (r.statusCode() != 200) {
            throw new AssertionError("refresh grant failed: " + r.statusCode() + " " + r.body());
        }
        return json(r).get("access_token").asText();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #send} but returns the transport failure instead of throwing it. */
    Object sendCatching(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    static String form(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs expected");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        StringJoiner j = new StringJoiner("&");
        m.forEach((k, v) -> j.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }
}
