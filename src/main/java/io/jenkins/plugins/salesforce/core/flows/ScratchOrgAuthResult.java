package io.jenkins.plugins.salesforce.core.flows;

import io.jenkins.plugins.salesforce.core.TokenResult;
import java.util.Objects;

/**
 * What scratch-org auth returns. {@link #toString()} hides the token.
 *
 * @param token the short-lived scratch-org token, its instance URL, username (the signup username) and expiry
 * @param devHubId the credentials id of the Dev Hub whose ScratchOrgInfo held the scratch org
 * @param devHubUsername that Dev Hub's username
 * @param method how the token was obtained
 * @param expirationDate the scratch org's {@code ExpirationDate} ({@code YYYY-MM-DD}), or null
 */
public record ScratchOrgAuthResult(
        TokenResult token, String devHubId, String devHubUsername, Method method, String expirationDate) {

    public ScratchOrgAuthResult {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(devHubId, "devHubId");
        Objects.requireNonNull(method, "method");
    }

    /** How the scratch-org token was obtained. */
    public enum Method {
        /** The refresh grant with the {@code SfdxAuthUrl__c} that an sfp pool stored on ScratchOrgInfo. */
        SFDX_AUTH_URL,
        /** The JWT bearer grant with the Dev Hub's connected app and key, {@code sub} = the signup username. */
        JWT
    }
}
