package io.jenkins.plugins.salesforce.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import io.jenkins.plugins.salesforce.core.orgs.OrgDates;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * When each org's secret was last used for a token (the core tells its store after every grant:
 * {@code OrgStore.granted}), for the expiry of a refresh token that is not used ({@code expireAfterIdleDays}). Kept
 * apart from the credentials, so that a token never writes {@code credentials.xml}: in
 * {@code $JENKINS_HOME/io.jenkins.plugins.salesforce.credentials.LastGrants.xml}, keyed like the token cache and the
 * health status (the store and the credentials id), as text instants, nothing secret. A grant is written only when
 * the recorded one is an hour old or more ({@link OrgDates#grantWorthRecording}), so a busy org causes at most one
 * write an hour. A file that cannot be read is logged and ignored (the dates are then unknown until the next grant).
 */
@Extension
@Restricted(NoExternalUse.class)
public class LastGrants {
    private static final Logger LOG = Logger.getLogger(LastGrants.class.getName());

    private final Map<String, String> grants = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public LastGrants() {
        XmlFile file = getConfigFile();
        if (file.exists()) {
            try {
                grants.putAll((Map<String, String>) file.read());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Ignoring the last grants of Salesforce orgs in " + file, e);
                grants.clear();
            }
        }
    }

    @NonNull
    public static LastGrants get() {
        return ExtensionList.lookupSingleton(LastGrants.class);
    }

    /** When the org with this key ({@code OrgStore.tokenCacheKey}) was last granted a token, or null when unknown. */
    @CheckForNull
    public Instant lastGrantedAt(@NonNull String key) {
        String text = grants.get(key);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Records a grant at {@code at}, and writes the file, when the one recorded is an hour old or more. */
    public void granted(@NonNull String key, @NonNull Instant at) {
        synchronized (this) {
            if (!OrgDates.grantWorthRecording(lastGrantedAt(key), at)) {
                return;
            }
            grants.put(key, at.toString());
        }
        save();
    }

    /** Whether no grant is recorded. */
    public boolean isEmpty() {
        return grants.isEmpty();
    }

    /** Drops the orgs whose key is not among {@code registered} (credentials removed). */
    public void retainAll(@NonNull Collection<String> registered) {
        if (grants.keySet().retainAll(registered)) {
            save();
        }
    }

    @NonNull
    XmlFile getConfigFile() {
        return new XmlFile(new File(Jenkins.get().getRootDir(), LastGrants.class.getName() + ".xml"));
    }

    private synchronized void save() {
        try {
            getConfigFile().write(new TreeMap<>(grants));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not save the last grants of Salesforce orgs", e);
        }
    }
}
