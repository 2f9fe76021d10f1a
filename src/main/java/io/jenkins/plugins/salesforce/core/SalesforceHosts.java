package io.jenkins.plugins.salesforce.core;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The hosts the plugin may send a Salesforce credential to: an immutable allowlist.
 *
 * <h2>Built-in Salesforce hosts</h2>
 * {@link #defaults()} allows {@code https} to any host that ends, on a dot boundary and in any case, with one of
 * {@link #SALESFORCE_SUFFIXES}: {@code .salesforce.com}, {@code .force.com}, {@code .cloudforce.com},
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
 * <h2>Sandbox and scratch hints</h2>
 * {@link #isSandboxHint(URI)}, {@link #isScratchHint(URI)} and {@link #isDeveloperEditionHint(URI)} apply the old sfdx
 * URL heuristics. sfdx-core dropped URL-based sandbox detection because it is not deterministic; the Organization query
 * decides the org type ({@link OrgType#classify}). Use the hints only to choose a default (login URL, JWT audience).
 */
public final class SalesforceHosts {

    /** The host suffixes the plugin trusts without an administrator's help. */
    public static final List<String> SALESFORCE_SUFFIXES = List.of(
            ".salesforce.com",
            ".force.com",
            ".cloudforce.com",
            ".salesforce.mil",
            ".crmforce.mil",
            ".sfcrmproducts.cn");

    private static final List<String> LIGHTNING_SUFFIXES =
            List.of(".lightning.force.com", ".lightning.crmforce.mil", ".lightning.sfcrmapps.cn");

    /** Each Lightning suffix and the My Domain suffix that serves the same org's API. */
    private static final List<String[]> LIGHTNING_TO_API = List.of(
            new String[] {".lightning.force.com", ".my.salesforce.com"},
            new String[] {".lightning.crmforce.mil", ".my.salesforce.mil"},
            new String[] {".lightning.sfcrmapps.cn", ".my.sfcrmproducts.cn"});

    private static final String HTTPS = "https";
    private static final String HTTP = "http";
    private static final int ANY_PORT = -1;

    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern HOST_NAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9a-f:.]{2,45}\\]");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
    private static final Pattern HAS_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*", Pattern.DOTALL);

    private static final Pattern CS_INSTANCE = Pattern.compile("(?:^|\\.)cs\\d+(?:\\.my)?\\.salesforce\\.com$");
    private static final Pattern CS_FORCE = Pattern.compile("(?:^|\\.)cs\\d+\\.force\\.com$");
    private static final Pattern DOUBLE_DASH_MY_DOMAIN =
            Pattern.compile("^[a-z0-9-]+--[a-z0-9-]+\\.my\\.salesforce\\.com$");
    private static final Pattern FALCON =
            Pattern.compile("(?:^|\\.)[a-z]{3}\\d+s\\.sfdc-[a-z0-9-]+\\.(?:salesforce|force)\\.com$");

    static final String FIX_ADD_HOST = "Use the org's own Salesforce host (for example acme.my.salesforce.com), or ask"
            + " a Jenkins administrator to add the host to the allowed Salesforce hosts.";
    private static final String FIX_HOST_ONLY =
            "Give the host name only, for example acme.my.salesforce.com or acme.my.salesforce.com:6101.";
    private static final String FIX_ENTRY = "Write an entry as a host name (sf.internal.example.com), a wildcard"
            + " (*.example.com), or an origin (https://sf.internal.example.com:8443, http://127.0.0.1:8765).";

    private static final SalesforceHosts DEFAULTS = new SalesforceHosts(List.of());

    /**
     * How many answers each cache of an allowlist keeps before it starts again from empty: enough for every origin of
     * about 2,000 orgs (each has its own My Domain), so that orgs asked for in turn do not empty it each round.
     */
    static final int CACHE_LIMIT = 4096;

    private final List<Entry> additional;

    /**
     * What {@link #isAllowed(URI)} answered, by the exact text it judged. The answer is a function of that text and
     * this immutable allowlist only, so an entry never goes stale; caching it saves parsing the same few origins
     * again on every exchange (three checks per token grant).
     */
    private final BoundedCache<String, Boolean> verdicts = new BoundedCache<>(CACHE_LIMIT);

    /** What {@link #originFor(String, String)} returned, by its exact input; only accepted hosts are kept. */
    private final BoundedCache<String, URI> origins = new BoundedCache<>(CACHE_LIMIT);

    private SalesforceHosts(List<Entry> additional) {
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
        Set<Entry> all = new LinkedHashSet<>(additional);
        for (String raw : entries) {
            if (raw != null && !raw.isBlank()) {
                all.add(Entry.parse(raw.strip()));
            }
        }
        return all.size() == additional.size() ? this : new SalesforceHosts(new ArrayList<>(all));
    }

    /** The administrator entries in their canonical form (lower case; {@code https://} dropped), in order. */
    public List<String> additionalEntries() {
        return additional.stream().map(Entry::toString).toList();
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
        URI known = hostAndPort == null ? null : origins.get(hostAndPort);
        if (known != null) {
            return known;
        }
        URI origin = checkedOriginFor(hostAndPort, field);
        origins.put(hostAndPort, origin);
        return origin;
    }

    private URI checkedOriginFor(String hostAndPort, String field) {
        if (hostAndPort == null || hostAndPort.isBlank()) {
            throw bad("The host in " + field + " is empty.", FIX_HOST_ONLY);
        }
        if (hasScheme(hostAndPort)) {
            throw bad(
                    "The instance host in " + field + " must not include " + schemeWord(hostAndPort) + ".",
                    "Remove the scheme: write acme.my.salesforce.com, not https://acme.my.salesforce.com.");
        }
        HostPort hp = HostPort.parse(hostAndPort, field);
        checkNotLightning(hp.host, field);
        String scheme = schemeAllowedFor(hp.host, hp.port, null);
        if (scheme == null) {
            throw hostNotAllowed(hp.host, field);
        }
        return origin(scheme, hp.host, hp.port);
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
        checkNotLightning(hp.host, field);
        String allowed = schemeAllowedFor(hp.host, hp.port, scheme);
        if (allowed == null) {
            if (HTTP.equals(scheme) && schemeAllowedFor(hp.host, hp.port, HTTPS) != null) {
                throw bad(
                        what + " must use https://: plain http is allowed only for a loopback host that an"
                                + " administrator added with http:// (the Salesforce emulator).",
                        "Use https://" + hp.host + (hp.port == ANY_PORT ? "" : ":" + hp.port) + ".");
            }
            throw hostNotAllowed(hp.host, field);
        }
        return origin(allowed, hp.host, hp.port);
    }

    /** Whether {@link #requireAllowed(String, String)} would accept the URL; false for null. */
    public boolean isAllowed(URI uri) {
        if (uri == null) {
            return false;
        }
        String text = uri.toString();
        Boolean known = verdicts.get(text);
        if (known != null) {
            return known;
        }
        boolean allowed;
        try {
            requireAllowed(text, "the URL");
            allowed = true;
        } catch (SalesforceAuthException e) {
            allowed = false;
        }
        verdicts.put(text, allowed);
        return allowed;
    }

    /** How many answers the caches hold now (for tests: they stay bounded). */
    int cachedAnswers() {
        return verdicts.size() + origins.size();
    }

    /**
     * Whether the host is a Lightning Experience domain ({@code *.lightning.force.com},
     * {@code *.lightning.crmforce.mil}, {@code *.lightning.sfcrmapps.cn}), which cannot serve the API. Case does not
     * matter; a port is ignored; null gives false.
     */
    public static boolean isLightningDomain(String host) {
        if (host == null) {
            return false;
        }
        String h = stripPort(host.strip().toLowerCase(Locale.ROOT));
        for (String suffix : LIGHTNING_SUFFIXES) {
            if (h.endsWith(suffix) || h.equals(suffix.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the host ends, on a dot boundary and in any case, with one of {@link #SALESFORCE_SUFFIXES}. */
    public static boolean isSalesforceHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String suffix : SALESFORCE_SUFFIXES) {
            if (h.endsWith(suffix) && h.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A <em>hint</em> that the URL belongs to a sandbox, from the old sfdx heuristics: a {@code
     * .sandbox.my.salesforce.com} or {@code .sandbox.my.salesforce.mil} host, {@code csNN(.my).salesforce.com}, {@code
     * csNN.force.com}, {@code <word>--<word>.my.salesforce.com}, a Falcon {@code xxxNNs.sfdc-*} host, or {@code
     * test.salesforce.com}. It is not deterministic: decide the org type with the Organization query and use this only
     * to pick a default login URL or JWT audience. Null gives false.
     */
    public static boolean isSandboxHint(URI url) {
        String h = hostOf(url);
        if (h == null) {
            return false;
        }
        return h.endsWith(".sandbox.my.salesforce.com")
                || h.endsWith(".sandbox.my.salesforce.mil")
                || h.equals("test.salesforce.com")
                || CS_INSTANCE.matcher(h).find()
                || CS_FORCE.matcher(h).find()
                || DOUBLE_DASH_MY_DOMAIN.matcher(h).matches()
                || FALCON.matcher(h).find();
    }

    /**
     * A <em>hint</em> that an org with this instance name (for example {@code CS42} or {@code USA2S}) is a sandbox:
     * the name starts with {@code cs} or ends with {@code s}. Only a hint, like {@link #isSandboxHint(URI)}.
     */
    public static boolean isSandboxInstanceNameHint(String instanceName) {
        if (instanceName == null || instanceName.isBlank()) {
            return false;
        }
        String n = instanceName.strip().toLowerCase(Locale.ROOT);
        return n.startsWith("cs") || n.endsWith("s");
    }

    /**
     * A <em>hint</em> that the URL belongs to a scratch org: its host ends with {@code .scratch.my.salesforce.com}.
     * Only a hint, like {@link #isSandboxHint(URI)}. Null gives false.
     */
    public static boolean isScratchHint(URI url) {
        String h = hostOf(url);
        return h != null && h.endsWith(".scratch.my.salesforce.com");
    }

    /**
     * A <em>hint</em> that the URL belongs to a Developer Edition org: its host ends with
     * {@code .develop.my.salesforce.com}. Only a hint, like {@link #isSandboxHint(URI)}. Null gives false.
     */
    public static boolean isDeveloperEditionHint(URI url) {
        String h = hostOf(url);
        return h != null && h.endsWith(".develop.my.salesforce.com");
    }

    /**
     * The API host (My Domain) of the org a Lightning domain belongs to, for example {@code acme.my.salesforce.com}
     * for {@code acme.lightning.force.com}; null when the host is not a Lightning domain or names no org.
     */
    static String apiHostForLightning(String host) {
        String h = stripPort(host.toLowerCase(Locale.ROOT));
        for (String[] pair : LIGHTNING_TO_API) {
            if (h.endsWith(pair[0]) && h.length() > pair[0].length()) {
                return h.substring(0, h.length() - pair[0].length()) + pair[1];
            }
        }
        return null;
    }

    /** Whether the text starts with a URL scheme such as {@code https://}. */
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
        for (Entry e : additional) {
            if ((wanted == null || e.scheme.equals(wanted)) && e.matches(host, port)) {
                int rank = (e.port == ANY_PORT ? 0 : 2) + (HTTPS.equals(e.scheme) ? 1 : 0);
                if (rank > bestRank) {
                    bestRank = rank;
                    best = e.scheme;
                }
            }
        }
        return best;
    }

    private static void checkNotLightning(String host, String field) {
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

    private static String hostOf(URI url) {
        return url == null || url.getHost() == null ? null : url.getHost().toLowerCase(Locale.ROOT);
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            return host;
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

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

    static SalesforceAuthException bad(String detail, String fix) {
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

    // ---- parts ----------------------------------------------------------------------------------------------------

    /** A validated host (lower case) and port ({@link #ANY_PORT} when absent). */
    private record HostPort(String host, int port) {

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
                throw bad(
                        "The host in " + field + " must not contain '@' (a user name or a second host).",
                        FIX_HOST_ONLY);
            }
            String host = normaliseHost(hostText);
            if (host == null) {
                throw bad(
                        "The host in " + field + " is not a valid host name (letters, digits, '-' and '.' only).",
                        FIX_HOST_ONLY);
            }
            return new HostPort(host, portText == null ? ANY_PORT : parsePort(portText, field));
        }

        static int parsePort(String text, String field) {
            if (!PORT.matcher(text).matches() || Integer.parseInt(text) > 65535) {
                throw bad(
                        "Bad port in " + field + ": after the host, ':' must be followed by a port number from 1 to"
                                + " 65535 (no leading zeros).",
                        "Fix the port, or remove it to use the default https port.");
            }
            return Integer.parseInt(text);
        }
    }

    /** One administrator entry: a host (or, for a wildcard, a suffix starting with '.'), a scheme and a port. */
    private record Entry(String scheme, String host, boolean wildcard, int port) {

        static Entry parse(String raw) {
            String field = "the allowed Salesforce host entry '" + printable(raw) + "'";
            if (hasScheme(raw)) {
                return parseOrigin(raw, field);
            }
            if (raw.startsWith("*.")) {
                String suffix = normaliseHost(raw.substring(2));
                if (suffix == null
                        || suffix.startsWith("[")
                        || suffix.indexOf('.') < 0
                        || IPV4.matcher(suffix).matches()) {
                    throw bad(
                            "Malformed entry: a wildcard in " + field + " must be '*.' followed by a domain with at"
                                    + " least two labels, without a port (for example *.example.com).",
                            FIX_ENTRY);
                }
                return checked(new Entry(HTTPS, "." + suffix, true, ANY_PORT), field);
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
            return checked(new Entry(HTTPS, hp.host, false, hp.port), field);
        }

        private static Entry parseOrigin(String raw, String field) {
            URI uri;
            try {
                uri = new URI(raw);
            } catch (URISyntaxException e) {
                throw bad("Malformed entry: " + field + " is not a valid origin.", FIX_ENTRY);
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!HTTPS.equals(scheme) && !HTTP.equals(scheme)) {
                throw bad(
                        "Malformed entry: " + field + " must use https:// (or http:// for a loopback host).",
                        FIX_ENTRY);
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
                        "Malformed entry: a wildcard in " + field
                                + " is allowed only without a scheme (*.example.com).",
                        FIX_ENTRY);
            }
            HostPort hp = HostPort.parse(uri.getRawAuthority(), field);
            if (HTTP.equals(scheme) && !isLoopback(hp.host)) {
                throw bad(
                        "Malformed entry: " + field + " uses plain http, which is allowed only for a loopback host"
                                + " (localhost, 127.0.0.0/8, [::1]).",
                        "Use https:// for any other host.");
            }
            return checked(new Entry(scheme, hp.host, false, hp.port), field);
        }

        private static Entry checked(Entry e, String field) {
            String probe = e.wildcard ? "x" + e.host : e.host;
            checkNotLightning(probe, field);
            return e;
        }

        boolean matches(String candidateHost, int candidatePort) {
            if (port != ANY_PORT && port != candidatePort) {
                return false;
            }
            return wildcard
                    ? candidateHost.endsWith(host) && candidateHost.length() > host.length()
                    : candidateHost.equals(host);
        }

        @Override
        public String toString() {
            String hostPart = (wildcard ? "*" : "") + host + (port == ANY_PORT ? "" : ":" + port);
            return HTTP.equals(scheme) ? "http://" + hostPart : hostPart;
        }

        /** The entry as the administrator typed it, cut short and with control characters replaced, for messages. */
        private static String printable(String raw) {
            String cut = raw.length() > 100 ? raw.substring(0, 100) + "..." : raw;
            StringBuilder sb = new StringBuilder(cut.length());
            cut.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
            return sb.toString();
        }
    }
}
