package io.jenkins.plugins.salesforce.core.oauth;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;

/**
 * Reads the end date of the X.509 certificate a JWT connected app holds, from its PEM text ({@code -----BEGIN
 * CERTIFICATE-----}), with the JDK's {@link CertificateFactory}. A certificate is public, but a refusal still quotes
 * none of the input (a private key pasted into the wrong field must not reach a message or a log), and attaches no
 * parser exception.
 */
public final class CertificatePem {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

    private CertificatePem() {}

    /**
     * The {@code notAfter} of the PEM certificate; when the text holds a chain, of its first certificate (the one
     * uploaded to the connected app comes first).
     *
     * @param field the name of the field the text comes from, for the error
     * @throws SalesforceAuthException BAD_INPUT naming {@code field} when the text is not one PEM X.509 certificate
     */
    public static Instant notAfter(String pem, String field) {
        String text = pem == null ? "" : pem.strip();
        if (!text.startsWith(BEGIN)) {
            throw bad(
                    field,
                    text.contains("PRIVATE KEY")
                            ? "'" + field + "' holds a private key, not a certificate."
                            : "'" + field + "' is not a PEM certificate (it must start with " + BEGIN + ").");
        }
        Collection<? extends java.security.cert.Certificate> certificates;
        try {
            certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | RuntimeException e) {
            throw bad(field, "'" + field + "' is not a readable X.509 certificate (damaged PEM).");
        }
        return certificates.stream()
                .filter(X509Certificate.class::isInstance)
                .map(c -> ((X509Certificate) c).getNotAfter().toInstant())
                .findFirst()
                .orElseThrow(() -> bad(field, "'" + field + "' holds no X.509 certificate."));
    }

    private static SalesforceAuthException bad(String field, String detail) {
        return SalesforceAuthException.badField(
                field,
                detail,
                "Paste the certificate (.crt) uploaded to the connected app, from -----BEGIN CERTIFICATE----- to"
                        + " -----END CERTIFICATE-----, or leave it empty.");
    }
}
