package io.jenkins.plugins.salesforce.core.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** URL helpers shared by the grants and the REST calls. */
public final class Urls {
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
        try {
            return Optional.of(new URI(scheme, null, host, port, null, null, null));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** {@code new URI(text)}. */
    public static URI parse(String text) throws URISyntaxException {
        return new URI(text);
    }
}
