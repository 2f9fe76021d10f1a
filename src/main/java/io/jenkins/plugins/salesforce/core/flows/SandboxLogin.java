package io.jenkins.plugins.salesforce.core.flows;

import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.util.Objects;

/**
 * A sandbox access token minted through its production org, with who and where it is. It carries no refresh token:
 * {@link #accessToken()} never has a {@linkplain AccessToken#rotatedRefreshToken() rotated refresh token}, even when
 * the code exchange returned one. {@link #toString()} hides the token.
 *
 * @param sandboxName the sandbox name as Salesforce spells it
 * @param username the sandbox user ({@code authUserName} from sandboxAuth, e.g. {@code admin@acme.com.uat})
 * @param accessToken the sandbox token; its instance URL is the sandbox's
 * @param production the production org it came through (no secret)
 * @param process the sandbox's SandboxProcess row that was checked
 */
public record SandboxLogin(
        String sandboxName, String username, AccessToken accessToken, OrgRecord production, SandboxProcessRow process) {

    public SandboxLogin {
        Objects.requireNonNull(sandboxName, "sandboxName");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(production, "production");
        Objects.requireNonNull(process, "process");
        if (accessToken.rotatedRefreshToken().isPresent()) {
            throw new IllegalArgumentException("a JIT sandbox login never carries a refresh token");
        }
    }

    /** The sandbox's 18-character org id, from the token's identity URL. */
    public String orgId() {
        return accessToken.orgId();
    }
}
