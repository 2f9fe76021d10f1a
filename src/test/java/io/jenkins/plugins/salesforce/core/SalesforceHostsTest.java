package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The host allowlist. */
class SalesforceHostsTest {

    private static final SalesforceHosts DEFAULTS = SalesforceHosts.defaults();

    private static SalesforceAuthException refusedHost(SalesforceHosts hosts, String hostAndPort) {
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> hosts.originFor(hostAndPort, "the auth URL"));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        return e;
    }

    private static SalesforceAuthException refusedUrl(SalesforceHosts hosts, String url) {
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> hosts.requireAllowed(url, "the instance URL"));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        return e;
    }

    private static SalesforceHosts withEntries(String... entries) {
        return DEFAULTS.withAdditional(Arrays.asList(entries));
    }

    @Nested
    class TheBuiltInSalesforceHosts {

        /** Every built-in host suffix, with examples of the hosts it allows. */
        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    // .salesforce.com
                    "login.salesforce.com",
                    "test.salesforce.com",
                    "acme.my.salesforce.com",
                    "acme--uat.sandbox.my.salesforce.com",
                    "fun-cat-1234.scratch.my.salesforce.com",
                    "acme-dev-ed.develop.my.salesforce.com",
                    "acme.trailblaze.my.salesforce.com",
                    "acme.demo.my.salesforce.com",
                    "acme.patch.my.salesforce.com",
                    "na139.salesforce.com",
                    "cs42.salesforce.com",
                    "acme--uat.cs42.my.salesforce.com",
                    // .force.com (legacy)
                    "acme.my.force.com",
                    "acme.content.force.com",
                    "acme.secure.force.com",
                    // .cloudforce.com (legacy)
                    "acme.cloudforce.com",
                    // GovCloud Plus
                    "acme.my.salesforce.mil",
                    "acme.my.crmforce.mil",
                    // Alibaba China
                    "acme.my.sfcrmproducts.cn"
                })
        void areAllowedOverHttps(String host) {
            assertThat(DEFAULTS.originFor(host, "the auth URL"), is(URI.create("https://" + host)));
            assertThat(
                    DEFAULTS.requireAllowed("https://" + host, "the instance URL"), is(URI.create("https://" + host)));
            assertThat(DEFAULTS.isAllowed(URI.create("https://" + host)), is(true));
        }

        @Test
        void matchIgnoresCaseAndReturnsTheHostInLowerCase() {
            assertThat(
                    DEFAULTS.originFor("ACME.My.Salesforce.COM", "the auth URL"),
                    is(URI.create("https://acme.my.salesforce.com")));
            assertThat(
                    DEFAULTS.requireAllowed("HTTPS://ACME.MY.SALESFORCE.COM/", "the instance URL"),
                    is(URI.create("https://acme.my.salesforce.com")));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "evilsalesforce.com",
                    "salesforce.com.evil.com",
                    "salesforce.com",
                    "force.com",
                    "evilforce.com",
                    "evilcrmforce.mil", // sfdx-core's isSalesforceDomain lets this one through
                    "notsalesforce.mil",
                    "sfcrmproducts.cn.evil.cn",
                    "acme.my-salesforce.com",
                    "evil.com",
                    "localhost",
                    "127.0.0.1"
                })
        void matchOnlyOnADotBoundary(String host) {
            SalesforceAuthException e = refusedHost(DEFAULTS, host);
            assertThat(e.getMessage(), containsString("Host not allowed: '" + host + "'"));
            assertThat(
                    e.getMessage(),
                    containsString("ask a Jenkins administrator to add the host to the allowed Salesforce hosts"));
            assertThat(DEFAULTS.isAllowed(URI.create("https://" + host)), is(false));
        }

        @Test
        void acceptAnExplicitPortAsTestVector3Does() {
            // An auth URL may name a port (test vector 3 of SfdxAuthUrlVectorsTest), so the default allowlist accepts
            // one.
            assertThat(
                    DEFAULTS.originFor("acme.my.salesforce.com:6101", "the auth URL"),
                    is(URI.create("https://acme.my.salesforce.com:6101")));
            assertThat(
                    DEFAULTS.requireAllowed("https://acme.my.salesforce.com:6101/", "the instance URL"),
                    is(URI.create("https://acme.my.salesforce.com:6101")));
        }

        @ParameterizedTest(name = "port [{0}]")
        @ValueSource(strings = {"abc", "0", "65536", "99999", "", "-1", "+443", "0443", "443:1", "1.5"})
        void refuseABadPort(String port) {
            SalesforceAuthException e = refusedHost(DEFAULTS, "acme.my.salesforce.com:" + port);
            assertThat(e.getMessage(), containsString("Bad port in the auth URL"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1", "443", "65535"})
        void acceptEveryPortFromOneTo65535(String port) {
            assertThat(
                    DEFAULTS.originFor("acme.my.salesforce.com:" + port, "the auth URL")
                            .getPort(),
                    is(Integer.parseInt(port)));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "acme..salesforce.com",
                    ".salesforce.com",
                    "acme.my.salesforce.com.",
                    "acme_x.my.salesforce.com",
                    "-acme.my.salesforce.com",
                    "acme-.my.salesforce.com",
                    "acme my.salesforce.com",
                    "acme.my.salesforce.com/path",
                    "bücher.salesforce.com"
                })
        void refuseAnythingThatIsNotAHostName(String host) {
            assertThat(refusedHost(DEFAULTS, host).getMessage(), containsString("not a valid host name"));
        }

        @Test
        void refuseAHostWithAScheme() {
            assertThat(
                    refusedHost(DEFAULTS, "https://acme.my.salesforce.com").getMessage(),
                    containsString("instance host in the auth URL must not include https://"));
        }

        @Test
        void refuseAHostWithAUserName() {
            assertThat(
                    refusedHost(DEFAULTS, "user@acme.my.salesforce.com").getMessage(),
                    containsString("must not contain '@'"));
        }

        @Test
        void refuseAnEmptyHost() {
            assertThat(refusedHost(DEFAULTS, " ").getMessage(), containsString("The host in the auth URL is empty"));
            assertThat(refusedHost(DEFAULTS, null).getMessage(), containsString("The host in the auth URL is empty"));
            assertThat(refusedHost(DEFAULTS, ":443").getMessage(), containsString("The host in the auth URL is empty"));
        }
    }

    @Nested
    class LightningDomains {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "acme.lightning.force.com, acme.my.salesforce.com",
            "acme--uat.sandbox.lightning.force.com, acme--uat.sandbox.my.salesforce.com",
            "fun-cat-1234.scratch.lightning.force.com, fun-cat-1234.scratch.my.salesforce.com",
            "ACME.LIGHTNING.FORCE.COM, acme.my.salesforce.com",
            "acme.lightning.crmforce.mil, acme.my.salesforce.mil",
            "acme.lightning.sfcrmapps.cn, acme.my.sfcrmproducts.cn"
        })
        void areRefusedWithTheApiHostToUseInstead(String lightningHost, String apiHost) {
            SalesforceAuthException e = refusedHost(DEFAULTS, lightningHost);
            assertThat(e.getMessage(), containsString("It should NOT be a lightning domain"));
            assertThat(e.fix(), containsString(apiHost));
            SalesforceAuthException fromUrl = refusedUrl(DEFAULTS, "https://" + lightningHost + "/");
            assertThat(fromUrl.getMessage(), containsString("It should NOT be a lightning domain"));
            assertThat(fromUrl.fix(), containsString(apiHost));
        }

        @Test
        void areRefusedEvenWhenAnAdministratorWildcardWouldMatchThem() {
            SalesforceHosts hosts = withEntries("*.example.com", "*.lightning.example.com");
            assertThat(
                    refusedHost(hosts, "acme.lightning.force.com:443").getMessage(),
                    containsString("It should NOT be a lightning domain"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {"acme.lightning.force.com", "*.lightning.force.com", "https://acme.lightning.crmforce.mil"})
        void cannotBeAddedByAnAdministrator(String entry) {
            SalesforceAuthException e =
                    assertThrows(SalesforceAuthException.class, () -> DEFAULTS.withAdditional(List.of(entry)));
            assertThat(e.getMessage(), containsString("It should NOT be a lightning domain"));
        }
    }

    @Nested
    class FullUrls {

        @Test
        void aSingleTrailingSlashIsFine() {
            assertThat(
                    DEFAULTS.requireAllowed(" https://acme.my.salesforce.com/ ", "the login URL"),
                    is(URI.create("https://acme.my.salesforce.com")));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "https://user@acme.my.salesforce.com",
                    "https://user:password@acme.my.salesforce.com/",
                    "https://acme.my.salesforce.com@evil.com"
                })
        void refuseAUserNameOrPassword(String url) {
            SalesforceAuthException e = refusedUrl(DEFAULTS, url);
            assertThat(e.getMessage(), containsString("The instance URL must not contain a user name or password"));
            assertThat(e.getMessage(), not(containsString("password@")));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "https://acme.my.salesforce.com/services/oauth2/token",
                    "https://acme.my.salesforce.com//",
                    "https://acme.my.salesforce.com/x/"
                })
        void refuseAPath(String url) {
            assertThat(refusedUrl(DEFAULTS, url).getMessage(), containsString("must not contain a path"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "https://acme.my.salesforce.com/?a=1",
                    "https://acme.my.salesforce.com?",
                    "https://acme.my.salesforce.com#top"
                })
        void refuseAQueryOrFragment(String url) {
            assertThat(
                    refusedUrl(DEFAULTS, url).getMessage(),
                    containsString("must not contain a query ('?') or a fragment ('#')"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "acme.my.salesforce.com",
                    "ftp://acme.my.salesforce.com",
                    "https:acme.my.salesforce.com",
                    "//acme.my.salesforce.com"
                })
        void refuseAnythingButAnAbsoluteHttpsUrl(String url) {
            assertThat(
                    refusedUrl(DEFAULTS, url).getMessage(),
                    containsString("The instance URL must start with https://"));
        }

        @Test
        void refuseTextThatIsNotAUrlWithoutRepeatingIt() {
            SalesforceAuthException e = refusedUrl(DEFAULTS, "https://acme.my.salesforce.com/a b?token=CANARY");
            assertThat(e.getMessage(), containsString("is not a valid URL"));
            assertThat(e.getMessage(), not(containsString("CANARY")));
            assertThat(e.getCause(), is((Throwable) null));
        }

        @Test
        void refuseAnEmptyUrl() {
            assertThat(refusedUrl(DEFAULTS, "").getMessage(), containsString("The instance URL is empty"));
            assertThat(refusedUrl(DEFAULTS, null).getMessage(), containsString("The instance URL is empty"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "https://acme.my.salesforce.com:0",
                    "https://acme.my.salesforce.com:65536",
                    "https://acme.my.salesforce.com:/"
                })
        void refuseABadPort(String url) {
            assertThat(refusedUrl(DEFAULTS, url).getMessage(), containsString("Bad port in the instance URL"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {"https://acme_x.my.salesforce.com", "https://acme.my.salesforce.com./", "https://[::1]x/"})
        void refuseAHostThatIsNotAHostName(String url) {
            assertThat(refusedUrl(DEFAULTS, url).getMessage(), containsString("valid"));
        }

        @Test
        void refusePlainHttpToASalesforceHostAndSayToUseHttps() {
            SalesforceAuthException e = refusedUrl(DEFAULTS, "http://acme.my.salesforce.com");
            assertThat(e.getMessage(), containsString("must use https://"));
            assertThat(e.fix(), containsString("https://acme.my.salesforce.com"));
        }

        @Test
        void isAllowedIsFalseForNullAndForRefusedUrls() {
            assertThat(DEFAULTS.isAllowed(null), is(false));
            assertThat(DEFAULTS.isAllowed(URI.create("https://acme.my.salesforce.com/services")), is(false));
            assertThat(DEFAULTS.isAllowed(URI.create("http://acme.my.salesforce.com")), is(false));
        }
    }

    @Nested
    class PlainHttp {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"http://localhost:8765", "http://127.0.0.1:8765", "http://[::1]:8765"})
        void isRefusedForLoopbackHostsByDefault(String url) {
            assertThat(refusedUrl(DEFAULTS, url).getMessage(), containsString("Host not allowed"));
        }

        @Test
        void isRefusedWhenTheAdministratorAddedTheLoopbackHostForHttpsOnly() {
            SalesforceHosts hosts = withEntries("localhost");
            assertThat(refusedUrl(hosts, "http://localhost:8765").getMessage(), containsString("must use https://"));
            assertThat(
                    hosts.requireAllowed("https://localhost:8765", "the instance URL"),
                    is(URI.create("https://localhost:8765")));
        }

        @ParameterizedTest(name = "{0} allows {1}")
        @CsvSource({
            "http://127.0.0.1:8765, http://127.0.0.1:8765",
            "http://127.0.0.1, http://127.0.0.1:9999",
            "http://localhost, http://localhost:8765",
            "http://LOCALHOST:8765/, http://localhost:8765",
            "http://127.0.0.2, http://127.0.0.2:80",
            "http://127.255.255.254, http://127.255.255.254",
            "http://[::1]:8765, http://[::1]:8765",
            "http://[::1], http://[::1]:6101"
        })
        void isAllowedForALoopbackHostThatAnAdministratorAddedWithHttp(String entry, String url) {
            SalesforceHosts hosts = withEntries(entry);
            assertThat(hosts.requireAllowed(url, "the instance URL"), is(URI.create(url)));
            URI asOrigin = hosts.originFor(URI.create(url).getRawAuthority(), "the auth URL");
            assertThat(asOrigin, is(URI.create(url)));
        }

        @Test
        void aLoopbackEntryWithAPortAllowsOnlyThatPort() {
            SalesforceHosts hosts = withEntries("http://127.0.0.1:8765");
            assertThat(refusedUrl(hosts, "http://127.0.0.1:8766").getMessage(), containsString("Host not allowed"));
            assertThat(refusedHost(hosts, "127.0.0.1").getMessage(), containsString("Host not allowed"));
        }

        @Test
        void theEmulatorCanServeSeveralSimulatedHostsOnePortEach() {
            SalesforceHosts hosts = withEntries("http://127.0.0.1:6101", "http://127.0.0.1:6102");
            assertThat(hosts.originFor("127.0.0.1:6101", "the auth URL"), is(URI.create("http://127.0.0.1:6101")));
            assertThat(hosts.originFor("127.0.0.1:6102", "the auth URL"), is(URI.create("http://127.0.0.1:6102")));
            refusedHost(hosts, "127.0.0.1:6103");
        }

        @Test
        void httpsWinsWhenAnAdministratorAllowedBothSchemesForTheSamePort() {
            SalesforceHosts hosts = withEntries("http://localhost:8765", "https://localhost:8765");
            assertThat(hosts.originFor("localhost:8765", "the auth URL"), is(URI.create("https://localhost:8765")));
        }

        @Test
        void anEntryNamingThePortWinsOverOneForAnyPort() {
            SalesforceHosts hosts = withEntries("localhost", "http://localhost:8765");
            assertThat(hosts.originFor("localhost:8765", "the auth URL"), is(URI.create("http://localhost:8765")));
            assertThat(hosts.originFor("localhost:8443", "the auth URL"), is(URI.create("https://localhost:8443")));
        }
    }

    @Nested
    class AdministratorEntries {

        @Test
        void areOffByDefault() {
            assertThat(DEFAULTS.additionalEntries(), is(empty()));
        }

        @Test
        void aHostNameAllowsThatHostOverHttpsOnAnyPort() {
            SalesforceHosts hosts = withEntries("sf.internal.example.com");
            assertThat(
                    hosts.originFor("sf.internal.example.com", "the auth URL"),
                    is(URI.create("https://sf.internal.example.com")));
            assertThat(
                    hosts.originFor("SF.Internal.Example.com:8443", "the auth URL"),
                    is(URI.create("https://sf.internal.example.com:8443")));
            refusedHost(hosts, "other.internal.example.com");
            refusedHost(hosts, "x.sf.internal.example.com");
            assertThat(
                    refusedUrl(hosts, "http://sf.internal.example.com").getMessage(),
                    containsString("must use https://"));
        }

        @Test
        void aHostNameWithAPortAllowsOnlyThatPort() {
            SalesforceHosts hosts = withEntries("sf.internal.example.com:8443");
            assertThat(
                    hosts.requireAllowed("https://sf.internal.example.com:8443", "the instance URL"),
                    is(URI.create("https://sf.internal.example.com:8443")));
            refusedUrl(hosts, "https://sf.internal.example.com");
        }

        @Test
        void aWildcardAllowsEveryHostBelowTheDomainButNotTheDomainItself() {
            SalesforceHosts hosts = withEntries("*.example.com");
            assertThat(hosts.originFor("a.example.com", "the auth URL"), is(URI.create("https://a.example.com")));
            assertThat(
                    hosts.originFor("a.b.example.com:444", "the auth URL"),
                    is(URI.create("https://a.b.example.com:444")));
            refusedHost(hosts, "example.com");
            refusedHost(hosts, "evilexample.com");
            refusedHost(hosts, "a.example.com.evil.com");
        }

        @Test
        void anHttpsOriginAllowsItsHostAndPort() {
            SalesforceHosts hosts = withEntries("https://sf.internal.example.com:8443/");
            assertThat(hosts.additionalEntries(), contains("sf.internal.example.com:8443"));
            assertThat(
                    hosts.originFor("sf.internal.example.com:8443", "the auth URL"),
                    is(URI.create("https://sf.internal.example.com:8443")));
        }

        @Test
        void areShownInCanonicalFormOnceEachAndBlankLinesAreSkipped() {
            SalesforceHosts hosts = DEFAULTS.withAdditional(Arrays.asList(
                    " SF.Example.com ",
                    "",
                    null,
                    "sf.example.com",
                    "*.Example.ORG",
                    "HTTP://LocalHost:8765",
                    "https://a.example.net"));
            assertThat(
                    hosts.additionalEntries(),
                    contains("sf.example.com", "*.example.org", "http://localhost:8765", "a.example.net"));
        }

        @Test
        void addingEntriesLeavesTheOriginalUntouched() {
            SalesforceHosts more = withEntries("localhost");
            assertThat(DEFAULTS.additionalEntries(), is(empty()));
            refusedHost(DEFAULTS, "localhost");
            assertThat(more.withAdditional(List.of("LOCALHOST", " ")), is(sameInstance(more)));
            assertThat(more, is(withEntries("localhost")));
            assertThat(more.hashCode(), is(withEntries("localhost").hashCode()));
            assertThat(
                    more.withAdditional(List.of("127.0.0.1")).additionalEntries(), contains("localhost", "127.0.0.1"));
            assertThat(more.toString(), containsString("localhost"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "http://sf.internal.example.com",
                    "http://10.0.0.5:8765",
                    "http://127.0.0.1.evil.com",
                    "http://localhost.evil.com"
                })
        void plainHttpForANonLoopbackHostIsMalformed(String entry) {
            SalesforceAuthException e =
                    assertThrows(SalesforceAuthException.class, () -> DEFAULTS.withAdditional(List.of(entry)));
            assertThat(e.reason(), is(Reason.BAD_INPUT));
            assertThat(e.getMessage(), containsString("Malformed entry"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "*",
                    "*.com",
                    "*.",
                    "*.example.com:443",
                    "sf.*.example.com",
                    "https://*.example.com",
                    "ftp://sf.example.com",
                    "https://user@sf.example.com",
                    "https://sf.example.com/services",
                    "https://sf.example.com/?a=b",
                    "sf.example.com/services",
                    "user@sf.example.com",
                    "sf.example.com:0",
                    "sf.example.com:abc",
                    "under_score.example.com",
                    "127.000.0.1",
                    "http://0177.0.0.1",
                    "999.1.1.1",
                    "sf example com",
                    "https://"
                })
        void malformedEntriesAreRefusedWithAClearError(String entry) {
            SalesforceAuthException e =
                    assertThrows(SalesforceAuthException.class, () -> DEFAULTS.withAdditional(List.of(entry)));
            assertThat(e.reason(), is(Reason.BAD_INPUT));
            assertThat(e.getMessage(), containsString("allowed Salesforce host entry"));
            assertThat(e.fix(), not(is((String) null)));
        }

        @Test
        void aMalformedEntryIsNamedInTheMessage() {
            SalesforceAuthException e = assertThrows(
                    SalesforceAuthException.class, () -> DEFAULTS.withAdditional(List.of("ok.example.com", "*.com")));
            assertThat(e.getMessage(), containsString("'*.com'"));
        }
    }

    @Nested
    class AskedAgain {
        private final SalesforceHosts hosts = withEntries("http://127.0.0.1");

        @Test
        void aRefusedHostIsRefusedAgainWithAMessageNamingTheFieldOfEachCall() {
            assertThat(refusedHost(hosts, "evilsalesforce.com").getMessage(), containsString("the auth URL"));
            SalesforceAuthException again = assertThrows(
                    SalesforceAuthException.class, () -> hosts.originFor("evilsalesforce.com", "the stored auth URL"));
            assertThat(again.getMessage(), containsString("in the stored auth URL"));
            assertThat(hosts.isAllowed(URI.create("https://evilsalesforce.com")), is(false));
            assertThat(hosts.isAllowed(URI.create("https://evilsalesforce.com")), is(false));
        }

        @Test
        void anAllowedOriginIsTheSameEachTime() {
            URI first = hosts.originFor("Acme.My.Salesforce.com:6101", "the auth URL");
            assertThat(hosts.originFor("Acme.My.Salesforce.com:6101", "another field"), is(first));
            assertThat(first, is(URI.create("https://acme.my.salesforce.com:6101")));
            assertThat(hosts.isAllowed(URI.create("http://127.0.0.1:8765")), is(true));
            assertThat(hosts.isAllowed(URI.create("http://127.0.0.1:8765")), is(true));
            assertThat("plain http to another host", hosts.isAllowed(URI.create("http://10.0.0.1:8765")), is(false));
        }

        @Test
        void askingDoesNotChangeWhatAnAllowlistEquals() {
            SalesforceHosts other = withEntries("http://127.0.0.1");
            hosts.isAllowed(URI.create("https://acme.my.salesforce.com"));
            assertThat(hosts, is(other));
            assertThat(hosts.hashCode(), is(other.hashCode()));
            assertThat(hosts.toString(), is(other.toString()));
        }
    }
}
