package io.jenkins.plugins.salesforce.docs;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
import io.jenkins.plugins.salesforce.credentials.SalesforceClientCredentialsImpl;
import io.jenkins.plugins.salesforce.credentials.SalesforceJitSandboxCredentialsImpl;
import io.jenkins.plugins.salesforce.emulator.AccessToken;
import io.jenkins.plugins.salesforce.emulator.ConnectedApp;
import io.jenkins.plugins.salesforce.emulator.MutableClock;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.SalesforceEmulator;
import io.jenkins.plugins.salesforce.emulator.User;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * The orgs the docs' examples name, in the Salesforce emulator and in Jenkins' system credentials, so that an example
 * runs as written. In the emulator: production org and Dev Hub {@code acme} with {@code admin@acme.com}, its sandboxes
 * {@code uat} and {@code hotfix}, the scratch org {@code test-abc@example.com} on acme, and a second Dev Hub for a
 * team ({@code hub@team.example.com}). In Jenkins, as the docs register them: {@code prod} (the auth URL of
 * admin@acme.com, a Dev Hub, metadata {@code team=core,env=prod}) and {@code uat} (a JIT sandbox of prod), and for
 * a block that names it {@code integration} (client credentials, running as {@code integration@acme.com}). The
 * emulator's loopback hosts are allowed, as an administrator would allow them for the demo; the periodic health check
 * is off.
 */
final class DocOrgs implements AutoCloseable {
    final SalesforceEmulator emulator;
    final ConnectedApp app;
    final Org acme;
    final User admin;
    final User teamHub;

    DocOrgs() {
        this(false);
    }

    /**
     * With {@code https}, the emulator serves HTTPS (as Salesforce does, which the sf CLI needs) with a CA of its own,
     * which the caller must make the JVM trust ({@link SalesforceEmulator#tls()}) before the plugin first calls out.
     */
    DocOrgs(boolean https) {
        SalesforceEmulator.Builder builder = SalesforceEmulator.builder().clock(MutableClock.ticking());
        emulator = (https ? builder.https() : builder).start();
        app = emulator.connectedApp("3MVG9FAKEdocs.x1")
                .secret("FAKESECRET123")
                .callbackUrls(ConnectedApp.PLATFORM_CLI_CALLBACK); // sandboxAuth's code exchange
        acme = emulator.productionOrg("acme").devHub(true);
        admin = acme.user("admin@acme.com").preAuthorize(app);
        for (String sandbox : List.of("uat", "hotfix")) {
            acme.sandbox(sandbox).userFor(admin).preAuthorize(app);
        }
        acme.scratchOrg("test-abc@example.com").withSfdxAuthUrl(app);
        teamHub = emulator.productionOrg("teamhub")
                .devHub(true)
                .user("hub@team.example.com")
                .preAuthorize(app);
        SalesforceConfiguration.get().setAllowedHosts(https ? "https://127.0.0.1" : "http://127.0.0.1");
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0);
    }

    String authUrl(User user) {
        return emulator.authUrlFor(user, app);
    }

    /**
     * Registers {@code prod}, with the username, org id, org type and instance URL that saving it on the form (or the
     * first token) fills in; the system's default Dev Hub when {@code defaultDevHub}.
     */
    void registerProd(boolean defaultDevHub) throws IOException {
        SalesforceAuthUrlCredentialsImpl prod = new SalesforceAuthUrlCredentialsImpl(
                CredentialsScope.GLOBAL, "prod", null, Secret.fromString(authUrl(admin)));
        prod.setUsername(admin.username());
        prod.setOrgId(acme.id());
        prod.setOrgType("Production");
        prod.setInstanceUrl(acme.instanceUrl());
        prod.setDevHub(true);
        prod.setMetadata("team=core,env=prod");
        add(prod);
        if (defaultDevHub) {
            SalesforceConfiguration.get().setDefaultDevHub("prod");
        }
    }

    /**
     * Registers {@code integration}, a client credentials org of acme whose app runs as {@code integration@acme.com}
     * (as docs/client-credentials.md sets it up), undiscovered as configuration as code loads it.
     */
    void registerIntegration() throws IOException {
        app.clientCredentialsUser(acme.user("integration@acme.com"));
        add(new SalesforceClientCredentialsImpl(
                CredentialsScope.GLOBAL,
                "integration",
                null,
                app.consumerKey(),
                Secret.fromString("FAKESECRET123"),
                acme.instanceUrl()));
    }

    /** Registers {@code uat}, the JIT sandbox {@code uat} of {@code prod}. */
    void registerUat() throws IOException {
        SalesforceJitSandboxCredentialsImpl uat =
                new SalesforceJitSandboxCredentialsImpl(CredentialsScope.GLOBAL, "uat", null, "uat", "prod");
        uat.setMetadata("env=uat");
        add(uat);
    }

    private static void add(StandardCredentials c) throws IOException {
        CredentialsProvider.lookupStores(Jenkins.get()).iterator().next().addCredentials(Domain.global(), c);
    }

    /** Every access token the emulator issued: none may appear in a build's log. */
    List<String> issuedTokens() {
        List<String> all = new ArrayList<>();
        for (AccessToken t : emulator.accessTokens()) {
            all.add(t.value());
        }
        return all;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
