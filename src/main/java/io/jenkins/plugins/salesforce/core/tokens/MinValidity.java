package io.jenkins.plugins.salesforce.core.tokens;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.time.Duration;
import java.time.Instant;

/**
 * A token a long build step can count on: {@code minValidity} asks for a token that stays valid for at least that
 * long, so a cached token that would expire sooner is replaced by a new one first. Salesforce does not say when a
 * token expires; {@code expiresAt} is its issue time plus the configured session timeout, so a {@code minValidity}
 * that even a new token cannot meet is refused, naming both durations.
 */
public final class MinValidity {
    /** The longest {@code minValidity}: Salesforce's longest session timeout, 24 hours. */
    public static final int MAX_MINUTES = 24 * 60;

    private MinValidity() {}

    /**
     * {@code minValidity} as a step or binding keeps it: null for none (null or 0, so that the Snippet Generator writes
     * no {@code minValidity: 0}), else the minutes as given, checked when used ({@link #ofMinutes}).
     */
    public static Integer given(Integer minutes) {
        return minutes == null || minutes == 0 ? null : minutes;
    }

    /**
     * {@code minValidity} from a step or binding: null or 0 for none, else 1 to {@value #MAX_MINUTES} minutes.
     *
     * @throws SalesforceAuthException BAD_INPUT naming the field {@code minValidity}
     */
    public static Duration ofMinutes(Integer minutes) {
        if (minutes == null || minutes == 0) {
            return Duration.ZERO;
        }
        if (minutes < 0 || minutes > MAX_MINUTES) {
            throw SalesforceAuthException.badField(
                    "minValidity",
                    "'minValidity' is " + minutes + " minutes.",
                    "Give the minutes the token must stay valid, 1 to " + MAX_MINUTES + " (0 or none: any valid"
                            + " token).");
        }
        return Duration.ofMinutes(minutes);
    }

    /**
     * The org's token, valid until at least {@code now + minValidity}: the cached one when it is, else a new one.
     *
     * @throws SalesforceAuthException BAD_INPUT when a new token is valid for less than {@code minValidity}, or the
     *     grant's failure
     */
    public static TokenResult token(TokenService tokens, RegisteredOrg org, Duration minValidity, Instant now) {
        TokenResult cached = tokens.token(org);
        if (minValidity.isZero() || !cached.expiresAt().isBefore(now.plus(minValidity))) {
            return cached;
        }
        tokens.evict(org);
        TokenResult fresh = tokens.token(org);
        if (fresh.expiresAt().isBefore(now.plus(minValidity))) {
            throw SalesforceAuthException.badField(
                    "minValidity",
                    "A new token of org " + org.record().describe() + " is valid for "
                            + Duration.between(now, fresh.expiresAt()).toMinutes() + " minutes, less than the "
                            + minValidity.toMinutes() + " minutes of 'minValidity'.",
                    "Lower minValidity below the org's session timeout, or split the work into blocks that each"
                            + " take less; if the org's Session Settings allow longer sessions, raise the plugin's"
                            + " session timeout (sessionTimeoutMinutes) to match.");
        }
        return fresh;
    }
}
