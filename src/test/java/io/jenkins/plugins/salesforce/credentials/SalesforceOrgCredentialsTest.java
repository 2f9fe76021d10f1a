package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.hudson.plugins.folder.properties.FolderCredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.FreeStyleProject;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class SalesforceOrgCredentialsTest {
    private JenkinsRule j;
    private EmulatedSalesforce sf;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        this.sf = new EmulatedSalesforce();
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    @Test
    void aCredentialFromConfigurationGetsATokenAndIsDiscoveredOnFirstUse() throws Exception {
        addSystem(authUrlCredential("prod", sf.authUrl(sf.admin)));

        TokenResult t = OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).token("prod");

        assertThat(t.username(), is("admin@acme.com"));
        SalesforceAuthUrlCredentialsImpl stored = find(SalesforceAuthUrlCredentialsImpl.class, "prod");
        assertThat(stored.getUsername(), is("admin@acme.com"));
        assertThat(stored.getOrgType(), is(OrgType.PRODUCTION.label()));
        assertThat(stored.getOrgId(), notNullValue());
        assertThat(stored.getInstanceUrl(), notNullValue());
        // The second call is served from the one cache, and the username now resolves too.
        OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).token("ADMIN@acme.com");
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
    }

    @Test
    void credentialsXmlHoldsNoSecretInClear() throws Exception {
        String authUrl = sf.authUrl(sf.admin);
        String refreshToken =
                authUrl.substring(authUrl.lastIndexOf(':', authUrl.indexOf('@')) + 1, authUrl.indexOf('@'));
        addSystem(authUrlCredential("prod", authUrl));
        SalesforceJwtCredentialsImpl jwt = new SalesforceJwtCredentialsImpl(
                CredentialsScope.GLOBAL, "jwt", null, "client", Secret.fromString("PEM-CANARY-123"), "ci@acme.com");
        jwt.setPassphrase(Secret.fromString("PASS-CANARY-456"));
        addSystem(jwt);
        OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).token("prod");

        String xml = Files.readString(j.jenkins.getRootDir().toPath().resolve("credentials.xml"));
        assertThat(xml, containsString("<id>prod</id>"));
        assertThat(xml, not(containsString(refreshToken)));
        assertThat(xml, not(containsString("force://")));
        assertThat(xml, not(containsString("PEM-CANARY-123")));
        assertThat(xml, not(containsString("PASS-CANARY-456")));
        assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "prod").toString(), not(containsString(refreshToken)));
        assertThat(find(SalesforceJwtCredentialsImpl.class, "jwt").toString(), not(containsString("PEM-CANARY")));
    }

    @Test
    void registeringTheSameUsernameTwiceUpdatesAndTheDefaultDevHubMoves() throws Exception {
        CredentialsStore store = EmulatedSalesforce.systemStore();
        CredentialsOrgStore.tokens(store)
                .register(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.authUrl(sf.admin))))
                        .withId("prod")
                        .withDevHub(true)
                        .withDefaultDevHub(true));
        CredentialsOrgStore.tokens(store)
                .register(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.authUrl(sf.admin))))
                        .withId("other-id")
                        .withMetadata(java.util.Map.of("team", "core")));
        List<SalesforceAuthUrlCredentialsImpl> all = CredentialsProvider.lookupCredentialsInItemGroup(
                SalesforceAuthUrlCredentialsImpl.class, j.jenkins, ACL.SYSTEM2, List.of());
        assertThat(all.size(), is(1));
        assertThat(all.get(0).getId(), is("prod"));
        assertThat(all.get(0).getMetadata(), is("team=core"));
        assertThat(DevHubSettings.defaultOf(store), is("prod"));

        CredentialsOrgStore.tokens(store)
                .register(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.authUrl(sf.devUser))))
                        .withId("dev")
                        .withDevHub(true)
                        .withDefaultDevHub(true));
        assertThat(DevHubSettings.defaultOf(store), is("dev"));
        assertThat(
                OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).defaultDevHubToken().username(), is("dev@acme.com"));
    }

    @Test
    void aRefusedRegistrationWritesNothing() throws Exception {
        RefreshToken revoked = sf.emulator.issueRefreshToken(sf.admin, sf.app).revoke();
        CredentialsStore store = EmulatedSalesforce.systemStore();
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> CredentialsOrgStore.tokens(store)
                        .register(RegistrationRequest.of(
                                new AuthUrlSecret(SecretText.of(sf.emulator.authUrl(revoked))))));
        assertThat(e.reason(), is(Reason.INVALID_GRANT));
        assertThat(store.getCredentials(Domain.global()).isEmpty(), is(true));
    }

    @Test
    void theNearestStoresOrgAndDefaultDevHubWinInAFolder() throws Exception {
        SalesforceAuthUrlCredentialsImpl system = authUrlCredential("prod", sf.authUrl(sf.admin));
        system.setDevHub(true);
        addSystem(system);
        DevHubSettings.setSystemDefault("prod");
        Folder folder = j.jenkins.createProject(Folder.class, "team");
        CredentialsStore folderStore = folderStore(folder);
        SalesforceAuthUrlCredentialsImpl local = authUrlCredential("prod", sf.authUrl(sf.devUser));
        local.setDevHub(true);
        folderStore.addCredentials(Domain.global(), local);
        DevHubSettings.setFolderDefault(folder, "prod");
        FreeStyleProject inFolder = folder.createProject(FreeStyleProject.class, "job");
        FreeStyleProject outside = j.createFreeStyleProject("outside");

        assertThat(OrgStoreView.tokens(inFolder, ACL.SYSTEM2).token("prod").username(), is("dev@acme.com"));
        assertThat(OrgStoreView.tokens(outside, ACL.SYSTEM2).token("prod").username(), is("admin@acme.com"));
        assertThat(
                OrgStoreView.tokens(inFolder, ACL.SYSTEM2).defaultDevHubToken().username(), is("dev@acme.com"));
        assertThat(
                OrgStoreView.tokens(outside, ACL.SYSTEM2).defaultDevHubToken().username(), is("admin@acme.com"));
        // Two tokens: the folder's prod and the system's prod never share a cache entry.
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(2));
        List<OrgRecord> seen =
                OrgStoreView.tokens(inFolder, ACL.SYSTEM2).resolver().list(null);
        assertThat(seen.size(), is(1));
        assertThat(new OrgStoreView(inFolder, ACL.SYSTEM2).credentials("prod").orElse(null), is(local));
        assertThat(
                new OrgStoreView(outside, ACL.SYSTEM2)
                        .credentials("prod")
                        .orElse(null)
                        .getUsername(),
                is("admin@acme.com"));
    }

    static CredentialsStore folderStore(Folder folder) {
        for (CredentialsStore s : CredentialsProvider.lookupStores(folder)) {
            if (s.getProvider() instanceof FolderCredentialsProvider && s.getContext() == folder) {
                return s;
            }
        }
        throw new AssertionError("no folder store");
    }

    @Test
    void testConnectionOfAStoredOrgReportsSalesforcesReason() throws Exception {
        RefreshToken revoked = sf.emulator.issueRefreshToken(sf.admin, sf.app);
        addSystem(authUrlCredential("prod", sf.emulator.authUrl(revoked)));
        assertThat(
                OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2)
                        .testConnection("prod")
                        .ok(),
                is(true));
        revoked.revoke();
        ConnectionTest t = OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).testConnection("prod");
        assertThat(t.ok(), is(false));
        assertThat(t.reason(), is(Reason.INVALID_GRANT));
        assertThat(t.summary(), containsString("Fix:"));
    }

    @Test
    void changingTheSettingsRebuildsTheTokenServiceAndDropsItsCache() throws Exception {
        addSystem(authUrlCredential("prod", sf.authUrl(sf.admin)));
        OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).token("prod");
        OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).token("prod");
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
        io.jenkins.plugins.salesforce.SalesforceConfiguration.get().setSessionTimeoutMinutes(30);
        OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).token("prod");
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(2));
        io.jenkins.plugins.salesforce.SalesforceConfiguration.get().setAllowedHosts("");
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).token("prod"));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
    }

    @Test
    void aJitSandboxCredentialMapsToTheCoreAndStoresNoSecret() throws Exception {
        addSystem(authUrlCredential("prod", sf.authUrl(sf.admin)));
        SalesforceJitSandboxCredentialsImpl uat =
                new SalesforceJitSandboxCredentialsImpl(CredentialsScope.GLOBAL, "uat", null, "uat", "prod");
        uat.setMetadata("env=uat");
        addSystem(uat);
        OrgRecord record =
                new OrgStoreView(j.jenkins, ACL.SYSTEM2).findById("uat").orElseThrow();
        assertThat(record.isJitSandbox(), is(true));
        assertThat(record.productionOrgId(), is("prod"));
        assertThat(record.orgType(), is(OrgType.SANDBOX));
        assertThat(
                new OrgStoreView(j.jenkins, ACL.SYSTEM2)
                        .findRegistered("uat")
                        .orElseThrow()
                        .secret(),
                nullValue());
        // By its sandbox name too.
        assertThat(
                OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2)
                        .resolver()
                        .resolve("UAT")
                        .id(),
                is("uat"));
    }

    @Test
    void aRotatedRefreshTokenIsStoredInTheFolderCredentialItCameFrom() throws Exception {
        sf.app.rotateRefreshTokens(true);
        Folder folder = j.jenkins.createProject(Folder.class, "team");
        String first = sf.authUrl(sf.admin);
        folderStore(folder).addCredentials(Domain.global(), authUrlCredential("prod", first));
        FreeStyleProject job = folder.createProject(FreeStyleProject.class, "job");

        OrgStoreView.tokens(job, ACL.SYSTEM2).token("prod");

        SalesforceAuthUrlCredentialsImpl stored = (SalesforceAuthUrlCredentialsImpl)
                new OrgStoreView(job, ACL.SYSTEM2).credentials("prod").orElse(null);
        assertThat(stored.getSfdxAuthUrl().getPlainText(), not(first));
        assertThat(stored.getUsername(), is("admin@acme.com"));
        // The stored successor works: a fresh grant succeeds.
        assertThat(OrgStoreView.tokens(job, ACL.SYSTEM2).testConnection("prod").ok(), is(true));
        assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "prod"), nullValue());
    }

    @Test
    void aStoredJwtCredentialGetsATokenWithTheJwtBearerGrant() throws Exception {
        java.security.KeyPair key = io.jenkins.plugins.salesforce.core.oauth.TestKeys.rsa();
        sf.app.certificate(key.getPublic());
        SalesforceJwtCredentialsImpl jwt = new SalesforceJwtCredentialsImpl(
                CredentialsScope.GLOBAL,
                "ci",
                null,
                EmulatedSalesforce.CONSUMER_KEY,
                Secret.fromString(io.jenkins.plugins.salesforce.core.oauth.TestKeys.pkcs8(key.getPrivate())),
                "admin@acme.com");
        jwt.setLoginUrl(sf.emulator.loginUrl());
        addSystem(jwt);
        TokenResult t = OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).token("ci");
        assertThat(t.username(), is("admin@acme.com"));
        assertThat(find(SalesforceJwtCredentialsImpl.class, "ci").getOrgType(), is("Production"));
        assertThat(
                find(SalesforceJwtCredentialsImpl.class, "ci").getPrivateKey().getPlainText(),
                is(io.jenkins.plugins.salesforce.core.oauth.TestKeys.pkcs8(key.getPrivate())));
    }

    @Test
    void aJwtCredentialWithAnAudienceSignsWithItAtAMyDomainThatWantsIt() throws Exception {
        java.security.KeyPair key = io.jenkins.plugins.salesforce.core.oauth.TestKeys.rsa();
        sf.app.certificate(key.getPublic());
        sf.acme.jwtAudience("https://login.acme-gov.example");
        addSystem(jwtAt(sf.acme.instanceUrl(), key, null));
        ConnectionTest refused = OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).testConnection("gov");
        assertThat("login or test is refused there", refused.reason(), is(Reason.NOT_APPROVED));

        SalesforceJwtCredentialsImpl withAudience = jwtAt(sf.acme.instanceUrl(), key, " https://login.acme-gov.example/ ");
        assertThat(withAudience.getAudience(), is("https://login.acme-gov.example/"));
        EmulatedSalesforce.systemStore()
                .updateCredentials(Domain.global(), find(SalesforceJwtCredentialsImpl.class, "gov"), withAudience);
        assertThat(OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).token("gov").username(), is("admin@acme.com"));
    }

    private static SalesforceJwtCredentialsImpl jwtAt(String loginUrl, java.security.KeyPair key, String audience) {
        SalesforceJwtCredentialsImpl jwt = new SalesforceJwtCredentialsImpl(
                CredentialsScope.GLOBAL,
                "gov",
                null,
                EmulatedSalesforce.CONSUMER_KEY,
                Secret.fromString(io.jenkins.plugins.salesforce.core.oauth.TestKeys.pkcs8(key.getPrivate())),
                "admin@acme.com");
        jwt.setLoginUrl(loginUrl);
        jwt.setAudience(audience);
        return jwt;
    }

    @Test
    void aJitSandboxGetsItsTokenThroughItsProductionOrg() throws Exception {
        addSystem(authUrlCredential("prod", sf.authUrl(sf.admin)));
        addSystem(new SalesforceJitSandboxCredentialsImpl(CredentialsScope.GLOBAL, "uat", null, "uat", "prod"));

        TokenResult t = OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).token("uat");

        assertThat(t.username(), is(sf.uatAdmin.username()));
        assertThat(t.orgType(), is(OrgType.SANDBOX));
        SalesforceJitSandboxCredentialsImpl stored = find(SalesforceJitSandboxCredentialsImpl.class, "uat");
        assertThat(stored.getUsername(), is(sf.uatAdmin.username()));
        assertThat(stored.getInstanceUrl(), notNullValue());
        assertThat(
                OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2)
                        .testConnection("uat")
                        .ok(),
                is(true));
    }
}
