package io.jenkins.plugins.salesforce.ui.cli;

import hudson.Extension;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.core.orgs.SecretInput;
import io.jenkins.plugins.salesforce.ui.Orgs;
import java.nio.charset.StandardCharsets;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.args4j.Option;
import org.kohsuke.args4j.spi.ExplicitBooleanOptionHandler;

/**
 * {@code salesforce-register}: registers an org in the system credentials, or a folder's with {@code --folder}. The
 * secret is read from stdin, never from an argument, which would show in process lists and shell history: the SFDX
 * auth URL (or what {@code sf org auth show-sfdx-auth-url --json} prints), with {@code --type jwt} the PEM private key,
 * with {@code --type client-credentials} the consumer secret; or a JSON object of the REST body's secret fields, for
 * an encrypted key and its passphrase. Validated with Salesforce first; the same username in that store updates the
 * registered org. Needs Credentials/Create and Credentials/Update (on the folder).
 */
@Extension
@Restricted(NoExternalUse.class)
public class RegisterOrgCommand extends SalesforceCommand {
    /** stdin larger than this is refused: no auth URL, key or sf's JSON around one is that long. */
    static final int MAX_STDIN = 64 * 1024;

    @Option(
            name = "--type",
            metaVar = "TYPE",
            usage = "auth-url (default), jwt or client-credentials: what the secret on stdin is")
    public String type;

    @Option(name = "--client-id", usage = "JWT and client credentials: the app's consumer key")
    public String clientId;

    @Option(
            name = "--login-url",
            usage = "JWT: https://login.salesforce.com, https://test.salesforce.com or the My Domain URL")
    public String loginUrl;

    @Option(name = "--audience", usage = "JWT: the aud to sign with, when the org needs its own (optional)")
    public String audience;

    @Option(name = "--my-domain-url", usage = "Client credentials: the org's My Domain URL")
    public String myDomainUrl;

    @Option(name = "--id", usage = "Credentials id for a new org (default: generated)")
    public String id;

    @Option(
            name = "--username",
            usage = "JWT: the user to sign in as; otherwise: fail unless the org signs in as this user")
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
        return "Registers a Salesforce org from a secret read from stdin: an SFDX auth URL, or with --type a JWT key or"
                + " a client secret (validated with Salesforce first).";
    }

    @Override
    protected int execute() throws Exception {
        Orgs orgs = orgs();
        orgs.checkRegister();
        byte[] in = stdin.readNBytes(MAX_STDIN + 1);
        if (in.length > MAX_STDIN) {
            throw SalesforceAuthException.of(Reason.BAD_INPUT, "stdin is larger than a secret can be.", null);
        }
        RegistrationRequest request = new RegistrationRequest(
                id,
                SecretInput.ofType(type)
                        .clientId(clientId)
                        .loginUrl(loginUrl)
                        .audience(audience)
                        .myDomainUrl(myDomainUrl)
                        .secretText(new String(in, StandardCharsets.UTF_8))
                        .toSecret(),
                username,
                devHub,
                defaultDevHub,
                allowAuthUrlExport,
                OrgMetadata.given(metadata, "metadata"),
                description);
        print(orgs.run(o -> o.register(request)).toMap());
        return 0;
    }
}
