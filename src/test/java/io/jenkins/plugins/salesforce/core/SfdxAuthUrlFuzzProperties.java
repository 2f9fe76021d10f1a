package io.jenkins.plugins.salesforce.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the auth URL parser and the sfdx JSON reader. Tries per property come from the system property
 * {@code jqwik.tries.default} (2000 in CI); a long run is
 * {@code mvn -f core-build/pom.xml verify -Djqwik.tries.default=1000000 -Dtest=SfdxAuthUrlFuzzProperties
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>For every input: the only failure is a {@link SalesforceAuthException} with {@link Reason#BAD_INPUT}, a fix and
 * no cause; a refresh token that sits before the '@' never shows up in a message; and an accepted URL re-formats
 * to text that parses to an equal value.
 */
class SfdxAuthUrlFuzzProperties {

    private static final SalesforceHosts HOSTS =
            SalesforceHosts.defaults().withAdditional(List.of("http://127.0.0.1", "localhost", "*.example.com"));

    private static final String PART_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    private static final String NASTY = ":@/%?#= !\n\t\r+\\\"'[]{}~^&*$,;<>|`\u0000\u00e9\u00a0\u2028\uFEFF\uD800";

    private static final List<String> ALLOWED_HOSTS = List.of(
            "acme.my.salesforce.com",
            "ACME.My.Salesforce.COM",
            "acme--uat.sandbox.my.salesforce.com",
            "fun-cat-1234.scratch.my.salesforce.com",
            "login.salesforce.com",
            "acme.my.salesforce.mil",
            "localhost",
            "127.0.0.1",
            "sf.example.com");

    private static final List<String> REFUSED_HOSTS = List.of(
            "acme.lightning.force.com",
            "evilsalesforce.com",
            "salesforce.com.evil.com",
            "evil.com",
            "example.com",
            "https://acme.my.salesforce.com",
            "[::1]",
            "");

    /** A candidate input and the refresh token that was put into it before it was mutated. */
    record Candidate(String text, String token) {

        /** Whether the whole token still appears, and only before the first '@' (where nothing may be echoed). */
        boolean tokenOnlyBeforeTheHost() {
            String lower = text.toLowerCase(Locale.ROOT);
            String tok = token.toLowerCase(Locale.ROOT);
            int first = lower.indexOf(tok);
            int at = lower.indexOf('@');
            return first >= 0 && (at < 0 || lower.lastIndexOf(tok) + tok.length() <= at);
        }

        @Override
        public String toString() {
            // jqwik prints a falsifying sample: show it, it only holds generated fake tokens.
            return text.replace("\n", "\\n").replace("\r", "\\r") + "  (token " + token + ")";
        }
    }

    @Property
    void arbitraryStringsAreAcceptedOrRefusedAsBadInput(@ForAll String text) {
        check(new Candidate(text, "\u0000never-a-token"));
    }

    @Property
    void arbitraryTextAfterTheSchemeIsAcceptedOrRefusedAsBadInput(@ForAll("urlText") String rest) {
        check(new Candidate("force://" + rest, "\u0000never-a-token"));
    }

    @Property
    void mutatedValidUrlsNeverLeakTheTokenAndAcceptedOnesRoundTrip(@ForAll("mutatedUrls") Candidate candidate) {
        check(candidate);
    }

    @Property
    void theSfdxJsonReaderAgreesWithTheParserOnEveryMutatedUrl(@ForAll("mutatedUrls") Candidate candidate) {
        String json = "{\"status\":0,\"result\":{\"username\":\"a@b.c\",\"sfdxAuthUrl\":" + jsonString(candidate.text())
                + "}}";
        SfdxAuthUrl direct = null;
        SalesforceAuthException directError = null;
        try {
            direct = SfdxAuthUrl.parse(candidate.text(), HOSTS);
        } catch (SalesforceAuthException e) {
            directError = e;
        }
        try {
            SfdxAuthUrl viaJson = SfdxAuthUrl.fromSfdxJson(json, HOSTS);
            assertNull(directError, "the JSON reader accepted what the parser refused");
            assertEquals(direct, viaJson);
        } catch (SalesforceAuthException e) {
            assertNotNull(directError, "the JSON reader refused what the parser accepted: " + e.getMessage());
            assertEquals("In the sfdx JSON's result.sfdxAuthUrl: " + directError.detail(), e.detail());
            checkRefusal(e, candidate);
        }
    }

    @Property
    void theSfdxJsonReaderOnlyEverRefusesWithBadInput(@ForAll("jsonText") String json) {
        try {
            SfdxAuthUrl url = SfdxAuthUrl.fromSfdxJson(json, HOSTS);
            assertEquals(url, SfdxAuthUrl.parse(url.format(), HOSTS));
        } catch (SalesforceAuthException e) {
            assertEquals(Reason.BAD_INPUT, e.reason());
            assertNull(e.getCause());
            assertFalse(e.getMessage().contains("TKNjson"), "a message quoted the JSON document");
        }
    }

    // ---- checks ---------------------------------------------------------------------------------------------------

    private static void check(Candidate candidate) {
        SfdxAuthUrl url;
        try {
            url = SfdxAuthUrl.parse(candidate.text(), HOSTS);
        } catch (SalesforceAuthException e) {
            Statistics.collect("refused");
            checkRefusal(e, candidate);
            return;
        }
        Statistics.collect("accepted");
        // Anything but SalesforceAuthException propagates and fails the property.
        SfdxAuthUrl again = SfdxAuthUrl.parse(url.format(), HOSTS);
        assertEquals(url, again, "parse(format(x)) must equal x");
        assertEquals(url.format(), again.format());
        assertEquals(url, SfdxAuthUrl.of(url.clientId(), url.clientSecret(), url.refreshToken(), url.host(), HOSTS));
        assertEquals(url.host().toLowerCase(Locale.ROOT), url.host(), "the host is lower case");
        assertEquals(url.host(), url.loginUrl().getRawAuthority());
        assertTrue(HOSTS.isAllowed(url.loginUrl()), "the login URL passes the allowlist");
        assertFalse(url.refreshToken().reveal().isEmpty());
        String shown = url.toString();
        String token = url.refreshToken().reveal();
        if (token.length() >= 8
                && !url.clientId().contains(token)
                && !url.host().contains(token)) {
            assertFalse(shown.contains(token), "toString showed the refresh token");
        }
        String secret = url.clientSecret().reveal();
        if (secret.length() >= 8
                && !url.clientId().contains(secret)
                && !url.host().contains(secret)) {
            assertFalse(shown.contains(secret), "toString showed the client secret");
        }
        if (candidate.tokenOnlyBeforeTheHost()
                && !url.clientId()
                        .toLowerCase(Locale.ROOT)
                        .contains(candidate.token().toLowerCase(Locale.ROOT))) {
            assertFalse(
                    shown.toLowerCase(Locale.ROOT).contains(candidate.token().toLowerCase(Locale.ROOT)),
                    "toString showed the refresh token");
        }
    }

    private static void checkRefusal(SalesforceAuthException e, Candidate candidate) {
        assertEquals(Reason.BAD_INPUT, e.reason(), "every refusal is BAD_INPUT");
        assertNull(e.getCause(), "no cause: a cause could quote the input");
        assertNotNull(e.fix(), "every refusal says how to fix it");
        if (candidate.tokenOnlyBeforeTheHost()) {
            String message = (e.getMessage() + " " + e).toLowerCase(Locale.ROOT);
            if (message.contains(candidate.token().toLowerCase(Locale.ROOT))) {
                fail("the message repeats the refresh token: " + e.getMessage());
            }
        }
    }

    // ---- generators -----------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> urlText() {
        return Arbitraries.strings()
                .withChars((PART_CHARS + NASTY + "::@@").toCharArray())
                .ofMaxLength(80);
    }

    @Provide
    Arbitrary<Candidate> mutatedUrls() {
        Arbitrary<String> padding =
                Arbitraries.frequency(Tuple.of(8, ""), Tuple.of(2, "="), Tuple.of(2, "=="), Tuple.of(1, "==="));
        // Edge cases only where they matter (empty parts, hosts, ports, padding): combining the edge cases of all
        // eight generators would make jqwik hold as many of them as there are tries (gigabytes in a 1M run).
        Arbitrary<String> clientIds = Combinators.combine(
                        Arbitraries.strings()
                                .withChars(PART_CHARS.toCharArray())
                                .ofMinLength(0)
                                .ofMaxLength(24),
                        padding)
                .as(String::concat);
        Arbitrary<String> secrets = Combinators.combine(
                        Arbitraries.strings()
                                .withChars(PART_CHARS.toCharArray())
                                .ofMaxLength(24),
                        padding)
                .as(String::concat)
                .withoutEdgeCases();
        Arbitrary<String> tokens = Arbitraries.strings()
                .withChars(PART_CHARS.toCharArray())
                .ofMinLength(6)
                .ofMaxLength(60)
                .map(s -> "TKN" + s)
                .withoutEdgeCases();
        Arbitrary<String> tokenPadding = padding;
        Arbitrary<String> hosts = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(ALLOWED_HOSTS)), Tuple.of(1, Arbitraries.of(REFUSED_HOSTS)));
        Arbitrary<String> ports = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("")),
                Tuple.of(3, Arbitraries.integers().between(0, 70_000).map(p -> ":" + p)),
                Tuple.of(1, Arbitraries.of(":", ":abc", ":08", ":443:1", ":-1")));
        Arbitrary<String> affixes = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("|", "|/", "|\n", " |", "\t|\r\n", "\uFEFF|")),
                Tuple.of(1, Arbitraries.of("|//", "|?x=1", "|#f", "| trailing", "|@evil.com", "x|")));
        // Often none or one edit, so that a good share of candidates is accepted and the round trip is exercised.
        Arbitrary<List<Mutation>> mutations = Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(List.<Mutation>of())),
                        Tuple.of(3, mutation().list().ofSize(1)),
                        Tuple.of(2, mutation().list().ofMinSize(2).ofMaxSize(4)))
                .withoutEdgeCases();
        return Combinators.combine(clientIds, secrets, tokens, tokenPadding, hosts, ports, affixes, mutations)
                .as((id, secret, token, tokenPad, host, port, affix, muts) -> {
                    String[] around = affix.split("\\|", -1);
                    String fullToken = token + tokenPad;
                    String text = around[0] + "force://" + id + ":" + secret + ":" + fullToken + "@" + host + port
                            + around[1];
                    for (Mutation m : muts) {
                        text = m.apply(text);
                    }
                    return new Candidate(text, token);
                });
    }

    @Provide
    Arbitrary<String> jsonText() {
        Arbitrary<String> pieces = Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                ":",
                ",",
                " ",
                "\"",
                "\\",
                "\\u0000",
                "0",
                "1",
                "null",
                "true",
                "\"x\"",
                "\"result\"",
                "\"sfdxAuthUrl\"",
                "\"status\"",
                "\"force://PlatformCLI::TKNjson123@acme.my.salesforce.com\"",
                "\"force://PlatformCLI::TKNjson123@evil.com\"",
                "TKNjson123",
                "/*",
                "'");
        Arbitrary<String> assembled = pieces.list().ofMaxSize(30).map(list -> String.join("", list));
        Arbitrary<String> wellFormed = Arbitraries.of(
                "{\"result\":{\"sfdxAuthUrl\":%s}}",
                "{\"sfdxAuthUrl\":%s}",
                "{\"result\":%s,\"sfdxAuthUrl\":%s}",
                "{\"status\":1,\"result\":%s}",
                "[%s]",
                "%s");
        Arbitrary<String> values = Arbitraries.of(
                "\"force://PlatformCLI::TKNjson123@acme.my.salesforce.com\"",
                "null",
                "42",
                "{}",
                "[]",
                "\"\"",
                "{\"sfdxAuthUrl\":\"force://x:y:TKNjson123@localhost:1\"}");
        Arbitrary<String> filled =
                Combinators.combine(wellFormed, values, values).as((f, a, b) -> String.format(f, a, b));
        return Arbitraries.oneOf(Arbitraries.strings(), assembled, filled);
    }

    /** One edit to a string: insert, delete, replace, duplicate a run, swap two chars, or flip the case of a char. */
    record Mutation(int kind, int position, char c, int length) {

        String apply(String s) {
            int at = s.isEmpty() ? 0 : position % (s.length() + 1);
            int end = Math.min(s.length(), at + length);
            return switch (kind) {
                case 0 -> s.substring(0, at) + c + s.substring(at);
                case 1 -> at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s;
                case 2 -> at < s.length() ? s.substring(0, at) + c + s.substring(at + 1) : s + c;
                case 3 -> s.substring(0, end) + s.substring(at, end) + s.substring(end);
                case 4 ->
                    at + 1 < s.length()
                            ? s.substring(0, at) + s.charAt(at + 1) + s.charAt(at) + s.substring(at + 2)
                            : s;
                default -> at < s.length() ? s.substring(0, at) + flipCase(s.charAt(at)) + s.substring(at + 1) : s;
            };
        }

        private static char flipCase(char ch) {
            return Character.isUpperCase(ch) ? Character.toLowerCase(ch) : Character.toUpperCase(ch);
        }
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 200),
                        Arbitraries.chars().with((PART_CHARS + NASTY).toCharArray()),
                        Arbitraries.integers().between(1, 12))
                .as(Mutation::new);
    }

    /** A JSON string literal with every character outside printable ASCII escaped, so Jackson reads back the same text. */
    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
