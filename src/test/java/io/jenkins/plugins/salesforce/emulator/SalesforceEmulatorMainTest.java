package io.jenkins.plugins.salesforce.emulator;

import static io.jenkins.plugins.salesforce.emulator.EmulatorHttp.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SalesforceEmulatorMainTest {
    private final EmulatorHttp http = new EmulatorHttp();

    @TempDir
    Path dir;

    @Test
    void seedsADevHubWithASandboxAndAScratchOrgAndPrintsWhatAJenkinsAdminNeeds() throws Exception {
        try (SalesforceEmulator emulator = SalesforceEmulator.start()) {
            SalesforceEmulatorMain.Seeded s = SalesforceEmulatorMain.seed(emulator);
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            SalesforceEmulatorMain.print(new PrintStream(buffer, true, StandardCharsets.UTF_8), emulator, s);
            String out = buffer.toString(StandardCharsets.UTF_8);

            assertThat(
                    out,
                    containsString("force://PlatformCLI::5Aep861EMULATOR.acme.admin@127.0.0.1:"
                            + s.production().instancePort()));
            assertThat(out, containsString(emulator.loginUrl()));
            assertThat(out, containsString(s.sandbox().org().instanceUrl()));
            assertThat(out, containsString(s.scratch().org().instanceUrl()));
            assertThat(out, containsString("add http://127.0.0.1 to the allowed Salesforce hosts"));
            assertThat(s.production().isDevHub(), is(true));
            assertThat(
                    s.scratch().sfdxAuthUrl(),
                    containsString("@127.0.0.1:" + s.scratch().org().instancePort()));
            assertThat(s.toString(), not(containsString("5Aep861")));
            assertThat(Files.readString(s.jwtKey()), containsString("-----BEGIN PRIVATE KEY-----"));

            RefreshToken token = emulator.refreshToken("5Aep861EMULATOR.acme.admin");
            assertThat(
                    http.refresh(s.production().instanceUrl(), "PlatformCLI", "", token.value())
                            .statusCode(),
                    is(200));
            Files.deleteIfExists(s.jwtKey());
        }
    }

    @Test
    void pinnedPortsFollowTheBasePort() {
        int base;
        try (SalesforceEmulator probe = SalesforceEmulator.start()) {
            base = probe.loginPort();
        }
        try (SalesforceEmulator emulator =
                SalesforceEmulator.builder().basePort(base).start()) {
            Org acme = emulator.productionOrg("acme");
            assertThat(emulator.loginPort(), is(base));
            assertThat(emulator.testPort(), is(base + 1));
            assertThat(acme.instancePort(), is(base + 2));
            assertThat(
                    json(http.get(acme.instanceUrl(), "/services/data", null)).isArray(), is(true));
        } catch (java.io.UncheckedIOException portTakenMeanwhile) {
            // another process grabbed one of the ports between the probe and the bind: nothing to check
        }
    }

    @Test
    void inHttpsModeItPrintsHowTheCliAndJenkinsTrustItsCa() throws Exception {
        SalesforceEmulatorMain.Options options =
                SalesforceEmulatorMain.Options.parse("--https", "--tls-dir", dir.toString());
        try (SalesforceEmulator emulator =
                SalesforceEmulator.builder().https(options.tls()).start()) {
            SalesforceEmulatorMain.Seeded s = SalesforceEmulatorMain.seed(emulator);
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            SalesforceEmulatorMain.print(new PrintStream(buffer, true, StandardCharsets.UTF_8), emulator, s);
            String out = buffer.toString(StandardCharsets.UTF_8);

            assertThat(out, containsString("HTTPS on 127.0.0.1"));
            assertThat(out, containsString("export NODE_EXTRA_CA_CERTS=" + dir.resolve("emulator-ca.pem")));
            assertThat(out, containsString("-Djavax.net.ssl.trustStore=" + dir.resolve("emulator-truststore.p12")));
            assertThat(out, containsString("add https://127.0.0.1 to the allowed Salesforce hosts"));
            assertThat(out, containsString("https://127.0.0.1:" + s.production().instancePort()));
            assertThat(Files.readString(dir.resolve("emulator-ca.pem")), containsString("BEGIN CERTIFICATE"));
            Files.deleteIfExists(s.jwtKey());
        }
    }

    @Test
    void aBusyPortEndsInOneLineThatNamesThePortOption() {
        try (SalesforceEmulator taken = SalesforceEmulator.start()) {
            int port = taken.loginPort();
            SalesforceEmulator.Builder samePorts = SalesforceEmulator.builder().basePort(port);
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, samePorts::start);
            String line = SalesforceEmulatorMain.startFailure(e, port);
            assertThat(line, containsString("is in use"));
            assertThat(line, containsString("--port <N>"));
            assertThat(line.lines().count(), is(1L));
        }
    }

    @Test
    void badOptionsAreNamedWithTheFix() {
        assertThat(
                assertThrows(IllegalArgumentException.class, () -> SalesforceEmulatorMain.Options.parse("--port", "x"))
                        .getMessage(),
                containsString("--port must be a number"));
        assertThat(
                assertThrows(IllegalArgumentException.class, () -> SalesforceEmulatorMain.Options.parse("--port"))
                        .getMessage(),
                is("--port needs a value"));
        assertThat(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> SalesforceEmulatorMain.Options.parse("--tls-dir", "/tmp/x"))
                        .getMessage(),
                containsString("need --https"));
        assertThat(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> SalesforceEmulatorMain.Options.parse("--https", "--tls-keystore", "k.p12"))
                        .getMessage(),
                containsString("--tls-keystore-password"));
        SalesforceEmulatorMain.Options o = SalesforceEmulatorMain.Options.parse("--https", "--port", "9000", "--quiet");
        assertThat(o.https, is(true));
        assertThat(o.port, is(9000));
        assertThat(o.quiet, is(true));
    }
}
