package io.jenkins.plugins.salesforce.ui.health;

import hudson.Extension;
import hudson.model.AdministrativeMonitor;
import java.util.List;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Names the orgs whose credential no longer authenticates (revoked or expired refresh token, deactivated user,
 * locked org...), as the health check or a test connection last found, with the core's message and fix, before a
 * release build finds out. Outages and rate limits are not listed: the next check tries again. It also names the orgs
 * whose credential expires within the warning window ({@link ExpiryWarnings}), before it expires.
 */
@Extension
@Restricted(NoExternalUse.class)
public class OrgHealthMonitor extends AdministrativeMonitor {

    public OrgHealthMonitor() {
        super("salesforce-org-health");
    }

    @Override
    public String getDisplayName() {
        return Messages.OrgHealthMonitor_DisplayName();
    }

    @Override
    public boolean isActivated() {
        return !OrgHealth.get().failing().isEmpty() || !ExpiryWarnings.current().isEmpty();
    }

    /** The failing orgs, sorted by store and id. */
    public List<OrgHealth.Entry> getFailing() {
        return OrgHealth.get().failing();
    }

    /** The orgs whose credential expires soon (or has expired), with the warning. */
    public List<ExpiryWarnings.Warning> getExpiring() {
        return ExpiryWarnings.current();
    }
}
