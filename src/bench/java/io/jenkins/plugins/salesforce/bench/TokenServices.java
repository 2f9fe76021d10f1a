package io.jenkins.plugins.salesforce.bench;

import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;

/** Builds the core's token service for a {@link Lab}; the one place that knows its builder. */
final class TokenServices {
    private TokenServices() {}

    /** A cold token service on the lab's store, the given transport, the lab's allowlist and clock: 2 h sessions. */
    static TokenService create(Lab lab, SalesforceHttp http) {
        return TokenService.builder()
                .store(lab.store)
                .http(http)
                .hosts(lab.hosts)
                .clock(lab.clock)
                .sessionTimeout(Lab.SESSION)
                .build();
    }
}
