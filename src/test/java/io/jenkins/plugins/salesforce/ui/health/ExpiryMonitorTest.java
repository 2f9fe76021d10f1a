package io.jenkins.plugins.salesforce.ui.health;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.oauth.TestKeys;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
import io.jenkins.plugins.salesforce.credentials.SalesforceJwtCredentialsImpl;
import io.jenkins.plugins.salesforce.ui.Emulated;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The administrative monitor names an org whose credential expires within {@code expiryWarningDays}, before it
 * expires: an auth URL whose refresh token policy ends it, a JWT credential whose certificate ends. Orgs registered
 * "long ago" are made by setting the credential's recorded date.
 */
@WithJenkins
class ExpiryMonitorTest {
    private JenkinsRule j;
    private Emulated sf;

    @BeforeEach
    @SuppressWarnings("try")
    void setUp(JenkinsRule j) {
        this.j = j;
        sf = new Emulated(j);
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            CredentialsOrgStore.tokens(SalesforceService.storeOf(Jenkins.get()))
                    .register(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.authUrl(sf.admin))))
                            .withId("prod"));
        }
        ExpiryWarnings.refresh();
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private static OrgHealthMonitor monitor() {
        ExpiryWarnings.refresh(); // the monitor's list is otherwise up to a minute old
        return (OrgHealthMonitor) Jenkins.get().getAdministrativeMonitor("salesforce-org-health");
    }

    private static SalesforceAuthUrlCredentialsImpl prod() {
        return SalesforceService.storeOf(Jenkins.get()).getCredentials(Domain.global()).stream()
                .filter(c -> c instanceof SalesforceAuthUrlCredentialsImpl a
                        && a.getId().equals("prod"))
                .map(SalesforceAuthUrlCredentialsImpl.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private static String daysAgo(int days) {
        return Instant.now().minus(Duration.ofDays(days)).toString();
    }

    @Test
    void aRegisteredOrgWithoutAPolicyIsNotNamed() {
        assertThat(prod().getRegisteredAt(), is(not((String) null))); // recorded by the registration
        assertThat(monitor().isActivated(), is(false));
    }

    @Test
    void anAuthUrlIsNamedWithinTheWarningDaysBeforeItsRefreshTokenExpires() throws Exception {
        SalesforceAuthUrlCredentialsImpl prod = prod();
        prod.setExpireAfterDays(90);
        prod.setRegisteredAt(daysAgo(60)); // expires in 30 days: not yet within 14
        assertThat(monitor().isActivated(), is(false));

        prod.setRegisteredAt(daysAgo(80)); // expires in 10 days
        assertThat(monitor().isActivated(), is(true));
        assertThat(
                monitor().getExpiring().stream().map(ExpiryWarnings.Warning::id).toList(), contains("prod"));
        String warning = monitor().getExpiring().get(0).message();
        assertThat(warning, containsString("The refresh token of org 'prod' (admin@acme.com) expires on"));
        assertThat(warning, containsString("90 days after it was issued"));
        assertThat(warning, containsString("Fix: Log in to the org again"));
        String page = j.createWebClient().goTo("manage").getWebResponse().getContentAsString();
        assertThat(page, containsString("The refresh token of org"));
        assertThat(page, containsString("salesforce-orgs/entry/prod/"));

        SalesforceConfiguration.get().setExpiryWarningDays(5);
        assertThat("10 days left, 5 days' warning", monitor().isActivated(), is(false));
    }

    @Test
    void anIdleRefreshTokenIsNamedFromItsLastUse() {
        SalesforceAuthUrlCredentialsImpl prod = prod();
        prod.setExpireAfterIdleDays(30);
        prod.setRegisteredAt(daysAgo(25)); // and no token since: idle for 25 days
        assertThat(monitor().isActivated(), is(true));
        assertThat(monitor().getExpiring().get(0).message(), containsString("after 30 days without use"));

        CredentialsOrgStore.tokens(SalesforceService.storeOf(Jenkins.get())).testConnection("prod"); // used now
        assertThat(monitor().isActivated(), is(false));
    }

    @Test
    void aJwtCredentialIsNamedBeforeItsCertificateEnds() throws Exception {
        SalesforceJwtCredentialsImpl jwt = new SalesforceJwtCredentialsImpl(
                CredentialsScope.GLOBAL,
                "ci-jwt",
                null,
                "3MVG9FAKEjenkins.ui",
                Secret.fromString(TestKeys.pkcs8(TestKeys.rsa().getPrivate())),
                "ci@acme.com");
        Instant end = Instant.now().plus(Duration.ofDays(7));
        jwt.setCertificate(TestKeys.certificate(TestKeys.rsa(), Date.from(end)));
        SalesforceService.storeOf(Jenkins.get()).addCredentials(Domain.global(), jwt);

        assertThat(
                monitor().getExpiring().stream().map(ExpiryWarnings.Warning::id).toList(), contains("ci-jwt"));
        String warning = monitor().getExpiring().get(0).message();
        assertThat(warning, containsString("The certificate of org 'ci-jwt' (ci@acme.com) expires on"));
        assertThat(warning, containsString("Fix: Create a new key and certificate"));
    }

    @Test
    void theOrgPageShowsTheDatesAndTheExpiry() throws Exception {
        SalesforceAuthUrlCredentialsImpl prod = prod();
        prod.setExpireAfterDays(90);
        prod.setRegisteredAt("2026-01-01");

        String page = j.createWebClient()
                .goTo("salesforce-orgs/entry/prod/")
                .getWebResponse()
                .getContentAsString();

        assertThat(page, containsString("2026-01-01T00:00:00Z"));
        assertThat(page, containsString("(admin@acme.com) expired on 2026-04-01 00:00 UTC"));
    }
}
