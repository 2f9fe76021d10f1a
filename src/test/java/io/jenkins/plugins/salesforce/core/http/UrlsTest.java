package io.jenkins.plugins.salesforce.core.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Origins and parsed URLs, remembered or not, are what a fresh parse gives. */
class UrlsTest {

    @BeforeEach
    void startFromNothingRemembered() {
        Urls.forgetAll();
    }

    @Test
    void theOriginIsSchemeHostAndPortInLowerCaseWithNothingElse() {
        URI url = URI.create("HTTPS://user@Acme.My.Salesforce.com:6101/id/00D/005?x=1#f");
        assertThat(Urls.origin(url), is(Optional.of(URI.create("https://acme.my.salesforce.com:6101"))));
        assertThat("asked again", Urls.origin(url), is(Optional.of(URI.create("https://acme.my.salesforce.com:6101"))));
        assertThat(
                Urls.origin(URI.create("https://acme.my.salesforce.com/x")),
                is(Optional.of(URI.create("https://acme.my.salesforce.com"))));
        assertThat(
                Urls.origin(URI.create("http://127.0.0.1:8765/services")),
                is(Optional.of(URI.create("http://127.0.0.1:8765"))));
        assertThat(Urls.origin(URI.create("/relative")), is(Optional.empty()));
        assertThat(Urls.origin(null), is(Optional.empty()));
    }

    @Test
    void aParsedUrlIsTheOneANewParseGivesAndABadOneIsRefusedEveryTime() throws URISyntaxException {
        String text = "https://acme.my.salesforce.com/id/00D000000000001EAA/005000000000001AAA";
        assertThat(Urls.parse(text), is(new URI(text)));
        assertThat(Urls.parse(text).toString(), is(text));
        assertThrows(URISyntaxException.class, () -> Urls.parse("https://bad host/"));
        assertThrows(URISyntaxException.class, () -> Urls.parse("https://bad host/"));
    }

    @Test
    void theUrlsOfTwoThousandOrgsAskedForInTurnAreAllStillRememberedTheNextRound() throws URISyntaxException {
        int orgs = 2_000;
        URI[] firstRound = new URI[2 * orgs];
        for (int i = 0; i < orgs; i++) {
            firstRound[2 * i] = Urls.parse("https://round" + i + ".my.salesforce.com");
            firstRound[2 * i + 1] = Urls.parse("https://login.salesforce.com/id/00D000000000" + i + "/005");
        }
        for (int i = 0; i < orgs; i++) {
            assertThat(
                    "instance URL of org " + i,
                    Urls.parse("https://round" + i + ".my.salesforce.com"),
                    sameInstance(firstRound[2 * i]));
            assertThat(
                    "identity URL of org " + i,
                    Urls.parse("https://login.salesforce.com/id/00D000000000" + i + "/005"),
                    sameInstance(firstRound[2 * i + 1]));
        }
    }

    @Test
    void theRememberedUrlsStayBounded() throws URISyntaxException {
        for (int i = 0; i < 3 * Urls.CACHE_LIMIT; i++) {
            URI u = Urls.parse("https://org" + i + ".my.salesforce.com/id/00D/005");
            assertThat(Urls.origin(u), is(Optional.of(URI.create("https://org" + i + ".my.salesforce.com"))));
            assertThat(Urls.cached(), lessThanOrEqualTo(2 * Urls.CACHE_LIMIT));
        }
    }
}
