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
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import io.jenkins.plugins.salesforce.credentials.OrgStoreView;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;

/**
 * A build's orgs, for one step: its job's view of the credentials as the build's authentication may use them
 * ({@link OrgStoreView#of(Run)}: its folders and the system store), the token service over that view, and the usage
 * audit. A step resolves its {@code org:} once ({@link #resolve}), asks {@code tokens.token(org)} for that org, and
 * records the use against the org's credential ({@link #used}): one lookup of the credentials in all.
 */
final class BuildOrgs {
    final Run<?, ?> run;
    final OrgStoreView orgs;
    final TokenService tokens;

    private BuildOrgs(Run<?, ?> run) {
        this.run = run;
        this.orgs = OrgStoreView.of(run);
        this.tokens = SalesforceService.get().tokens(orgs);
    }

    static BuildOrgs of(Run<?, ?> run) {
        return new BuildOrgs(run);
    }

    /**
     * The org named by {@code org} (credentials id, username or JIT sandbox name), or the default Dev Hub when {@code
     * devHub}; exactly one of them is given. With its secret, for {@code tokens.token(org)}.
     */
    RegisteredOrg resolve(String org, boolean devHub) throws AbortException {
        boolean named = org != null && !org.isBlank();
        if (named == devHub) {
            throw new AbortException(
                    named
                            ? "Give either org or devHub: true, not both."
                            : "Name the org (org: '<credentials id or username>'), or ask for the default Dev Hub"
                                    + " (devHub: true).");
        }
        // resolveRegistered resolves the reference itself: resolving it here first would read the store once more.
        String ref = devHub ? tokens.resolver().resolveDefaultDevHub().id() : org;
        return tokens.resolver().resolveRegistered(ref);
    }

    /**
     * Records that the build used this org, against its credential as it is now ({@link SalesforceUsage#record}; a
     * first use may have filled in its facts, which replaced the credential).
     */
    void used(String id) {
        orgs.credentials(id).ifPresent(c -> SalesforceUsage.record(run, c));
    }

    /**
     * The stored auth URL of an org whose credential allows export (never for JWT or JIT sandbox orgs), as {@code
     * sfdxAuthUrl} with the org's facts. The long-lived secret leaves only for a build that runs as a user who has
     * Credentials/UseItem on the job ({@link #checkExporter}); nothing is looked up before that check.
     */
    static Map<String, String> authUrl(Run<?, ?> run, String org, boolean devHub) throws AbortException {
        checkExporter(run);
        BuildOrgs orgs = of(run);
        OrgRecord record = orgs.resolve(org, devHub).record();
        String url = orgs.tokens.authUrl(record.id()).reveal();
        orgs.used(record.id());
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

    /** The core's message, which names the org, the cause and the fix, as the one line the step fails with. */
    static AbortException abort(SalesforceAuthException e) {
        return new AbortException(e.getMessage());
    }
}
