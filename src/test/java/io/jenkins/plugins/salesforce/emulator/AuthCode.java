package io.jenkins.plugins.salesforce.emulator;

import java.time.Instant;

/** A one-time authorization code (from sandboxAuth or {@link SalesforceEmulator#issueAuthCode}). Value never printed. */
public final class AuthCode extends IssuedSecret<AuthCode> {
    private final String redirectUri;
    private volatile boolean used;

    AuthCode(String value, User user, ConnectedApp app, String redirectUri, Instant issuedAt, Instant expiresAt) {
        super(value, user, app, issuedAt, expiresAt);
        this.redirectUri = redirectUri;
    }

    public String redirectUri() {
        return redirectUri;
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
        return "AuthCode[****, user=" + user().username() + ", app=" + app().consumerKey() + ", redirect_uri="
                + redirectUri + ", expires=" + expiresAt() + (used ? ", used" : "") + "]";
    }
}
