package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 25 test vectors of SFDX auth URLs, each with what the plugin does with it (the rules of docs/auth-url.md) as the
 * expected result. A rejection must be BAD_INPUT, name the wrong part (scheme, client id, client secret, refresh token,
 * host, port), and never repeat the secret or the refresh token.
 */
class SfdxAuthUrlVectorsTest {

    private static final String V1 = "force://PlatformCLI::5Aep861abc.DEF_ghi@acme.my.salesforce.com";

    /** What the plugin does with a vector. */
    sealed interface Expected permits Accept, Reject {}

    record Accept(String clientId, String clientSecret, String refreshToken, String host, String loginUrl)
            implements Expected {
        @Override
        public String toString() {
            return "accept " + loginUrl;
        }
    }

    record Reject(List<String> messageMentions) implements Expected {
        @Override
        public String toString() {
            return "reject, naming " + messageMentions;
        }
    }

    static Stream<Arguments> vectors() {
        return Stream.of(
                vector(1, V1, accept("PlatformCLI", "", "5Aep861abc.DEF_ghi", "acme.my.salesforce.com")),
                vector(2, V1 + "/", accept("PlatformCLI", "", "5Aep861abc.DEF_ghi", "acme.my.salesforce.com")),
                vector(3, V1 + ":6101", accept("PlatformCLI", "", "5Aep861abc.DEF_ghi", "acme.my.salesforce.com:6101")),
                vector(
                        4,
                        "force://3MVGabc.def=:SECRET123==:5Aep861xyz==@acme--uat.sandbox.my.salesforce.com",
                        accept("3MVGabc.def=", "SECRET123==", "5Aep861xyz==", "acme--uat.sandbox.my.salesforce.com")),
                vector(
                        5,
                        "force://3MVGabc:SECRET:5Aep861xyz@https://acme.my.salesforce.com",
                        reject("instance host must not include https://")),
                vector(6, "force://5Aep861xyz@acme.my.salesforce.com", reject("legacy", "client id", "client secret")),
                vector(7, "force://:SECRET:5Aep861xyz@acme.my.salesforce.com", reject("client id is empty")),
                vector(
                        8,
                        "force://:5Aep861xyz@acme.my.salesforce.com",
                        reject("three are needed", "client id is missing")),
                vector(
                        9,
                        "force://PlatformCLI::undefined@acme.my.salesforce.com",
                        reject("refresh token is 'undefined'; re-export the URL from an org authorised by web login")),
                vector(
                        10,
                        "force://PlatformCLI::5Aep%3D861@acme.my.salesforce.com",
                        reject("refresh token", "do not URL-encode")),
                vector(
                        11,
                        "force://PlatformCLI::5Aep861!abc@acme.my.salesforce.com",
                        reject("refresh token contains a character that is not allowed")),
                vector(
                        12,
                        "FORCE://PlatformCLI::5Aep861@acme.my.salesforce.com",
                        reject("scheme", "'force://' in lower case")),
                vector(
                        13,
                        " force://PlatformCLI::5Aep861@acme.my.salesforce.com",
                        accept("PlatformCLI", "", "5Aep861", "acme.my.salesforce.com")),
                vector(14, V1 + "\n", accept("PlatformCLI", "", "5Aep861abc.DEF_ghi", "acme.my.salesforce.com")),
                vector(15, V1 + " trailing", reject("trailing text after the host")),
                vector(
                        16,
                        "force://Platform:CLI::5Aep861@acme.my.salesforce.com",
                        reject("4 ':'-separated parts", "three are needed")),
                vector(
                        17,
                        "force://PlatformCLI:a:b:5Aep861@acme.my.salesforce.com",
                        reject("4 ':'-separated parts", "three are needed")),
                vector(18, "force://PlatformCLI::5Aep861@", reject("host in the auth URL is empty")),
                vector(
                        19,
                        "force://PlatformCLI::5Aep861@acme.my.salesforce.com@evil.com",
                        reject("host in the auth URL must not contain '@'")),
                vector(
                        20,
                        "force://PlatformCLI::5Aep861@evil.com",
                        reject("Host not allowed", "'evil.com'", "add the host to the allowed Salesforce hosts")),
                vector(
                        21,
                        "force://PlatformCLI::5Aep861@localhost:8443",
                        reject("Host not allowed", "'localhost'", "add the host to the allowed Salesforce hosts")),
                vector(
                        22,
                        "force://PlatformCLI::5Aep861===@acme.my.salesforce.com",
                        reject("refresh token has '=' in the wrong place")),
                vector(23, V1 + "?x=1", reject("trailing text after the host is a query")),
                vector(
                        24,
                        "force://PlatformCLI::5Aep861@ACME.MY.SALESFORCE.COM",
                        accept("PlatformCLI", "", "5Aep861", "acme.my.salesforce.com")),
                vector(25, V1 + ":abc", reject("Bad port in the auth URL")));
    }

    @ParameterizedTest(name = "vector {0}: {2}")
    @MethodSource("vectors")
    void pluginColumnOfTheTable(int number, String input, Expected expected) {
        switch (expected) {
            case Accept a -> {
                SfdxAuthUrl url = SfdxAuthUrl.parse(input, SalesforceHosts.defaults());
                assertThat(url.clientId(), is(a.clientId()));
                assertThat(url.clientSecret().reveal(), is(a.clientSecret()));
                assertThat(url.refreshToken().reveal(), is(a.refreshToken()));
                assertThat(url.host(), is(a.host()));
                assertThat(url.loginUrl().toString(), is(a.loginUrl()));
            }
            case Reject r -> {
                SalesforceAuthException e = assertThrows(
                        SalesforceAuthException.class, () -> SfdxAuthUrl.parse(input, SalesforceHosts.defaults()));
                assertThat(e.reason(), is(Reason.BAD_INPUT));
                for (String mention : r.messageMentions()) {
                    assertThat(e.getMessage(), containsString(mention));
                }
                assertThat("every rejection says how to fix it", e.fix(), not(nullValue()));
                assertThat(e.getCause(), is(nullValue()));
                assertThat("never repeats the refresh token", e.getMessage(), not(containsString("5Aep")));
                assertThat("never repeats the client secret", e.getMessage(), not(containsString("SECRET")));
            }
        }
    }

    @Test
    void vector21IsAcceptedOnceAnAdministratorAllowsLocalhost() {
        SalesforceHosts hosts = SalesforceHosts.defaults().withAdditional(List.of("localhost"));
        SfdxAuthUrl url = SfdxAuthUrl.parse("force://PlatformCLI::5Aep861@localhost:8443", hosts);
        assertThat(url.host(), is("localhost:8443"));
        assertThat(url.loginUrl().toString(), is("https://localhost:8443"));
    }

    @Test
    void vector21OverPlainHttpWhenTheAdministratorAddedTheLoopbackHostWithHttp() {
        SalesforceHosts hosts = SalesforceHosts.defaults().withAdditional(List.of("http://localhost"));
        SfdxAuthUrl url = SfdxAuthUrl.parse("force://PlatformCLI::5Aep861@localhost:8443", hosts);
        assertThat(url.loginUrl().toString(), is("http://localhost:8443"));
    }

    @Test
    void vector24FormatsWithTheLowerCasedHost() {
        SfdxAuthUrl url =
                SfdxAuthUrl.parse("force://PlatformCLI::5Aep861@ACME.MY.SALESFORCE.COM", SalesforceHosts.defaults());
        assertThat(url.format(), is("force://PlatformCLI::5Aep861@acme.my.salesforce.com"));
    }

    private static Arguments vector(int number, String input, Expected expected) {
        return Arguments.of(number, input, expected);
    }

    private static Accept accept(String clientId, String secret, String token, String host) {
        return new Accept(clientId, secret, token, host, "https://" + host);
    }

    private static Reject reject(String... mentions) {
        return new Reject(List.of(mentions));
    }
}
