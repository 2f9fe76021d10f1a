package io.jenkins.plugins.salesforce.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host and an optional port as written without a scheme ({@code acme.my.salesforce.com:6101}, {@code [::1]},
 * {@code 127.0.0.1:8765}), checked for form only: whether the host may be trusted is {@link SalesforceHosts}'s
 * decision. The host is kept in lower case; the port is {@link #ANY_PORT} when the text names none.
 *
 * <p>A host is a DNS host name (letters, digits and {@code -}, no {@code _}), a dotted IPv4 address without leading
 * zeros, or a bracketed IPv6 address. Errors are {@link Reason#BAD_INPUT}, name the field and never repeat more of the
 * input than the host.
 */
record HostPort(String host, int port) {

    /** The port of a text that names none. */
    static final int ANY_PORT = -1;

    static final String FIX_HOST_ONLY =
            "Give the host name only, for example acme.my.salesforce.com or acme.my.salesforce.com:6101.";

    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern HOST_NAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9a-f:.]{2,45}\\]");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
    private static final Pattern HAS_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*", Pattern.DOTALL);

    /**
     * Reads {@code host[:port]}.
     *
     * @param field where the text came from, in words, for the error message
     * @throws SalesforceAuthException with {@link Reason#BAD_INPUT} when the host is empty or malformed, contains
     *     {@code @}, or the port is not a number from 1 to 65535
     */
    static HostPort parse(String text, String field) {
        String hostText;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw bad("The host in " + field + " is not a valid host name.", FIX_HOST_ONLY);
            }
            hostText = text.substring(0, close + 1);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != ':') {
                    throw bad("The host in " + field + " is not a valid host name.", FIX_HOST_ONLY);
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = text.indexOf(':');
            hostText = colon < 0 ? text : text.substring(0, colon);
            portText = colon < 0 ? null : text.substring(colon + 1);
        }
        if (hostText.isEmpty()) {
            throw bad("The host in " + field + " is empty.", FIX_HOST_ONLY);
        }
        if (hostText.indexOf('@') >= 0) {
            throw bad("The host in " + field + " must not contain '@' (a user name or a second host).", FIX_HOST_ONLY);
        }
        String host = normaliseHost(hostText);
        if (host == null) {
            throw bad(
                    "The host in " + field + " is not a valid host name (letters, digits, '-' and '.' only).",
                    FIX_HOST_ONLY);
        }
        return new HostPort(host, portText == null ? ANY_PORT : parsePort(portText, field));
    }

    private static int parsePort(String text, String field) {
        if (!PORT.matcher(text).matches() || Integer.parseInt(text) > 65535) {
            throw bad(
                    "Bad port in " + field + ": after the host, ':' must be followed by a port number from 1 to"
                            + " 65535 (no leading zeros).",
                    "Fix the port, or remove it to use the default https port.");
        }
        return Integer.parseInt(text);
    }

    /**
     * The host in lower case if it is a valid DNS host name, dotted IPv4 address (no leading zeros) or bracketed IPv6
     * address; null otherwise. Host names are restricted to letters, digits and '-' (no '_'), and a name whose last
     * label starts with a digit must be an IPv4 address.
     */
    static String normaliseHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            if (!IPV6_LITERAL.matcher(h).matches()) {
                return null;
            }
            try {
                InetAddress.getByName(h);
                return h;
            } catch (UnknownHostException e) {
                return null;
            }
        }
        if (h.length() > 253 || !HOST_NAME.matcher(h).matches()) {
            return null;
        }
        String last = h.substring(h.lastIndexOf('.') + 1);
        if (Character.isDigit(last.charAt(0))) {
            var m = IPV4.matcher(h);
            if (!m.matches()) {
                return null;
            }
            for (int i = 1; i <= 4; i++) {
                String octet = m.group(i);
                if (octet.length() > 1 && octet.charAt(0) == '0' || Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        return h;
    }

    /** Whether a normalised host is a loopback host: {@code localhost}, {@code 127.0.0.0/8} or {@code [::1]}. */
    static boolean isLoopback(String host) {
        if ("localhost".equals(host)) {
            return true;
        }
        var m = IPV4.matcher(host);
        if (m.matches()) {
            return "127".equals(m.group(1));
        }
        if (IPV6_LITERAL.matcher(host).matches()) {
            try {
                // A bracketed literal: InetAddress parses it and never asks DNS.
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** Whether a normalised host is a dotted IPv4 address. */
    static boolean isIpv4(String host) {
        return IPV4.matcher(host).matches();
    }

    /** Whether the text starts with a URL scheme such as {@code https://}, so it is a URL and not a bare host. */
    static boolean hasScheme(String text) {
        return HAS_SCHEME.matcher(text).matches();
    }

    /** How to name the scheme the text starts with: {@code https://}, {@code http://}, or "a scheme". */
    static String schemeWord(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            return "https://";
        }
        if (lower.startsWith("http://")) {
            return "http://";
        }
        return "a scheme (such as https://)";
    }

    private static SalesforceAuthException bad(String detail, String fix) {
        return SalesforceAuthException.of(Reason.BAD_INPUT, detail, fix);
    }
}
