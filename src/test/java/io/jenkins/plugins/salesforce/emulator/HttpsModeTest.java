package io.jenkins.plugins.salesforce.emulator;

import static io.jenkins.plugins.salesforce.emulator.EmulatorHttp.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator over HTTPS, as the real sf CLI needs it: every host speaks TLS, and every URL it hands out is https. */
class HttpsModeTest {
    @TempDir
    Path dir;

    @Test
    void everyHostServesTlsAndTheTokenResponseNamesHttpsUrls() {
        try (SalesforceEmulator emulator = SalesforceEmulator.builder().https().start()) {
            Org prod = emulator.productionOrg("acme");
            User admin = prod.user("admin@acme.com");
            EmulatorHttp http = new EmulatorHttp(emulator.tls());

            assertThat(emulator.scheme(), is("https"));
            assertThat(emulator.loginUrl(), startsWith("https://127.0.0.1:"));
            assertThat(emulator.testUrl(), startsWith("https://127.0.0.1:"));
            assertThat(prod.instanceUrl(), startsWith("https://127.0.0.1:"));
            assertThat("the auth URL has no scheme: clients put https in front", emulator.authUrlFor(admin),
                    startsWith("force://PlatformCLI::"));

            RefreshToken refresh = emulator.issueRefreshToken(admin, emulator.platformCli());
            JsonNode token = json(http.refresh(prod.instanceUrl(), "PlatformCLI", "", refresh.value()));
            assertThat(token.get("instance_url").asText(), is(prod.instanceUrl()));
            assertThat(token.get("id").asText(), startsWith(emulator.loginUrl() + "/id/"));
            JsonNode versions = json(http.get(emulator.loginUrl(), "/services/data", null));
            assertThat(versions.isArray(), is(true));
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefused() {
        try (SalesforceEmulator emulator = SalesforceEmulator.builder().https().start()) {
            EmulatorHttp untrusting = new EmulatorHttp();
            UncheckedIOException e = assertThrows(
                    UncheckedIOException.class, () -> untrusting.get(emulator.loginUrl(), "/services/data", null));
            assertThat(e.getCause(), instanceOf(SSLHandshakeException.class));
        }
    }

    @Test
    void plainHttpStaysTheDefault() {
        try (SalesforceEmulator emulator = SalesforceEmulator.start()) {
            assertThat(emulator.scheme(), is("http"));
            assertThat(emulator.tls() == null, is(true));
            assertThat(emulator.loginUrl(), startsWith("http://127.0.0.1:"));
        }
    }

    @Test
    void theServerCertificateNamesTheLoopbackAddressAndLocalhostAndIsSignedByTheCa() throws Exception {
        EmulatorTls tls = EmulatorTls.generate();
        X509Certificate server = tls.serverCertificate();
        Collection<List<?>> names = server.getSubjectAlternativeNames();
        assertThat(names.toString(), containsString("127.0.0.1"));
        assertThat(names.toString(), containsString("localhost"));
        server.verify(tls.caCertificate().getPublicKey());
        assertThat("the CA may sign", tls.caCertificate().getBasicConstraints(), is(0));
        assertThat(tls.toString(), not(containsString("PRIVATE")));
    }

    @Test
    void theTrustFilesHoldTheCaAsPemAndAsAPkcs12Truststore() throws Exception {
        EmulatorTls tls = EmulatorTls.generate();
        EmulatorTls.TrustFiles files = tls.writeTrustFiles(dir);
        assertThat(files.caPem().getFileName().toString(), is("emulator-ca.pem"));
        assertThat(Files.readString(files.caPem()), startsWith("-----BEGIN CERTIFICATE-----\n"));
        try (InputStream in = Files.newInputStream(files.caPem())) {
            assertThat(CertificateFactory.getInstance("X.509").generateCertificate(in), is(tls.caCertificate()));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(files.truststore())) {
            store.load(in, EmulatorTls.TRUSTSTORE_PASSWORD.toCharArray());
        }
        assertThat(store.getCertificate("salesforce-emulator-ca"), is(tls.caCertificate()));
        assertThat("public certificates only", store.isKeyEntry("salesforce-emulator-ca"), is(false));
    }

    @Test
    void aTlsDirectoryKeepsTheIdentitySoClientsTrustARestartedEmulator() {
        EmulatorTls first = EmulatorTls.inDirectory(dir);
        EmulatorTls second = EmulatorTls.inDirectory(dir);
        assertThat(second.caCertificate(), is(first.caCertificate()));
        assertThat(second.serverCertificate(), is(first.serverCertificate()));
        assertThat(Files.exists(dir.resolve("emulator-truststore.p12")), is(true));
    }

    @Test
    void aGivenKeyStoreServesItsOwnChain() {
        EmulatorTls made = EmulatorTls.inDirectory(dir);
        EmulatorTls given = EmulatorTls.fromPkcs12(
                dir.resolve("emulator-server.p12"), EmulatorTls.TRUSTSTORE_PASSWORD.toCharArray());
        assertThat(given.serverCertificate(), is(made.serverCertificate()));
        assertThat(given.caCertificate(), is(made.caCertificate()));
        try (SalesforceEmulator emulator = SalesforceEmulator.builder().https(given).start()) {
            assertThat(new EmulatorHttp(made).get(emulator.loginUrl(), "/services/data", null).statusCode(), is(200));
        }
    }

    @Test
    void anUnreadableKeyStoreIsNamedWithTheFix() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EmulatorTls.fromPkcs12(dir.resolve("missing.p12"), "x".toCharArray()));
        assertThat(e.getMessage(), containsString("missing.p12"));
        assertThat(e.getMessage(), containsString("--tls-keystore-password"));
    }
}
