package io.jenkins.plugins.salesforce;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Fingerprint;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * Usage audit: every run that obtained a token, an auth URL or a frontdoor URL through an org is recorded against the
 * org's credential with {@link CredentialsProvider#track(Run, com.cloudbees.plugins.credentials.Credentials)}, that is
 * in the credential's fingerprint; {@link #runsUsing} reads it back for the Salesforce Orgs page.
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
        try {
            CredentialsProvider.track(run, credentials);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the use of org " + credentials.getId() + " by " + run, e);
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
