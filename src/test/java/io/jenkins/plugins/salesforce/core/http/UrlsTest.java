package io.jenkins.plugins.salesforce.core.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Origins and parsed URLs. */
class UrlsTest {

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
    void aParsedUrlIsTheOneNewUriGivesAndABadOneIsRefusedEveryTime() throws URISyntaxException {
        String text = "https://acme.my.salesforce.com/id/00D000000000001EAA/005000000000001AAA";
        assertThat(Urls.parse(text), is(new URI(text)));
        assertThat(Urls.parse(text).toString(), is(text));
        assertThrows(URISyntaxException.class, () -> Urls.parse("https://bad host/"));
        assertThrows(URISyntaxException.class, () -> Urls.parse("https://bad host/"));
    }
}
