package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the registration step and the CLI command accept as an auth URL, checked against output captured from the
 * real {@code sf} 2.150.6 (see {@code src/test/resources/.../sf-cli-2.150.6/README.md}).
 */
class SfdxAuthUrlCliOutputTest {
    private static final SalesforceHosts HOSTS =
            SalesforceHosts.defaults().withAdditional(List.of("https://127.0.0.1"));
    private static final String EMULATOR_URL = "force://PlatformCLI::5Aep861EMULATOR.acme.admin@127.0.0.1:9102";
    private static final String REFRESH_TOKEN = "5Aep861EMULATOR.acme.admin";

    private static String captured(String file) {
        try (InputStream in = SfdxAuthUrlCliOutputTest.class.getResourceAsStream("sf-cli-2.150.6/" + file)) {
            if (in == null) {
                throw new AssertionError("missing test resource sf-cli-2.150.6/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theJsonOfShowSfdxAuthUrlGivesTheAuthUrl() {
        SfdxAuthUrl url = SfdxAuthUrl.read(captured("org-auth-show-sfdx-auth-url.json"), HOSTS);
        assertThat(url.format(), is(EMULATOR_URL));
        assertThat(url.loginUrl().toString(), is("https://127.0.0.1:9102"));
    }

    @Test
    void theJsonOfAnOlderOrgDisplayVerboseStillGivesTheAuthUrl() {
        SfdxAuthUrl url = SfdxAuthUrl.read(captured("org-display-verbose-with-SF_TEMP_SHOW_SECRETS.json"), HOSTS);
        assertThat(url.format(), is(EMULATOR_URL));
    }

    @Test
    void theBareUrlThatShowSfdxAuthUrlShowsIsAcceptedToo() {
        assertThat(SfdxAuthUrl.read(EMULATOR_URL + "\n", HOSTS).format(), is(EMULATOR_URL));
    }

    @Test
    void todaysOrgDisplayVerboseJsonIsRefusedWithTheCommandToRunInstead() {
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> SfdxAuthUrl.read(captured("org-display-verbose.json"), HOSTS));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("result.sfdxAuthUrl is [REDACTED]"));
        assertThat(e.fix(), containsString("`sf org auth show-sfdx-auth-url --target-org <alias> --json`"));
    }

    @Test
    void todaysOrgDisplayVerboseTableIsRefusedWithTheCommandToRunInstead() {
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> SfdxAuthUrl.read(captured("org-display-verbose.txt"), HOSTS));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("replaced it by [REDACTED]"));
        assertThat(e.fix(), containsString("`sf org auth show-sfdx-auth-url --target-org <alias> --json`"));
    }

    @Test
    void theJsonOfAFailedShowSfdxAuthUrlSaysItFailedAndQuotesNothing() {
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> SfdxAuthUrl.read(captured("org-auth-show-sfdx-auth-url-unknown-org.json"), HOSTS));
        assertThat(e.getMessage(), containsString("output of a failed sf command (status 2)"));
        assertThat(e.fix(), containsString("sf org auth show-sfdx-auth-url"));
        assertThat(e.getMessage(), not(containsString("nosuch")));
    }

    @Test
    void noRefusalRepeatsTheSecretsOfTheOutput() {
        String leaky = captured("org-display-verbose-with-SF_TEMP_SHOW_SECRETS.json")
                .replace("127.0.0.1:9102\"", "127.0.0.1:9102/path\"");
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> SfdxAuthUrl.read(leaky, HOSTS));
        assertThat(e.getMessage(), not(containsString(REFRESH_TOKEN)));
        assertThat(e.getMessage(), not(containsString("00D000000000001!")));
        assertThat(
                SfdxAuthUrl.read(captured("org-auth-show-sfdx-auth-url.json"), HOSTS).toString(),
                not(containsString(REFRESH_TOKEN)));
    }
}
