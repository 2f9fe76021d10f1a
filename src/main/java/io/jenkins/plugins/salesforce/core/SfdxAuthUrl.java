package io.jenkins.plugins.salesforce.core;

import java.net.URI;
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
 *
 * <p>{@link SfdxAuthUrlParser} reads the URL's text; {@link SfCliOutput} finds it in what the sf CLI prints.
 */
public final class SfdxAuthUrl {

    static final String SCHEME = "force://";

    /** Far longer than any real auth URL (about 200 characters); longer input is refused before it is looked at. */
    static final int MAX_LENGTH = 4096;

    private final String clientId;
    private final SecretText clientSecret;
    private final SecretText refreshToken;
    private final String host;
    private final URI loginUrl;

    SfdxAuthUrl(String clientId, SecretText clientSecret, SecretText refreshToken, String host, URI loginUrl) {
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
        return SfdxAuthUrlParser.parse(text, hosts);
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
        return SfdxAuthUrlParser.of(clientId, clientSecret, refreshToken, host, hosts);
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
        return SfCliOutput.read(text, hosts);
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
        return SfCliOutput.fromSfdxJson(json, hosts);
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
}
