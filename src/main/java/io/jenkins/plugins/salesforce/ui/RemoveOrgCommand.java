package io.jenkins.plugins.salesforce.ui;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import hudson.Extension;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.args4j.Argument;

/** {@code salesforce-remove ORG}: removes a registered org's credential. Needs Credentials/Delete. */
@Extension
@Restricted(NoExternalUse.class)
public class RemoveOrgCommand extends SalesforceCommand {
    @Argument(metaVar = "ORG", required = true, usage = "Credentials id, Salesforce username or JIT sandbox name")
    public String org;

    @Override
    public String getName() {
        return "salesforce-remove";
    }

    @Override
    public String getShortDescription() {
        return "Removes a registered Salesforce org.";
    }

    @Override
    protected int run() {
        CredentialsStore store = SalesforceOrgsAction.checkStore(CredentialsProvider.DELETE);
        OrgRecord r = SalesforceOrgsAction.system(() -> {
            OrgRecord removed = SalesforceService.get().tokensIn(store).registry().remove(org);
            OrgHealth.get().forget(SalesforceOrgsAction.Orgs.healthKey(removed.id()));
            return removed;
        });
        stdout.println("Removed org " + r.describe() + ".");
        return 0;
    }
}
