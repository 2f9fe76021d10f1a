package io.jenkins.plugins.salesforce.core.flows;

import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * What sandbox auth for an unregistered sandbox returns. {@link #toString()} hides the token and the frontdoor URL.
 *
 * @param sandboxName the sandbox name as Salesforce spells it
 * @param sandboxUsername the sandbox user the token acts as
 * @param token the short-lived sandbox token, its instance URL and expiry
 * @param productionOrg the registered production org it came through (no secret)
 * @param frontdoorUrl a single-use login URL, only when asked for; it logs whoever opens it in, so it is a secret
 */
public record SandboxAuthResult(
        String sandboxName,
        String sandboxUsername,
        TokenResult token,
        OrgRecord productionOrg,
        SecretText frontdoorUrl) {

    public SandboxAuthResult {
        Objects.requireNonNull(sandboxName, "sandboxName");
        Objects.requireNonNull(sandboxUsername, "sandboxUsername");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(productionOrg, "productionOrg");
    }

    /** The frontdoor URL, present only when it was asked for. */
    public Optional<SecretText> frontdoor() {
        return Optional.ofNullable(frontdoorUrl);
    }

    @Override
    public String toString() {
        return "SandboxAuthResult[sandboxName=" + sandboxName + ", sandboxUsername=" + sandboxUsername + ", token="
                + token + ", productionOrg=" + productionOrg.id() + ", frontdoorUrl="
                + (frontdoorUrl == null ? "none" : "****")
                + "]";
    }
}
