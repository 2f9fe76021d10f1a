package io.jenkins.plugins.salesforce.ui.cli;

import com.fasterxml.jackson.databind.node.TextNode;
import hudson.Extension;
import io.jenkins.plugins.salesforce.ui.Orgs;
import io.jenkins.plugins.salesforce.ui.RequestBodies;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.args4j.Argument;
import org.kohsuke.args4j.Option;

/**
 * {@code salesforce-register-jit-sandbox SANDBOX PRODUCTION_ORG}: registers a JIT sandbox of a production org
 * registered in the same store (the system credentials, or a folder's with {@code --folder}), checked through that org
 * first. Needs Credentials/Create, Update and UseItem (on the folder).
 */
@Extension
@Restricted(NoExternalUse.class)
public class RegisterJitSandboxCommand extends SalesforceCommand {
    @Argument(index = 0, metaVar = "SANDBOX", required = true, usage = "Sandbox name, for example uat")
    public String sandboxName;

    @Argument(
            index = 1,
            metaVar = "PRODUCTION_ORG",
            required = true,
            usage = "The registered production org: credentials id or username")
    public String productionOrg;

    @Option(name = "--id", usage = "Credentials id for a new JIT sandbox (default: generated)")
    public String id;

    @Option(name = "--metadata", usage = "Metadata as k=v,k2=v2 or a JSON object")
    public String metadata;

    @Option(name = "--description", usage = "Description of the credential")
    public String description;

    @Override
    public String getName() {
        return "salesforce-register-jit-sandbox";
    }

    @Override
    public String getShortDescription() {
        return "Registers a JIT sandbox of a registered Salesforce production org.";
    }

    @Override
    protected int execute() throws Exception {
        Orgs orgs = orgs();
        orgs.checkRegisterJitSandbox();
        RequestBodies.JitSandbox body = new RequestBodies.JitSandbox(
                sandboxName,
                productionOrg,
                id,
                metadata == null ? null : TextNode.valueOf(metadata),
                description,
                null);
        print(orgs.run(o -> o.registerJitSandbox(body.toRequest())).toMap());
        return 0;
    }
}
