package io.jenkins.plugins.salesforce;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.BulkChange;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.model.listeners.SaveableListener;
import hudson.security.Permission;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SalesforceHosts;
import io.jenkins.plugins.salesforce.core.flows.FlowContext;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The plugin's global settings (Manage Jenkins > System > Salesforce orgs; JCasC {@code unclassified: salesforceOrgs}),
 * each explained in its help file:
 *
 * <pre>{@code
 * unclassified:
 *   salesforceOrgs:
 *     allowedHosts: "http://127.0.0.1"  # hosts besides Salesforce's own that credentials may go to; none by default
 *     sessionTimeoutMinutes: 120         # for orgs whose metadata gives none (15-1440)
 *     healthCheckIntervalMinutes: 60     # how often the health monitor tests every org; 0 turns it off
 *     expiryWarningDays: 14              # how many days before a credential expires the monitor names it
 *     trustSystemBuilds: false           # whether builds that run as SYSTEM may change orgs and export auth URLs
 *     defaultDevHub: "hub"               # the system store's default Dev Hub (DefaultDevHubSetting); none by default
 * }</pre>
 *
 * Only administrators can change them: {@code allowedHosts} decides where secrets may go (see
 * {@link SalesforceHosts#withAdditional}), and a build that runs as SYSTEM (every build, unless an authorization plugin
 * runs builds as a user) does what its Jenkinsfile says with Jenkins' own rights, so anyone who can edit a Jenkinsfile
 * could. Saving rebuilds {@link SalesforceService}'s token service (its cache is dropped); changing only the default
 * Dev Hub keeps it.
 */
@Extension
@Symbol("salesforceOrgs")
public class SalesforceConfiguration extends GlobalConfiguration {
    /** Salesforce's default session timeout, 2 hours. */
    public static final int DEFAULT_SESSION_TIMEOUT_MINUTES = (int) TokenService.DEFAULT_SESSION_TIMEOUT.toMinutes();
    /** The health monitor's default interval. */
    public static final int DEFAULT_HEALTH_CHECK_INTERVAL_MINUTES = 60;
    /** How many days before a credential expires the administrative monitor names it, by default. */
    public static final int DEFAULT_EXPIRY_WARNING_DAYS = 14;

    private String allowedHosts;
    private int sessionTimeoutMinutes = DEFAULT_SESSION_TIMEOUT_MINUTES;
    private int healthCheckIntervalMinutes = DEFAULT_HEALTH_CHECK_INTERVAL_MINUTES;
    private int expiryWarningDays = DEFAULT_EXPIRY_WARNING_DAYS;
    private boolean trustSystemBuilds;
    private String callbackUrl;
    private volatile String defaultDevHub;

    @SuppressWarnings("this-escape")
    public SalesforceConfiguration() {
        load();
    }

    public static SalesforceConfiguration get() {
        return ExtensionList.lookupSingleton(SalesforceConfiguration.class);
    }

    /** The administrator's host entries, one per line; empty when none. */
    @NonNull
    public String getAllowedHosts() {
        return allowedHosts == null ? "" : allowedHosts;
    }

    @DataBoundSetter
    public void setAllowedHosts(@CheckForNull String allowedHosts) {
        List<String> entries = entries(allowedHosts);
        this.allowedHosts = entries.isEmpty() ? null : String.join("\n", entries);
        save();
    }

    /** The entries as a list (lines or commas, blanks dropped). */
    @NonNull
    public List<String> getAllowedHostList() {
        return entries(allowedHosts);
    }

    public int getSessionTimeoutMinutes() {
        return sessionTimeoutMinutes;
    }

    @DataBoundSetter
    public void setSessionTimeoutMinutes(int sessionTimeoutMinutes) {
        this.sessionTimeoutMinutes =
                sessionTimeoutMinutes <= 0 ? DEFAULT_SESSION_TIMEOUT_MINUTES : sessionTimeoutMinutes;
        save();
    }

    public int getHealthCheckIntervalMinutes() {
        return healthCheckIntervalMinutes;
    }

    @DataBoundSetter
    public void setHealthCheckIntervalMinutes(int healthCheckIntervalMinutes) {
        this.healthCheckIntervalMinutes = Math.max(0, healthCheckIntervalMinutes);
        save();
    }

    /** How many days before a credential expires the administrative monitor names it (0: from the day it expires). */
    public int getExpiryWarningDays() {
        return expiryWarningDays;
    }

    @DataBoundSetter
    public void setExpiryWarningDays(int expiryWarningDays) {
        this.expiryWarningDays = Math.max(0, expiryWarningDays);
        save();
    }

    /** Whether builds that run as SYSTEM may register, update and remove orgs and export auth URLs. Off by default. */
    public boolean isTrustSystemBuilds() {
        return trustSystemBuilds;
    }

    @DataBoundSetter
    public void setTrustSystemBuilds(boolean trustSystemBuilds) {
        this.trustSystemBuilds = trustSystemBuilds;
        save();
    }

    /**
     * The callback URL a JIT sandbox login sends to {@code sandboxAuth} and, byte for byte, as the code exchange's
     * {@code redirect_uri}; null means the sf CLI's ({@value FlowContext#DEFAULT_CALLBACK_URL}).
     */
    @CheckForNull
    public String getCallbackUrl() {
        return callbackUrl;
    }

    /** @throws IllegalArgumentException when the URL is not one Salesforce could have as a callback URL */
    @DataBoundSetter
    public void setCallbackUrl(@CheckForNull String callbackUrl) {
        try {
            String given = Util.fixEmptyAndTrim(callbackUrl);
            this.callbackUrl = given == null ? null : FlowContext.checkCallbackUrl(given);
        } catch (SalesforceAuthException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        save();
    }

    /** The callback URL the flows use: the configured one (checked when it was set), or the sf CLI's. */
    @NonNull
    public String callbackUrl() {
        return callbackUrl == null ? FlowContext.DEFAULT_CALLBACK_URL : callbackUrl;
    }

    /** The credentials id of the system store's default Dev Hub, or null when none is set. */
    @CheckForNull
    public String getDefaultDevHub() {
        return defaultDevHub;
    }

    @DataBoundSetter
    public void setDefaultDevHub(@CheckForNull String defaultDevHub) {
        this.defaultDevHub = Util.fixEmptyAndTrim(defaultDevHub);
        super.save(); // no setting of the token service changed
    }

    /**
     * Changes the default Dev Hub and saves it, or leaves it as it was and throws: for the plugin's own writes of the
     * setting (REST, steps), which must report a failed save.
     */
    @Restricted(NoExternalUse.class)
    public synchronized void writeDefaultDevHub(@CheckForNull String id) throws IOException {
        String old = defaultDevHub;
        defaultDevHub = Util.fixEmptyAndTrim(id);
        if (BulkChange.contains(this)) {
            return;
        }
        try {
            getConfigFile().write(this);
        } catch (IOException e) {
            defaultDevHub = old;
            throw e;
        }
        SaveableListener.fireOnChange(this, getConfigFile());
    }

    /** The allowlist these settings give: Salesforce's hosts plus the administrator's entries. */
    @NonNull
    public SalesforceHosts hosts() {
        return SalesforceHosts.defaults().withAdditional(getAllowedHostList());
    }

    /** The default session timeout these settings give. */
    @NonNull
    public Duration sessionTimeout() {
        return Duration.ofMinutes(sessionTimeoutMinutes);
    }

    @Override
    public synchronized void save() {
        super.save();
        SalesforceService.configurationChanged();
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.SalesforceConfiguration_DisplayName();
    }

    /** Where secrets may be sent is for administrators only. */
    @NonNull
    @Override
    public Permission getRequiredGlobalConfigPagePermission() {
        return Jenkins.ADMINISTER;
    }

    @POST
    @Restricted(NoExternalUse.class)
    public FormValidation doCheckAllowedHosts(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            SalesforceHosts.defaults().withAdditional(entries(value));
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** A callback URL the form's check already refuses is also refused on save, as a form error on its field. */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        try {
            return super.configure(req, json);
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof SalesforceAuthException refused) {
                    throw new FormException(refused.getMessage(), e, "callbackUrl");
                }
            }
            throw e;
        }
    }

    @POST
    @Restricted(NoExternalUse.class)
    public FormValidation doCheckCallbackUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            FlowContext.checkCallbackUrl(value);
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    @Restricted(NoExternalUse.class)
    public FormValidation doCheckSessionTimeoutMinutes(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            TokenService.builder()
                    .sessionTimeout(Duration.ofMinutes(
                            Long.parseLong(Util.fixNull(value).strip())));
            return FormValidation.ok();
        } catch (NumberFormatException e) {
            return FormValidation.error(Messages.SalesforceConfiguration_NotMinutes());
        } catch (SalesforceAuthException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    @Restricted(NoExternalUse.class)
    public ListBoxModel doFillDefaultDevHubItems(@QueryParameter String defaultDevHub) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return DefaultDevHubSetting.choices(SalesforceService.storeOf(Jenkins.get()), defaultDevHub);
    }

    private static List<String> entries(@CheckForNull String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("[\\r\\n,]+"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
