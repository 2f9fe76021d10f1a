package io.jenkins.plugins.salesforce.core.oauth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The PEM reader accepts PKCS#1, PKCS#8 and encrypted keys in the shapes users paste them, and refuses everything
 * else with a BAD_INPUT that names the field and the fix and never repeats the key.
 */
class PemKeysTest {
    private static final KeyPair RSA = TestKeys.rsa();
    private static final String PASS = "correct horse battery staple";

    private static RSAPrivateKey read(String pem, String passphrase) {
        return PemKeys.readRsaPrivateKey(SecretText.of(pem), passphrase == null ? null : SecretText.of(passphrase));
    }

    private static SalesforceAuthException refused(String pem, String passphrase) {
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> read(pem, passphrase));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.fix(), notNullValue());
        assertThat(e.getCause(), is((Throwable) null));
        for (String line : TestKeys.bodyLines(pem)) {
            assertThat(e.getMessage(), not(containsString(line.substring(0, 16))));
        }
        if (passphrase != null && !passphrase.isEmpty()) {
            assertThat(e.getMessage(), not(containsString(passphrase)));
        }
        return e;
    }

    @Test
    void readsPkcs1() {
        String pem = TestKeys.pkcs1(RSA.getPrivate());
        assertThat(pem, startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertThat(read(pem, null).getModulus(), is(((RSAPrivateKey) RSA.getPrivate()).getModulus()));
    }

    @Test
    void readsPkcs8() {
        String pem = TestKeys.pkcs8(RSA.getPrivate());
        assertThat(pem, startsWith("-----BEGIN PRIVATE KEY-----"));
        assertThat(read(pem, null).getModulus(), is(((RSAPrivateKey) RSA.getPrivate()).getModulus()));
    }

    @Test
    void readsEncryptedPkcs8WithItsPassphrase() {
        String pem = TestKeys.encryptedPkcs8(RSA.getPrivate(), PASS);
        assertThat(pem, startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assertThat(read(pem, PASS).getModulus(), is(((RSAPrivateKey) RSA.getPrivate()).getModulus()));
    }

    @Test
    void readsTheLegacyOpenSslEncryptedFormWithItsPassphrase() {
        String pem = TestKeys.legacyEncrypted(RSA.getPrivate(), PASS);
        assertThat(pem, containsString("Proc-Type: 4,ENCRYPTED"));
        assertThat(read(pem, PASS).getModulus(), is(((RSAPrivateKey) RSA.getPrivate()).getModulus()));
    }

    @Test
    void ignoresAPassphraseForAnUnencryptedKey() {
        assertThat(read(TestKeys.pkcs8(RSA.getPrivate()), "unused"), notNullValue());
    }

    @Test
    void toleratesWindowsLineEndingsAndSurroundingWhitespace() {
        String pem = TestKeys.pkcs8(RSA.getPrivate());
        assertThat(read("\n\n  " + pem.replace("\n", "\r\n") + "  \r\n\t", null), notNullValue());
        assertThat(read("\uFEFF" + pem, null), notNullValue());
        assertThat(read(pem.replace("\n", "\r"), null), notNullValue());
    }

    @Test
    void toleratesAKeyPastedOnOneLineOrWithLiteralNewlineEscapes() {
        String pem = TestKeys.pkcs1(RSA.getPrivate()).strip();
        assertThat(read(pem.replace("\n", " "), null), notNullValue());
        assertThat(read(pem.replace("\n", "\\n"), null), notNullValue());
        assertThat(read(pem.replace("\n", "\n    "), null), notNullValue());
    }

    @Test
    void findsTheKeyInABundleThatStartsWithTheCertificate() {
        String bundle = TestKeys.certificate(RSA) + TestKeys.pkcs8(RSA.getPrivate());
        assertThat(read(bundle, null), notNullValue());
        assertThat(
                read("Bag Attributes\n  friendlyName: jenkins\n" + TestKeys.pkcs1(RSA.getPrivate()), null),
                notNullValue());
    }

    @Test
    void refusesAnEmptyField() {
        assertThat(refused("", null).getMessage(), containsString("The private key is empty."));
        assertThat(refused(" \r\n ", null).getMessage(), containsString("The private key is empty."));
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> PemKeys.readRsaPrivateKey(null, null));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
    }

    @Test
    void refusesEcKeysBecauseRs256NeedsRsa() {
        KeyPair ec = TestKeys.generate("EC", 256);
        assertThat(
                refused(TestKeys.pkcs1(ec.getPrivate()), null).getMessage(), containsString("RS256 needs an RSA key"));
        assertThat(refused(TestKeys.pkcs8(ec.getPrivate()), null).getMessage(), containsString("is an EC key"));
        assertThat(
                refused(TestKeys.encryptedPkcs8(ec.getPrivate(), PASS), PASS).getMessage(),
                containsString("RS256 needs an RSA key"));
    }

    @Test
    void refusesOtherKeyAlgorithms() {
        assertThat(
                refused(TestKeys.pkcs8(TestKeys.generate("Ed25519", 0).getPrivate()), null)
                        .getMessage(),
                containsString("EdDSA"));
        assertThat(
                refused(TestKeys.pkcs8(TestKeys.generate("DSA", 2048).getPrivate()), null)
                        .getMessage(),
                containsString("DSA"));
        assertThat(
                refused(TestKeys.pkcs8(TestKeys.generate("RSASSA-PSS", 2048).getPrivate()), null)
                        .getMessage(),
                containsString("RSA-PSS"));
    }

    @Test
    void refusesRsaKeysUnder2048Bits() {
        KeyPair small = TestKeys.generate("RSA", 1024);
        SalesforceAuthException e = refused(TestKeys.pkcs8(small.getPrivate()), null);
        assertThat(e.getMessage(), containsString("1024 bits; at least 2048"));
        refused(TestKeys.pkcs1(small.getPrivate()), null);
    }

    @Test
    void refusesAnEncryptedKeyWithoutPassphrase() {
        String pem = TestKeys.encryptedPkcs8(RSA.getPrivate(), PASS);
        assertThat(refused(pem, null).getMessage(), containsString("encrypted, but the passphrase is empty"));
        assertThat(refused(pem, "").fix(), containsString("passphrase field"));
        refused(TestKeys.legacyEncrypted(RSA.getPrivate(), PASS), null);
    }

    @Test
    void refusesAWrongPassphraseNamingThePassphraseField() {
        SalesforceAuthException e = refused(TestKeys.encryptedPkcs8(RSA.getPrivate(), PASS), "Tr0ub4dor&3");
        assertThat(e.getMessage(), containsString("The passphrase does not decrypt the private key"));
        assertThat(e.fix(), containsString("passphrase field"));
        refused(TestKeys.legacyEncrypted(RSA.getPrivate(), PASS), "Tr0ub4dor&3");
    }

    @Test
    void refusesACertificatePublicKeyOrCsrPastedInsteadOfTheKey() {
        assertThat(
                refused(TestKeys.certificate(RSA), null).getMessage(),
                containsString("holds a certificate, not a private key"));
        assertThat(refused(TestKeys.publicKey(RSA), null).getMessage(), containsString("holds a public key"));
        assertThat(
                refused(TestKeys.certificateSigningRequest(RSA), null).getMessage(),
                containsString("holds a certificate signing request"));
    }

    @Test
    void refusesGarbage() {
        assertThat(refused("hello world", null).getMessage(), containsString("not in PEM format"));
        String der = Base64.getEncoder().encodeToString(RSA.getPrivate().getEncoded());
        assertThat(refused(der, null).getMessage(), containsString("not in PEM format"));
        refused("-----BEGIN PRIVATE KEY-----\nnot base64 at all!!\n-----END PRIVATE KEY-----", null);
        refused("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", null);
        refused(
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n",
                null);
        refused("-----BEGIN FOO-----\nAAAA\n-----END FOO-----", null);
        refused("x".repeat(PemKeys.MAX_PEM_CHARS + 1) + "-----BEGIN ", null);
    }

    /**
     * Lines 12 and later of a 2048-bit PKCS#1 key hold the primes and the CRT exponents, which signing uses: a damaged
     * character there is caught by the sign-and-verify probe (or breaks the DER). Earlier lines hold the modulus (its
     * damage breaks the probe too) and the private exponent, which CRT signing never uses.
     */
    @Test
    void refusesAKeyWhosePartsWereDamagedWithoutEchoingIt() {
        String[] lines = TestKeys.pkcs1(RSA.getPrivate()).split("\n");
        for (int line = 12; line < lines.length - 2; line++) {
            String[] damaged = lines.clone();
            char[] chars = damaged[line].toCharArray();
            chars[20] = chars[20] == 'A' ? 'B' : 'A';
            damaged[line] = new String(chars);
            refused(String.join("\n", damaged), null);
        }
    }

    @Test
    void refusesOpenSshKeysWithTheConversionCommand() {
        String pem =
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
                        + "-----END OPENSSH PRIVATE KEY-----\n";
        assertThat(refused(pem, null).fix(), containsString("ssh-keygen -p -m PEM"));
    }
}
