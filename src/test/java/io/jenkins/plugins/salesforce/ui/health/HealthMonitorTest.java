package io.jenkins.plugins.salesforce.ui.health;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import io.jenkins.plugins.salesforce.emulator.User;
import io.jenkins.plugins.salesforce.ui.Emulated;
import java.time.Duration;
import java.time.Instant;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The health check tests every org once per interval, a few per run, and the administrative monitor names an org
 * whose refresh token was revoked, with the core's message and fix; outages are not reported as broken orgs.
 */
@WithJenkins
class HealthMonitorTest {
    private static final String MAX = OrgHealth.class.getName() + ".maxPerRun";
    private JenkinsRule j;
    private Emulated sf;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        sf = new Emulated(j);
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(60); // these tests run the check themselves
        register("prod", sf.admin);
        register("dev", sf.devUser);
        sf.emulator.requests().reset();
    }

    @AfterEach
    void tearDown() {
        System.clearProperty(MAX);
        sf.close();
    }

    @SuppressWarnings("try")
    private void register(String id, User user) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            CredentialsOrgStore.tokens(SalesforceService.storeOf(Jenkins.get()))
                    .register(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.authUrl(user))))
                            .withId(id));
        }
    }

    private static OrgHealthMonitor monitor() {
        return (OrgHealthMonitor) jenkins.model.Jenkins.get().getAdministrativeMonitor("salesforce-org-health");
    }

    @Test
    void aRevokedOrgIsNamedByTheMonitorWithTheFix() throws Exception {
        Instant t0 = Instant.now();
        OrgHealth check = OrgHealth.get();
        assertThat(check.runOnce(t0), is(2));
        assertThat(monitor().isActivated(), is(false));
        assertThat(sf.get(null, "").status(), is(200)); // security is off: the page shows the status
        assertThat(sf.get(null, "org?org=prod").json().get("status").get("ok").asBoolean(), is(true));

        sf.emulator.refreshTokens().stream().filter(t -> t.user() == sf.admin).forEach(RefreshToken::revoke);
        assertThat("not due yet", check.runOnce(t0.plusSeconds(60)), is(0));
        assertThat(check.runOnce(t0.plus(Duration.ofMinutes(61))), is(2));

        assertThat(monitor().isActivated(), is(true));
        assertThat(monitor().getFailing().stream().map(OrgHealth.Entry::id).toList(), contains("prod"));
        String summary = monitor().getFailing().get(0).last().summary();
        assertThat(summary, containsString("INVALID_GRANT"));
        assertThat(summary, containsString("Fix:"));
        String page = j.createWebClient().goTo("manage").getWebResponse().getContentAsString();
        assertThat(page, containsString("salesforce-orgs/entry/prod/"));

        // Fixed: the org is registered again with a new auth URL; the next check clears the monitor.
        register("prod", sf.admin);
        assertThat(check.runOnce(t0.plus(Duration.ofMinutes(122))), is(2));
        assertThat(monitor().isActivated(), is(false));
    }

    @Test
    void aJitSandboxIsCheckedThroughItsProductionOrgWithoutLoggingInToIt() {
        io.jenkins.plugins.salesforce.emulator.Sandbox uat = sf.acme.sandbox("uat");
        uat.userFor(sf.admin).preAuthorize(sf.app);
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            CredentialsOrgStore.tokens(SalesforceService.storeOf(Jenkins.get()))
                    .registry()
                    .registerJitSandbox(io.jenkins.plugins.salesforce.core.orgs.JitSandboxRequest.of("uat", "prod")
                            .withId("uat"));
        }
        sf.emulator.requests().reset();
        Instant t0 = Instant.now();
        for (int hour = 0; hour < 3; hour++) {
            OrgHealth.get().runOnce(t0.plus(Duration.ofMinutes(61L * hour)));
        }
        assertThat(
                OrgHealth.get()
                        .lastOf(SalesforceService.storeOf(Jenkins.get()), "uat")
                        .ok(),
                is(true));
        assertThat(
                "no code exchange, no approval",
                sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE),
                is(0));
        assertThat(sf.emulator.requests().count(Endpoint.SANDBOX_AUTH), is(0));

        uat.delete();
        OrgHealth.get().runOnce(t0.plus(Duration.ofMinutes(61L * 3)));
        assertThat(
                OrgHealth.get()
                        .lastOf(SalesforceService.storeOf(Jenkins.get()), "uat")
                        .ok(),
                is(false));
        assertThat(monitor().getFailing().stream().map(OrgHealth.Entry::id).toList(), contains("uat"));
    }

    @Test
    void atMostMaxPerRunOrgsAreTestedPerRunLongestUntestedFirst() {
        System.setProperty(MAX, "1");
        Instant t0 = Instant.now();
        OrgHealth check = OrgHealth.get();
        assertThat(check.runOnce(t0), is(1));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
        assertThat(check.runOnce(t0.plusSeconds(60)), is(1));
        assertThat(check.runOnce(t0.plusSeconds(120)), is(0));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(2));
    }

    @Test
    void anOutageIsNotABrokenOrgAndIntervalZeroTurnsTheCheckOff() {
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0);
        assertThat(OrgHealth.get().runOnce(Instant.now()), is(0));
        assertThat(sf.calls(), is(0));
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(60);
        sf.emulator.close(); // unreachable
        assertThat(OrgHealth.get().runOnce(Instant.now()), is(2));
        assertThat(monitor().isActivated(), is(false));
    }

    @Test
    void eachTestIsOnDiskAtOnce() throws Exception {
        java.nio.file.Path file = OrgHealth.get().getConfigFile().getFile().toPath();
        assertThat(java.nio.file.Files.exists(file), is(false));
        assertThat(sf.post(null, "testConnection", "{\"org\":\"prod\"}").status(), is(200));
        String saved = java.nio.file.Files.readString(file);
        assertThat(saved, containsString("<id>prod</id>"));
        assertThat(saved, containsString("<ok>true</ok>"));
    }

    @Test
    void aStatusDatedFarInTheFutureDoesNotPostponeTheNextTestForEver() {
        Instant now = Instant.now();
        for (String id : new String[] {"prod", "dev"}) {
            // As a controller whose clock was a year ahead would have left it in the status file.
            OrgHealth.get()
                    .record(
                            SalesforceService.storeOf(Jenkins.get()),
                            id,
                            new io.jenkins.plugins.salesforce.core.ConnectionTest(
                                    id,
                                    true,
                                    now.plus(Duration.ofDays(365)),
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null));
        }
        assertThat(OrgHealth.get().runOnce(now), is(2));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(2));
    }
}
