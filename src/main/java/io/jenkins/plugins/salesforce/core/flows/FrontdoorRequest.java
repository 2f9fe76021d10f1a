package io.jenkins.plugins.salesforce.core.flows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;

/**
 * What a frontdoor URL is asked for.
 *
 * @param target a registered org (credentials id, username or JIT sandbox name), a scratch org's username in a
 *     repository's pool, or the name of a sandbox of a registered production org
 * @param repository {@code org/repo} whose pool to look in, or null to skip the pool lookup
 * @param productionOrg the production org (id or username) for a sandbox that is not registered, or null for every
 *     registered production org
 * @param classic make the classic {@code frontdoor.jsp?sid=} URL instead of a single-use one. <b>The classic URL
 *     embeds the access token itself</b>: it stays valid until the session ends and leaks the token to browser
 *     history, logs and proxies. Ask for it only for tools that cannot follow the single-use URL.
 * @param startPath the path to open after login, such as {@code /lightning/setup/SetupOneHome/home}, or null
 */
public record FrontdoorRequest(
        String target, String repository, String productionOrg, boolean classic, String startPath) {

    public FrontdoorRequest {
        if (target == null || target.isBlank()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "'target' is empty.",
                    "Name the org to open: a registered org's id or username, a JIT sandbox name, a pool scratch org's"
                            + " username, or a sandbox name.");
        }
        target = target.strip();
        repository = repository == null || repository.isBlank() ? null : repository.strip();
        productionOrg = productionOrg == null || productionOrg.isBlank() ? null : productionOrg.strip();
        startPath = startPath == null || startPath.isBlank() ? null : startPath.strip();
    }

    /** A single-use URL for a target, looked up among registered orgs and then as a sandbox of any production org. */
    public static FrontdoorRequest of(String target) {
        return new FrontdoorRequest(target, null, null, false, null);
    }

    public FrontdoorRequest withRepository(String repo) {
        return new FrontdoorRequest(target, repo, productionOrg, classic, startPath);
    }

    public FrontdoorRequest withProductionOrg(String ref) {
        return new FrontdoorRequest(target, repository, ref, classic, startPath);
    }

    /** The classic URL that embeds the access token; see the warning on {@link #classic()}. */
    public FrontdoorRequest withClassic(boolean c) {
        return new FrontdoorRequest(target, repository, productionOrg, c, startPath);
    }

    public FrontdoorRequest withStartPath(String path) {
        return new FrontdoorRequest(target, repository, productionOrg, classic, path);
    }
}
