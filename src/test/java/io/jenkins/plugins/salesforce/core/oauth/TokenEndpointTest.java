package io.jenkins.plugins.salesforce.core.oauth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.http.Flow;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the grants share: the token URL of a login URL, and reading the org and user id off the identity URL. */
class TokenEndpointTest {

    @Test
    void theOrgAndUserIdAreTheLastTwoSegmentsOfTheIdentityPath() {
        assertThat(
                TokenEndpoint.segments(URI.create("https://login.salesforce.com/id/00Dx/005x")),
                contains("00Dx", "005x"));
        assertThat(
                TokenEndpoint.segments(URI.create("https://login.salesforce.com/id/00Dx/005x/")),
                contains("00Dx", "005x"));
        assertThat(TokenEndpoint.segments(URI.create("https://h//a//b//")), contains("a", "b"));
        assertThat(TokenEndpoint.segments(URI.create("https://h/005x")), contains("005x"));
        assertThat(TokenEndpoint.segments(URI.create("https://h/")), is(empty()));
        assertThat(TokenEndpoint.segments(URI.create("https://h")), is(empty()));
    }

    @Test
    void theAllowlistJudgesTheLoginUrlOnEveryCall() {
        AtomicBoolean allowed = new AtomicBoolean(true);
        AtomicInteger asked = new AtomicInteger();
        TokenEndpoint endpoint = new TokenEndpoint(
                uri -> {
                    asked.incrementAndGet();
                    return allowed.get();
                },
                Clock.systemUTC());
        URI login = URI.create("https://Acme.my.salesforce.com:6101/some/path?q=1");
        URI first = endpoint.tokenUrl(Flow.REFRESH_TOKEN, login);
        assertThat(first, is(URI.create("https://Acme.my.salesforce.com:6101/services/oauth2/token")));
        assertThat(endpoint.tokenUrl(Flow.REFRESH_TOKEN, login), is(first));
        allowed.set(false);
        assertThrows(SalesforceAuthException.class, () -> endpoint.tokenUrl(Flow.REFRESH_TOKEN, login));
        assertThat(asked.get(), is(3));
    }
}
