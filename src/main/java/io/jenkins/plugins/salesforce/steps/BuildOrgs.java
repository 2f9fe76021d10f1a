package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.AbortException;
import hudson.model.Job;
import hudson.model.Run;
import hudson.security.ACL;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.SalesforceUsage;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.TokenService;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;

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
     * sfdxAuthUrl} with the org's facts. The long-lived secret leaves only for a build that runs as a user who has
     * Credentials/UseItem on the job ({@link #checkExporter}); nothing is looked up before that check.
     */
    static Map<String, String> authUrl(Run<?, ?> run, String org, boolean devHub) throws AbortException {
        checkExporter(run);
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

    /**
     * Who may export an auth URL: a build that runs as a user (an authorization plugin chose who, so the user's rights
     * apply) with Credentials/UseItem on the job, the permission to use the job's credentials. A build that runs as
     * SYSTEM is refused unless an administrator trusts such builds: it would let anyone who can edit a Jenkinsfile
     * take the secret.
     */
    static void checkExporter(Run<?, ?> run) throws AbortException {
        Job<?, ?> job = run.getParent();
        Authentication auth = SalesforceService.authenticationOf(job);
        if (ACL.SYSTEM2.equals(auth)) {
            if (!SalesforceConfiguration.get().isTrustSystemBuilds()) {
                throw new AbortException("authType: 'sfdxAuthUrl' is refused: this build runs as SYSTEM, and the"
                        + " long-lived auth URL leaves Jenkins only for a build that runs as a user allowed to use the"
                        + " credential. Use withSalesforceOrg (a short-lived token, masked in the log) instead; or run"
                        + " the job's builds as a user who has Credentials/UseItem on it (the Authorize Project"
                        + " plugin, or another QueueItemAuthenticator); or ask an administrator to turn on '"
                        + OrgStores.TRUST_SETTING + "' in " + OrgStores.SETTINGS_PAGE + ".");
            }
        } else if (!job.hasPermission2(auth, CredentialsProvider.USE_ITEM)) {
            throw new AbortException(auth.getName() + " is missing the " + OrgStores.name(CredentialsProvider.USE_ITEM)
                    + " permission on " + job.getFullName() + ", which authType: 'sfdxAuthUrl' needs.");
        }
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
