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
        try {
            return Optional.of(new URI(
                    url.getScheme().toLowerCase(Locale.ROOT),
                    null,
                    url.getHost().toLowerCase(Locale.ROOT),
                    url.getPort(),
                    null,
                    null,
                    null));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
