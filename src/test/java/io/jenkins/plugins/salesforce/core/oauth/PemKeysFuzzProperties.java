package io.jenkins.plugins.salesforce.core.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;

/**
 * Fuzzes the PEM reader with random text, random bytes in PEM armour, and mutations of real keys, certificates and
 * public keys. Tries per property come from the system property {@code jqwik.tries.default} (2000 in CI); a long
 * run is {@code mvn -f core-build/pom.xml verify -Djqwik.tries.default=1000000 -Dtest=PemKeysFuzzProperties
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>For every input: the result is an RSA key of at least 2048 bits or a BAD_INPUT
 * {@link SalesforceAuthException} with a fix and no cause; never another exception; and the message never echoes
 * the input (no 16-character window of a key's base64 body, not the passphrase).
 */
class PemKeysFuzzProperties {
    private static final String PASS = "fuzz-passphrase-42";
    private static final List<Template> TEMPLATES = templates();

    /** A valid PEM text to mutate, and the passphrase that opens it. */
    record Template(String name, String pem, String passphrase) {}

    /** A fuzzed input. */
    record Input(String text, String passphrase, Template from) {
        @Override
        public String toString() {
            return (from == null ? "random" : "mutated " + from.name()) + ": "
                    + text.replace("\n", "\\n").replace("\r", "\\r")
                    + (passphrase == null ? "" : "  (passphrase " + passphrase + ")");
        }
    }

    @Property
    void randomTextIsAKeyOrBadInputAndIsNeverEchoed(@ForAll String text, @ForAll("passphrases") String passphrase) {
        check(new Input(text, passphrase, null));
    }

    @Property
    void randomBytesInPemArmourAreAKeyOrBadInput(@ForAll("armoured") Input input) {
        check(input);
    }

    @Property
    void mutatedKeysCertificatesAndPublicKeysAreAKeyOrBadInputAndAreNeverEchoed(@ForAll("mutated") Input input) {
        check(input);
    }

    private static void check(Input in) {
        try {
            RSAPrivateKey key = PemKeys.readRsaPrivateKey(
                    SecretText.of(in.text()), in.passphrase() == null ? null : SecretText.of(in.passphrase()));
            assertNotNull(key);
            assertTrue(key.getModulus().bitLength() >= PemKeys.MIN_RSA_BITS);
            Statistics.label("outcome").collect("an RSA key");
        } catch (SalesforceAuthException e) {
            assertEquals(Reason.BAD_INPUT, e.reason());
            assertNotNull(e.fix());
            assertNull(e.getCause());
            String message = e.getMessage();
            // The refusal's first words, so the report shows which checks the fuzzer reaches.
            String d = e.detail().replaceAll("\\d+", "N");
            Statistics.label("outcome").collect(d.substring(0, Math.min(d.length(), 60)));
            assertTrue(message.contains("private key") || message.contains("passphrase"), "names the field");
            if (in.passphrase() != null && in.passphrase().length() >= 6) {
                assertFalse(message.contains(in.passphrase()), "echoes the passphrase");
            }
            for (String window : windows(in)) {
                assertFalse(message.contains(window), "echoes the input: " + window);
            }
        }
    }

    /** 16-character windows of the input's base64-looking lines (and of a one-line input). */
    private static List<String> windows(Input in) {
        List<String> out = new ArrayList<>();
        for (String line : in.text().split("[\\r\\n]+")) {
            String l = line.strip();
            if (l.length() >= 16 && !l.startsWith("-----")) {
                for (int i = 0; i + 16 <= l.length(); i += 8) {
                    out.add(l.substring(i, i + 16));
                }
            }
        }
        return out;
    }

    @Provide
    Arbitrary<String> passphrases() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(null)),
                Tuple.of(1, Arbitraries.just(PASS)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
    }

    @Provide
    Arbitrary<Input> armoured() {
        Arbitrary<String> label = Arbitraries.of(
                "PRIVATE KEY",
                "RSA PRIVATE KEY",
                "ENCRYPTED PRIVATE KEY",
                "EC PRIVATE KEY",
                "CERTIFICATE",
                "PUBLIC KEY",
                "RSA PUBLIC KEY",
                "CERTIFICATE REQUEST",
                "X509 CRL",
                "PKCS7",
                "EC PARAMETERS",
                "FOO");
        Arbitrary<String> body = Arbitraries.frequencyOf(
                Tuple.of(
                        3,
                        Arbitraries.bytes()
                                .array(byte[].class)
                                .ofMaxSize(600)
                                .map(b -> Base64.getMimeEncoder().encodeToString(b))),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n ")
                                .ofMaxLength(400)),
                Tuple.of(1, derPrefixes()));
        return Combinators.combine(label, body, passphrases())
                .as((l, b, p) -> new Input("-----BEGIN " + l + "-----\n" + b + "\n-----END " + l + "-----\n", p, null))
                .withoutEdgeCases(); // see mutated()
    }

    /** Short DER structures that start like real keys, so the parser gets past the first tag. */
    private static Arbitrary<String> derPrefixes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(tail -> {
            byte[] der = new byte[tail.length + 4];
            der[0] = 0x30;
            der[1] = (byte) 0x82;
            der[2] = (byte) ((tail.length >> 8) & 0xff);
            der[3] = (byte) (tail.length & 0xff);
            System.arraycopy(tail, 0, der, 4, tail.length);
            return Base64.getMimeEncoder().encodeToString(der);
        });
    }

    @Provide
    Arbitrary<Input> mutated() {
        Arbitrary<Template> template = Arbitraries.of(TEMPLATES);
        return template.flatMap(t -> Arbitraries.integers()
                        .between(0, 4)
                        .flatMap(n -> mutation(t.pem()).list().ofSize(n).map(ms -> {
                            String text = t.pem();
                            for (Mutation m : ms) {
                                text = m.apply(text);
                            }
                            return text;
                        }))
                        .flatMap(text -> Arbitraries.frequencyOf(
                                        Tuple.of(4, Arbitraries.just(t.passphrase())),
                                        Tuple.of(1, Arbitraries.just(null)),
                                        Tuple.of(1, Arbitraries.of("wrong-passphrase-1", "")))
                                .map(p -> new Input(text, p, t))))
                // Edge cases of these compositions run into the millions, which jqwik would precompute and hold in
                // memory on a long run; random generation covers them (a list of zero mutations included).
                .withoutEdgeCases();
    }

    /** An edit of a text at a relative position. */
    interface Mutation {
        String apply(String text);
    }

    private static Arbitrary<Mutation> mutation(String sample) {
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
        Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(8);
        Arbitrary<Mutation> flip = Combinators.combine(
                        at,
                        Arbitraries.chars()
                                .with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-\n \r"))
                .as((p, c) -> text -> {
                    if (text.isEmpty()) {
                        return text;
                    }
                    int i = (int) (p * (text.length() - 1));
                    return text.substring(0, i) + c + text.substring(i + 1);
                });
        Arbitrary<Mutation> delete = Combinators.combine(
                        at, Arbitraries.integers().between(1, 200))
                .as((p, n) -> text -> {
                    int i = (int) (p * text.length());
                    return text.substring(0, i) + text.substring(Math.min(text.length(), i + n));
                });
        Arbitrary<Mutation> insert = Combinators.combine(at, junk).as((p, s) -> text -> {
            int i = (int) (p * text.length());
            return text.substring(0, i) + s + text.substring(i);
        });
        Arbitrary<Mutation> truncate = at.map(p -> text -> text.substring(0, (int) (p * text.length())));
        Arbitrary<Mutation> duplicate = Combinators.combine(
                        at, Arbitraries.integers().between(1, 300))
                .as((p, n) -> text -> {
                    int i = (int) (p * text.length());
                    return text.substring(0, i) + text.substring(i, Math.min(text.length(), i + n)) + text.substring(i);
                });
        Arbitrary<Mutation> swapLines = Combinators.combine(at, at).as((p, q) -> text -> {
            String[] lines = text.split("\n", -1);
            int i = (int) (p * (lines.length - 1));
            int j = (int) (q * (lines.length - 1));
            String tmp = lines[i];
            lines[i] = lines[j];
            lines[j] = tmp;
            return String.join("\n", lines);
        });
        Arbitrary<Mutation> relabel = Arbitraries.of(
                        "PRIVATE KEY",
                        "RSA PRIVATE KEY",
                        "ENCRYPTED PRIVATE KEY",
                        "EC PRIVATE KEY",
                        "CERTIFICATE",
                        "PUBLIC KEY",
                        "OPENSSH PRIVATE KEY",
                        "X")
                .map(label -> text -> text.replaceFirst("BEGIN [A-Z ]+-----", "BEGIN " + label + "-----"));
        Arbitrary<Mutation> lineEndings = Arbitraries.of(
                (Mutation) text -> text.replace("\n", "\r\n"),
                text -> text.replace("\n", " "),
                text -> text.replace("\n", "\\n"),
                text -> "  \t" + text + "\n\n",
                text -> text + text);
        return Arbitraries.oneOf(flip, delete, insert, truncate, duplicate, swapLines, relabel, lineEndings);
    }

    private static List<Template> templates() {
        KeyPair rsa = TestKeys.rsa();
        KeyPair ec = TestKeys.generate("EC", 256);
        KeyPair small = TestKeys.generate("RSA", 1024);
        List<Template> t = new ArrayList<>();
        t.add(new Template("PKCS#1", TestKeys.pkcs1(rsa.getPrivate()), null));
        t.add(new Template("PKCS#8", TestKeys.pkcs8(rsa.getPrivate()), null));
        t.add(new Template("encrypted PKCS#8", fastEncryptedPkcs8(rsa), PASS));
        t.add(new Template("legacy encrypted", TestKeys.legacyEncrypted(rsa.getPrivate(), PASS), PASS));
        t.add(new Template("certificate", TestKeys.certificate(rsa), null));
        t.add(new Template("public key", TestKeys.publicKey(rsa), null));
        t.add(new Template("certificate + key", TestKeys.certificate(rsa) + TestKeys.pkcs8(rsa.getPrivate()), null));
        t.add(new Template("EC", TestKeys.pkcs1(ec.getPrivate()), null));
        t.add(new Template("RSA 1024", TestKeys.pkcs8(small.getPrivate()), null));
        return List.copyOf(t);
    }

    /** Encrypted PKCS#8 with one PBKDF2 iteration, so that a million tries do not spend their time in key derivation. */
    private static String fastEncryptedPkcs8(KeyPair pair) {
        try {
            java.io.StringWriter out = new java.io.StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(out)) {
                w.writeObject(new JcaPKCS8Generator(
                        pair.getPrivate(),
                        new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                                .setProvider(new BouncyCastleProvider())
                                .setIterationCount(1)
                                .setPassword(PASS.toCharArray())
                                .build()));
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
