package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Runs a few hundred malformed auth URLs that carry a canary client secret and refresh token through every entry
 * point and checks that no exception message, fix, exception {@code toString()} or value {@code toString()}
 * ever contains either canary. The canaries always sit in the secret and token positions, before the '@', so
 * nothing in an error may repeat them (only the host, after the '@', may be named).
 */
class SfdxAuthUrlSecretCanaryTest {

    private static final String TOKEN = "CANARYrefresh123";
    private static final String SECRET = "CANARYsecret456";
    private static final SalesforceHosts HOSTS = SalesforceHosts.defaults();

    private static final List<String> TEMPLATES = List.of(
            "force://PlatformCLI:{S}:{T}@{H}",
            "FORCE://PlatformCLI:{S}:{T}@{H}",
            "https://PlatformCLI:{S}:{T}@{H}",
            "force:/PlatformCLI:{S}:{T}@{H}",
            "force//PlatformCLI:{S}:{T}@{H}",
            "force://{T}@{H}",
            "force://{S}{T}@{H}",
            "force://:{S}:{T}@{H}",
            "force://:{T}@{H}",
            "force://PlatformCLI:{S}:{T}:{T}@{H}",
            "force://Platform:CLI:{S}:{T}@{H}",
            "force://PlatformCLI:{S}:{T}{H}",
            "force://PlatformCLI:{S}:{T}",
            "force://PlatformCLI:{S}:{T}%40{H}",
            "force://PlatformCLI:{S}%3A{T}@{H}",
            "force://PlatformCLI:%{S}:{T}@{H}",
            "force://PlatformCLI:{S}:{T}!@{H}",
            "force://PlatformCLI:{S}!:{T}@{H}",
            "force://PlatformCLI:{S}===:{T}@{H}",
            "force://PlatformCLI:{S}:{T}===@{H}",
            "force://PlatformCLI:{S}:{T}=x@{H}",
            "force://PlatformCLI:{S}:{T} @{H}",
            "force://PlatformCLI:{S}:\u00e9{T}@{H}",
            "force://PlatformCLI:{S}:{T}@{H}/{T}",
            "force://PlatformCLI:{S}:{T}@{H}//",
            "force://PlatformCLI:{S}:{T}@{H}?token={T}",
            "force://PlatformCLI:{S}:{T}@{H}#{T}",
            "force://PlatformCLI:{S}:{T}@{H} {T}",
            "force://PlatformCLI:{S}:{T}@{H}\n{T}",
            "force://PlatformCLI:{S}:{T}@{H}\u0000{T}",
            "force://PlatformCLI:{S}:{T}@{H}@{T}",
            "force://PlatformCLI:{S}:{T}@{H}:{T}",
            "force://PlatformCLI:{S}:{T}@{H}%2F{T}",
            "force://PlatformCLI:{S}:{T}@https://{H}",
            "force://PlatformCLI:{S}:{T}@http://{H}/{T}",
            "force://Platform CLI:{S}:{T}@{H}",
            "force://PlatformCLI:{S}:undefined@{H}",
            "force://PlatformCLI:{S}:null@{H}",
            "force%3A%2F%2FPlatformCLI%3A{S}%3A{T}%40{H}",
            "{S}:{T}",
            "{T}",
            " {T} ");

    private static final List<String> HOST_CHOICES = List.of(
            "acme.my.salesforce.com",
            "acme.my.salesforce.com:6101",
            "evil.com",
            "acme.lightning.force.com",
            "localhost:8443",
            "",
            "acme.my.salesforce.com:0",
            "acme.my.salesforce.com:abc",
            "acme.my.salesforce.com:",
            "acme_x.my.salesforce.com",
            "acme..salesforce.com",
            "[::1]:8765");

    private static List<String> malformedInputs() {
        List<String> inputs = new ArrayList<>();
        for (String template : TEMPLATES) {
            for (String host : HOST_CHOICES) {
                inputs.add(template.replace("{S}", SECRET).replace("{T}", TOKEN).replace("{H}", host));
            }
        }
        return inputs;
    }

    @Test
    void parseNeverRepeatsTheSecretOrTheToken() {
        int refused = checkEveryInput(text -> SfdxAuthUrl.parse(text, HOSTS));
        assertThat("most of the inputs are malformed", refused, greaterThan(450));
    }

    @Test
    void theJsonReaderNeverRepeatsTheSecretOrTheToken() {
        int refused = checkEveryInput(text -> SfdxAuthUrl.fromSfdxJson(
                "{\"result\":{\"sfdxAuthUrl\":\""
                        + text.replace("\\", "\\\\")
                                .replace("\"", "\\\"")
                                .replace("\n", "\\n")
                                .replace("\u0000", "\\u0000")
                        + "\"}}",
                HOSTS));
        assertThat(refused, greaterThan(450));
    }

    @Test
    void theJsonReaderNeverQuotesADocumentItCannotRead() {
        int refused =
                checkEveryInput(text -> SfdxAuthUrl.fromSfdxJson("{\"result\":{\"sfdxAuthUrl\":\"" + text, HOSTS));
        assertThat(
                "every unterminated document is refused",
                refused,
                is(malformedInputs().size()));
    }

    @Test
    void ofNeverRepeatsTheSecretOrTheToken() {
        List<String> badParts = List.of("{X}!", "%{X}", "{X}:{X}", "{X}@", "{X}===", "={X}", " {X}", "{X}\n", "{X}/x");
        int refused = 0;
        List<String> leaks = new ArrayList<>();
        for (String part : badParts) {
            String secret = part.replace("{X}", SECRET);
            String token = part.replace("{X}", TOKEN);
            for (String host : HOST_CHOICES) {
                refused += leaksOf(
                        () -> SfdxAuthUrl.of("PlatformCLI", SecretText.of(secret), SecretText.of(TOKEN), host, HOSTS),
                        leaks);
                refused += leaksOf(
                        () -> SfdxAuthUrl.of("PlatformCLI", SecretText.of(SECRET), SecretText.of(token), host, HOSTS),
                        leaks);
                refused += leaksOf(
                        () -> SfdxAuthUrl.of(token, SecretText.of(SECRET), SecretText.of(TOKEN), host, HOSTS), leaks);
            }
        }
        assertThat(leaks, is(empty()));
        assertThat(refused, is(badParts.size() * HOST_CHOICES.size() * 3));
    }

    @Test
    void aValidUrlShowsNeitherCanaryInToString() {
        SfdxAuthUrl url =
                SfdxAuthUrl.parse("force://PlatformCLI:" + SECRET + ":" + TOKEN + "@acme.my.salesforce.com", HOSTS);
        assertThat(containsCanary(url.toString()), is(false));
        assertThat(containsCanary(String.valueOf(url.clientSecret()) + url.refreshToken()), is(false));
    }

    /** Runs each input, fails listing any that leaked, and returns how many were refused. */
    private static int checkEveryInput(Function<String, SfdxAuthUrl> entryPoint) {
        List<String> leaks = new ArrayList<>();
        int refused = 0;
        for (String input : malformedInputs()) {
            refused += leaksOf(() -> entryPoint.apply(input), leaks);
        }
        assertThat("inputs whose error or value showed a canary", leaks, is(empty()));
        return refused;
    }

    /** Runs one call; records a leak or a wrong failure; returns 1 when the call was refused, 0 when it was accepted. */
    private static int leaksOf(java.util.function.Supplier<SfdxAuthUrl> call, List<String> leaks) {
        try {
            SfdxAuthUrl url = call.get();
            if (containsCanary(url.toString())) {
                leaks.add("accepted, toString: " + url);
            }
            return 0;
        } catch (SalesforceAuthException e) {
            String everything = e.getMessage() + "|" + e.detail() + "|" + e.fix() + "|" + e;
            if (containsCanary(everything) || e.getCause() != null || e.reason() != Reason.BAD_INPUT) {
                leaks.add(e.reason() + ": " + redact(everything));
            }
            return 1;
        }
    }

    private static boolean containsCanary(String text) {
        return text.toLowerCase(Locale.ROOT).contains("canary");
    }

    /** The report of a leak must not become a leak itself in the build log. */
    private static String redact(String text) {
        return text.replaceAll("(?i)canary", "C_NARY");
    }
}
