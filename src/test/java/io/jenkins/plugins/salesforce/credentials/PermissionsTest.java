package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AccessDeniedException3;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import java.util.List;
import java.util.concurrent.Callable;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The permission matrix of every web method of the credential forms and the global configuration, called as each
 * user (anonymous, read-only, Manage, Administer, and a folder's configurer): a refused user gets an
 * {@link AccessDeniedException3} (a 403 over HTTP) before any outbound call, and dropdowns give such a user nothing
 * but the current value. Mirrors GitHub Branch Source's SECURITY-3702 tests.
 */
@WithJenkins
class PermissionsTest {
    private JenkinsRule j;
    private EmulatedSalesforce sf;
    private Folder folder;

    /** The one form method at the root that tests a stored credential by its id: for administrators only. */
    private final Callable<?> testStoredProd = () -> sandbox().doTestConnection(null, "prod", null, null);

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new EmulatedSalesforce();
        folder = j.jenkins.createProject(Folder.class, "team");
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ)
                .everywhere()
                .to("reader", "manager", "folk")
                .grant(Jenkins.MANAGE)
                .everywhere()
                .to("manager")
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Item.READ, Item.CONFIGURE)
                .onItems(folder)
                .to("folk"));
        addSystem(authUrlCredential("prod", sf.authUrl(sf.admin)));
        sf.emulator.requests().reset();
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    private static <T> T as(String user, Callable<T> call) throws Exception {
        try (ACLContext ignored = ACL.as2(
                user == null ? Jenkins.ANONYMOUS2 : User.getById(user, true).impersonate2())) {
            return call.call();
        }
    }

    private void refused(String user, Callable<?> call) {
        assertThrows(AccessDeniedException3.class, () -> as(user, call), user + " should be refused");
    }

    private SalesforceAuthUrlCredentialsImpl.DescriptorImpl authUrl() {
        return j.jenkins.getDescriptorByType(SalesforceAuthUrlCredentialsImpl.DescriptorImpl.class);
    }

    private SalesforceJwtCredentialsImpl.DescriptorImpl jwt() {
        return j.jenkins.getDescriptorByType(SalesforceJwtCredentialsImpl.DescriptorImpl.class);
    }

    private SalesforceClientCredentialsImpl.DescriptorImpl clientCredentials() {
        return j.jenkins.getDescriptorByType(SalesforceClientCredentialsImpl.DescriptorImpl.class);
    }

    private SalesforceJitSandboxCredentialsImpl.DescriptorImpl sandbox() {
        return j.jenkins.getDescriptorByType(SalesforceJitSandboxCredentialsImpl.DescriptorImpl.class);
    }

    /** Every form method at the root, as one list, so that each user is tried on all of them. */
    private List<Callable<?>> rootMethods() {
        String url = sf.authUrl(sf.admin);
        return List.of(
                () -> authUrl().doTestConnection(null, url, "", ""),
                () -> authUrl().doCheckSfdxAuthUrl(null, url),
                () -> authUrl().doCheckUsername(null, "a@b.c"),
                () -> authUrl().doCheckInstanceUrl(null, "https://acme.my.salesforce.com"),
                () -> authUrl().doCheckOrgId(null, ""),
                () -> authUrl().doCheckOrgType(null, "Production"),
                () -> authUrl().doCheckMetadata(null, "a=b"),
                () -> jwt().doTestConnection(null, "client", "key", "", "", "a@b.c", ""),
                () -> jwt().doCheckClientId(null, "client"),
                () -> jwt().doCheckPrivateKey(null, "key", ""),
                () -> jwt().doCheckLoginUrl(null, ""),
                () -> jwt().doCheckAudience(null, "https://acme.my.site.com"),
                () -> jwt().doCheckUsername(null, "a@b.c"),
                () -> clientCredentials().doTestConnection(null, "client", "secret", sf.acme.instanceUrl(), ""),
                () -> clientCredentials().doCheckClientId(null, "client"),
                () -> clientCredentials().doCheckClientSecret(null, "secret"),
                () -> clientCredentials().doCheckMyDomainUrl(null, sf.acme.instanceUrl()),
                () -> clientCredentials().doCheckUsername(null, "a@b.c"),
                () -> sandbox().doCheckSandboxName(null, "uat"),
                testStoredProd);
    }

    @Test
    void anonymousAndReadOnlyUsersAreRefusedEveryFormMethodAtTheRootBeforeAnyCall() {
        for (Callable<?> m : rootMethods()) {
            refused(null, m);
            refused("reader", m);
            refused("folk", m);
        }
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void manageAndAdministerMayUseThemAtTheRoot() throws Exception {
        for (Callable<?> m : rootMethods()) {
            if (m != testStoredProd) {
                as("manager", m);
            }
            as("admin", m);
        }
        FormValidation ok = as("manager", () -> authUrl().doTestConnection(null, sf.authUrl(sf.admin), "", ""));
        assertThat(ok.renderHtml(), ok.kind, is(FormValidation.Kind.OK));
    }

    /**
     * A test of a stored credential at the root (by its id, or with its secret posted back encrypted as the form shows
     * it) tells the org's id and user and may rotate the stored refresh token: the consumer guide gives lookups of
     * stored credentials at the root to administrators. Overall/Manage is refused before any call, and the stored
     * credential stays as it was.
     */
    @Test
    void testingAStoredCredentialAtTheRootNeedsAdminister() throws Exception {
        String url = sf.authUrl(sf.devUser);
        addSystem(new SalesforceAuthUrlCredentialsImpl(
                CredentialsScope.SYSTEM, "ops", "Jenkins' own org", Secret.fromString(url)));
        String encrypted = find(SalesforceAuthUrlCredentialsImpl.class, "ops")
                .getSfdxAuthUrl()
                .getEncryptedValue();
        sf.emulator.requests().reset();

        refused("manager", () -> sandbox().doTestConnection(null, "ops", null, null));
        refused("manager", () -> authUrl().doTestConnection(null, encrypted, "", "ops"));
        refused("manager", () -> authUrl().doTestConnection(null, encrypted, "", ""));
        String key = Secret.fromString("-----BEGIN PRIVATE KEY-----").getEncryptedValue();
        refused("manager", () -> jwt().doTestConnection(null, "client", key, "", "", "a@b.c", ""));
        String secret = Secret.fromString("a stored consumer secret").getEncryptedValue();
        refused("manager", () -> clientCredentials()
                .doTestConnection(null, "client", secret, sf.acme.instanceUrl(), ""));
        assertThat(sf.emulator.requests().total(), is(0));
        assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "ops").getUsername(), nullValue());

        FormValidation admin = as("admin", () -> sandbox().doTestConnection(null, "ops", null, null));
        assertThat(admin.renderHtml(), admin.kind, is(FormValidation.Kind.OK));
        FormValidation adminEncrypted = as("admin", () -> authUrl().doTestConnection(null, encrypted, "", "ops"));
        assertThat(adminEncrypted.renderHtml(), adminEncrypted.kind, is(FormValidation.Kind.OK));
    }

    /** A JIT sandbox's Test connection always tests the stored sandbox: at the root it shows to administrators only. */
    @Test
    void theJitSandboxTestButtonShowsAtTheRootToAdministratorsOnly() throws Exception {
        assertThat(as("manager", () -> sandbox().isTestConnectionVisible()), is(false));
        assertThat(as("admin", () -> sandbox().isTestConnectionVisible()), is(true));
        assertThat(as("manager", () -> authUrl().isTestConnectionVisible()), is(true));
    }

    /**
     * Before a JIT sandbox is saved, Test connection logs in to the sandbox through the production org chosen in the
     * form, as saving will check it; nothing is stored, and the button's rule (administrators at the root) holds.
     */
    @Test
    void anUnsavedJitSandboxIsTestedThroughTheChosenProductionOrg() throws Exception {
        refused("manager", () -> sandbox().doTestConnection(null, "", "prod", "uat"));
        assertThat(sf.emulator.requests().total(), is(0));

        FormValidation v = as("admin", () -> sandbox().doTestConnection(null, "uat", "prod", "uat"));

        assertThat(v.renderHtml(), v.kind, is(FormValidation.Kind.OK));
        assertThat(v.renderHtml(), containsString("logged in to sandbox uat as "));
        assertThat(
                CredentialsProvider.lookupCredentialsInItemGroup(
                        SalesforceJitSandboxCredentialsImpl.class, j.jenkins, ACL.SYSTEM2, List.of()),
                is(List.of()));
    }

    /** Overall/Manage may test a value it types: it is tested as typed, never looked up among the stored ones. */
    @Test
    void manageMayTestTheValueItTypesButItIsNotTakenForTheStoredOne() throws Exception {
        String url = sf.authUrl(sf.devUser);
        addSystem(new SalesforceAuthUrlCredentialsImpl(
                CredentialsScope.SYSTEM, "ops", "Jenkins' own org", Secret.fromString(url)));
        FormValidation typed = as("manager", () -> authUrl().doTestConnection(null, url, "", "ops"));
        assertThat(typed.renderHtml(), typed.kind, is(FormValidation.Kind.OK));
        // Tested as a value of the form: nothing Salesforce said was written into the stored credential.
        assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "ops").getUsername(), nullValue());
    }

    @Test
    void aFoldersConfigurerMayTestInTheFolderOnly() throws Exception {
        String url = sf.authUrl(sf.admin);
        FormValidation ok = as("folk", () -> authUrl().doTestConnection(folder, url, "", ""));
        assertThat(ok.kind, is(FormValidation.Kind.OK));
        refused("reader", () -> authUrl().doTestConnection(folder, url, "", ""));
        refused("manager", () -> authUrl().doCheckSfdxAuthUrl(folder, url));
        refused("folk", () -> authUrl().doTestConnection(null, url, "", ""));
        refused("reader", () -> clientCredentials().doTestConnection(folder, "c", "s", sf.acme.instanceUrl(), ""));
        refused("folk", () -> clientCredentials().doCheckMyDomainUrl(null, sf.acme.instanceUrl()));
        as("folk", () -> clientCredentials().doCheckMyDomainUrl(folder, sf.acme.instanceUrl()));
    }

    @Test
    void theProductionOrgDropdownFollowsTheConsumerGuide() throws Exception {
        ListBoxModel admin = as("admin", () -> sandbox().doFillProductionCredentialsIdItems(null, "current"));
        assertThat(values(admin), hasItem("prod"));
        for (String user : new String[] {null, "reader", "manager", "folk"}) {
            ListBoxModel m = as(user, () -> sandbox().doFillProductionCredentialsIdItems(null, "current"));
            assertThat(user, values(m), contains("current"));
        }
        // On the folder: the folder's configurer (EXTENDED_READ through CONFIGURE) sees the system org.
        ListBoxModel folk = as("folk", () -> sandbox().doFillProductionCredentialsIdItems(folder, ""));
        assertThat(values(folk), hasItem("prod"));
        ListBoxModel reader = as("reader", () -> sandbox().doFillProductionCredentialsIdItems(folder, "x"));
        assertThat(values(reader), contains("x"));
        FormValidation check = as("reader", () -> sandbox().doCheckProductionCredentialsId(folder, "prod"));
        assertThat(check.kind, is(FormValidation.Kind.OK));
    }

    @Test
    void theAllowedHostsAreForAdministratorsOnly() throws Exception {
        SalesforceConfiguration config = SalesforceConfiguration.get();
        assertThat(config.getRequiredGlobalConfigPagePermission(), is(Jenkins.ADMINISTER));
        refused("manager", () -> config.doCheckAllowedHosts("http://127.0.0.1"));
        refused("reader", () -> config.doCheckSessionTimeoutMinutes("120"));
        assertThat(as("admin", () -> config.doCheckAllowedHosts("http://127.0.0.1")).kind, is(FormValidation.Kind.OK));
        assertThat(
                as("admin", () -> config.doCheckAllowedHosts("http://evil.example.com")).kind,
                is(FormValidation.Kind.ERROR));
    }

    @Test
    void aTestOfAHostThatIsNotAllowedNeverLeavesJenkins() throws Exception {
        SalesforceConfiguration.get().setAllowedHosts("");
        FormValidation v = as("admin", () -> authUrl().doTestConnection(null, sf.authUrl(sf.admin), "", ""));
        assertThat(v.kind, is(FormValidation.Kind.ERROR));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(0));
        assertThat(
                CredentialsProvider.lookupCredentialsInItemGroup(
                                SalesforceAuthUrlCredentialsImpl.class, j.jenkins, ACL.SYSTEM2, List.of())
                        .size(),
                not(0));
    }

    private static List<String> values(ListBoxModel m) {
        return m.stream().map(o -> o.value).filter(v -> !v.isEmpty()).toList();
    }
}
