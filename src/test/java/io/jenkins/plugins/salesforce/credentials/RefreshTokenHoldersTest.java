package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.systemStore;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * One refresh token is registered once in the whole Jenkins: with rotation, two credentials holding it would revoke
 * each other's tokens. Every way in (the credential form, its Test connection, REST/CLI/step registration) refuses
 * a refresh token another store holds, before anything is sent to Salesforce (so before a grant could rotate it).
 */
@WithJenkins
class RefreshTokenHoldersTest {
    private JenkinsRule j;
    private EmulatedSalesforce sf;
    private Folder team;
    private CredentialsStore teamStore;
    private String rootUrl;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new EmulatedSalesforce();
        rootUrl = sf.authUrl(sf.admin);
        addSystem(authUrlCredential("prod", rootUrl));
        team = j.jenkins.createProject(Folder.class, "team");
        teamStore = SalesforceOrgCredentialsTest.folderStore(team);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ)
                .everywhere()
                .to("lead")
                .grant(
                        Item.READ,
                        Item.CONFIGURE,
                        CredentialsProvider.CREATE,
                        CredentialsProvider.UPDATE,
                        CredentialsProvider.VIEW)
                .onItems(team)
                .to("lead"));
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    @Test
    void theFormRefusesAnotherStoresRefreshTokenOnTheAuthUrlFieldWithoutCallingSalesforce() {
        FormException e = assertThrows(
                FormException.class,
                () -> SaveValidation.validate(teamStore, null, authUrlCredential("team-prod", rootUrl)));
        assertThat(e.getFormField(), is("sfdxAuthUrl"));
        assertThat(e.getMessage(), containsString("already registered, as credential 'prod' of Jenkins"));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(0));
    }

    @Test
    void theSameGrantWrittenWithAnotherClientSecretOrHostIsStillTheSameRefreshToken() {
        String sameToken = rootUrl.replace(":FAKESECRET123:", ":another-secret:");
        assertThat(sameToken, not(rootUrl));
        assertThrows(
                FormException.class,
                () -> SaveValidation.validate(teamStore, null, authUrlCredential("team-prod", sameToken)));
    }

    @Test
    void updatingTheCredentialThatHoldsItIsAllowed() throws Exception {
        SalesforceAuthUrlCredentialsImpl kept = new SalesforceAuthUrlCredentialsImpl(
                com.cloudbees.plugins.credentials.CredentialsScope.GLOBAL,
                "prod",
                "the one",
                hudson.util.Secret.fromString(rootUrl));
        AbstractOrgCredentials saved = SaveValidation.validate(
                systemStore(), EmulatedSalesforce.find(SalesforceAuthUrlCredentialsImpl.class, "prod"), kept);
        assertThat(saved.getDescription(), is("the one"));
    }

    @Test
    void aSecondCredentialInTheSameStoreIsRefusedToo() {
        FormException e = assertThrows(
                FormException.class,
                () -> SaveValidation.validate(systemStore(), null, authUrlCredential("prod-again", rootUrl)));
        assertThat(e.getMessage(), containsString("credential 'prod'"));
    }

    @Test
    void registrationThroughRestCliOrStepIsRefusedInAnotherStoreAndUpdatesInItsOwn() {
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> CredentialsOrgStore.register(teamStore, RegistrationRequest.of(secret(rootUrl))));
        assertThat(e.reason(), is(Reason.NOT_ALLOWED));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(0));

        OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).token("prod"); // its first use discovers its username
        OrgRecord again = CredentialsOrgStore.register(systemStore(), RegistrationRequest.of(secret(rootUrl)));
        assertThat("the same store's registration updates the org of the same user", again.id(), is("prod"));
    }

    @Test
    void aUserWhoCannotSeeTheOtherStoreIsNotToldWhatItHolds() {
        try (ACLContext ignored =
                ACL.as2(hudson.model.User.getById("lead", true).impersonate2())) {
            SalesforceAuthException e = assertThrows(
                    SalesforceAuthException.class,
                    () -> CredentialsOrgStore.register(teamStore, RegistrationRequest.of(secret(rootUrl))));
            assertThat(e.getMessage(), containsString("as a credential in a store you cannot see"));
            assertThat(e.getMessage(), not(containsString("'prod'")));
        }
    }

    @Test
    void testConnectionOfAPastedDuplicateIsRefusedBeforeTheGrant() throws Exception {
        FormValidation v = FormChecks.testAuthUrl(team, rootUrl, "", "team-prod");
        assertThat(v.kind, is(FormValidation.Kind.ERROR));
        assertThat(v.getMessage(), containsString("already registered"));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(0));
    }

    @Test
    void anotherUsersRefreshTokenIsFine() throws Exception {
        teamStore.addCredentials(
                Domain.global(),
                SaveValidation.validate(teamStore, null, authUrlCredential("dev", sf.authUrl(sf.devUser))));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
    }

    private static AuthUrlSecret secret(String url) {
        return new AuthUrlSecret(SecretText.of(url));
    }
}
