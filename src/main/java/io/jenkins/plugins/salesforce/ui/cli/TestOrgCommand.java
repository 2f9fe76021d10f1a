package io.jenkins.plugins.salesforce.ui.cli;

import hudson.Extension;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.ui.Orgs;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.args4j.Argument;

/**
 * {@code salesforce-test ORG}: tests an org's connection with a fresh grant and prints the outcome (the core's
 * message and fix on failure); exit code 0 when it authenticates, 1 when it does not. With {@code --folder}, the org
 * is looked up as a job in the folder would (the folder's own credentials first). Needs Credentials/UseItem (on the
 * folder).
 */
@Extension
@Restricted(NoExternalUse.class)
public class TestOrgCommand extends SalesforceCommand {
    @Argument(metaVar = "ORG", required = true, usage = "Credentials id, Salesforce username or JIT sandbox name")
    public String org;

    @Override
    public String getName() {
        return "salesforce-test";
    }

    @Override
    public String getShortDescription() {
        return "Tests whether a registered Salesforce org still authenticates.";
    }

    @Override
    protected int execute() {
        Orgs orgs = orgs();
        orgs.checkUse();
        ConnectionTest t = orgs.run(o -> o.test(o.resolve(org)));
        stdout.println(t.summary());
        return t.ok() ? 0 : 1;
    }
}
