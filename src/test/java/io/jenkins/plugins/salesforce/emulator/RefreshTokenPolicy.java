package io.jenkins.plugins.salesforce.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A connected app's refresh-token policy: valid until revoked (the default), expire after a fixed time, expire if not
 * used for a time (idle TTL), or expire immediately.
 */
public final class RefreshTokenPolicy {
    enum Kind {
        VALID_UNTIL_REVOKED,
        EXPIRE_AFTER,
        EXPIRE_IF_NOT_USED_FOR,
        IMMEDIATELY_EXPIRE
    }

    private static final RefreshTokenPolicy VALID_UNTIL_REVOKED =
            new RefreshTokenPolicy(Kind.VALID_UNTIL_REVOKED, null);
    private static final RefreshTokenPolicy IMMEDIATELY_EXPIRE = new RefreshTokenPolicy(Kind.IMMEDIATELY_EXPIRE, null);

    private final Kind kind;
    private final Duration duration;

    private RefreshTokenPolicy(Kind kind, Duration duration) {
        this.kind = kind;
        this.duration = duration;
    }

    /** The default: a refresh token works until it is revoked (or pushed out by the approval cap). */
    public static RefreshTokenPolicy validUntilRevoked() {
        return VALID_UNTIL_REVOKED;
    }

    /** A refresh token stops working {@code lifetime} after it was issued. */
    public static RefreshTokenPolicy expireAfter(Duration lifetime) {
        return new RefreshTokenPolicy(Kind.EXPIRE_AFTER, Objects.requireNonNull(lifetime, "lifetime"));
    }

    /** A refresh token stops working when it has not been used for {@code idle} (measured from issue or last use). */
    public static RefreshTokenPolicy expireIfNotUsedFor(Duration idle) {
        return new RefreshTokenPolicy(Kind.EXPIRE_IF_NOT_USED_FOR, Objects.requireNonNull(idle, "idle"));
    }

    /** No refresh token ever works: every refresh grant fails. */
    public static RefreshTokenPolicy immediatelyExpire() {
        return IMMEDIATELY_EXPIRE;
    }

    /** Whether a token issued at {@code issued} and last used at {@code lastUsed} is expired by this policy at {@code now}. */
    boolean isExpired(Instant issued, Instant lastUsed, Instant now) {
        return switch (kind) {
            case VALID_UNTIL_REVOKED -> false;
            case IMMEDIATELY_EXPIRE -> true;
            case EXPIRE_AFTER -> !now.isBefore(issued.plus(duration));
            case EXPIRE_IF_NOT_USED_FOR -> !now.isBefore((lastUsed == null ? issued : lastUsed).plus(duration));
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case VALID_UNTIL_REVOKED -> "valid until revoked";
            case IMMEDIATELY_EXPIRE -> "immediately expire";
            case EXPIRE_AFTER -> "expire after " + duration;
            case EXPIRE_IF_NOT_USED_FOR -> "expire if not used for " + duration;
        };
    }
}
