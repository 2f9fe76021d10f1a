package io.jenkins.plugins.salesforce.ui.cli;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.Extension;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.ui.Orgs;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.args4j.Argument;

/**
 * {@code salesforce-remove ORG}: removes a registered org's credential from the system credentials, or a folder's with
 * {@code --folder}. Needs Credentials/Delete (on the folder).
 */
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
    protected int execute() {
        Orgs orgs = orgs();
        orgs.checkStore(CredentialsProvider.DELETE);
        OrgRecord r = orgs.run(o -> o.remove(org));
        stdout.println("Removed org " + r.describe() + ".");
        return 0;
    }
}
