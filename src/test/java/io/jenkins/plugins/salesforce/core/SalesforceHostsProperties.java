package io.jenkins.plugins.salesforce.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the host allowlist; tries per property come from {@code jqwik.tries.default}. */
class SalesforceHostsProperties {

    private static final SalesforceHosts HOSTS = SalesforceHosts.defaults()
            .withAdditional(List.of("http://127.0.0.1:8765", "http://localhost", "sf.example.com", "*.example.org"));

    @Property
    void aSalesforceSuffixGluedToAnotherLabelIsNeverAllowed(
            @ForAll("labels") String label, @ForAll("suffixes") String suffix) {
        String glued = label + suffix.substring(1); // evilsalesforce.com
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> HOSTS.originFor(glued, "the auth URL"));
        assertEquals(Reason.BAD_INPUT, e.reason());
        assertFalse(HOSTS.isAllowed(URI.create("https://" + glued)));
    }

    @Property
    void anyLabelBelowASalesforceSuffixIsAllowedOverHttpsUnlessItIsLightning(
            @ForAll("labels") String label, @ForAll("suffixes") String suffix) {
        String host = label + suffix;
        if (SalesforceDomains.isLightningDomain(host)) {
            assertThrows(SalesforceAuthException.class, () -> HOSTS.originFor(host, "the auth URL"));
        } else {
            assertEquals(URI.create("https://" + host), HOSTS.originFor(host, "the auth URL"));
            assertFalse(HOSTS.isAllowed(URI.create("http://" + host)), "never plain http to Salesforce");
        }
    }

    @Property
    void originForAcceptsOrRefusesAsBadInputAndOnlyReturnsAllowedOrigins(@ForAll("hostText") String text) {
        URI origin;
        try {
            origin = HOSTS.originFor(text, "the auth URL");
        } catch (SalesforceAuthException e) {
            assertEquals(Reason.BAD_INPUT, e.reason());
            assertNull(e.getCause());
            return;
        }
        checkOrigin(origin);
    }

    @Property
    void requireAllowedAcceptsOrRefusesAsBadInputAndOnlyReturnsAllowedOrigins(@ForAll("urlText") String text) {
        URI origin;
        try {
            origin = HOSTS.requireAllowed(text, "the instance URL");
        } catch (SalesforceAuthException e) {
            assertEquals(Reason.BAD_INPUT, e.reason());
            assertNull(e.getCause());
            return;
        }
        checkOrigin(origin);
        assertEquals(origin, HOSTS.requireAllowed(origin.toString(), "the instance URL"), "normalising is idempotent");
    }

    @Property
    void acceptedAdministratorEntriesSurviveTheirCanonicalForm(@ForAll("entryText") String entry) {
        SalesforceHosts hosts;
        try {
            hosts = SalesforceHosts.defaults().withAdditional(List.of(entry));
        } catch (SalesforceAuthException e) {
            assertEquals(Reason.BAD_INPUT, e.reason());
            assertNull(e.getCause());
            return;
        }
        assertEquals(hosts, SalesforceHosts.defaults().withAdditional(hosts.additionalEntries()));
        for (String canonical : hosts.additionalEntries()) {
            if (canonical.startsWith("http://")) {
                String host = URI.create(canonical).getHost();
                assertTrue(HostPort.isLoopback(host), "plain http only for loopback: " + canonical);
            }
        }
    }

    private static final List<String> ENTRIES =
            List.of("http://127.0.0.1:8765", "http://localhost", "sf.example.com", "*.example.org");

    @Property
    void aRememberedVerdictIsAlwaysTheVerdictOfAFullCheck(@ForAll("urlText") String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            return;
        }
        boolean full = fullCheck(uri);
        assertEquals(full, HOSTS.isAllowed(uri), "first answer");
        assertEquals(full, HOSTS.isAllowed(uri), "answer from the cache");
        assertEquals(full, HOSTS.isAllowed(URI.create(uri.toString())), "the same text in another URI object");
    }

    @Property
    void aRememberedOriginIsAlwaysTheOriginOfAFullCheck(@ForAll("hostText") String text) {
        URI cached = originOrNull(HOSTS, text);
        URI again = originOrNull(HOSTS, text);
        URI fresh = originOrNull(SalesforceHosts.defaults().withAdditional(ENTRIES), text);
        assertEquals(fresh, cached);
        assertEquals(fresh, again);
    }

    /** isAllowed without any cache: requireAllowed on a new allowlist with the same entries. */
    private static boolean fullCheck(URI uri) {
        try {
            SalesforceHosts.defaults().withAdditional(ENTRIES).requireAllowed(uri.toString(), "the URL");
            return true;
        } catch (SalesforceAuthException e) {
            return false;
        }
    }

    private static URI originOrNull(SalesforceHosts hosts, String text) {
        try {
            return hosts.originFor(text, "the auth URL");
        } catch (SalesforceAuthException e) {
            assertEquals(Reason.BAD_INPUT, e.reason());
            return null;
        }
    }

    private static void checkOrigin(URI origin) {
        assertTrue(HOSTS.isAllowed(origin));
        assertNull(origin.getRawUserInfo());
        assertNull(origin.getRawQuery());
        assertNull(origin.getRawFragment());
        assertEquals("", origin.getRawPath());
        assertEquals(origin.getHost().toLowerCase(java.util.Locale.ROOT), origin.getHost());
        assertFalse(SalesforceDomains.isLightningDomain(origin.getHost()));
        if ("http".equals(origin.getScheme())) {
            assertTrue(HostPort.isLoopback(origin.getHost()), "plain http only for loopback");
        } else {
            assertEquals("https", origin.getScheme());
        }
    }

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyz0123456789")
                .ofMinLength(1)
                .ofMaxLength(20);
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.of(SalesforceDomains.SALESFORCE_SUFFIXES);
    }

    private static final String HOST_CHARS = "abcdefghijklmnopqrstuvwxyzABC0123456789.-:[]@/_%* \n";

    @Provide
    Arbitrary<String> hostText() {
        Arbitrary<String> random =
                Arbitraries.strings().withChars(HOST_CHARS.toCharArray()).ofMaxLength(40);
        Arbitrary<String> nearValid = Arbitraries.of(
                        "acme.my.salesforce.com",
                        "localhost",
                        "127.0.0.1",
                        "sf.example.com",
                        "a.example.org",
                        "[::1]",
                        "acme.lightning.force.com",
                        "evilsalesforce.com",
                        "127.0.0.01")
                .flatMap(h -> Arbitraries.strings()
                        .withChars(HOST_CHARS.toCharArray())
                        .ofMaxLength(6)
                        .map(x -> h + x));
        return Arbitraries.oneOf(random, nearValid, Arbitraries.strings());
    }

    @Provide
    Arbitrary<String> urlText() {
        Arbitrary<String> schemes = Arbitraries.of("https://", "http://", "HTTPS://", "ftp://", "", "https:", "//");
        return schemes.flatMap(s -> hostText().map(h -> s + h));
    }

    @Provide
    Arbitrary<String> entryText() {
        Arbitrary<String> prefixes = Arbitraries.of("", "*.", "http://", "https://", "*", "http://*.");
        return prefixes.flatMap(p -> hostText().map(h -> p + h));
    }
}
