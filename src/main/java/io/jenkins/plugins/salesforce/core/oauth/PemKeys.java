package io.jenkins.plugins.salesforce.core.oauth;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the RSA private key of a JWT credential from PEM text: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, also the
 * legacy OpenSSL-encrypted form with a passphrase), PKCS#8 ({@code BEGIN PRIVATE KEY}) and encrypted PKCS#8
 * ({@code BEGIN ENCRYPTED PRIVATE KEY}) with a passphrase. Windows line endings, surrounding whitespace, literal
 * {@code \n} escapes and a key pasted on one line are tolerated; a certificate pasted with the key is skipped.
 *
 * <p>Every refusal is a {@link Reason#BAD_INPUT} {@link SalesforceAuthException} that names the field ("private
 * key" or "passphrase") and the fix; no message ever contains any part of the input, and no parser exception is
 * attached. It refuses: an empty field, text that is not PEM, damaged PEM, a certificate, public key or CSR instead
 * of a private key, EC/Ed25519/DSA/RSA-PSS keys (RS256 needs an RSA key), RSA keys under 2048 bits, a key whose
 * parts do not match, an encrypted key without a passphrase and a wrong passphrase.
 */
public final class PemKeys {
    /** Smallest RSA modulus accepted, in bits. */
    public static final int MIN_RSA_BITS = 2048;

    /** Longer input is refused before parsing: a 16384-bit RSA key in PEM is about 12 KB. */
    static final int MAX_PEM_CHARS = 64 * 1024;

    private static final int MAX_OBJECTS = 16;
    private static final Pattern BLOCK =
            Pattern.compile("(-----BEGIN [A-Z0-9 ]{1,40}-----)([^-]*)(-----END [A-Z0-9 ]{1,40}-----)");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final String KEY_FIX = "Paste the whole PEM text of the RSA private key, from the -----BEGIN"
            + " line to the -----END line (for example the key file made with 'openssl genpkey -algorithm RSA"
            + " -pkeyopt rsa_keygen_bits:2048').";

    private PemKeys() {}

    /**
     * Reads an RSA private key.
     *
     * @param pem the PEM text
     * @param passphrase the passphrase of an encrypted key; null or empty when the key is not encrypted (it is
     *     ignored for an unencrypted key)
     * @return the key, at least {@value #MIN_RSA_BITS} bits
     * @throws SalesforceAuthException BAD_INPUT naming the field and the fix
     */
    public static RSAPrivateKey readRsaPrivateKey(SecretText pem, SecretText passphrase) {
        String text = pem == null ? "" : normalise(pem.reveal());
        if (text.isEmpty()) {
            throw refuse("The private key is empty.", KEY_FIX);
        }
        if (text.length() > MAX_PEM_CHARS) {
            throw refuse("The private key is far too long to be an RSA private key in PEM format.", KEY_FIX);
        }
        if (text.contains("-----BEGIN OPENSSH PRIVATE KEY-----")) {
            throw refuse(
                    "The private key is in OpenSSH format, which JWT signing does not read.",
                    "Convert it to PEM with 'ssh-keygen -p -m PEM -f <file>' (or make a new key with openssl) and"
                            + " paste that.");
        }
        if (!text.contains("-----BEGIN ")) {
            throw refuse(
                    "The private key is not in PEM format (no -----BEGIN line).",
                    KEY_FIX + " A DER or PKCS#12 file must be converted first, for example with 'openssl pkcs12"
                            + " -in key.p12 -nocerts -nodes'.");
        }
        PrivateKeyInfo info = findPrivateKey(text, passphrase);
        return toRsaKey(info);
    }

    private static PrivateKeyInfo findPrivateKey(String text, SecretText passphrase) {
        String other = null;
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (int i = 0; i < MAX_OBJECTS; i++) {
                Object o = parser.readObject();
                if (o == null) {
                    break;
                }
                if (o instanceof PrivateKeyInfo info) {
                    return info;
                }
                if (o instanceof PEMKeyPair pair) {
                    return pair.getPrivateKeyInfo();
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    return decryptPkcs8(encrypted, passphrase);
                }
                if (o instanceof PEMEncryptedKeyPair encrypted) {
                    return decryptLegacy(encrypted, passphrase);
                }
                if (other == null) {
                    other = describe(o);
                }
            }
        } catch (SalesforceAuthException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            throw damaged();
        }
        if (other != null) {
            throw refuse(
                    "The private key field holds " + other + ", not a private key.",
                    "Paste the private key that belongs to the certificate uploaded to the connected app; the"
                            + " certificate itself stays in Salesforce.");
        }
        throw damaged();
    }

    private static String describe(Object o) {
        if (o instanceof X509CertificateHolder) {
            return "a certificate";
        }
        if (o instanceof SubjectPublicKeyInfo) {
            return "a public key";
        }
        if (o instanceof PKCS10CertificationRequest) {
            return "a certificate signing request";
        }
        if (o instanceof X509CRLHolder) {
            return "a certificate revocation list";
        }
        if (o instanceof ASN1ObjectIdentifier) {
            return "EC parameters";
        }
        return "another kind of PEM object";
    }

    private static PrivateKeyInfo decryptPkcs8(PKCS8EncryptedPrivateKeyInfo encrypted, SecretText passphrase) {
        char[] password = password(passphrase);
        try {
            return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(BC)
                    .build(password));
        } catch (Exception | StackOverflowError e) {
            throw wrongPassphrase();
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    private static PrivateKeyInfo decryptLegacy(PEMEncryptedKeyPair encrypted, SecretText passphrase) {
        char[] password = password(passphrase);
        try {
            return encrypted
                    .decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password))
                    .getPrivateKeyInfo();
        } catch (Exception | StackOverflowError e) {
            throw wrongPassphrase();
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    private static char[] password(SecretText passphrase) {
        if (passphrase == null || passphrase.isEmpty()) {
            throw refuse(
                    "The private key is encrypted, but the passphrase is empty.",
                    "Enter the key's passphrase in the passphrase field, or store the key unencrypted (openssl pkcs8"
                            + " -topk8 -nocrypt -in key.pem).");
        }
        return passphrase.reveal().toCharArray();
    }

    private static RSAPrivateKey toRsaKey(PrivateKeyInfo info) {
        ASN1ObjectIdentifier alg;
        try {
            alg = info.getPrivateKeyAlgorithm().getAlgorithm();
        } catch (RuntimeException e) {
            throw damaged();
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg)) {
            throw notRsa("an EC key");
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(alg) || EdECObjectIdentifiers.id_Ed448.equals(alg)) {
            throw notRsa("an EdDSA key");
        }
        if (X9ObjectIdentifiers.id_dsa.equals(alg)) {
            throw notRsa("a DSA key");
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(alg)) {
            throw notRsa("an RSA-PSS key (restricted to PSS signatures)");
        }
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(alg)) {
            throw notRsa("not an RSA key");
        }
        PrivateKey key;
        try {
            key = new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (Exception | StackOverflowError e) {
            throw damaged();
        }
        if (!(key instanceof RSAPrivateKey rsa)) {
            throw notRsa("not an RSA key");
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw refuse(
                    "The private key is an RSA key of " + bits + " bits; at least " + MIN_RSA_BITS + " are needed.",
                    "Make a new key of 2048 bits or more ('openssl genpkey -algorithm RSA -pkeyopt"
                            + " rsa_keygen_bits:2048'), upload its certificate to the connected app, and paste the new"
                            + " key here.");
        }
        if (rsa instanceof RSAPrivateCrtKey crt && !partsMatch(crt)) {
            throw refuse(
                    "The private key is damaged: its parts do not belong together.",
                    KEY_FIX + " Copy it again from the original file.");
        }
        return rsa;
    }

    /** Signs a probe and checks it with the public half, which catches keys whose fields were damaged. */
    private static boolean partsMatch(RSAPrivateCrtKey key) {
        try {
            if (key.getPublicExponent() == null || key.getPublicExponent().signum() <= 0) {
                return false;
            }
            PublicKey pub = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
            byte[] probe = "salesforce-org-credentials key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(pub);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (Exception | StackOverflowError e) {
            return false;
        }
    }

    /**
     * Normalises pasted text: CRLF and CR become LF, literal {@code \n} escapes become line breaks when the text has
     * none, surrounding whitespace and a byte-order mark go, and the base64 body of each block is re-wrapped at 64
     * characters (which repairs a key pasted on one line or with indented lines). Blocks with headers (legacy
     * encrypted keys, whose {@code Proc-Type}/{@code DEK-Info} lines contain dashes) are left as they are.
     */
    static String normalise(String raw) {
        String s = raw.replace("\r\n", "\n").replace('\r', '\n').replace("\uFEFF", "");
        if (!s.contains("\n") && s.contains("\\n")) {
            s = s.replace("\\n", "\n");
        }
        s = s.strip();
        if (s.length() > MAX_PEM_CHARS) {
            return s;
        }
        Matcher m = BLOCK.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String b64 = m.group(2).replaceAll("\\s+", "");
            StringBuilder block = new StringBuilder(m.group(1)).append('\n');
            for (int i = 0; i < b64.length(); i += 64) {
                block.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
            }
            block.append(m.group(3)).append('\n');
            m.appendReplacement(out, Matcher.quoteReplacement(block.toString()));
        }
        m.appendTail(out);
        return out.toString().strip();
    }

    private static SalesforceAuthException notRsa(String what) {
        return refuse(
                "The private key is " + what + "; RS256 needs an RSA key.",
                "Make an RSA key of 2048 bits or more ('openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048'),"
                        + " upload its certificate to the connected app, and paste the new key here.");
    }

    private static SalesforceAuthException damaged() {
        return refuse("The private key's PEM text is damaged or is not a key.", KEY_FIX);
    }

    private static SalesforceAuthException wrongPassphrase() {
        return refuse(
                "The passphrase does not decrypt the private key (wrong passphrase, a damaged key, or an encryption"
                        + " scheme the plugin does not support).",
                "Check the passphrase field (it is case-sensitive); if it is right, re-export the key with 'openssl"
                        + " pkcs8 -topk8 -v2 aes-256-cbc' or store it unencrypted.");
    }

    private static SalesforceAuthException refuse(String detail, String fix) {
        return SalesforceAuthException.of(Reason.BAD_INPUT, detail, fix);
    }
}
