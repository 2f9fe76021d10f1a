package io.jenkins.plugins.salesforce.emulator;

import java.time.Instant;

/** A single-use frontdoor OTP minted by {@code /services/oauth2/singleaccess}. Value never printed. */
public final class SingleAccessOtp {
    private final String value;
    private final AccessToken session;
    private final String startUrl;
    private final Instant expiresAt;
    private volatile boolean used;

    SingleAccessOtp(String value, AccessToken session, String startUrl, Instant expiresAt) {
        this.value = value;
        this.session = session;
        this.startUrl = startUrl;
        this.expiresAt = expiresAt;
    }

    public String value() {
        return value;
    }

    public User user() {
        return session.user();
    }

    /** The access token whose session minted the OTP. */
    public AccessToken session() {
        return session;
    }

    /** The {@code redirect_uri} asked for, or null. */
    public String startUrl() {
        return startUrl;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public boolean isUsed() {
        return used;
    }

    void markUsed() {
        used = true;
    }

    @Override
    public String toString() {
        return "SingleAccessOtp[****, user=" + user().username() + ", startURL=" + startUrl + (used ? ", used" : "")
                + "]";
    }
}
