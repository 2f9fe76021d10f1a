package io.jenkins.plugins.salesforce.core.http;

import io.jenkins.plugins.salesforce.core.BoundedCache;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * URL helpers shared by the grants and the REST calls. Every token grant parses the same few URLs again (the token
 * endpoint, the org's {@code instance_url}, the user's {@code id}), so parsed URLs and origins are remembered: a
 * {@link URI} is immutable and a function of its text, so a remembered one is the one a new parse would give.
 * Each cache is bounded (it starts again from empty when full), whatever URLs come along.
 */
public final class Urls {
    /**
     * How many URLs each cache keeps before it starts again from empty. Each org brings about two texts of its own
     * (its {@code instance_url} and its user's {@code id}), and a Jenkins with 500 orgs asks for all of them in turn:
     * a limit below that would empty the cache before any URL came round again. 4,096 covers about 2,000 orgs, at a
     * few hundred bytes per URL.
     */
    static final int CACHE_LIMIT = 4096;

    private static final BoundedCache<String, URI> PARSED = new BoundedCache<>(CACHE_LIMIT);
    private static final BoundedCache<String, URI> ORIGINS = new BoundedCache<>(CACHE_LIMIT);

    private Urls() {}

    /**
     * The origin of a URL ({@code scheme://host[:port]}, scheme and host in lower case, no path, query or user
     * info), which is what a host allowlist judges; empty when the URL has no scheme or host.
     */
    public static Optional<URI> origin(URI url) {
        if (url == null || url.getScheme() == null || url.getHost() == null) {
            return Optional.empty();
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        String key = scheme + "://" + host + ":" + port;
        URI known = ORIGINS.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            URI origin = new URI(scheme, null, host, port, null, null, null);
            ORIGINS.put(key, origin);
            return Optional.of(origin);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** {@code new URI(text)}, remembered by the exact text (a text that does not parse is not remembered). */
    public static URI parse(String text) throws URISyntaxException {
        URI known = PARSED.get(text);
        if (known != null) {
            return known;
        }
        URI uri = new URI(text);
        PARSED.put(text, uri);
        return uri;
    }

    /** How many URLs the caches hold now (for tests: they stay bounded). */
    static int cached() {
        return PARSED.size() + ORIGINS.size();
    }

    /** Forgets every remembered URL (tests start from empty with it). */
    static void forgetAll() {
        PARSED.clear();
        ORIGINS.clear();
    }
}
