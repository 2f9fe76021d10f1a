package io.jenkins.plugins.salesforce.emulator;

import java.time.Instant;

/**
 * A refresh token the emulator issued (one approval of an app by a user). {@link #toString()} never shows the value.
 */
public final class RefreshToken extends IssuedSecret<RefreshToken> {
    private final long serial;
    private volatile Instant lastUsedAt;
    private volatile boolean revoked;
    private volatile String revokedBecause;
    /** The first token of its rotation family: itself, or the one it was rotated from (transitively). */
    private volatile RefreshToken family = this;

    RefreshToken(long serial, String value, User user, ConnectedApp app, Instant issuedAt) {
        super(value, user, app, issuedAt, null);
        this.serial = serial;
    }

    /** The first token of this token's rotation family (this one, unless it came from a rotation). */
    public RefreshToken family() {
        return family;
    }

    RefreshToken rotatedFrom(RefreshToken used) {
        this.family = used.family;
        return this;
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

    /** Revokes this token (and, through the emulator, the access tokens issued from it are refused too). */
    public RefreshToken revoke() {
        return revoke("test");
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
                && (expiresAt() == null || now.isBefore(expiresAt()))
                && !app().refreshTokenPolicy().isExpired(issuedAt(), lastUsedAt, now);
    }

    @Override
    public String toString() {
        return "RefreshToken#" + serial + "[****, user=" + user().username() + ", app=" + app().consumerKey()
                + ", issued=" + issuedAt() + (revoked ? ", revoked (" + revokedBecause + ")" : "") + "]";
    }
}
