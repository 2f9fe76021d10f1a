package io.jenkins.plugins.salesforce.emulator;

import java.time.Instant;

/** A one-time authorization code (from sandboxAuth or {@link SalesforceEmulator#issueAuthCode}). Value never printed. */
public final class AuthCode {
    private final String value;
    private final User user;
    private final ConnectedApp app;
    private final String redirectUri;
    private final Instant issuedAt;
    private volatile Instant expiresAt;
    private volatile boolean used;

    AuthCode(String value, User user, ConnectedApp app, String redirectUri, Instant issuedAt, Instant expiresAt) {
        this.value = value;
        this.user = user;
        this.app = app;
        this.redirectUri = redirectUri;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    public String value() {
        return value;
    }

    public User user() {
        return user;
    }

    public ConnectedApp app() {
        return app;
    }

    public String redirectUri() {
        return redirectUri;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public AuthCode expireAt(Instant when) {
        this.expiresAt = when;
        return this;
    }

    /** Whether a token request has presented this code (successful or not: a code is burnt on first use). */
    public boolean isUsed() {
        return used;
    }

    void markUsed() {
        used = true;
    }

    @Override
    public String toString() {
        return "AuthCode[****, user=" + user.username() + ", app=" + app.consumerKey() + ", redirect_uri=" + redirectUri
                + ", expires=" + expiresAt + (used ? ", used" : "") + "]";
    }
}
