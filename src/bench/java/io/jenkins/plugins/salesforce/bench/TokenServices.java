package io.jenkins.plugins.salesforce.bench;

import io.jenkins.plugins.salesforce.core.OrgTokens;

/** Builds the core's token service for a {@link Lab}; the one place that knows its constructor. */
final class TokenServices {
    private TokenServices() {}

    /** Whether the core has a token service yet (it is being written on another branch). */
    static boolean available() {
        return false;
    }

    static OrgTokens create(Lab lab) {
        throw new UnsupportedOperationException("TokenService is not merged into this branch yet");
    }
}
