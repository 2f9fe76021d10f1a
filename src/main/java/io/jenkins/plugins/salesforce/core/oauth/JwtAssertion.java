package io.jenkins.plugins.salesforce.core.oauth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.http.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Builds the signed JWT of the bearer grant: header {@code {"alg":"RS256","typ":"JWT"}}, claims {@code iss} (consumer
 * key), {@code sub} (username), {@code aud} (login or test, see {@link Audience}) and {@code exp} (now + 180 s, in
 * seconds), signed with RSASSA-PKCS1-v1_5 SHA-256.
 */
public final class JwtAssertion {
    /** How long an assertion is valid; Salesforce wants "within 3 minutes". */
    public static final Duration LIFETIME = Duration.ofSeconds(180);

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private JwtAssertion() {}

    /**
     * @return the compact serialisation {@code header.claims.signature}, as a secret (it is a bearer credential for
     *     three minutes)
     * @throws SalesforceAuthException BAD_INPUT when the key is not an RSA key or cannot sign
     */
    public static SecretText sign(String clientId, String username, Audience audience, PrivateKey key, Instant now) {
        if (!(key instanceof RSAPrivateKey)) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The private key is not an RSA key (it is " + (key == null ? "missing" : key.getAlgorithm())
                            + "); RS256 needs an RSA key.",
                    "Use an RSA private key of 2048 bits or more and upload its certificate to the connected app.");
        }
        ObjectNode header = Json.mapper().createObjectNode().put("alg", "RS256").put("typ", "JWT");
        ObjectNode claims = Json.mapper()
                .createObjectNode()
                .put("iss", clientId)
                .put("sub", username)
                .put("aud", audience.uri().toString())
                .put("exp", now.plus(LIFETIME).getEpochSecond());
        String signingInput = encode(header) + "." + encode(claims);
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return SecretText.of(signingInput + "." + B64.encodeToString(s.sign()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The private key cannot make an RS256 signature.",
                    "Use an RSA private key of 2048 bits or more in PEM format (PKCS#1 or PKCS#8).");
        }
    }

    private static String encode(ObjectNode node) {
        return B64.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }
}
