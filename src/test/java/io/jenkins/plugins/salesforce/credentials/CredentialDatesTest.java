package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.systemStore;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import hudson.security.ACL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The dates a credential's expiry is counted from: registered when the plugin stores a new secret, rotated when it
 * stores a refresh token Salesforce rotated, both kept when only choices change; the last grant is kept apart
 * ({@link LastGrants}), so that tokens never rewrite {@code credentials.xml}.
 */
@WithJenkins
class CredentialDatesTest {
    private static final String LONG_AGO = "2025-01-01T00:00:00Z";
    private JenkinsRule j;
    private EmulatedSalesforce sf;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        sf = new EmulatedSalesforce();
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    @Test
    void aSavedFormRecordsWhenItsSecretWasRegisteredAndKeepsItsPolicy() throws Exception {
        Instant before = Instant.now();
        SalesforceAuthUrlCredentialsImpl submitted = authUrlCredential("prod", sf.authUrl(sf.admin));
        submitted.setExpireAfterDays(90);
        submitted.setExpireAfterIdleDays(30);

        SalesforceAuthUrlCredentialsImpl saved =
                (SalesforceAuthUrlCredentialsImpl) SaveValidation.validate(systemStore(), null, submitted);

        assertThat(Instant.parse(saved.getRegisteredAt()), greaterThanOrEqualTo(before));
        assertThat(saved.getLastRotatedAt(), is(nullValue()));
        assertThat(saved.getExpireAfterDays(), is(90));
        assertThat(saved.getExpireAfterIdleDays(), is(30));
    }

    @Test
    void changingOnlyChoicesKeepsTheRegistrationDate() throws Exception {
        String url = sf.authUrl(sf.admin);
        SalesforceAuthUrlCredentialsImpl existing = authUrlCredential("prod", url);
        existing.setRegisteredAt(LONG_AGO);
        addSystem(existing);
        SalesforceAuthUrlCredentialsImpl submitted = authUrlCredential("prod", url); // the form has no dates
        submitted.setMetadata("team=ops");

        AbstractOrgCredentials saved = SaveValidation.validate(systemStore(), existing, submitted);

        assertThat(((AbstractSecretOrgCredentials) saved).getRegisteredAt(), is(LONG_AGO));
    }

    @Test
    void aNewAuthUrlIsANewRegistration() throws Exception {
        SalesforceAuthUrlCredentialsImpl existing = authUrlCredential("prod", sf.authUrl(sf.admin));
        existing.setRegisteredAt(LONG_AGO);
        addSystem(existing);
        Instant before = Instant.now();

        AbstractOrgCredentials saved =
                SaveValidation.validate(systemStore(), existing, authUrlCredential("prod", sf.authUrl(sf.admin)));

        assertThat(
                Instant.parse(((AbstractSecretOrgCredentials) saved).getRegisteredAt()), greaterThanOrEqualTo(before));
    }

    @Test
    void aRotatedRefreshTokenIsDatedAsARotationAndThePolicyStays() throws Exception {
        sf.app.rotateRefreshTokens(true);
        SalesforceAuthUrlCredentialsImpl existing = authUrlCredential("prod", sf.authUrl(sf.admin));
        existing.setRegisteredAt(LONG_AGO);
        existing.setExpireAfterDays(90);
        addSystem(existing);
        Instant before = Instant.now();

        OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).token("prod"); // as a build gets it

        SalesforceAuthUrlCredentialsImpl stored = find(SalesforceAuthUrlCredentialsImpl.class, "prod");
        assertThat(
                stored.getSfdxAuthUrl().getPlainText(),
                is(not(existing.getSfdxAuthUrl().getPlainText())));
        assertThat(stored.getRegisteredAt(), is(LONG_AGO));
        assertThat(Instant.parse(stored.getLastRotatedAt()), greaterThanOrEqualTo(before));
        assertThat(stored.getExpireAfterDays(), is(90));
    }

    @Test
    void theLastGrantIsRecordedWithoutRewritingTheCredentials() throws Exception {
        SalesforceAuthUrlCredentialsImpl existing = authUrlCredential("prod", sf.authUrl(sf.admin));
        existing.setUsername("admin@acme.com");
        existing.setOrgId(sf.acme.id());
        existing.setOrgType("Production");
        existing.setInstanceUrl(sf.acme.instanceUrl());
        addSystem(existing); // complete: no discovery will be written
        Path credentialsXml = j.jenkins.getRootDir().toPath().resolve("credentials.xml");
        String credentialsBefore = Files.readString(credentialsXml);
        CredentialsOrgStore store = new CredentialsOrgStore(systemStore());
        assertThat(store.lastGrantedAt("prod"), is(nullValue()));

        CredentialsOrgStore.tokens(systemStore()).testConnection("prod"); // a fresh grant each
        Instant first = store.lastGrantedAt("prod");
        Path grantsFile = LastGrants.get().getConfigFile().getFile().toPath();
        String grantsBefore = Files.readString(grantsFile);
        CredentialsOrgStore.tokens(systemStore()).testConnection("prod");
        CredentialsOrgStore.tokens(systemStore()).testConnection("prod");

        assertThat(first, is(notNullValue()));
        assertThat("no write of the credentials", Files.readString(credentialsXml), is(credentialsBefore));
        assertThat("at most one write an hour", Files.readString(grantsFile), is(grantsBefore));
        assertThat(store.lastGrantedAt("prod"), is(first));

        LastGrants.get().granted(store.tokenCacheKey("prod"), first.plus(Duration.ofMinutes(61)));
        assertThat(store.lastGrantedAt("prod"), is(first.plus(Duration.ofMinutes(61))));
        assertThat(Files.readString(credentialsXml), is(credentialsBefore));
    }
}
