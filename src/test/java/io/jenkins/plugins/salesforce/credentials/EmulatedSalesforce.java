package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.emulator.ConnectedApp;
import io.jenkins.plugins.salesforce.emulator.MutableClock;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.SalesforceEmulator;
import io.jenkins.plugins.salesforce.emulator.User;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * A Salesforce emulator seeded for the Jenkins tests, with the emulator's loopback hosts allowed in the global
 * configuration (as an administrator would for the demo) and the health check off: production Dev Hub {@code acme} with
 * {@code admin@acme.com}, Developer Edition {@code dev} with {@code dev@acme.com}, one connected app.
 */
final class EmulatedSalesforce implements AutoCloseable {
    static final String CONSUMER_KEY = "3MVG9FAKEjenkins.x1";

    final SalesforceEmulator emulator =
            SalesforceEmulator.builder().clock(MutableClock.ticking()).start();
    final ConnectedApp app;
    final Org acme;
    final User admin;
    final Org dev;
    final User devUser;
    final io.jenkins.plugins.salesforce.emulator.Sandbox uat;
    final User uatAdmin;

    EmulatedSalesforce() {
        app = emulator.connectedApp(CONSUMER_KEY).secret("FAKESECRET123");
        acme = emulator.productionOrg("acme").devHub(true);
        admin = acme.user("admin@acme.com").preAuthorize(app);
        app.callbackUrls(io.jenkins.plugins.salesforce.core.flows.FlowContext.DEFAULT_CALLBACK_URL);
        uat = acme.sandbox("uat");
        uatAdmin = uat.userFor(admin).preAuthorize(app);
        dev = emulator.developerEdition("devorg").devHub(true);
        devUser = dev.user("dev@acme.com").preAuthorize(app);
        SalesforceConfiguration.get().setAllowedHosts("http://127.0.0.1");
        // The health check tests every org not yet tested at its first run, which comes at a random moment within a
        // minute of startup: off, so that the requests a test counts are the test's own.
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0);
    }

    String authUrl(User user) {
        return emulator.authUrlFor(user, app);
    }

    static CredentialsStore systemStore() {
        return CredentialsProvider.lookupStores(Jenkins.get()).iterator().next();
    }

    static SalesforceAuthUrlCredentialsImpl authUrlCredential(String id, String authUrl) {
        return new SalesforceAuthUrlCredentialsImpl(CredentialsScope.GLOBAL, id, null, Secret.fromString(authUrl));
    }

    static void addSystem(SalesforceOrgCredentials c) throws Exception {
        EmulatedSalesforce.systemStore().addCredentials(Domain.global(), c);
    }

    static <C extends SalesforceOrgCredentials> C find(Class<C> type, String id) {
        List<C> all = CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2, List.of());
        return all.stream().filter(c -> c.getId().equals(id)).findFirst().orElse(null);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
