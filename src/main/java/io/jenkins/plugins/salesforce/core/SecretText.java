package io.jenkins.plugins.salesforce.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret string in the core: a refresh token, client secret, private key, passphrase or access token.
 * Its {@link #toString()} never shows the value; code that needs the value calls {@link #reveal()} at the
 * last moment (to put it in a request body or a Jenkins {@code Secret}).
 *
 * <p>Deliberately not {@code Serializable}: a secret must not reach {@code build.xml} or {@code program.dat}
 * by accident. The Jenkins layer converts it to {@code hudson.util.Secret} when it has to persist it.
 */
public final class SecretText {
    private static final String REDACTED = "****";

    private final String value;

    private SecretText(String value) {
        this.value = value;
    }

    /** Wraps a secret value; null is refused, the empty string is allowed (an empty client secret). */
    public static SecretText of(String value) {
        return new SecretText(Objects.requireNonNull(value, "secret value"));
    }

    /** Wraps a value that may be absent: null or blank gives null. */
    public static SecretText ofNullable(String value) {
        return value == null || value.isBlank() ? null : new SecretText(value);
    }

    /** The secret itself. Call it only where the value leaves for Salesforce or for an encrypted store. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return REDACTED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretText other
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
