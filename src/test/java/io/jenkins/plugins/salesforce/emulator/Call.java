package io.jenkins.plugins.salesforce.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One request being served: its host, endpoint, parameters and (lazily read) body. */
final class Call {
    final HttpExchange exchange;
    final SalesforceEmulator.Host host;
    final int port;
    final String method;
    final String path;
    final Endpoint endpoint;
    final Map<String, String> query;
    RecordedRequest record;
    private final SalesforceEmulator emulator;
    private byte[] body;
    private Map<String, String> form;
    private Org org;
    private boolean orgResolved;

    Call(SalesforceEmulator emulator, HttpExchange exchange, SalesforceEmulator.Host host, int port) {
        this.emulator = emulator;
        this.exchange = exchange;
        this.host = host;
        this.port = port;
        this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        this.path = decode(rawPath(exchange.getRequestURI()));
        this.endpoint = Endpoint.of(path);
        this.query = parseParams(exchange.getRequestURI().getRawQuery());
    }

    /** The request body, read once. */
    byte[] body() {
        if (body == null) {
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return body;
    }

    String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /** Form parameters, when the body is {@code application/x-www-form-urlencoded}; empty otherwise. */
    Map<String, String> form() {
        if (form == null) {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                form = parseParams(bodyText());
            } else {
                form = Map.of();
            }
        }
        return form;
    }

    /** A form parameter, else a query parameter. */
    String param(String name) {
        String v = "POST".equals(method) ? form().get(name) : null;
        return v != null ? v : query.get(name);
    }

    String grantType() {
        return endpoint == Endpoint.TOKEN && "POST".equals(method) ? form().get("grant_type") : null;
    }

    /** The access token from {@code Authorization: Bearer|OAuth <token>}, else null. */
    String authorizationToken() {
        String h = exchange.getRequestHeaders().getFirst("Authorization");
        if (h == null) {
            return null;
        }
        h = h.trim();
        int sp = h.indexOf(' ');
        if (sp < 0) {
            return null;
        }
        String scheme = h.substring(0, sp).toLowerCase(Locale.ROOT);
        return scheme.equals("bearer") || scheme.equals("oauth")
                ? h.substring(sp + 1).trim()
                : null;
    }

    /** The org the request concerns, as far as it can be told; may read the body. Null when unknown. */
    Org org() {
        if (!orgResolved) {
            orgResolved = true;
            org = resolveOrg();
        }
        return org;
    }

    private Org resolveOrg() {
        if (host.isInstance()) {
            return host.org();
        }
        switch (endpoint) {
            case IDENTITY -> {
                String[] parts = path.split("/");
                return parts.length >= 3 ? emulator.org(parts[2]) : null;
            }
            case TOKEN -> {
                String grant = grantType();
                if (GrantTypes.REFRESH_TOKEN.equals(grant)) {
                    RefreshToken t = emulator.refreshToken(form().get("refresh_token"));
                    return t == null ? null : t.org();
                }
                if (GrantTypes.AUTHORIZATION_CODE.equals(grant)) {
                    AuthCode c = emulator.authCode(form().get("code"));
                    return c == null ? null : c.user().org();
                }
                if (GrantTypes.JWT_BEARER.equals(grant)) {
                    Jwt jwt = Jwt.parse(form().get("assertion"));
                    User u = jwt == null ? null : emulator.findUser(jwt.sub);
                    return u == null ? null : u.org();
                }
                return null;
            }
            case REVOKE, INTROSPECT -> {
                String token = param("token");
                RefreshToken r = emulator.refreshToken(token);
                if (r != null) {
                    return r.org();
                }
                AccessToken a = emulator.accessToken(token);
                return a == null ? null : a.org();
            }
            default -> {
                String token = authorizationToken();
                if (token == null) {
                    token = query.get("oauth_token");
                }
                AccessToken a = emulator.accessToken(token);
                return a == null ? null : a.org();
            }
        }
    }

    /**
     * The request's path, with runs of {@code /} taken as one, as Salesforce does: a client whose instance URL ends
     * in {@code /} (as {@code sf org login access-token} stores it) asks for {@code //services/data}, which a URI
     * parser would read as the authority {@code services} and the path {@code /data}.
     */
    static String rawPath(java.net.URI target) {
        String raw = target.getRawPath() == null ? "" : target.getRawPath();
        if (target.getScheme() == null && target.getRawAuthority() != null) {
            raw = "//" + target.getRawAuthority() + raw;
        }
        return raw.replaceAll("/{2,}", "/");
    }

    private static String decode(String rawPath) {
        try {
            return java.net.URI.create(rawPath).getPath();
        } catch (IllegalArgumentException e) {
            return rawPath;
        }
    }

    static Map<String, String> parseParams(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                // a malformed %-escape: keep the parameter out, as a lenient server would
            }
        }
        return out;
    }
}
