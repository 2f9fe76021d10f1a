package io.jenkins.plugins.salesforce.emulator;

import java.time.Instant;

/**
 * A refresh token the emulator issued (one approval of an app by a user). {@link #toString()} never shows the value.
 */
public final class RefreshToken {
    private final long serial;
    private final String value;
    private final User user;
    private final ConnectedApp app;
    private final Instant issuedAt;
    private volatile Instant lastUsedAt;
    private volatile boolean revoked;
    private volatile String revokedBecause;
    private volatile Instant expiresAt;

    RefreshToken(long serial, String value, User user, ConnectedApp app, Instant issuedAt) {
        this.serial = serial;
        this.value = value;
        this.user = user;
        this.app = app;
        this.issuedAt = issuedAt;
    }

    /** The token itself, for building requests in tests. */
    public String value() {
        return value;
    }

    public User user() {
        return user;
    }

    public Org org() {
        return user.org();
    }

    public ConnectedApp app() {
        return app;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    /** When a refresh grant last used it; null if never. */
    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    public boolean isRevoked() {
        return revoked;
    }

    /** Why it was revoked ({@code revoke endpoint}, {@code rotated}, {@code approval cap}, {@code test}); null if not. */
    public String revokedBecause() {
        return revokedBecause;
    }

    /** The explicit expiry set by {@link #expireAt(Instant)}, or null. The app's policy applies as well. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Revokes this token (and, through the emulator, the access tokens issued from it are refused too). */
    public RefreshToken revoke() {
        return revoke("test");
    }

    /** Makes the token stop working at {@code when} on the emulator clock. */
    public RefreshToken expireAt(Instant when) {
        this.expiresAt = when;
        return this;
    }

    RefreshToken revoke(String because) {
        if (!revoked) {
            revoked = true;
            revokedBecause = because;
        }
        return this;
    }

    void markUsed(Instant when) {
        lastUsedAt = when;
    }

    long serial() {
        return serial;
    }

    /** Whether a refresh grant with this token would succeed at {@code now} (ignoring user and org state). */
    public boolean isUsableAt(Instant now) {
        return !revoked
                && (expiresAt == null || now.isBefore(expiresAt))
                && !app.refreshTokenPolicy().isExpired(issuedAt, lastUsedAt, now);
    }

    @Override
    public String toString() {
        return "RefreshToken#" + serial + "[****, user=" + user.username() + ", app=" + app.consumerKey() + ", issued="
                + issuedAt + (revoked ? ", revoked (" + revokedBecause + ")" : "") + "]";
    }
}
