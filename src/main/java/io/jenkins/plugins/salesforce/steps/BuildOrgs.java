package io.jenkins.plugins.salesforce.steps;

import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.SalesforceUsage;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.TokenService;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the steps ask of the service for a build, with the usage audit: an org's token (by {@code org:} or {@code
 * devHub: true}) and its auth URL, recorded against the credential ({@link SalesforceUsage#record}). The build's own
 * view of the credentials is used ({@link SalesforceService#tokens(Run)}: its folders and the system store, as its
 * authentication allows).
 */
final class BuildOrgs {
    private BuildOrgs() {}

    /** A token for {@code org}, or for the default Dev Hub when {@code devHub}; exactly one of them is given. */
    static TokenResult token(Run<?, ?> run, String org, boolean devHub) throws AbortException {
        TokenService tokens = SalesforceService.get().tokens(run);
        String id = resolve(tokens, org, devHub).id();
        TokenResult token = tokens.token(id);
        SalesforceUsage.record(run, id);
        return token;
    }

    /**
     * The stored auth URL of an org whose credential allows export (never for JWT or JIT sandbox orgs), as {@code
     * sfdxAuthUrl} with the org's facts.
     */
    static Map<String, String> authUrl(Run<?, ?> run, String org, boolean devHub) throws AbortException {
        TokenService tokens = SalesforceService.get().tokens(run);
        OrgRecord record = resolve(tokens, org, devHub);
        String url = tokens.authUrl(record.id()).reveal();
        SalesforceUsage.record(run, record.id());
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sfdxAuthUrl", url);
        m.put("instanceUrl", record.instanceUrl());
        m.put("username", record.username());
        m.put("orgId", record.orgId());
        m.put("orgType", record.orgType() == null ? null : record.orgType().label());
        return m;
    }

    private static OrgRecord resolve(TokenService tokens, String org, boolean devHub) throws AbortException {
        boolean named = org != null && !org.isBlank();
        if (named == devHub) {
            throw new AbortException(
                    named
                            ? "Give either org or devHub: true, not both."
                            : "Name the org (org: '<credentials id or username>'), or ask for the default Dev Hub"
                                    + " (devHub: true).");
        }
        return devHub
                ? tokens.registry().resolveDefaultDevHub()
                : tokens.registry().resolve(org);
    }

    /** The core's message, which names the org, the cause and the fix, as the one line the step fails with. */
    static AbortException abort(SalesforceAuthException e) {
        return new AbortException(e.getMessage());
    }
}
