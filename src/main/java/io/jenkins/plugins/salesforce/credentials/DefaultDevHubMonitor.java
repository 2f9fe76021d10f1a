package io.jenkins.plugins.salesforce.credentials;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.AdministrativeMonitor;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.verb.POST;

/**
 * Tells the administrators that a credential store had more than one default Dev Hub and which one was kept
 * ({@link DefaultDevHubs}), until they dismiss it. Kept in memory: configuration as code that marks two defaults is
 * repaired, and listed again, at every start, until the YAML is fixed.
 */
@Extension
@Restricted(NoExternalUse.class)
public class DefaultDevHubMonitor extends AdministrativeMonitor {
    /** The most repairs listed; older ones are in the log. */
    static final int MAX_LISTED = 20;

    private final List<DefaultDevHubs.Outcome> repairs = new ArrayList<>();

    public DefaultDevHubMonitor() {
        super("salesforce-default-dev-hubs");
    }

    static DefaultDevHubMonitor get() {
        return ExtensionList.lookupSingleton(DefaultDevHubMonitor.class);
    }

    @Override
    public String getDisplayName() {
        return Messages.DefaultDevHubMonitor_DisplayName();
    }

    @Override
    public boolean isActivated() {
        synchronized (repairs) {
            return !repairs.isEmpty();
        }
    }

    /** The repairs since the last dismissal, oldest first. */
    public List<DefaultDevHubs.Outcome> getRepairs() {
        synchronized (repairs) {
            return List.copyOf(repairs);
        }
    }

    void record(DefaultDevHubs.Outcome repair) {
        synchronized (repairs) {
            repairs.add(repair);
            while (repairs.size() > MAX_LISTED) {
                repairs.remove(0);
            }
        }
    }

    /** Clears the list (an administrator has read it). */
    @POST
    @Restricted(NoExternalUse.class)
    public HttpResponse doDismiss() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        synchronized (repairs) {
            repairs.clear();
        }
        return HttpResponses.forwardToPreviousPage();
    }
}
