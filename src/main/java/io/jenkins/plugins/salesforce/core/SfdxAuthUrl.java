package io.jenkins.plugins.salesforce.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * An SFDX auth URL, {@code force://<clientId>:<clientSecret>:<refreshToken>@<host>}: the long-lived credential that
 * {@code sf org auth show-sfdx-auth-url --target-org <alias> --json} prints for an org authorised by web login (older
 * CLIs printed it in {@code sf org display --verbose --json}; today's print {@code [REDACTED]} there).
 *
 * <p>Parsing follows the plugin's rules (docs/auth-url.md), which are stricter than sfdx-core:
 * <ul>
 *   <li>Surrounding whitespace is trimmed; then the whole string must match, with nothing after the host but one
 *       optional {@code /}. The scheme is exactly {@code force://}, in lower case.
 *   <li>Exactly three {@code :}-separated parts before the {@code @}: client id (not empty), client secret (may be
 *       empty, as for the CLI's {@code PlatformCLI} app) and refresh token (not empty, not {@code undefined} or
 *       {@code null}). Each is made of letters, digits, {@code . _ -}, with up to two {@code =} at the end. A
 *       {@code %} means the URL was percent-encoded, which is refused: nothing is decoded.
 *   <li>The host has no scheme, {@code @}, path, query or fragment. It is lower-cased, its port is kept, and it must
 *       pass the {@link SalesforceHosts} allowlist, which also gives the login URL.
 * </ul>
 *
 * <p>Every rejection is a {@link SalesforceAuthException} with {@link Reason#BAD_INPUT} that names the wrong part
 * (scheme, client id, client secret, refresh token, host, port or the trailing text) and the fix. No message
 * repeats any part of the input except the host, so the client secret and the refresh token never leak into a log
 * or a form error. {@link #toString()} shows the client id and the host only; {@link #format()} is the one method
 * that reveals the secrets.
 */
public final class SfdxAuthUrl {

    static final String SCHEME = "force://";

    /** Far longer than any real auth URL (about 200 characters); longer input is refused before it is looked at. */
    static final int MAX_LENGTH = 4096;

    private static final String FIELD = "the auth URL";
    private static final String PART_CHARS = "letters, digits, '.', '_' and '-', with at most two '=' at the end";
    /** The command that prints the auth URL with today's CLI. */
    static final String EXPORT_COMMAND = "sf org auth show-sfdx-auth-url --target-org <alias> --json";

    /** How the CLI writes a secret it hides: {@code [REDACTED] Use 'sf org auth show-sfdx-auth-url' to view}. */
    static final String REDACTED = "[REDACTED]";

    private static final String FIX_EXPORT =
            "Copy the sfdxAuthUrl value that `" + EXPORT_COMMAND + "` prints, exactly as it is.";
    private static final String FIX_REEXPORT = "Authorise the org with `sf org login web`, then copy the sfdxAuthUrl"
            + " that `" + EXPORT_COMMAND + "` prints.";
    private static final String FIX_REDACTED = "Run `" + EXPORT_COMMAND + "` instead and give its whole output, or"
            + " only the force:// URL in it.";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String clientId;
    private final SecretText clientSecret;
    private final SecretText refreshToken;
    private final String host;
    private final URI loginUrl;

    private SfdxAuthUrl(String clientId, SecretText clientSecret, SecretText refreshToken, String host, URI loginUrl) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.host = host;
        this.loginUrl = loginUrl;
    }

    /**
     * Parses and validates an auth URL.
     *
     * @param text the auth URL, as pasted or read from a file (surrounding whitespace is ignored)
     * @param hosts the allowlist the host must pass
     * @throws SalesforceAuthException with {@link Reason#BAD_INPUT} naming the wrong part and the fix
     */
    public static SfdxAuthUrl parse(String text, SalesforceHosts hosts) {
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

    /**
     * Builds an auth URL from its parts, with the same checks as {@link #parse(String, SalesforceHosts)}.
     *
     * @param clientSecret the connected app's secret; null or empty for none
     * @param host the host with an optional port, without a scheme ({@code acme.my.salesforce.com:6101}); as in a
     *     URL, one trailing {@code /} is ignored
     * @throws SalesforceAuthException with {@link Reason#BAD_INPUT} naming the wrong part and the fix
     */
    public static SfdxAuthUrl of(
            String clientId, SecretText clientSecret, SecretText refreshToken, String host, SalesforceHosts hosts) {
        Objects.requireNonNull(hosts, "hosts");
        String id = checkPart(clientId == null ? "" : clientId, "client id", false);
        String secret = checkPart(clientSecret == null ? "" : clientSecret.reveal(), "client secret", true);
        String token = checkToken(refreshToken == null ? "" : refreshToken.reveal());
        String hostAndPort = hostPart(host == null ? "" : host.strip());
        return build(id, secret, token, hostAndPort, hosts);
    }

    /**
     * Reads an auth URL from a file's or a secret's text, as users keep it: the JSON output of {@code sf org auth
     * show-sfdx-auth-url --json} or of an older CLI's {@code sf org display --verbose --json} (text starting with
     * <code>{</code>, see {@link #fromSfdxJson}), or the bare auth URL (see {@link #parse}). The registration step and
     * the CLI accept all three. Text in which today's CLI hid the URL ({@code [REDACTED]}, as {@code sf org display
     * --verbose} prints it) is refused with a message that names the command to run instead.
     *
     * @throws SalesforceAuthException with {@link Reason#BAD_INPUT}, never quoting the text
     */
    public static SfdxAuthUrl read(String text, SalesforceHosts hosts) {
        if (text != null && text.strip().startsWith("{")) {
            return fromSfdxJson(text, hosts);
        }
        if (text != null && text.length() <= MAX_LENGTH * 2 && text.contains(REDACTED)) {
            throw bad(
                    "The text holds no auth URL: the sf CLI replaced it by " + REDACTED + " (today's `sf org display"
                            + " --verbose` no longer prints it).",
                    FIX_REDACTED);
        }
        return parse(text, hosts);
    }

    /**
     * Reads the auth URL from the JSON that {@code sf org auth show-sfdx-auth-url --json} prints (and older CLIs'
     * {@code sf org display --verbose --json}): {@code result.sfdxAuthUrl}, or else a top-level {@code sfdxAuthUrl}
     * (the file that {@code sf org login sfdx-url --sfdx-url-file} reads). A value the CLI hid ({@code [REDACTED]
     * Use ...}) is refused with a message that names the command that prints it.
     *
     * <p>Errors never quote the document: a JSON syntax error says only that the text is not JSON, with no cause
     * attached, because Jackson's messages repeat the input.
     *
     * @throws SalesforceAuthException with {@link Reason#BAD_INPUT} when the text is not JSON, has no
     *     {@code sfdxAuthUrl}, or holds an auth URL that {@link #parse(String, SalesforceHosts)} refuses
     */
    public static SfdxAuthUrl fromSfdxJson(String json, SalesforceHosts hosts) {
        Objects.requireNonNull(hosts, "hosts");
        if (json == null || json.isBlank()) {
            throw bad("The sfdx JSON is empty.", FIX_REEXPORT);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException | RuntimeException e) {
            // No cause and no message from Jackson: both would quote the document, auth URL included.
            throw bad(
                    "The sfdx JSON could not be read: it is not one well-formed JSON document (or it repeats a key).",
                    "Paste the whole output of `" + EXPORT_COMMAND + "`, or only the auth URL itself.");
        }
        if (root == null || !root.isObject()) {
            throw bad("The sfdx JSON is not a JSON object.", FIX_REEXPORT);
        }
        String where = "result.sfdxAuthUrl";
        JsonNode value = root.path("result").path("sfdxAuthUrl");
        if (value.isMissingNode() || value.isNull()) {
            where = "sfdxAuthUrl";
            value = root.path("sfdxAuthUrl");
        }
        if (value.isMissingNode() || value.isNull()) {
            JsonNode status = root.path("status");
            String failed = status.isNumber() && status.asInt() != 0
                    ? " It is the output of a failed sf command (status " + status.asInt() + ")."
                    : "";
            throw bad(
                    "The sfdx JSON has no sfdxAuthUrl (looked at result.sfdxAuthUrl and sfdxAuthUrl)." + failed,
                    "Run `" + EXPORT_COMMAND + "`: an org has an auth URL only if it was authorised by web login"
                            + " (`sf org login web`), not by JWT.");
        }
        if (!value.isTextual()) {
            throw bad("The sfdx JSON's " + where + " is not a string.", FIX_REEXPORT);
        }
        if (value.textValue().strip().startsWith(REDACTED)) {
            throw bad(
                    "The sfdx JSON's " + where + " is " + REDACTED + ": the sf CLI hid the auth URL (today's `sf org"
                            + " display --verbose --json` no longer prints it).",
                    FIX_REDACTED);
        }
        try {
            return parse(value.textValue(), hosts);
        } catch (SalesforceAuthException e) {
            throw e.withDetail("In the sfdx JSON's " + where + ": " + e.detail());
        }
    }

    /** The connected app's consumer key, for example {@code PlatformCLI}. */
    public String clientId() {
        return clientId;
    }

    /** The connected app's consumer secret; empty (never null) when the URL has none. */
    public SecretText clientSecret() {
        return clientSecret;
    }

    /** The refresh token. */
    public SecretText refreshToken() {
        return refreshToken;
    }

    /** The host in lower case, with its port when the URL has one: {@code acme.my.salesforce.com:6101}. */
    public String host() {
        return host;
    }

    /**
     * The origin to send the refresh grant to: {@code https://<host>}, or {@code http://<host>} for a loopback host
     * an administrator allowed with http (the emulator). Comes from {@link SalesforceHosts#originFor}.
     */
    public URI loginUrl() {
        return loginUrl;
    }

    /**
     * The auth URL as text, {@code force://<clientId>:<clientSecret>:<refreshToken>@<host>}, which parses back to an
     * equal value.
     *
     * <p><b>This is the only method that reveals the client secret and the refresh token.</b> Call it only to hand
     * the URL to a caller that is allowed to export it, or to store it encrypted; never log the result.
     */
    public String format() {
        return SCHEME + clientId + ":" + clientSecret.reveal() + ":" + refreshToken.reveal() + "@" + host;
    }

    /** Shows the client id and the host; never the client secret or the refresh token. */
    @Override
    public String toString() {
        return "SfdxAuthUrl[clientId=" + clientId + ", clientSecret=" + (clientSecret.isEmpty() ? "(none)" : "****")
                + ", refreshToken=****, host=" + host + ", loginUrl=" + loginUrl + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SfdxAuthUrl other
                && clientId.equals(other.clientId)
                && host.equals(other.host)
                && loginUrl.equals(other.loginUrl)
                && clientSecret.equals(other.clientSecret)
                && refreshToken.equals(other.refreshToken);
    }

    /** Hashes the public parts only, so that the hash says nothing about the secrets. */
    @Override
    public int hashCode() {
        return Objects.hash(clientId, host, loginUrl);
    }

    // ---- the parts ------------------------------------------------------------------------------------------------

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
                        "The trailing text after the host is a path: an auth URL ends with the host (one trailing '/' is"
                                + " allowed).",
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

    private static SalesforceAuthException bad(String detail, String fix) {
        return SalesforceAuthException.of(Reason.BAD_INPUT, detail, fix);
    }
}
