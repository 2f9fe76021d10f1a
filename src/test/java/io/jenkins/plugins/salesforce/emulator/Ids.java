package io.jenkins.plugins.salesforce.emulator;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Salesforce-shaped record ids (sequential per key prefix, with the real 18-character suffix) and secret values. */
final class Ids {
    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** The next 18-character id with this 3-character key prefix: {@code 00D} gives {@code 00D000000000001EAA} first. */
    String next(String prefix) {
        long n = counters.computeIfAbsent(prefix, p -> new AtomicLong()).incrementAndGet();
        String digits = Long.toString(n);
        String id15 = prefix + "0".repeat(12 - digits.length()) + digits;
        return to18(id15);
    }

    /** Adds the case-encoding suffix Salesforce uses to make a 15-character id case-insensitive. */
    static String to18(String id15) {
        if (id15.length() != 15) {
            throw new IllegalArgumentException("Not a 15-character id: " + id15);
        }
        StringBuilder out = new StringBuilder(id15);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            out.append(SUFFIX_CHARS.charAt(bits));
        }
        return out.toString();
    }

    static String to15(String id) {
        return id == null || id.length() < 15 ? id : id.substring(0, 15);
    }

    /** {@code length} random characters from {@code [A-Za-z0-9]}. */
    String randomText(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
        }
        return sb.toString();
    }

    /** An opaque access token: the 15-character org id, {@code !}, then opaque text (with a dot, like real ones). */
    String accessToken(String orgId15) {
        return orgId15 + "!AQ0AQ" + randomText(12) + "." + randomText(40);
    }

    /** A JWT-based access token: three base64url parts, the first a JWS header. */
    String jwtAccessToken() {
        return "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9." + randomText(60) + "." + randomText(40);
    }

    /** A refresh token in the character class the auth URL grammar allows ({@code [A-Za-z0-9._]}). */
    String refreshToken() {
        return "5Aep861" + randomText(20) + "." + randomText(20) + "_" + randomText(10);
    }

    /** An authorization code; it ends in {@code ==} like real ones, so a client that forgets to form-encode fails. */
    String authCode() {
        return "aPrx" + randomText(40) + "==";
    }

    /** A single-use frontdoor OTP. */
    String otp() {
        return "otp" + randomText(32);
    }
}
