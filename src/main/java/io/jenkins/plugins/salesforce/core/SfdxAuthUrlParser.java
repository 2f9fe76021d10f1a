package io.jenkins.plugins.salesforce.core;

import static io.jenkins.plugins.salesforce.core.SfdxAuthUrl.MAX_LENGTH;
import static io.jenkins.plugins.salesforce.core.SfdxAuthUrl.SCHEME;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads the text of an SFDX auth URL, {@code force://<clientId>:<clientSecret>:<refreshToken>@<host>}, by the rules
 * listed on {@link SfdxAuthUrl}. Every rejection is {@link Reason#BAD_INPUT}, names the wrong part and the fix, and
 * quotes no part of the input but the host.
 */
final class SfdxAuthUrlParser {

    /** The command that prints the auth URL with today's CLI. */
    static final String EXPORT_COMMAND = "sf org auth show-sfdx-auth-url --target-org <alias> --json";

    private static final String FIX_EXPORT =
            "Copy the sfdxAuthUrl value that `" + EXPORT_COMMAND + "` prints, exactly as it is.";
    static final String FIX_REEXPORT = "Authorise the org with `sf org login web`, then copy the sfdxAuthUrl"
            + " that `" + EXPORT_COMMAND + "` prints.";

    private static final String FIELD = "the auth URL";
    private static final String PART_CHARS = "letters, digits, '.', '_' and '-', with at most two '=' at the end";

    private SfdxAuthUrlParser() {}

    /** See {@link SfdxAuthUrl#parse(String, SalesforceHosts)}. */
    static SfdxAuthUrl parse(String text, SalesforceHosts hosts) {
        Objects.requireNonNull(hosts, "hosts");
        if (text == null) {
            throw bad("The auth URL is empty.", FIX_EXPORT);
        }
        if (text.length() > MAX_LENGTH * 2) {
            throw tooLong();
        }
        String s = trim(text);
        if (s.isEmpty()) {
            throw bad("The auth URL is empty.", FIX_EXPORT);
        }
        if (s.length() > MAX_LENGTH) {
            throw tooLong();
        }
        checkScheme(s);
        String rest = s.substring(SCHEME.length());
        int at = rest.indexOf('@');
        if (at < 0) {
            if (rest.indexOf('%') >= 0) {
                throw urlEncoded("auth URL");
            }
            throw bad(
                    "The auth URL has no '@' between the refresh token and the host.",
                    FIX_EXPORT + " Its shape is force://<clientId>:<clientSecret>:<refreshToken>@<host>.");
        }
        String[] parts = rest.substring(0, at).split(":", -1);
        checkPartCount(parts);
        String clientId = checkPart(parts[0], "client id", false);
        String secret = checkPart(parts[1], "client secret", true);
        String token = checkToken(parts[2]);
        String hostAndPort = hostPart(rest.substring(at + 1));
        return build(clientId, secret, token, hostAndPort, hosts);
    }

    /** See {@link SfdxAuthUrl#of(String, SecretText, SecretText, String, SalesforceHosts)}. */
    static SfdxAuthUrl of(
            String clientId, SecretText clientSecret, SecretText refreshToken, String host, SalesforceHosts hosts) {
        Objects.requireNonNull(hosts, "hosts");
        String id = checkPart(clientId == null ? "" : clientId, "client id", false);
        String secret = checkPart(clientSecret == null ? "" : clientSecret.reveal(), "client secret", true);
        String token = checkToken(refreshToken == null ? "" : refreshToken.reveal());
        String hostAndPort = hostPart(host == null ? "" : host.strip());
        return build(id, secret, token, hostAndPort, hosts);
    }

    private static SfdxAuthUrl build(
            String clientId, String secret, String token, String hostAndPort, SalesforceHosts hosts) {
        URI loginUrl = hosts.originFor(hostAndPort, FIELD);
        return new SfdxAuthUrl(
                clientId, SecretText.of(secret), SecretText.of(token), loginUrl.getRawAuthority(), loginUrl);
    }

    private static void checkScheme(String s) {
        if (s.startsWith(SCHEME)) {
            return;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith(SCHEME)) {
            throw bad("The scheme of the auth URL must be 'force://' in lower case.", FIX_EXPORT);
        }
        if (lower.startsWith("force%3a")) {
            throw bad(
                    "The scheme of the auth URL is percent-encoded (force%3A...): do not URL-encode the auth URL.",
                    FIX_EXPORT);
        }
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            throw bad(
                    "The scheme of the auth URL must be 'force://', not http(s)://: this looks like an instance URL,"
                            + " not an SFDX auth URL.",
                    FIX_EXPORT);
        }
        throw bad(
                "The scheme of the auth URL must be 'force://': the URL has the shape"
                        + " force://<clientId>:<clientSecret>:<refreshToken>@<host>.",
                FIX_EXPORT);
    }

    private static void checkPartCount(String[] parts) {
        if (parts.length == 3) {
            return;
        }
        if (parts.length == 1) {
            throw bad(
                    "The auth URL has only one part before '@' (the legacy form force://<refreshToken>@<host>); the"
                            + " client id and client secret are missing.",
                    FIX_REEXPORT + " It has three parts: client id, client secret (may be empty) and refresh token.");
        }
        if (parts.length == 2) {
            throw bad(
                    "The auth URL has two ':'-separated parts before '@' where three are needed (client id, client"
                            + " secret, refresh token)" + (parts[0].isEmpty() ? "; the client id is missing." : "."),
                    FIX_REEXPORT + " For the CLI's own connected app the URL starts with force://PlatformCLI::.");
        }
        throw bad(
                "The auth URL has " + parts.length + " ':'-separated parts before '@' where three are needed (client"
                        + " id, client secret, refresh token); none of them may contain ':'.",
                FIX_EXPORT);
    }

    /** Checks a client id or client secret and returns it. */
    private static String checkPart(String value, String name, boolean mayBeEmpty) {
        if (value.isEmpty()) {
            if (mayBeEmpty) {
                return value;
            }
            throw bad("The " + name + " is empty.", FIX_EXPORT);
        }
        if (value.length() > MAX_LENGTH) {
            throw bad("The " + name + " is longer than " + MAX_LENGTH + " characters.", FIX_EXPORT);
        }
        if (value.indexOf('%') >= 0) {
            throw urlEncoded(name);
        }
        int equalsAt = value.indexOf('=');
        String body = equalsAt < 0 ? value : value.substring(0, equalsAt);
        String padding = equalsAt < 0 ? "" : value.substring(equalsAt);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!isPartChar(c)) {
                throw bad(
                        "The " + name + " contains a character that is not allowed: only " + PART_CHARS + ".",
                        FIX_EXPORT);
            }
        }
        if (!padding.isEmpty() && (padding.length() > 2 || !padding.chars().allMatch(c -> c == '='))) {
            throw bad(
                    "The " + name + " has '=' in the wrong place: at most two '=' are allowed, and only at the end.",
                    FIX_EXPORT);
        }
        if (body.isEmpty()) {
            throw bad(
                    "The " + name + " is only '=' padding: it needs at least one letter, digit, '.', '_' or '-'.",
                    FIX_EXPORT);
        }
        return value;
    }

    private static String checkToken(String value) {
        if (value.isEmpty()) {
            throw bad("The refresh token is empty.", FIX_REEXPORT);
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("undefined") || lower.equals("null")) {
            throw bad(
                    "The refresh token is '" + lower + "'; re-export the URL from an org authorised by web login.",
                    FIX_REEXPORT + " Orgs authorised with JWT have no refresh token and so no auth URL.");
        }
        return checkPart(value, "refresh token", false);
    }

    /**
     * Checks the text after the '@' (up to one trailing '/') and returns the host with its port; the allowlist
     * checks it further.
     */
    private static String hostPart(String text) {
        if (HostPort.hasScheme(text)) {
            throw bad(
                    "The instance host must not include " + HostPort.schemeWord(text) + " in an auth URL.",
                    "Write the host alone after '@':"
                            + " force://<clientId>:<clientSecret>:<refreshToken>@acme.my.salesforce.com.");
        }
        int end = 0;
        while (end < text.length() && isHostChar(text.charAt(end))) {
            end++;
        }
        String host = text.substring(0, end);
        String tail = text.substring(end);
        if (!tail.isEmpty() && !tail.equals("/")) {
            throw badTail(tail.charAt(0));
        }
        if (host.isEmpty()) {
            throw bad(
                    "The host in the auth URL is empty: nothing follows the '@'.",
                    "Add the org's host after '@', for example acme.my.salesforce.com.");
        }
        return host;
    }

    private static boolean isPartChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
    }

    private static boolean isHostChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':';
    }

    private static SalesforceAuthException badTail(char first) {
        String fix = "End the auth URL with the host (and port), for example ...@acme.my.salesforce.com.";
        return switch (first) {
            case '@' ->
                bad(
                        "The host in the auth URL must not contain '@': the URL has a second '@' after the first.",
                        FIX_EXPORT);
            case '/' ->
                bad(
                        "The trailing text after the host is a path: an auth URL ends with the host (one trailing '/'"
                                + " is allowed).",
                        fix);
            case '?' -> bad("The trailing text after the host is a query ('?'): an auth URL has none.", fix);
            case '#' -> bad("The trailing text after the host is a fragment ('#'): an auth URL has none.", fix);
            case '%' -> urlEncoded("host");
            default ->
                Character.isWhitespace(first) || Character.isISOControl(first)
                        ? bad(
                                "The auth URL has trailing text after the host (after a space or line break): only one"
                                        + " trailing '/' is allowed.",
                                "Put one auth URL on its own, with nothing after it.")
                        : bad(
                                "The host in the auth URL contains a character that is not allowed: a host has letters,"
                                        + " digits, '-' and '.', then an optional ':' and port.",
                                fix);
        };
    }

    private static SalesforceAuthException urlEncoded(String name) {
        return bad(
                "The " + name + " contains '%': do not URL-encode the auth URL.",
                "Paste the auth URL exactly as `" + EXPORT_COMMAND + "` prints it, without percent-encoding.");
    }

    private static SalesforceAuthException tooLong() {
        return bad(
                "The auth URL is longer than " + MAX_LENGTH + " characters, so it cannot be an auth URL.", FIX_EXPORT);
    }

    /** Strips whitespace, control characters and a byte-order mark from both ends. */
    private static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isBlank(char c) {
        return c <= ' ' || c == '\uFEFF' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static SalesforceAuthException bad(String detail, String fix) {
        return SalesforceAuthException.of(Reason.BAD_INPUT, detail, fix);
    }
}
