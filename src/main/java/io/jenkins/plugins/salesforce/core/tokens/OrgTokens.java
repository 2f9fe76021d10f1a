package io.jenkins.plugins.salesforce.core.tokens;

import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;

/**
 * Access tokens for registered orgs, as the flows need them: the JIT sandbox and scratch-org flows call Salesforce
 * with a production org's or a Dev Hub's token. {@link TokenService} implements it with its cache and
 * single-flight; tests may implement it with a plain grant.
 */
public interface OrgTokens {

    /** A valid access token for the org, from the cache when one is still fresh. */
    AccessToken accessToken(RegisteredOrg org);

    /** Forgets the org's cached token, after Salesforce said its session is no longer valid. */
    void evict(RegisteredOrg org);
}
