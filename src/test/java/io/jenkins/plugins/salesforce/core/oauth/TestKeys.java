package io.jenkins.plugins.salesforce.core.oauth;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Keys made in the test, written in every PEM form the reader must accept or refuse. */
public final class TestKeys {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static KeyPair rsa2048;

    private TestKeys() {}

    /** One 2048-bit RSA key pair per JVM: generating them is slow. */
    public static synchronized KeyPair rsa() {
        if (rsa2048 == null) {
            rsa2048 = generate("RSA", 2048);
        }
        return rsa2048;
    }

    public static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (size > 0) {
                g.initialize(size);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code BEGIN RSA PRIVATE KEY} for RSA, {@code BEGIN EC PRIVATE KEY} for EC. */
    public static String pkcs1(PrivateKey key) {
        return write(key);
    }

    /** {@code BEGIN PRIVATE KEY}. */
    public static String pkcs8(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code BEGIN ENCRYPTED PRIVATE KEY}, PBES2 with AES-256-CBC. */
    public static String encryptedPkcs8(PrivateKey key, String passphrase) {
        try {
            return write(new JcaPKCS8Generator(
                    key,
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                            .setProvider(BC)
                            .setPassword(passphrase.toCharArray())
                            .build()));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The legacy OpenSSL form: {@code BEGIN RSA PRIVATE KEY} with {@code Proc-Type: 4,ENCRYPTED}. */
    public static String legacyEncrypted(PrivateKey key, String passphrase) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(
                    key,
                    new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(passphrase.toCharArray()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    public static String publicKey(KeyPair pair) {
        return write(pair.getPublic());
    }

    public static String certificate(KeyPair pair) {
        return certificate(pair, new Date(System.currentTimeMillis() + 86_400_000L));
    }

    /** A self-signed certificate of the pair, valid from now until {@code notAfter}. */
    public static String certificate(KeyPair pair, Date notAfter) {
        try {
            X500Name name = new X500Name("CN=jenkins-test");
            Date now = new Date(Math.min(System.currentTimeMillis(), notAfter.getTime() - 1000L));
            return write(new JcaX509v3CertificateBuilder(name, BigInteger.ONE, now, notAfter, name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String certificateSigningRequest(KeyPair pair) {
        try {
            return write(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=jenkins-test"), pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** The base64 lines of a PEM text, which no message may ever echo. */
    public static java.util.List<String> bodyLines(String pem) {
        return pem.lines()
                .filter(l -> !l.startsWith("-----") && !l.contains(":") && l.length() >= 16)
                .toList();
    }
}
