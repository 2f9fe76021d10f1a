package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing, building, formatting and reading the JSON of SFDX auth URLs. */
class SfdxAuthUrlTest {

    private static final SalesforceHosts DEFAULTS = SalesforceHosts.defaults();
    private static final String VALID = "force://PlatformCLI::5Aep861FAKErefresh.token_1@acme.my.salesforce.com";

    private static SalesforceAuthException refused(String input) {
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> SfdxAuthUrl.parse(input, DEFAULTS));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getCause(), is(nullValue()));
        return e;
    }

    @Nested
    class RoundTrip {

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    VALID,
                    "force://3MVG9FAKEconsumerKey.x1:FAKESECRET123:5Aep861FAKErefresh.token_1@acme.my.salesforce.com",
                    "force://3MVGabc.def=:SECRET123==:5Aep861xyz==@acme--uat.sandbox.my.salesforce.com",
                    "force://PlatformCLI::5Aep861@acme.my.salesforce.com:6101",
                    "force://a:b:c@login.salesforce.com",
                    "force://id-1_x.y==::t-o_k.e=@fun-cat-1234.scratch.my.salesforce.com"
                })
        void parsingTheFormattedUrlGivesAnEqualValue(String text) {
            SfdxAuthUrl url = SfdxAuthUrl.parse(text, DEFAULTS);
            assertThat(url.format(), is(text));
            SfdxAuthUrl again = SfdxAuthUrl.parse(url.format(), DEFAULTS);
            assertThat(again, is(url));
            assertThat(again.hashCode(), is(url.hashCode()));
        }

        @Test
        void formatNormalisesWhatParsingForgives() {
            SfdxAuthUrl url = SfdxAuthUrl.parse(
                    "\uFEFF  force://PlatformCLI::5Aep861@ACME.my.salesforce.com:6101/ \r\n", DEFAULTS);
            assertThat(url.format(), is("force://PlatformCLI::5Aep861@acme.my.salesforce.com:6101"));
        }

        @Test
        void ofBuildsTheSameValueAsParse() {
            SfdxAuthUrl built = SfdxAuthUrl.of(
                    "3MVG9FAKEconsumerKey.x1",
                    SecretText.of("FAKESECRET123"),
                    SecretText.of("5Aep861FAKErefresh.token_1"),
                    "Acme.My.Salesforce.com",
                    DEFAULTS);
            assertThat(
                    built,
                    is(SfdxAuthUrl.parse(
                            "force://3MVG9FAKEconsumerKey.x1:FAKESECRET123:5Aep861FAKErefresh.token_1@acme.my.salesforce.com",
                            DEFAULTS)));
        }

        @Test
        void ofTakesANullSecretAsNoSecret() {
            SfdxAuthUrl built =
                    SfdxAuthUrl.of("PlatformCLI", null, SecretText.of("5Aep861"), "acme.my.salesforce.com", DEFAULTS);
            assertThat(built.clientSecret().isEmpty(), is(true));
            assertThat(built.format(), is("force://PlatformCLI::5Aep861@acme.my.salesforce.com"));
        }
    }

    @Nested
    class TheParts {

        @Test
        void areAvailableOneByOne() {
            SfdxAuthUrl url = SfdxAuthUrl.parse(
                    "force://3MVG9FAKEconsumerKey.x1:FAKESECRET123:5Aep861FAKErefresh.token_1@acme.my.salesforce.com:6101",
                    DEFAULTS);
            assertThat(url.clientId(), is("3MVG9FAKEconsumerKey.x1"));
            assertThat(url.clientSecret().reveal(), is("FAKESECRET123"));
            assertThat(url.refreshToken().reveal(), is("5Aep861FAKErefresh.token_1"));
            assertThat(url.host(), is("acme.my.salesforce.com:6101"));
            assertThat(url.loginUrl(), is(URI.create("https://acme.my.salesforce.com:6101")));
        }

        @Test
        void theClientSecretMayBeEmpty() {
            SfdxAuthUrl url = SfdxAuthUrl.parse(VALID, DEFAULTS);
            assertThat(url.clientSecret().isEmpty(), is(true));
            assertThat(url.clientSecret().reveal(), is(""));
        }

        @Test
        void theLoginUrlUsesPlainHttpOnlyForAnAdministratorsLoopbackHttpEntry() {
            SalesforceHosts emulator = DEFAULTS.withAdditional(List.of("http://127.0.0.1"));
            SfdxAuthUrl url = SfdxAuthUrl.parse("force://PlatformCLI::5Aep861@127.0.0.1:8765", emulator);
            assertThat(url.loginUrl(), is(URI.create("http://127.0.0.1:8765")));
            assertThat(SfdxAuthUrl.parse(url.format(), emulator), is(url));
        }

        @Test
        void theSameTextUnderDifferentAllowlistsCanGiveDifferentLoginUrls() {
            String text = "force://PlatformCLI::5Aep861@localhost:8765";
            SfdxAuthUrl https = SfdxAuthUrl.parse(text, DEFAULTS.withAdditional(List.of("localhost")));
            SfdxAuthUrl http = SfdxAuthUrl.parse(text, DEFAULTS.withAdditional(List.of("http://localhost")));
            assertThat(https.equals(http), is(false));
        }
    }

    @Nested
    class ToString {

        @Test
        void showsTheClientIdAndHostButNeverTheSecretOrTheToken() {
            SfdxAuthUrl url = SfdxAuthUrl.parse(
                    "force://3MVG9FAKEconsumerKey.x1:FAKESECRET123:5Aep861FAKErefresh.token_1@acme.my.salesforce.com",
                    DEFAULTS);
            String shown = url.toString();
            assertThat(shown, containsString("3MVG9FAKEconsumerKey.x1"));
            assertThat(shown, containsString("acme.my.salesforce.com"));
            assertThat(shown, containsString("clientSecret=****"));
            assertThat(shown, containsString("refreshToken=****"));
            assertThat(shown, not(containsString("FAKESECRET123")));
            assertThat(shown, not(containsString("5Aep861")));
        }

        @Test
        void saysWhenThereIsNoClientSecret() {
            assertThat(SfdxAuthUrl.parse(VALID, DEFAULTS).toString(), containsString("clientSecret=(none)"));
        }
    }

    @Nested
    class Rejections {

        @ParameterizedTest(name = "[{0}] names {1}")
        @CsvSource(
                delimiter = '|',
                // The expected messages quote with ' (for example 'force://'), so ' must not be the CSV quote.
                quoteCharacter = '"',
                textBlock = """
                https://acme.my.salesforce.com                                  | must be 'force://', not http(s)://
                force:/PlatformCLI::5Aep861@acme.my.salesforce.com              | scheme of the auth URL must be 'force://'
                force%3A%2F%2FPlatformCLI%3A%3A5Aep861%40acme.my.salesforce.com | scheme of the auth URL is percent-encoded
                Force://PlatformCLI::5Aep861@acme.my.salesforce.com             | 'force://' in lower case
                force://PlatformCLI::5Aep861acme.my.salesforce.com              | no '@' between the refresh token and the host
                force://PlatformCLI::5Aep861%40acme.my.salesforce.com           | auth URL contains '%': do not URL-encode
                force://Platform%20CLI::5Aep861@acme.my.salesforce.com          | client id contains '%': do not URL-encode
                force://Platform CLI::5Aep861@acme.my.salesforce.com            | client id contains a character that is not allowed
                force://Platform=CLI::5Aep861@acme.my.salesforce.com            | client id has '=' in the wrong place
                force://==::5Aep861@acme.my.salesforce.com                      | client id is only '=' padding
                force://PlatformCLI:se cret:5Aep861@acme.my.salesforce.com      | client secret contains a character that is not allowed
                force://PlatformCLI:sec%2Bret:5Aep861@acme.my.salesforce.com    | client secret contains '%': do not URL-encode
                force://PlatformCLI:s===:5Aep861@acme.my.salesforce.com         | client secret has '=' in the wrong place
                force://PlatformCLI:==:5Aep861@acme.my.salesforce.com           | client secret is only '=' padding
                force://PlatformCLI::@acme.my.salesforce.com                    | refresh token is empty
                force://PlatformCLI::null@acme.my.salesforce.com                | refresh token is 'null'
                force://PlatformCLI::Undefined@acme.my.salesforce.com           | refresh token is 'undefined'
                force://PlatformCLI::5Aep+861@acme.my.salesforce.com            | refresh token contains a character that is not allowed
                force://PlatformCLI::5Aep/861@acme.my.salesforce.com            | refresh token contains a character that is not allowed
                force://PlatformCLI::5Aep861=x@acme.my.salesforce.com           | refresh token has '=' in the wrong place
                force://PlatformCLI::5Aep861@http://acme.my.salesforce.com      | instance host must not include http://
                force://PlatformCLI::5Aep861@ftp://acme.my.salesforce.com       | instance host must not include a scheme
                force://PlatformCLI::5Aep861@acme.my.salesforce.com/services    | trailing text after the host is a path
                force://PlatformCLI::5Aep861@acme.my.salesforce.com//           | trailing text after the host is a path
                force://PlatformCLI::5Aep861@acme.my.salesforce.com#x           | trailing text after the host is a fragment
                force://PlatformCLI::5Aep861@acme.my.salesforce.com%2F          | host contains '%': do not URL-encode
                force://PlatformCLI::5Aep861@acme_x.my.salesforce.com           | host in the auth URL contains a character that is not allowed
                force://PlatformCLI::5Aep861@acme.my.salesforce.com.            | host in the auth URL is not a valid host name
                force://PlatformCLI::5Aep861@acme..salesforce.com               | host in the auth URL is not a valid host name
                force://PlatformCLI::5Aep861@[::1]:8765                         | host in the auth URL contains a character that is not allowed
                force://PlatformCLI::5Aep861@acme.my.salesforce.com:0           | Bad port in the auth URL
                force://PlatformCLI::5Aep861@acme.my.salesforce.com:65536       | Bad port in the auth URL
                force://PlatformCLI::5Aep861@acme.my.salesforce.com:            | Bad port in the auth URL
                force://PlatformCLI::5Aep861@acme.my.salesforce.com:61:01       | Bad port in the auth URL
                force://PlatformCLI::5Aep861@acme.lightning.force.com           | It should NOT be a lightning domain
                force://PlatformCLI::5Aep861@salesforce.com.evil.com            | Host not allowed: 'salesforce.com.evil.com'
                """)
        void nameThePartThatIsWrong(String input, String mention) {
            SalesforceAuthException e = refused(input);
            assertThat(e.getMessage(), containsString(mention));
            assertThat(e.getMessage(), not(containsString("5Aep")));
        }

        @Test
        void aLightningHostGetsTheMyDomainToUseInstead() {
            assertThat(
                    refused("force://PlatformCLI::5Aep861@acme--uat.sandbox.lightning.force.com")
                            .fix(),
                    containsString("acme--uat.sandbox.my.salesforce.com"));
        }

        @Test
        void emptyInputIsRefused() {
            assertThat(refused(null).getMessage(), startsWith("The auth URL is empty."));
            assertThat(refused("").getMessage(), startsWith("The auth URL is empty."));
            assertThat(refused(" \n\t ").getMessage(), startsWith("The auth URL is empty."));
        }

        @Test
        void absurdlyLongInputIsRefusedBeforeItIsLookedAt() {
            String longToken = "5Aep" + "x".repeat(SfdxAuthUrl.MAX_LENGTH);
            assertThat(
                    refused("force://PlatformCLI::" + longToken + "@acme.my.salesforce.com")
                            .getMessage(),
                    containsString("longer than 4096 characters"));
            assertThat(refused(" ".repeat(9000) + VALID).getMessage(), containsString("longer than 4096 characters"));
        }

        @ParameterizedTest(name = "{4}")
        @CsvSource(delimiter = '|', textBlock = """
                '' | CLI:x | 5Aep861 | acme.my.salesforce.com | client id is empty
                PlatformCLI | se:cret | 5Aep861 | acme.my.salesforce.com | client secret contains a character
                PlatformCLI | '' | '' | acme.my.salesforce.com | refresh token is empty
                PlatformCLI | '' | undefined | acme.my.salesforce.com | refresh token is 'undefined'
                PlatformCLI | '' | 5Aep@861 | acme.my.salesforce.com | refresh token contains a character
                PlatformCLI | '' | 5Aep861 | https://acme.my.salesforce.com | instance host must not include https://
                PlatformCLI | '' | 5Aep861 | acme.my.salesforce.com/x | trailing text after the host is a path
                PlatformCLI | '' | 5Aep861 | acme.my.salesforce.com x | trailing text after the host
                PlatformCLI | '' | 5Aep861 | '' | host in the auth URL is empty
                PlatformCLI | '' | 5Aep861 | evil.com | Host not allowed
                """)
        void ofChecksEachPartLikeParse(String clientId, String secret, String token, String host, String mention) {
            SalesforceAuthException e = assertThrows(
                    SalesforceAuthException.class,
                    () -> SfdxAuthUrl.of(clientId, SecretText.of(secret), SecretText.of(token), host, DEFAULTS));
            assertThat(e.reason(), is(Reason.BAD_INPUT));
            assertThat(e.getMessage(), containsString(mention));
            assertThat(e.getMessage(), not(containsString("5Aep")));
        }

        @Test
        void ofRefusesAMissingClientIdTokenOrHost() {
            assertThat(
                    assertThrows(
                                    SalesforceAuthException.class,
                                    () -> SfdxAuthUrl.of(
                                            null, null, SecretText.of("t"), "acme.my.salesforce.com", DEFAULTS))
                            .getMessage(),
                    containsString("client id is empty"));
            assertThat(
                    assertThrows(
                                    SalesforceAuthException.class,
                                    () -> SfdxAuthUrl.of("id", null, null, "acme.my.salesforce.com", DEFAULTS))
                            .getMessage(),
                    containsString("refresh token is empty"));
            assertThat(
                    assertThrows(
                                    SalesforceAuthException.class,
                                    () -> SfdxAuthUrl.of("id", null, SecretText.of("t"), null, DEFAULTS))
                            .getMessage(),
                    containsString("host in the auth URL is empty"));
        }
    }

    @Nested
    class FromSfdxJson {

        @Test
        void readsResultSfdxAuthUrlAsOrgDisplayPrintsIt() {
            String json = """
                    {
                      "status": 0,
                      "result": {
                        "id": "00D000000000001EAA",
                        "accessToken": "00D000000000001!AQ0AQFAKE.access.token.1",
                        "instanceUrl": "https://acme.my.salesforce.com",
                        "username": "admin@acme.example",
                        "sfdxAuthUrl": "force://PlatformCLI::5Aep861FAKErefresh.token_1@acme.my.salesforce.com"
                      },
                      "warnings": []
                    }
                    """;
            assertThat(
                    SfdxAuthUrl.fromSfdxJson(json, DEFAULTS),
                    is(SfdxAuthUrl.parse(
                            "force://PlatformCLI::5Aep861FAKErefresh.token_1@acme.my.salesforce.com", DEFAULTS)));
        }

        @Test
        void fallsBackToATopLevelSfdxAuthUrl() {
            String json = "{\"sfdxAuthUrl\": \"force://PlatformCLI::5Aep861@acme.my.salesforce.com\"}";
            assertThat(SfdxAuthUrl.fromSfdxJson(json, DEFAULTS).host(), is("acme.my.salesforce.com"));
        }

        @Test
        void prefersResultOverTheTopLevel() {
            String json = "{\"sfdxAuthUrl\": \"force://PlatformCLI::5Aep861@other.my.salesforce.com\","
                    + " \"result\": {\"sfdxAuthUrl\": \"force://PlatformCLI::5Aep861@acme.my.salesforce.com\"}}";
            assertThat(SfdxAuthUrl.fromSfdxJson(json, DEFAULTS).host(), is("acme.my.salesforce.com"));
        }

        @Test
        void saysWhereItLookedWhenThereIsNoAuthUrl() {
            SalesforceAuthException e = assertThrows(
                    SalesforceAuthException.class,
                    () -> SfdxAuthUrl.fromSfdxJson(
                            "{\"status\":0,\"result\":{\"accessToken\":\"00D000000000001!AQ0AQFAKE\"}}", DEFAULTS));
            assertThat(e.reason(), is(Reason.BAD_INPUT));
            assertThat(
                    e.getMessage(),
                    containsString("has no sfdxAuthUrl (looked at result.sfdxAuthUrl and sfdxAuthUrl)"));
            assertThat(e.fix(), containsString("sf org auth show-sfdx-auth-url --target-org <alias> --json"));
            assertThat(e.fix(), containsString("sf org login web"));
            assertThat(e.getMessage(), not(containsString("00D000000000001!")));
        }

        @Test
        void recognisesTheOutputOfAFailedCommand() {
            SalesforceAuthException e = assertThrows(
                    SalesforceAuthException.class,
                    () -> SfdxAuthUrl.fromSfdxJson(
                            "{\"status\":1,\"name\":\"NoOrgFound\",\"message\":\"No authorization information found\"}",
                            DEFAULTS));
            assertThat(e.getMessage(), containsString("failed sf command (status 1)"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "{\"result\": {\"sfdxAuthUrl\": \"force://PlatformCLI::CANARY123",
                    "{\"result\": {\"sfdxAuthUrl\": force://PlatformCLI::CANARY123@acme.my.salesforce.com}}",
                    "{\"sfdxAuthUrl\": \"force://PlatformCLI::CANARY123@acme.my.salesforce.com\"} trailing CANARY123",
                    "{\"sfdxAuthUrl\": \"x\", \"sfdxAuthUrl\": \"force://PlatformCLI::CANARY123@acme.my.salesforce.com\"}",
                    "force://PlatformCLI::CANARY123@acme.my.salesforce.com"
                })
        void refusesTextThatIsNotOneJsonDocumentWithoutQuotingIt(String text) {
            SalesforceAuthException e =
                    assertThrows(SalesforceAuthException.class, () -> SfdxAuthUrl.fromSfdxJson(text, DEFAULTS));
            assertThat(e.reason(), is(Reason.BAD_INPUT));
            assertThat(e.getMessage(), containsString("could not be read"));
            assertThat(e.getMessage(), not(containsString("CANARY")));
            assertThat("Jackson's exception would quote the document", e.getCause(), is(nullValue()));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"[]", "\"force://PlatformCLI::5Aep861@acme.my.salesforce.com\"", "42", "null"})
        void refusesJsonThatIsNotAnObject(String text) {
            assertThat(
                    assertThrows(SalesforceAuthException.class, () -> SfdxAuthUrl.fromSfdxJson(text, DEFAULTS))
                            .getMessage(),
                    containsString("not a JSON object"));
        }

        @Test
        void refusesAbsurdlyDeepNestingAsUnreadable() {
            String deep = "[".repeat(5000) + "]".repeat(5000);
            SalesforceAuthException e =
                    assertThrows(SalesforceAuthException.class, () -> SfdxAuthUrl.fromSfdxJson(deep, DEFAULTS));
            assertThat(e.getMessage(), containsString("could not be read"));
            assertThat(e.getCause(), is(nullValue()));
        }

        @Test
        void refusesAnAuthUrlThatIsNotAString() {
            assertThat(
                    assertThrows(
                                    SalesforceAuthException.class,
                                    () -> SfdxAuthUrl.fromSfdxJson("{\"result\":{\"sfdxAuthUrl\":42}}", DEFAULTS))
                            .getMessage(),
                    containsString("result.sfdxAuthUrl is not a string"));
        }

        @Test
        void refusesEmptyInput() {
            assertThat(
                    assertThrows(SalesforceAuthException.class, () -> SfdxAuthUrl.fromSfdxJson("  ", DEFAULTS))
                            .getMessage(),
                    containsString("The sfdx JSON is empty"));
            assertThat(
                    assertThrows(SalesforceAuthException.class, () -> SfdxAuthUrl.fromSfdxJson(null, DEFAULTS))
                            .getMessage(),
                    containsString("The sfdx JSON is empty"));
        }

        @Test
        void saysWhichFieldHeldAnAuthUrlThatIsRefused() {
            SalesforceAuthException e = assertThrows(
                    SalesforceAuthException.class,
                    () -> SfdxAuthUrl.fromSfdxJson(
                            "{\"result\":{\"sfdxAuthUrl\":\"force://PlatformCLI::undefined@acme.my.salesforce.com\"}}",
                            DEFAULTS));
            assertThat(e.reason(), is(Reason.BAD_INPUT));
            assertThat(
                    e.getMessage(),
                    startsWith(
                            "In the sfdx JSON's result.sfdxAuthUrl: The refresh token is 'undefined'; re-export the URL"));
        }
    }
}
