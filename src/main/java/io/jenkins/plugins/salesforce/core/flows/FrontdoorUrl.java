package io.jenkins.plugins.salesforce.core.flows;

import io.jenkins.plugins.salesforce.core.SecretText;
import java.net.URI;
import java.util.Objects;

/**
 * A frontdoor (one-click login) URL and where it came from. <b>The URL is a secret</b>: whoever opens it is logged in
 * as the org's user. A single-use URL works once and for minutes; a classic one embeds the access token. {@link
 * #toString()} hides it.
 *
 * @param url the URL
 * @param source which step of the lookup found the org
 * @param via the credentials id of the registered org, the Dev Hub (pool) or the production org (sandbox) used
 * @param username the user it logs in as, or null when not known yet (a JIT sandbox never used)
 * @param orgId the 18-character org id
 * @param instanceUrl the org's instance URL
 * @param classic whether this is the classic URL that embeds the access token
 */
public record FrontdoorUrl(
        SecretText url, Source source, String via, String username, String orgId, URI instanceUrl, boolean classic) {

    public FrontdoorUrl {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(source, "source");
    }

    /** The lookup step that found the org, in the order they are tried. */
    public enum Source {
        /** A registered org: by id, username or JIT sandbox name. */
        REGISTERED_ORG,
        /** A scratch org of a repository's pool, found in the ScratchOrgInfo of that repository's Dev Hubs. */
        POOL_INSTANCE,
        /** A sandbox that is not registered, through a production org (sandbox auth). */
        SANDBOX_AUTH
    }

    @Override
    public String toString() {
        return "FrontdoorUrl[url=****, source=" + source + ", via=" + via + ", username=" + username + ", orgId="
                + orgId + ", instanceUrl=" + instanceUrl + ", classic=" + classic + "]";
    }
}
