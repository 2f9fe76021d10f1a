package io.jenkins.plugins.salesforce.ui.health;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
import io.jenkins.plugins.salesforce.emulator.AccessToken;
import io.jenkins.plugins.salesforce.emulator.ConnectedApp;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.MutableClock;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import io.jenkins.plugins.salesforce.emulator.SalesforceEmulator;
import io.jenkins.plugins.salesforce.emulator.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * The health status survives a restart: the administrative monitor still names an org that no longer authenticates,
 * the Salesforce Orgs page shows each org's last test, and the health check does not test again at boot what it
 * tested recently. The file holds no secret, a corrupt file is ignored, and the status of a removed credential goes.
 */
class HealthRestartTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private final SalesforceEmulator emulator =
            SalesforceEmulator.builder().clock(MutableClock.ticking()).start();
    private final ConnectedApp app = emulator.connectedApp("3MVG9FAKEjenkins.health")
            .secret("FAKESECRET123")
            .callbackUrls(ConnectedApp.PLATFORM_CLI_CALLBACK);
    private final Org acme = emulator.productionOrg("acme").devHub(true);
    private final User admin = acme.user("admin@acme.com").preAuthorize(app);
    private final User devUser =
            emulator.developerEdition("devorg").user("dev@acme.com").preAuthorize(app);

    @AfterEach
    void stop() {
        emulator.close();
    }

    @SuppressWarnings("try")
    private void register(String id, User user) {
        SalesforceConfiguration.get().setAllowedHosts("http://127.0.0.1");
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            CredentialsOrgStore.tokens(SalesforceService.storeOf(Jenkins.get()))
                    .register(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(emulator.authUrlFor(user, app))))
                            .withId(id));
        }
    }

    private static OrgHealthMonitor monitor() {
        return (OrgHealthMonitor) Jenkins.get().getAdministrativeMonitor("salesforce-org-health");
    }

    private static Path statusFile(JenkinsRule j) {
        return j.jenkins.getRootDir().toPath().resolve("io.jenkins.plugins.salesforce.ui.health.OrgHealth.xml");
    }

    private static String get(JenkinsRule j, String path) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient();
        wc.getOptions().setJavaScriptEnabled(false);
        return wc.goTo(path, null).getWebResponse().getContentAsString();
    }

    /** Every secret this test's orgs ever had: auth URLs, refresh and access tokens, the connected app's secret. */
    private List<String> secrets() {
        List<String> all = new ArrayList<>();
        all.add("FAKESECRET123");
        for (RefreshToken t : emulator.refreshTokens()) {
            all.add(t.value());
        }
        for (AccessToken t : emulator.accessTokens()) {
            all.add(t.value());
        }
        for (SalesforceOrgCredentials c :
                SalesforceService.storeOf(Jenkins.get()).getCredentials(Domain.global()).stream()
                        .filter(SalesforceOrgCredentials.class::isInstance)
                        .map(SalesforceOrgCredentials.class::cast)
                        .toList()) {
            all.add(((SalesforceAuthUrlCredentialsImpl) c).getSfdxAuthUrl().getPlainText());
        }
        return all;
    }

    @Test
    void aFailingOrgIsStillNamedAfterARestartWithTheLastStatusOnThePageAndNoSecretInTheFile() throws Throwable {
        Instant[] testedAt = new Instant[1];
        List<String> secrets = new ArrayList<>();
        sessions.then(j -> {
            register("prod", admin);
            register("dev", devUser);
            emulator.refreshTokens().stream().filter(t -> t.user() == admin).forEach(RefreshToken::revoke);
            testedAt[0] = Instant.now();
            // Two hours ahead: due whether or not the periodic run came first.
            assertThat(OrgHealth.get().runOnce(testedAt[0].plus(Duration.ofHours(2))), is(2));
            assertThat(monitor().isActivated(), is(true));
            secrets.addAll(secrets());
        });
        sessions.then(j -> {
            // Nothing has run yet in this Jenkins: what follows comes from the file.
            assertThat(monitor().isActivated(), is(true));
            assertThat(monitor().getFailing().stream().map(OrgHealth.Entry::id).toList(), contains("prod"));
            assertThat(monitor().getFailing().get(0).last().summary(), containsString("INVALID_GRANT"));
            assertThat(get(j, "manage"), containsString("salesforce-orgs/entry/prod/"));
            String page = get(j, "salesforce-orgs/");
            assertThat(page, containsString("FAILED (INVALID_GRANT)"));
            assertThat(page, containsString("OK: connected to org"));
            var dev = io.jenkins.plugins.salesforce.core.http.Json.parse(get(j, "salesforce-orgs/org?org=dev"))
                    .orElseThrow();
            assertThat(dev.get("status").get("ok").asBoolean(), is(true));

            // Tested a moment ago, before the restart: not due again, whatever the boot.
            int tokenRequests = emulator.requests().count(Endpoint.TOKEN);
            assertThat(OrgHealth.get().runOnce(Instant.now()), is(0));
            assertThat(emulator.requests().count(Endpoint.TOKEN), is(tokenRequests));
            assertThat(OrgHealth.get().runOnce(Instant.now().plus(Duration.ofMinutes(61))), is(2));

            String file = Files.readString(statusFile(j), StandardCharsets.UTF_8);
            assertThat(file, containsString("INVALID_GRANT"));
            secrets.addAll(secrets());
            assertThat(secrets.size() > 4, is(true));
            for (String secret : secrets) {
                assertThat("the status file holds no secret", file.contains(secret), is(false));
            }
            assertThat(file, not(containsString("force://")));
        });
    }

    @Test
    void aCorruptStatusFileIsLoggedAndIgnoredAndReplacedByTheNextSave() throws Throwable {
        sessions.then(j -> {
            // The periodic check off, so that it neither tests (and saves over the file) nor fills the status first.
            SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0);
            register("prod", admin);
            Files.writeString(statusFile(j), "<salesforce-org-health><orgs><org><key>trunc", StandardCharsets.UTF_8);
        });
        // Recorded from before the start: the first periodic run may read the file before the test does.
        try (LogRecorder log =
                new LogRecorder().record(OrgHealth.class, Level.WARNING).capture(10)) {
            sessions.then(j -> {
                assertThat(monitor().isActivated(), is(false));
                assertThat(
                        log.getMessages().toString(),
                        log.getMessages().stream()
                                .anyMatch(m -> m.contains("cannot be read") && m.contains("OrgHealth.xml")),
                        is(true));
                assertThat(get(j, "salesforce-orgs/"), containsString("not tested yet"));
                SalesforceConfiguration.get().setHealthCheckIntervalMinutes(60);
                assertThat(OrgHealth.get().runOnce(Instant.now().plus(Duration.ofHours(2))), is(1));
                assertThat(Files.readString(statusFile(j)), containsString("<id>prod</id>"));
            });
        }
    }

    @Test
    void theStatusOfACredentialRemovedBehindThePluginsBackIsDroppedAfterARestartEvenWithTheCheckOff() throws Throwable {
        sessions.then(j -> {
            register("prod", admin);
            emulator.refreshTokens().forEach(RefreshToken::revoke);
            assertThat(OrgHealth.get().runOnce(Instant.now().plus(Duration.ofHours(2))), is(1));
            assertThat(monitor().isActivated(), is(true));
            assertThat(Files.readString(statusFile(j)), containsString("<id>prod</id>"));
            // Removed through the credential store (the credentials page, JCasC, a script), not the plugin's actions.
            SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0);
            SalesforceService.storeOf(Jenkins.get())
                    .removeCredentials(
                            Domain.global(),
                            SalesforceService.storeOf(Jenkins.get())
                                    .getCredentials(Domain.global())
                                    .get(0));
        });
        sessions.then(j -> {
            assertThat(OrgHealth.get().runOnce(Instant.now()), is(0));
            assertThat(monitor().isActivated(), is(false));
            assertThat(Files.readString(statusFile(j)), not(containsString("<id>prod</id>")));
        });
    }
}
