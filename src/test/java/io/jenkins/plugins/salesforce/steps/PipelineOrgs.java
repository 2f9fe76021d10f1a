package io.jenkins.plugins.salesforce.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
import io.jenkins.plugins.salesforce.emulator.AccessToken;
import io.jenkins.plugins.salesforce.emulator.ConnectedApp;
import io.jenkins.plugins.salesforce.emulator.MutableClock;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.SalesforceEmulator;
import io.jenkins.plugins.salesforce.emulator.Sandbox;
import io.jenkins.plugins.salesforce.emulator.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jenkins.model.Jenkins;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The Salesforce emulator seeded for the pipeline tests: production org and Dev Hub {@code acme} ({@code
 * admin@acme.com}) with sandbox {@code uat} ({@code admin@acme.com.uat}) and a scratch org whose ScratchOrgInfo
 * holds an auth URL, one connected app with the sf CLI's callback URL. {@link #allowEmulator()} lets the plugin talk
 * to the emulator's loopback hosts, as an administrator would for the demo.
 */
final class PipelineOrgs implements AutoCloseable {
    static final String SCRATCH = "test-scratch@example.com";

    final SalesforceEmulator emulator =
            SalesforceEmulator.builder().clock(MutableClock.ticking()).start();
    final ConnectedApp app;
    final Org acme;
    final User admin;
    final Sandbox uat;
    final User uatAdmin;

    PipelineOrgs() {
        app = emulator.connectedApp("3MVG9FAKEpipeline.x1")
                .secret("FAKESECRET123")
                .callbackUrls(ConnectedApp.PLATFORM_CLI_CALLBACK);
        acme = emulator.productionOrg("acme").devHub(true);
        admin = acme.user("admin@acme.com").preAuthorize(app);
        uat = acme.sandbox("uat");
        uatAdmin = uat.userFor(admin).preAuthorize(app);
        acme.scratchOrg(SCRATCH).withSfdxAuthUrl(app);
    }

    static void allowEmulator() {
        SalesforceConfiguration.get().setAllowedHosts("http://127.0.0.1");
        // The periodic health check tests every new org at a random moment within a minute of startup, which would
        // discover the orgs' usernames (and mint tokens) behind the tests' backs: off, as in the other test fixtures.
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0);
    }

    String authUrl(User user) {
        return emulator.authUrlFor(user, app);
    }

    static CredentialsStore systemStore() {
        return CredentialsProvider.lookupStores(Jenkins.get()).iterator().next();
    }

    static void add(StandardCredentials c) throws IOException {
        systemStore().addCredentials(Domain.global(), c);
    }

    /** {@code prod}: the production org, also the system store's default Dev Hub. */
    SalesforceAuthUrlCredentialsImpl prod() {
        SalesforceAuthUrlCredentialsImpl c = new SalesforceAuthUrlCredentialsImpl(
                CredentialsScope.GLOBAL, "prod", null, Secret.fromString(authUrl(admin)));
        c.setDevHub(true);
        io.jenkins.plugins.salesforce.credentials.DevHubSettings.setSystemDefault("prod");
        return c;
    }

    /** Every access token the emulator ever issued: none may appear in a log or a build file. */
    List<String> issuedTokens() {
        List<String> all = new ArrayList<>();
        for (AccessToken t : emulator.accessTokens()) {
            all.add(t.value());
        }
        return all;
    }

    /** No access token the emulator issued is in the build's log or in any file of the build. */
    void assertNoIssuedTokenIn(JenkinsRule j, Run<?, ?> b) throws Exception {
        for (String token : issuedTokens()) {
            j.assertLogNotContains(token, b);
            assertThat(filesContaining(b.getRootDir().toPath(), token), is(empty()));
        }
    }

    /** The files under {@code dir} (build.xml, program.dat, log, flow nodes) that contain {@code secret}. */
    static List<Path> filesContaining(Path dir, String secret) throws IOException {
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                if (new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret)) {
                    hits.add(f);
                }
            }
        }
        return hits;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
