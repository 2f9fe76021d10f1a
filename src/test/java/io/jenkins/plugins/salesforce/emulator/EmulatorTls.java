package io.jenkins.plugins.salesforce.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS identity of an HTTPS emulator: a server certificate for {@code 127.0.0.1} and {@code localhost}, and the
 * certificate authority that clients must trust to accept it.
 *
 * <p>{@link #generate()} makes a fresh self-signed CA and a server certificate it signed (EC P-256, valid for 30 days
 * from now; the real clock, because TLS clients check validity against theirs, not the emulator's). {@link
 * #fromPkcs12} uses a server key and certificate chain someone else made. Either way {@link #writeTrustFiles} writes
 * what a client needs: the CA as PEM (for {@code NODE_EXTRA_CA_CERTS}, curl's {@code --cacert}) and as a PKCS12
 * truststore (for a JVM's {@code -Djavax.net.ssl.trustStore}).
 *
 * <p>Nothing here is secret in the emulator's sense: the keys live in memory only and protect nothing but loopback
 * test traffic. The truststore holds public certificates only; its password is {@link #TRUSTSTORE_PASSWORD}.
 */
public final class EmulatorTls {
    /** The password of the PKCS12 truststore {@link #writeTrustFiles} writes (it holds public certificates only). */
    public static final String TRUSTSTORE_PASSWORD = "changeit";

    static final String CA_FILE = "emulator-ca.pem";
    static final String TRUSTSTORE_FILE = "emulator-truststore.p12";
    static final String SERVER_KEYSTORE_FILE = "emulator-server.p12";
    private static final Duration VALIDITY = Duration.ofDays(30);
    private static final char[] IN_MEMORY_PASSWORD = "emulator".toCharArray();

    private final PrivateKey serverKey;
    private final X509Certificate[] chain;
    private final X509Certificate ca;
    private final SSLContext serverContext;
    private volatile TrustFiles trustFiles;

    private EmulatorTls(PrivateKey serverKey, X509Certificate[] chain, X509Certificate ca) {
        this.serverKey = serverKey;
        this.chain = chain.clone();
        this.ca = ca;
        this.serverContext = buildServerContext();
    }

    /** A new CA and a server certificate for 127.0.0.1 and localhost, signed by it. */
    public static EmulatorTls generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair caKeys = g.generateKeyPair();
            KeyPair serverKeys = g.generateKeyPair();
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date until = Date.from(now.plus(VALIDITY));
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();

            X500Name caName = new X500Name("CN=Salesforce emulator test CA " + now.getEpochSecond());
            X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(
                            caName, serial(), from, until, caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate ca = certificate(caBuilder, caKeys.getPrivate());

            X509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(
                            ca, serial(), from, until, new X500Name("CN=127.0.0.1"), serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(new GeneralName[] {
                                new GeneralName(GeneralName.iPAddress, SalesforceEmulator.LOOPBACK),
                                new GeneralName(GeneralName.dNSName, "localhost")
                            }))
                    .addExtension(
                            Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            ext.createSubjectKeyIdentifier(serverKeys.getPublic()));
            X509Certificate server = certificate(serverBuilder, caKeys.getPrivate());
            return new EmulatorTls(serverKeys.getPrivate(), new X509Certificate[] {server, ca}, ca);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot generate the emulator's TLS certificate: " + e, e);
        }
    }

    /**
     * A server identity from a PKCS12 key store: its first key entry is the server key and chain, and the chain's last
     * certificate is taken as the CA that clients must trust.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static EmulatorTls fromPkcs12(Path keyStore, char[] password) {
        Objects.requireNonNull(keyStore, "keyStore");
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (String alias : java.util.Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    Certificate[] c = ks.getCertificateChain(alias);
                    X509Certificate[] x = new X509Certificate[c.length];
                    for (int i = 0; i < c.length; i++) {
                        x[i] = (X509Certificate) c[i];
                    }
                    return new EmulatorTls((PrivateKey) ks.getKey(alias, password), x, x[x.length - 1]);
                }
            }
            throw new IllegalArgumentException("The TLS key store " + keyStore
                    + " has no private key entry: give --tls-keystore a PKCS12 file with the server key and its"
                    + " certificate chain.");
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the TLS key store " + keyStore + " (" + e.getMessage()
                    + "): check the path and --tls-keystore-password.");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The TLS key store " + keyStore + " is not a usable PKCS12 key store ("
                    + e.getMessage() + "): give --tls-keystore a PKCS12 file with the server key and its chain.");
        }
    }

    /**
     * The identity kept in a directory: the server key store {@value #SERVER_KEYSTORE_FILE} written by an earlier
     * start, if it is still valid for a day, else a new {@link #generate()}d one, which is written there. Either way
     * the trust files are (re)written, so a client configured once keeps trusting an emulator that restarts.
     */
    public static EmulatorTls inDirectory(Path directory) {
        Path keyStore = directory.resolve(SERVER_KEYSTORE_FILE);
        EmulatorTls tls = null;
        if (Files.isRegularFile(keyStore)) {
            try {
                EmulatorTls kept = fromPkcs12(keyStore, TRUSTSTORE_PASSWORD.toCharArray());
                kept.serverCertificate().checkValidity(Date.from(Instant.now().plus(Duration.ofDays(1))));
                kept.caCertificate().checkValidity(Date.from(Instant.now().plus(Duration.ofDays(1))));
                tls = kept;
            } catch (IllegalArgumentException | GeneralSecurityException unusable) {
                // expired or unreadable: make a new one below
            }
        }
        if (tls == null) {
            tls = generate();
            tls.writeServerKeyStore(keyStore);
        }
        tls.writeTrustFiles(directory);
        return tls;
    }

    /** The certificate that clients must trust (the generated CA, or the last certificate of a given chain). */
    public X509Certificate caCertificate() {
        return ca;
    }

    /** The server's certificate. */
    public X509Certificate serverCertificate() {
        return chain[0];
    }

    /** The CA certificate in PEM. */
    public String caPem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(ca.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server side of TLS, for the emulator's {@code HttpsServer}s. */
    SSLContext serverContext() {
        return serverContext;
    }

    /** A client {@link SSLContext} that trusts the CA only (for tests that call the HTTPS emulator). */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(truststore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where {@link #writeTrustFiles} put the CA: PEM and a PKCS12 truststore. */
    public record TrustFiles(Path caPem, Path truststore) {}

    /** Where {@link #writeTrustFiles} last wrote the CA files, or null if it has not. */
    public TrustFiles trustFiles() {
        return trustFiles;
    }

    /** Writes the CA as {@value #CA_FILE} (PEM) and {@value #TRUSTSTORE_FILE} (PKCS12) into the directory. */
    public TrustFiles writeTrustFiles(Path directory) {
        try {
            Files.createDirectories(directory);
            Path pem = directory.resolve(CA_FILE);
            Files.writeString(pem, caPem());
            Path p12 = directory.resolve(TRUSTSTORE_FILE);
            try (OutputStream out = Files.newOutputStream(p12)) {
                truststore().store(out, TRUSTSTORE_PASSWORD.toCharArray());
            }
            trustFiles = new TrustFiles(pem, p12);
            return trustFiles;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the emulator's CA files to " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void writeServerKeyStore(Path file) {
        try {
            Files.createDirectories(file.getParent());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", serverKey, TRUSTSTORE_PASSWORD.toCharArray(), chain);
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, TRUSTSTORE_PASSWORD.toCharArray());
            }
            try {
                Files.setPosixFilePermissions(
                        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's defaults apply
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the emulator's server key store " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "EmulatorTls[server=" + chain[0].getSubjectX500Principal() + ", ca=" + ca.getSubjectX500Principal()
                + "]";
    }

    private KeyStore truststore() throws GeneralSecurityException {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("salesforce-emulator-ca", ca);
            return ts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SSLContext buildServerContext() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", serverKey, IN_MEMORY_PASSWORD, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, IN_MEMORY_PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot set up the emulator's TLS server: " + e, e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }

    private static X509Certificate certificate(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
        return new JcaX509CertificateConverter().getCertificate(builder.build(s));
    }
}
