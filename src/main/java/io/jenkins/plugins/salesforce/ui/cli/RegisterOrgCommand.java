package io.jenkins.plugins.salesforce.ui.cli;

import com.fasterxml.jackson.databind.node.TextNode;
import hudson.Extension;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.ui.Orgs;
import io.jenkins.plugins.salesforce.ui.RequestBodies;
import java.nio.charset.StandardCharsets;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.args4j.Option;
import org.kohsuke.args4j.spi.ExplicitBooleanOptionHandler;

/**
 * {@code salesforce-register}: registers an org in the system credentials, or a folder's with {@code --folder}, from
 * an SFDX auth URL read from stdin (never from an argument, which would show in process lists and shell history).
 * Validated with Salesforce first; the same username in that store updates the registered org. Needs
 * Credentials/Create and Credentials/Update (on the folder).
 */
@Extension
@Restricted(NoExternalUse.class)
public class RegisterOrgCommand extends SalesforceCommand {
    /** stdin larger than this is refused: no auth URL (or sf's JSON around one) is that long. */
    static final int MAX_STDIN = 64 * 1024;

    @Option(name = "--id", usage = "Credentials id for a new org (default: generated)")
    public String id;

    @Option(name = "--username", usage = "Fail unless the auth URL signs in as this Salesforce user")
    public String username;

    @Option(
            name = "--dev-hub",
            handler = ExplicitBooleanOptionHandler.class,
            usage = "Use the org as a Dev Hub (true/false; default: as discovered)")
    public Boolean devHub;

    @Option(
            name = "--default-dev-hub",
            handler = ExplicitBooleanOptionHandler.class,
            usage = "Make the org the default Dev Hub (true/false)")
    public Boolean defaultDevHub;

    @Option(
            name = "--allow-auth-url-export",
            handler = ExplicitBooleanOptionHandler.class,
            usage = "Let the auth URL be exported (true/false)")
    public Boolean allowAuthUrlExport;

    @Option(name = "--metadata", usage = "Metadata as k=v,k2=v2 or a JSON object")
    public String metadata;

    @Option(name = "--description", usage = "Description of the credential")
    public String description;

    @Override
    public String getName() {
        return "salesforce-register";
    }

    @Override
    public String getShortDescription() {
        return "Registers a Salesforce org from an SFDX auth URL read from stdin (validated with Salesforce first).";
    }

    @Override
    protected int execute() throws Exception {
        Orgs orgs = orgs();
        orgs.checkRegister();
        byte[] in = stdin.readNBytes(MAX_STDIN + 1);
        if (in.length > MAX_STDIN) {
            throw SalesforceAuthException.of(Reason.BAD_INPUT, "stdin is larger than an auth URL can be.", null);
        }
        RegistrationRequest request = new RequestBodies.Registration(
                        new String(in, StandardCharsets.UTF_8).strip(),
                        id,
                        username,
                        devHub,
                        defaultDevHub,
                        allowAuthUrlExport,
                        metadata == null ? null : TextNode.valueOf(metadata),
                        description,
                        null,
                        null,
                        null)
                .toRequest(null);
        print(orgs.run(o -> o.register(request)).toMap());
        return 0;
    }
}
