package io.jenkins.plugins.salesforce.ui.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import io.jenkins.plugins.salesforce.core.orgs.OrgFilter;
import io.jenkins.plugins.salesforce.ui.OrgView;
import io.jenkins.plugins.salesforce.ui.Orgs;
import java.util.List;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.args4j.Option;

/**
 * {@code salesforce-list}: the registered orgs (never a secret), filtered like the page: the system credentials', or
 * with {@code --folder} those a job in the folder sees. One line per org (the last column is where the org is
 * registered), or JSON with {@code --json}. Needs Credentials/View or UseItem (on the folder).
 */
@Extension
@Restricted(NoExternalUse.class)
public class ListOrgsCommand extends SalesforceCommand {
    @Option(name = "--type", usage = "Org type: Production, Sandbox, Developer Edition, Scratch, Trial")
    public String type;

    @Option(name = "--dev-hub", usage = "true: only Dev Hubs; false: only orgs that are not")
    public String devHub;

    @Option(name = "--metadata", usage = "Metadata pairs every org must have: k=v,k2=v2 or a JSON object")
    public String metadata;

    @Option(name = "--json", usage = "Print a JSON array")
    public boolean json;

    @Override
    public String getName() {
        return "salesforce-list";
    }

    @Override
    public String getShortDescription() {
        return "Lists the registered Salesforce orgs.";
    }

    @Override
    protected int execute() throws Exception {
        Orgs where = orgs();
        where.checkView();
        OrgFilter filter = OrgFilter.parse(type, devHub, metadata);
        List<OrgView> orgs = where.run(o -> o.list(filter));
        if (json) {
            print(orgs.stream().map(OrgView::toMap).toList());
            return 0;
        }
        for (OrgView o : orgs) {
            stdout.println(String.join(
                    "\t",
                    o.getId(),
                    dash(o.getUsername()),
                    dash(o.getOrgType()),
                    o.isDefaultDevHub() ? "default-dev-hub" : o.isDevHub() ? "dev-hub" : "-",
                    status(o.getStatus()),
                    o.getFolder() == null ? "(system)" : o.getFolder()));
        }
        return 0;
    }

    private static String status(@CheckForNull Map<String, Object> status) {
        return status == null ? "untested" : Boolean.TRUE.equals(status.get("ok")) ? "ok" : dash(status.get("reason"));
    }

    private static String dash(Object s) {
        return s == null ? "-" : s.toString();
    }
}
