package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import io.jenkins.plugins.salesforce.DefaultDevHubSetting;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.OrgDates;
import java.time.Instant;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * An org with a stored secret of its own (auth URL or JWT key), which can therefore be a Dev Hub (and be named as its
 * store's default Dev Hub, a setting of the store: {@link DefaultDevHubSetting}). A JIT sandbox cannot.
 *
 * <p>It also carries the dates its expiry is counted from ({@link #dates}): when its secret was registered and when
 * Salesforce last rotated it. The last grant is not kept here, so that a token never writes the credential.
 */
public abstract class AbstractSecretOrgCredentials extends AbstractOrgCredentials {
    private static final long serialVersionUID = 1L;

    private boolean devHub;
    private String registeredAt;
    private String lastRotatedAt;

    /**
     * Read from credentials saved before the default Dev Hub became a setting of the store, and ignored: Jenkins'
     * XStream reads a transient field (so such a file loads without "old data"), and never writes it.
     */
    @SuppressWarnings("unused")
    private transient boolean defaultDevHub;

    protected AbstractSecretOrgCredentials(
            @CheckForNull CredentialsScope scope, @CheckForNull String id, @CheckForNull String description) {
        super(scope, id, description);
    }

    /**
     * When the secret held now was registered, as an ISO instant: recorded when the plugin stores a new secret
     * (the form, a registration through a step, REST or the CLI), or given (configuration as code, XML). Text, since
     * Jenkins' XStream refuses an {@code Instant}.
     */
    @CheckForNull
    public String getRegisteredAt() {
        return registeredAt;
    }

    /**
     * When the secret was registered, for a credential the plugin did not store itself (configuration as code, XML):
     * {@code 2026-11-02} or {@code 2026-11-02T10:15:00Z}. Text that is not a date is kept, and counts as unknown.
     */
    @DataBoundSetter
    public void setRegisteredAt(@CheckForNull String registeredAt) {
        this.registeredAt = normaliseDate(registeredAt);
    }

    /** When the plugin last stored a refresh token Salesforce rotated, as an ISO instant; null when never. */
    @CheckForNull
    public String getLastRotatedAt() {
        return lastRotatedAt;
    }

    /** Takes the dates of the secret another credential holds, as it holds them (see {@link OrgCredentialsMapping}). */
    void takeDates(@NonNull AbstractSecretOrgCredentials from) {
        this.registeredAt = from.registeredAt;
        this.lastRotatedAt = from.lastRotatedAt;
    }

    /** Records that the secret held now was registered at {@code at} (never rotated since). */
    void recordRegistered(@NonNull Instant at) {
        this.registeredAt = at.toString();
        this.lastRotatedAt = null;
    }

    /** Records that Salesforce rotated the secret held now at {@code at}. */
    void recordRotated(@NonNull Instant at) {
        this.lastRotatedAt = at.toString();
    }

    /** The dates of the secret, with the last grant kept elsewhere ({@link LastGrants}); a bad text is unknown. */
    @NonNull
    public OrgDates dates(@CheckForNull Instant lastGrantedAt) {
        return new OrgDates(instant(registeredAt), lastGrantedAt, instant(lastRotatedAt));
    }

    @CheckForNull
    private static String normaliseDate(@CheckForNull String text) {
        String t = Util.fixEmptyAndTrim(text);
        try {
            return t == null ? null : OrgDates.parse(t, "registeredAt").toString();
        } catch (SalesforceAuthException e) {
            return t; // kept as given; it counts as unknown
        }
    }

    @CheckForNull
    private static Instant instant(@CheckForNull String text) {
        try {
            return text == null ? null : OrgDates.parse(text, "registeredAt");
        } catch (SalesforceAuthException e) {
            return null;
        }
    }

    @Override
    public boolean isDevHub() {
        return devHub;
    }

    /** Use the org as a Dev Hub (scratch-org auth tries it); Dev Hub must be enabled in the org. */
    @DataBoundSetter
    public void setDevHub(boolean devHub) {
        this.devHub = devHub;
    }
}
