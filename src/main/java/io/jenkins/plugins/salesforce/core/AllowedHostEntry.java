package io.jenkins.plugins.salesforce.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One host an administrator added to {@link SalesforceHosts}: a host (or, for a wildcard, a suffix starting with
 * {@code .}), the scheme it allows and its port ({@link HostPort#ANY_PORT} for every port). The forms an entry may take
 * are listed on {@link SalesforceHosts}; {@link #toString()} is its canonical form (lower case, {@code https://}
 * dropped).
 */
record AllowedHostEntry(String scheme, String host, boolean wildcard, int port) {

    static final String HTTPS = "https";
    static final String HTTP = "http";

    private static final String FIX_ENTRY = "Write an entry as a host name (sf.internal.example.com), a wildcard"
            + " (*.example.com), or an origin (https://sf.internal.example.com:8443, http://127.0.0.1:8765).";

    /**
     * Reads an entry as the administrator wrote it (stripped, not blank).
     *
     * @throws SalesforceAuthException with {@link Reason#BAD_INPUT} naming the entry and the forms an entry may take
     */
    static AllowedHostEntry parse(String raw) {
        String field = "the allowed Salesforce host entry '" + printable(raw) + "'";
        if (HostPort.hasScheme(raw)) {
            return parseOrigin(raw, field);
        }
        if (raw.startsWith("*.")) {
            String suffix = HostPort.normaliseHost(raw.substring(2));
            if (suffix == null || suffix.startsWith("[") || suffix.indexOf('.') < 0 || HostPort.isIpv4(suffix)) {
                throw bad(
                        "Malformed entry: a wildcard in " + field + " must be '*.' followed by a domain with at"
                                + " least two labels, without a port (for example *.example.com).",
                        FIX_ENTRY);
            }
            return checked(new AllowedHostEntry(HTTPS, "." + suffix, true, HostPort.ANY_PORT), field);
        }
        if (raw.indexOf('*') >= 0) {
            throw bad("Malformed entry: a wildcard in " + field + " is allowed only as a leading '*.'.", FIX_ENTRY);
        }
        if (raw.indexOf('/') >= 0 || raw.indexOf('@') >= 0 || raw.indexOf('?') >= 0 || raw.indexOf('#') >= 0) {
            throw bad(
                    "Malformed entry: " + field + " must be a host, a wildcard or an origin, without a path,"
                            + " user name or query.",
                    FIX_ENTRY);
        }
        HostPort hp = HostPort.parse(raw, field);
        return checked(new AllowedHostEntry(HTTPS, hp.host(), false, hp.port()), field);
    }

    private static AllowedHostEntry parseOrigin(String raw, String field) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw bad("Malformed entry: " + field + " is not a valid origin.", FIX_ENTRY);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!HTTPS.equals(scheme) && !HTTP.equals(scheme)) {
            throw bad("Malformed entry: " + field + " must use https:// (or http:// for a loopback host).", FIX_ENTRY);
        }
        String path = uri.getRawPath();
        if (uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || path != null && !path.isEmpty() && !"/".equals(path)
                || uri.getRawAuthority() == null
                || uri.getRawAuthority().contains("@")) {
            throw bad(
                    "Malformed entry: " + field + " must be an origin (scheme, host and optional port) without a"
                            + " path, user name, query or fragment.",
                    FIX_ENTRY);
        }
        if (uri.getRawAuthority().indexOf('*') >= 0) {
            throw bad(
                    "Malformed entry: a wildcard in " + field + " is allowed only without a scheme (*.example.com).",
                    FIX_ENTRY);
        }
        HostPort hp = HostPort.parse(uri.getRawAuthority(), field);
        if (HTTP.equals(scheme) && !HostPort.isLoopback(hp.host())) {
            throw bad(
                    "Malformed entry: " + field + " uses plain http, which is allowed only for a loopback host"
                            + " (localhost, 127.0.0.0/8, [::1]).",
                    "Use https:// for any other host.");
        }
        return checked(new AllowedHostEntry(scheme, hp.host(), false, hp.port()), field);
    }

    /** Refuses an entry that names a Lightning domain, as {@link SalesforceHosts} refuses such hosts. */
    private static AllowedHostEntry checked(AllowedHostEntry e, String field) {
        String probe = e.wildcard ? "x" + e.host : e.host;
        SalesforceHosts.checkNotLightning(probe, field);
        return e;
    }

    /** Whether the entry allows this host (lower case) on this port, whatever the scheme. */
    boolean matches(String candidateHost, int candidatePort) {
        if (port != HostPort.ANY_PORT && port != candidatePort) {
            return false;
        }
        return wildcard
                ? candidateHost.endsWith(host) && candidateHost.length() > host.length()
                : candidateHost.equals(host);
    }

    @Override
    public String toString() {
        String hostPart = (wildcard ? "*" : "") + host + (port == HostPort.ANY_PORT ? "" : ":" + port);
        return HTTP.equals(scheme) ? "http://" + hostPart : hostPart;
    }

    /** The entry as the administrator typed it, cut short and with control characters replaced, for messages. */
    private static String printable(String raw) {
        String cut = raw.length() > 100 ? raw.substring(0, 100) + "..." : raw;
        StringBuilder sb = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.toString();
    }

    private static SalesforceAuthException bad(String detail, String fix) {
        return SalesforceAuthException.of(Reason.BAD_INPUT, detail, fix);
    }
}
