package io.jenkins.plugins.salesforce.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A compact JWS as the JWT bearer grant sends it: parsed, and checked against a public key with RS256. */
final class Jwt {
    final String alg;
    final String iss;
    final String sub;
    final List<String> aud;
    final Double exp;
    private final byte[] signingInput;
    private final byte[] signature;

    private Jwt(String alg, JsonNode claims, byte[] signingInput, byte[] signature) {
        this.alg = alg;
        this.iss = text(claims, "iss");
        this.sub = text(claims, "sub");
        List<String> a = new ArrayList<>();
        JsonNode audNode = claims.get("aud");
        if (audNode != null && audNode.isArray()) {
            audNode.forEach(n -> a.add(n.asText()));
        } else if (audNode != null && audNode.isTextual()) {
            a.add(audNode.asText());
        }
        this.aud = List.copyOf(a);
        JsonNode expNode = claims.get("exp");
        this.exp = expNode != null && expNode.isNumber() ? expNode.asDouble() : null;
        this.signingInput = signingInput;
        this.signature = signature;
    }

    /** Parses without verifying; null when it is not a well-formed three-part JWT with JSON header and claims. */
    static Jwt parse(String assertion) {
        if (assertion == null) {
            return null;
        }
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            JsonNode header = Responses.MAPPER.readTree(d.decode(parts[0]));
            JsonNode claims = Responses.MAPPER.readTree(d.decode(parts[1]));
            if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
                return null;
            }
            byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            return new Jwt(text(header, "alg"), claims, input, d.decode(parts[2]));
        } catch (Exception e) {
            return null;
        }
    }

    /** Whether the signature is a valid RS256 signature by the private key of {@code key}. */
    boolean verifies(PublicKey key) {
        if (key == null || !"RS256".equals(alg)) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(signingInput);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
