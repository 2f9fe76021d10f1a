package io.jenkins.plugins.salesforce.ui;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hudson.Extension;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.http.Json;
import java.nio.charset.StandardCharsets;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.args4j.Option;

/**
 * {@code salesforce-register}: registers an org in the system credentials, or a folder's with {@code --folder}, from
 * an SFDX auth URL read from stdin (never from an argument, which would show in process lists and shell history).
 * Validated with Salesforce first; the same username in that store updates the registered org. Needs
 * Credentials/Create and Credentials/Update (on the folder).
 */
@Extension
@Restricted(NoExternalUse.class)
public class RegisterOrgCommand extends SalesforceCommand {
    @Option(name = "--id", usage = "Credentials id for a new org (default: generated)")
    public String id;

    @Option(name = "--username", usage = "Fail unless the auth URL signs in as this Salesforce user")
    public String username;

    @Option(name = "--dev-hub", usage = "Use the org as a Dev Hub (true/false; default: as discovered)")
    public String devHub;

    @Option(name = "--default-dev-hub", usage = "Make the org the default Dev Hub (true/false)")
    public String defaultDevHub;

    @Option(name = "--allow-auth-url-export", usage = "Let the auth URL be exported (true/false)")
    public String allowAuthUrlExport;

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
        OrgsContext context = context();
        CredentialsStore store = context.checkStore(CredentialsProvider.CREATE, CredentialsProvider.UPDATE);
        byte[] in = stdin.readNBytes(OrgsAction.MAX_BODY + 1);
        if (in.length > OrgsAction.MAX_BODY) {
            throw SalesforceAuthException.of(Reason.BAD_INPUT, "stdin is larger than an auth URL can be.", null);
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("sfdxAuthUrl", new String(in, StandardCharsets.UTF_8).strip());
        body.put("id", id);
        body.put("username", username);
        body.put("devHub", devHub);
        body.put("defaultDevHub", defaultDevHub);
        body.put("allowAuthUrlExport", allowAuthUrlExport);
        body.put("metadata", metadata);
        body.put("description", description);
        Orgs orgs = context.orgs();
        print(OrgsAction.system(
                () -> orgs.localView(SalesforceService.get().register(store, Requests.registration(body)))
                        .toJson()));
        return 0;
    }
}
