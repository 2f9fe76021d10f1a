package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import hudson.AbortException;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.Permission;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.SalesforceUsage;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import io.jenkins.plugins.salesforce.credentials.OrgStoreView;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.StepExecutions;
import org.springframework.security.core.Authentication;

/**
 * A build's orgs, for one step, and what the build may do with them.
 *
 * <p>Reading: its job's view of the credentials as the build's authentication may use them ({@link
 * OrgStoreView#of(Run)}: its folders and the system store), the token service over that view, and the usage audit. A
 * step resolves its {@code org:} once ({@link #resolve}), asks {@code tokens.token(org)} for that org, and records the
 * use against the org's credential ({@link #used}): one lookup of the credentials in all.
 *
 * <p>Writing (register, update, remove): one credential store, named by {@code store}: {@code 'folder'} (the nearest
 * folder of the job that has a credential store), {@code 'system'} (Jenkins' global store), or, when left out, the
 * folder's store for a job in a folder and the system store otherwise. The write runs as the build's authentication
 * ({@link SalesforceService#authenticationOf}), which must have the same permissions on that store as the Orgs page,
 * its REST actions and the CLI ask for the same change. A build that runs as SYSTEM (the default, when no
 * authorization plugin runs builds as a user) has every permission, so it would let anyone who can edit a Jenkinsfile
 * change any store, or take an auth URL ({@link #checkExporter}): it is refused unless an administrator trusts such
 * builds ({@link SalesforceConfiguration#isTrustSystemBuilds()}).
 */
final class BuildOrgs {
    private static final String FOLDER = "folder";
    private static final String SYSTEM = "system";
    /** The label of {@link SalesforceConfiguration#isTrustSystemBuilds()}, as the global configuration shows it. */
    static final String TRUST_SETTING =
            "Let builds that run as SYSTEM register, change and remove orgs and export auth URLs";
    /** Where that setting is. */
    static final String SETTINGS_PAGE = "Manage Jenkins > System > Salesforce orgs";

    final Run<?, ?> run;
    final OrgStoreView view;
    final TokenService tokens;

    private BuildOrgs(Run<?, ?> run) {
        this.run = run;
        this.view = OrgStoreView.of(run);
        this.tokens = SalesforceService.get().tokens(view);
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
    void used(String id, String what) {
        view.credentials(id).ifPresent(c -> SalesforceUsage.record(run, c, what));
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
        orgs.used(record.id(), "sfdxAuthUrl");
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
                        + TRUST_SETTING + "' in " + SETTINGS_PAGE + ".");
            }
        } else if (!job.hasPermission2(auth, CredentialsProvider.USE_ITEM)) {
            throw new AbortException(auth.getName() + " is missing the " + name(CredentialsProvider.USE_ITEM)
                    + " permission on " + job.getFullName() + ", which authType: 'sfdxAuthUrl' needs.");
        }
    }

    /** The store a registration step writes to ({@code store:} is {@code 'folder'}, {@code 'system'} or null). */
    static CredentialsStore targetStore(Run<?, ?> run, String store) throws AbortException {
        Job<?, ?> job = run.getParent();
        String wanted = store == null ? (job.getParent() instanceof Item ? FOLDER : SYSTEM) : store;
        if (SYSTEM.equals(wanted)) {
            CredentialsStore s = SalesforceService.storeOf(Jenkins.get());
            if (s == null) {
                throw new AbortException("Jenkins has no system credential store to write to.");
            }
            return s;
        }
        if (!FOLDER.equals(wanted)) {
            throw new AbortException("store must be 'folder' or 'system', not '" + store + "'.");
        }
        ItemGroup<?> g = job.getParent();
        while (g instanceof Item item) {
            CredentialsStore s = SalesforceService.storeOf(g);
            if (s != null) {
                return s;
            }
            g = item.getParent();
        }
        throw new AbortException("Job " + job.getFullName() + " is not in a folder with a credential store: use"
                + " store: 'system', or move the job into a folder.");
    }

    /**
     * Checks that the build may make {@code step}'s change to {@code store}, and returns the authentication to make it
     * as. The permissions are those the Orgs page asks for the same change.
     */
    static Authentication writer(Run<?, ?> run, CredentialsStore store, String step, Permission... permissions)
            throws AbortException {
        Authentication auth = SalesforceService.authenticationOf(run.getParent());
        if (ACL.SYSTEM2.equals(auth) && !SalesforceConfiguration.get().isTrustSystemBuilds()) {
            String needed = Arrays.stream(permissions).map(BuildOrgs::name).collect(Collectors.joining(" and "));
            throw new AbortException(step + " is refused: this build runs as SYSTEM, and a Jenkinsfile may not change"
                    + " the credential store of " + store.getContextDisplayName() + " with Jenkins' own rights. Run"
                    + " the job's builds as a user who has " + needed + " on that store (the Authorize Project plugin,"
                    + " or another QueueItemAuthenticator), or ask an administrator to turn on '" + TRUST_SETTING
                    + "' in " + SETTINGS_PAGE + ".");
        }
        for (Permission p : permissions) {
            if (!store.hasPermission2(auth, p)) {
                throw new AbortException(auth.getName() + " is missing the " + name(p)
                        + " permission on the credential store of " + store.getContextDisplayName() + ".");
            }
        }
        return auth;
    }

    private static String name(Permission p) {
        return p.group.title + "/" + p.name;
    }

    /** The core's message, which names the org, the cause and the fix, as the one line the step fails with. */
    static AbortException abort(SalesforceAuthException e) {
        return new AbortException(e.getMessage());
    }

    /** A step's one call, with its build and context. */
    interface Call {
        Object call(Run<?, ?> run, StepContext context) throws Exception;
    }

    /**
     * The execution of a step that returns a value: the call runs on a background thread of the controller, never on
     * the CPS thread, and a {@link SalesforceAuthException} fails the step with its message alone ({@link #abort}: no
     * stack trace, the message names the fix). The lambda holds the step's arguments, none of them secret, and is not
     * kept across a restart (after one, the step fails, as any {@code SynchronousNonBlockingStepExecution} does).
     */
    static StepExecution nonBlocking(StepContext context, Call call) {
        return StepExecutions.synchronousNonBlocking(context, c -> {
            try {
                return call.call(c.get(Run.class), c);
            } catch (SalesforceAuthException e) {
                throw abort(e);
            }
        });
    }
}
