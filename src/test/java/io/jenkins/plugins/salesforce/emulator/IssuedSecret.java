package io.jenkins.plugins.salesforce.emulator;

import java.time.Instant;

/**
 * What the emulator's access tokens, refresh tokens and authorization codes share: a secret value issued to a user
 * of a connected app at an instant, with an expiry that tests may move. Subclasses add their own lifecycle (revoked,
 * used) and a {@code toString()} that never shows the value.
 *
 * @param <T> the subclass, so that {@link #expireAt(Instant)} chains
 */
public abstract class IssuedSecret<T extends IssuedSecret<T>> {
    private final String value;
    private final User user;
    private final ConnectedApp app;
    private final Instant issuedAt;
    private volatile Instant expiresAt;

    IssuedSecret(String value, User user, ConnectedApp app, Instant issuedAt, Instant expiresAt) {
        this.value = value;
        this.user = user;
        this.app = app;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    /** The secret itself, for building requests in tests. */
    public final String value() {
        return value;
    }

    public final User user() {
        return user;
    }

    public final Org org() {
        return user.org();
    }

    public final ConnectedApp app() {
        return app;
    }

    public final Instant issuedAt() {
        return issuedAt;
    }

    /** When it stops working on the emulator clock; null if only other rules end it. */
    public final Instant expiresAt() {
        return expiresAt;
    }

    /** Makes it stop working at {@code when} on the emulator clock (earlier or later than its natural expiry). */
    @SuppressWarnings("unchecked")
    public final T expireAt(Instant when) {
        this.expiresAt = when;
        return (T) this;
    }
}
