package io.jenkins.plugins.salesforce.core;

import static io.jenkins.plugins.salesforce.core.HostPort.ANY_PORT;
import static io.jenkins.plugins.salesforce.core.HostPort.FIX_HOST_ONLY;
import static io.jenkins.plugins.salesforce.core.HostPort.hasScheme;
import static io.jenkins.plugins.salesforce.core.HostPort.schemeWord;
import static io.jenkins.plugins.salesforce.core.SalesforceDomains.SALESFORCE_SUFFIXES;
import static io.jenkins.plugins.salesforce.core.SalesforceDomains.apiHostForLightning;
import static io.jenkins.plugins.salesforce.core.SalesforceDomains.isLightningDomain;
import static io.jenkins.plugins.salesforce.core.SalesforceDomains.isSalesforceHost;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The hosts the plugin may send a Salesforce credential to: an immutable allowlist.
 *
 * <h2>Built-in Salesforce hosts</h2>
 * {@link #defaults()} allows {@code https} to any host that ends, on a dot boundary and in any case, with one of
 * {@link SalesforceDomains#SALESFORCE_SUFFIXES}: {@code .salesforce.com}, {@code .force.com}, {@code .cloudforce.com},
 * {@code .salesforce.mil}, {@code .crmforce.mil} and {@code .sfcrmproducts.cn}. So {@code acme.my.salesforce.com}
 * is allowed, while {@code evilsalesforce.com}, {@code salesforce.com.evil.com} and the bare {@code salesforce.com}
 * are not. URLs with a user name or password are never allowed, and plain {@code http} is never allowed for a
 * Salesforce host.
 *
 * <p><b>Ports.</b> A Salesforce host may carry an explicit port ({@code acme.my.salesforce.com:6101}), and the default
 * allowlist accepts it without an administrator's entry: an SFDX auth URL may name {@code host:6101} (one of the
 * auth-URL test vectors does), and sfdx-core keeps the port since July 2026. The port changes only where the request
 * goes, never which host is trusted, and any port from 1 to 65535 is accepted. A bad port (not a number, 0, above
 * 65535) is refused.
 *
 * <p><b>Lightning domains</b> ({@code *.lightning.force.com}, {@code *.lightning.crmforce.mil},
 * {@code *.lightning.sfcrmapps.cn}) serve the Lightning Experience UI, not the API. They are always refused, even
 * when an administrator entry would match them, with the advice "It should NOT be a lightning domain" and the
 * org's API host (its My Domain) to use instead.
 *
 * <h2>Hosts an administrator adds</h2>
 * Off by default. {@link #withAdditional(Collection)} takes entries in one of these forms:
 * <ul>
 *   <li>a host name or IP address, optionally with a port: {@code sf.internal.example.com},
 *       {@code 10.1.2.3:8443}, {@code localhost}. Allowed over {@code https} only.
 *   <li>a wildcard suffix: {@code *.example.com} allows every host below {@code example.com} (not
 *       {@code example.com} itself) over {@code https}. It needs at least two labels after {@code *.}.
 *   <li>an origin: {@code https://sf.internal.example.com:8443}, {@code http://127.0.0.1:8765},
 *       {@code http://localhost}. Plain {@code http} is accepted only for a loopback host ({@code localhost},
 *       {@code 127.0.0.0/8}, {@code [::1]}): that is how the plugin talks to the loopback Salesforce emulator,
 *       which serves plain HTTP on 127.0.0.1 with one port per simulated host.
 * </ul>
 * An entry without a port allows every port of its host; an entry with a port allows that port only. An entry
 * allows exactly the scheme it names ({@code https} when it names none).
 *
 * <p>The parts: {@link SalesforceDomains} knows Salesforce's own domains, {@link HostPort} reads a host and port,
 * {@link AllowedHostEntry} reads and matches one administrator entry; this class decides.
 */
public final class SalesforceHosts {

    private static final String HTTPS = AllowedHostEntry.HTTPS;
    private static final String HTTP = AllowedHostEntry.HTTP;

    static final String FIX_ADD_HOST = "Use the org's own Salesforce host (for example acme.my.salesforce.com), or ask"
            + " a Jenkins administrator to add the host to the allowed Salesforce hosts.";

    private static final SalesforceHosts DEFAULTS = new SalesforceHosts(List.of());

    private final List<AllowedHostEntry> additional;

    private SalesforceHosts(List<AllowedHostEntry> additional) {
        this.additional = List.copyOf(additional);
    }

    /** The plugin allowlist: the Salesforce suffixes over https, and no administrator entries. */
    public static SalesforceHosts defaults() {
        return DEFAULTS;
    }

    /**
     * This allowlist plus the entries an administrator added (forms in the class description). Null and blank
     * entries are skipped, so a text area with empty lines can be passed line by line; duplicates are kept once.
     *
     * @throws SalesforceAuthException with {@link Reason#BAD_INPUT} naming the first malformed entry
     */
    public SalesforceHosts withAdditional(Collection<String> entries) {
        Objects.requireNonNull(entries, "entries");
        Set<AllowedHostEntry> all = new LinkedHashSet<>(additional);
        for (String raw : entries) {
            if (raw != null && !raw.isBlank()) {
                all.add(AllowedHostEntry.parse(raw.strip()));
            }
        }
        return all.size() == additional.size() ? this : new SalesforceHosts(new ArrayList<>(all));
    }

    /** The administrator entries in their canonical form (lower case; {@code https://} dropped), in order. */
    public List<String> additionalEntries() {
        return additional.stream().map(AllowedHostEntry::toString).toList();
    }

    /**
     * The origin to use for a host taken from an auth URL: {@code https://host[:port]}, or {@code http://host[:port]}
     * when the host is a loopback host that an administrator added with {@code http://} (and not with https).
     *
     * @param hostAndPort a host with an optional port, for example {@code acme.my.salesforce.com:6101}
     * @param field where the host came from, in words, for the error message (for example {@code the auth URL})
     * @throws SalesforceAuthException with {@link Reason#BAD_INPUT} naming the field and the fix when the host is
     *     empty, malformed, has a bad port, is a Lightning domain, or is not allowed
     */
    public URI originFor(String hostAndPort, String field) {
        if (hostAndPort == null || hostAndPort.isBlank()) {
            throw bad("The host in " + field + " is empty.", FIX_HOST_ONLY);
        }
        if (hasScheme(hostAndPort)) {
            throw bad(
                    "The instance host in " + field + " must not include " + schemeWord(hostAndPort) + ".",
                    "Remove the scheme: write acme.my.salesforce.com, not https://acme.my.salesforce.com.");
        }
        HostPort hp = HostPort.parse(hostAndPort, field);
        checkNotLightning(hp.host(), field);
        String scheme = schemeAllowedFor(hp.host(), hp.port(), null);
        if (scheme == null) {
            throw hostNotAllowed(hp.host(), field);
        }
        return origin(scheme, hp.host(), hp.port());
    }

    /**
     * Checks a full URL given by a user or returned by Salesforce ({@code instance_url}, a login URL, the
     * ScratchOrgInfo {@code LoginUrl}) and returns its origin, normalised: scheme and host in lower case, the port
     * kept as given, no path.
     *
     * <p>Refused: anything that is not an absolute {@code https} URL (or {@code http} to an administrator's loopback
     * entry), a user name or password, a query, a fragment, and any path other than a single {@code /}.
     * The error names the field and, where it helps, the host; it never repeats the rest of the URL.
     *
     * @throws SalesforceAuthException with {@link Reason#BAD_INPUT}
     */
    public URI requireAllowed(String url, String field) {
        String what = capitalise(field);
        if (url == null || url.isBlank()) {
            throw bad(what + " is empty.", "Give the org's URL, for example https://acme.my.salesforce.com.");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            // No cause: the parser's message quotes the input.
            throw bad(what + " is not a valid URL.", "Give an origin such as https://acme.my.salesforce.com.");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!HTTPS.equals(scheme) && !HTTP.equals(scheme) || uri.isOpaque()) {
            throw bad(what + " must start with https://.", "Give an origin such as https://acme.my.salesforce.com.");
        }
        if (uri.getRawUserInfo() != null
                || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            throw bad(
                    what + " must not contain a user name or password (the part before '@').",
                    "Give the origin only, for example https://acme.my.salesforce.com.");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw bad(
                    what + " must not contain a query ('?') or a fragment ('#').",
                    "Give the origin only, for example https://acme.my.salesforce.com.");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !"/".equals(path)) {
            throw bad(
                    what + " must not contain a path; only a single trailing '/' is allowed.",
                    "Give the origin only, for example https://acme.my.salesforce.com.");
        }
        String authority = uri.getRawAuthority();
        if (uri.getHost() == null || authority == null) {
            throw bad(what + " does not contain a valid host name.", FIX_HOST_ONLY);
        }
        HostPort hp = HostPort.parse(authority, field);
        checkNotLightning(hp.host(), field);
        String allowed = schemeAllowedFor(hp.host(), hp.port(), scheme);
        if (allowed == null) {
            if (HTTP.equals(scheme) && schemeAllowedFor(hp.host(), hp.port(), HTTPS) != null) {
                throw bad(
                        what + " must use https://: plain http is allowed only for a loopback host that an"
                                + " administrator added with http:// (the Salesforce emulator).",
                        "Use https://" + hp.host() + (hp.port() == ANY_PORT ? "" : ":" + hp.port()) + ".");
            }
            throw hostNotAllowed(hp.host(), field);
        }
        return origin(allowed, hp.host(), hp.port());
    }

    /** Whether {@link #requireAllowed(String, String)} would accept the URL; false for null. */
    public boolean isAllowed(URI uri) {
        if (uri == null) {
            return false;
        }
        try {
            requireAllowed(uri.toString(), "the URL");
            return true;
        } catch (SalesforceAuthException e) {
            return false;
        }
    }

    // ---- matching -------------------------------------------------------------------------------------------------

    /**
     * The scheme to use for the host and port, or null when nothing allows it. With a wanted scheme, only that scheme
     * is considered. Salesforce hosts are https only. Among administrator entries, one that names the port wins over
     * one that allows any port, and https wins over http.
     */
    private String schemeAllowedFor(String host, int port, String wanted) {
        if (isSalesforceHost(host) && (wanted == null || HTTPS.equals(wanted))) {
            return HTTPS;
        }
        String best = null;
        int bestRank = -1;
        for (AllowedHostEntry e : additional) {
            if ((wanted == null || e.scheme().equals(wanted)) && e.matches(host, port)) {
                int rank = (e.port() == ANY_PORT ? 0 : 2) + (HTTPS.equals(e.scheme()) ? 1 : 0);
                if (rank > bestRank) {
                    bestRank = rank;
                    best = e.scheme();
                }
            }
        }
        return best;
    }

    /** Refuses a Lightning Experience domain, naming the org's API host where it can tell it. */
    static void checkNotLightning(String host, String field) {
        if (isLightningDomain(host)) {
            String api = apiHostForLightning(host);
            throw bad(
                    "Host '" + host + "' in " + field + " is a Lightning Experience domain, which does not serve the"
                            + " API. It should NOT be a lightning domain.",
                    api == null
                            ? "Use the org's My Domain API host instead, for example acme.my.salesforce.com."
                            : "Use the org's My Domain API host instead: " + api + ".");
        }
    }

    private static SalesforceAuthException hostNotAllowed(String host, String field) {
        return bad(
                "Host not allowed: '" + host + "' in " + field
                        + " is not a Salesforce host and not among the hosts an administrator allowed.",
                FIX_ADD_HOST);
    }

    private static URI origin(String scheme, String host, int port) {
        try {
            return new URI(scheme + "://" + host + (port == ANY_PORT ? "" : ":" + port));
        } catch (URISyntaxException e) {
            // Unreachable: host and port were validated. No cause, as everywhere in this class.
            throw bad("The host is not a valid host name.", FIX_HOST_ONLY);
        }
    }

    private static SalesforceAuthException bad(String detail, String fix) {
        return SalesforceAuthException.of(Reason.BAD_INPUT, detail, fix);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---- value semantics ------------------------------------------------------------------------------------------

    @Override
    public boolean equals(Object o) {
        return o instanceof SalesforceHosts other && additional.equals(other.additional);
    }

    @Override
    public int hashCode() {
        return additional.hashCode();
    }

    @Override
    public String toString() {
        return "SalesforceHosts"
                + SALESFORCE_SUFFIXES.stream().map(s -> "*" + s).toList()
                + (additional.isEmpty() ? "" : " + " + additionalEntries());
    }
}
