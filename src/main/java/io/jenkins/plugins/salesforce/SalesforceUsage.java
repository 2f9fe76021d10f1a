package io.jenkins.plugins.salesforce;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Fingerprint;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.salesforce.core.orgs.UsageLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * Usage audit: every run that obtained a token, an auth URL or a frontdoor URL through an org is recorded against the
 * org's credential with {@link CredentialsProvider#track(Run, com.cloudbees.plugins.credentials.Credentials)}, that is
 * in the credential's fingerprint; {@link #runsUsing} reads it back for the Salesforce Orgs page.
 *
 * <p>Every secret handed out, by a run or through the REST API ({@link #recordHandedOut}), is also written to the
 * org's {@link UsageLog} (who, when, how, what, from where), which {@link #handedOut} reads back for administrators.
 * Its key is the org's Salesforce org id and username, not the credential's digest: a rotated refresh token or an
 * edited credential keeps its history.
 *
 * <p>A fingerprint is the digest of the credential as stored, so a credential that was edited (or whose discovered
 * facts were filled in on first use) starts a new fingerprint: {@link #runsUsing} shows the runs since the credential
 * took its current form. Nothing secret is read or written here.
 */
public final class SalesforceUsage {
    private static final Logger LOG = Logger.getLogger(SalesforceUsage.class.getName());

    private SalesforceUsage() {}

    /**
     * Records that {@code run} used the org of this credential (the one the run's view of the credentials resolved,
     * as it is now). Never fails the build: an audit that cannot be written is logged.
     */
    public static void record(@NonNull Run<?, ?> run, @NonNull SalesforceOrgCredentials credentials) {
        record(run, credentials, "accessToken");
    }

    /** {@link #record(Run, SalesforceOrgCredentials)}, naming what the run was handed ({@code sfdxAuthUrl}, ...). */
    public static void record(@NonNull Run<?, ?> run, @NonNull SalesforceOrgCredentials credentials, String what) {
        try {
            CredentialsProvider.track(run, credentials);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the use of org " + credentials.getId() + " by " + run, e);
        }
        log(
                key(credentials.getOrgId(), credentials.getUsername(), credentials.getId()),
                new UsageLog.Event(
                        SalesforceService.get().clock().instant(),
                        SalesforceService.authenticationOf(run.getParent()).getName(),
                        UsageLog.Channel.PIPELINE,
                        what,
                        run.getExternalizableId(),
                        null));
    }

    /**
     * Records a secret handed out outside a run (the REST API), to a user, against an org.
     *
     * @param orgId the org's Salesforce id; with the username, the key of its log
     * @param what {@code accessToken}, {@code sfdxAuthUrl}, {@code frontdoor}, ...
     * @param detail the action, and the sandbox or scratch org the secret was for
     * @param from the caller's address
     */
    public static void recordHandedOut(
            @CheckForNull String orgId,
            @CheckForNull String username,
            @NonNull String id,
            @NonNull String who,
            UsageLog.Channel channel,
            String what,
            String detail,
            @CheckForNull String from) {
        log(
                key(orgId, username, id),
                new UsageLog.Event(SalesforceService.get().clock().instant(), who, channel, what, detail, from));
    }

    /** The newest events of an org's log, newest first: for administrators (the caller checks). */
    @NonNull
    public static List<UsageLog.Event> handedOut(
            @CheckForNull String orgId, @CheckForNull String username, @NonNull String id, int limit) {
        try {
            return SalesforceService.get().usageLog().read(key(orgId, username, id), limit);
        } catch (UncheckedIOException e) {
            LOG.log(Level.WARNING, "Could not read the usage log of org " + id, e);
            return List.of();
        }
    }

    /** The org id (15 characters) and username; the credentials id while the org is not discovered. */
    private static String key(@CheckForNull String orgId, @CheckForNull String username, String id) {
        return orgId != null && orgId.length() >= 15 && username != null
                ? orgId.substring(0, 15) + "/" + username.toLowerCase(Locale.ROOT)
                : "id:" + id;
    }

    /** Never fails the caller: an audit that cannot be written is logged. */
    private static void log(String key, UsageLog.Event event) {
        try {
            SalesforceService.get().usageLog().append(key, event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not write the usage log of " + key, e);
        }
    }

    /**
     * The runs that used this credential (in its current form), newest first, at most {@code limit}; only runs of jobs
     * the current user can read. Empty when it was never used.
     */
    @NonNull
    public static List<Run<?, ?>> runsUsing(@NonNull SalesforceOrgCredentials credentials, int limit) {
        List<Run<?, ?>> runs = new ArrayList<>();
        Fingerprint fp;
        try {
            fp = CredentialsProvider.getFingerprintOf(credentials);
        } catch (IOException e) {
            LOG.log(Level.FINE, "No fingerprint for " + credentials.getId(), e);
            return runs;
        }
        Map<String, Fingerprint.RangeSet> usages = fp == null ? null : fp.getUsages();
        if (usages == null) {
            return runs;
        }
        for (Map.Entry<String, Fingerprint.RangeSet> usage : usages.entrySet()) {
            Job<?, ?> job = Jenkins.get().getItemByFullName(usage.getKey(), Job.class);
            if (job == null || !job.hasPermission(Item.READ)) {
                continue;
            }
            for (Integer n : usage.getValue().listNumbersReverse()) {
                Run<?, ?> r = job.getBuildByNumber(n);
                if (r != null) {
                    runs.add(r);
                }
            }
        }
        runs.sort(Comparator.comparingLong((Run<?, ?> r) -> r.getTimeInMillis()).reversed());
        return runs.size() > limit ? new ArrayList<>(runs.subList(0, Math.max(limit, 0))) : runs;
    }
}
