package io.jenkins.plugins.salesforce.emulator;

import java.time.Instant;

/**
 * An access token (session) the emulator issued. Valid until its expiry (issue time plus the org's session timeout),
 * until revoked, or until the refresh token it came from is revoked. {@link #toString()} never shows the value.
 */
public final class AccessToken extends IssuedSecret<AccessToken> {
    private final long serial;
    private final RefreshToken refreshToken;
    private final String grantType;
    private volatile boolean revoked;

    AccessToken(
            long serial,
            String value,
            User user,
            ConnectedApp app,
            RefreshToken refreshToken,
            String grantType,
            Instant issuedAt,
            Instant expiresAt) {
        super(value, user, app, issuedAt, expiresAt);
        this.serial = serial;
        this.refreshToken = refreshToken;
        this.grantType = grantType;
    }

    /** The refresh token this came from, or null (JWT grant, seeded session). */
    public RefreshToken refreshToken() {
        return refreshToken;
    }

    /** The grant that minted it: {@code refresh_token}, {@code authorization_code}, {@code jwt-bearer} or {@code seeded}. */
    public String grantType() {
        return grantType;
    }

    public boolean isRevoked() {
        return revoked;
    }

    public AccessToken revoke() {
        revoked = true;
        return this;
    }

    /** Whether the token itself is valid at {@code now}; user and org state are checked by the endpoints. */
    public boolean isValidAt(Instant now) {
        return !revoked && now.isBefore(expiresAt()) && (refreshToken == null || !refreshToken.isRevoked());
    }

    @Override
    public String toString() {
        return "AccessToken#" + serial + "[" + Ids.to15(org().id()) + "!****, user=" + user().username() + ", app="
                + app().consumerKey() + ", " + grantType + ", issued=" + issuedAt() + ", expires=" + expiresAt()
                + (revoked ? ", revoked" : "") + "]";
    }
}
