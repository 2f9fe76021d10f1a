package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.systemStore;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.jvnet.hudson.test.LogRecorder.recorded;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AccessDeniedException3;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceService;
import java.util.List;
import java.util.logging.Level;
import jenkins.model.Jenkins;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.LogRecorder;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Exactly one default Dev Hub per store, also when something other than this plugin's forms wrote two: the first in
 * the store's order keeps it, the others lose it at the store's save, and the administrators are told (log and
 * monitor). Configuration as code is in {@code casc.ConfigurationAsCodeTest}, a hand-edited {@code credentials.xml}
 * in {@link DefaultDevHubsRestartTest}, the credential form in {@link StoreWritesTest}.
 */
@WithJenkins
class DefaultDevHubsTest {
    private final LogRecorder log =
            new LogRecorder().record(DefaultDevHubs.class, Level.INFO).capture(20);
    private JenkinsRule j;

    @AfterEach
    void closeLog() {
        log.close();
    }

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0); // these orgs are never reached
    }

    /** An auth URL credential marked as a default Dev Hub, never validated (none of them is ever called). */
    static SalesforceOrgCredentialsImpl defaultDevHub(String id) {
        SalesforceOrgCredentialsImpl c = new SalesforceOrgCredentialsImpl(
                CredentialsScope.GLOBAL,
                id,
                null,
                Secret.fromString("force://PlatformCLI::5Aep861" + id + "@" + id + ".my.salesforce.com"));
        c.setDevHub(true);
        c.setDefaultDevHub(true);
        return c;
    }

    private static DefaultDevHubMonitor monitor() {
        return (DefaultDevHubMonitor) Jenkins.get().getAdministrativeMonitor("salesforce-default-dev-hubs");
    }

    @Test
    void aSecondDefaultWrittenToTheSystemStoreByCodeIsClearedAndTheAdministratorsAreTold() throws Exception {
        CredentialsStore store = systemStore();
        store.addCredentials(Domain.global(), defaultDevHub("prod"));
        assertThat(monitor().isActivated(), is(false));

        store.addCredentials(Domain.global(), defaultDevHub("dev"));

        assertThat(find(SalesforceOrgCredentialsImpl.class, "prod").isDefaultDevHub(), is(true));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "dev").isDefaultDevHub(), is(false));
        assertThat(find(SalesforceOrgCredentialsImpl.class, "dev").isDevHub(), is(true));
        assertThat(monitor().isActivated(), is(true));
        DefaultDevHubs.Outcome repair = monitor().getRepairs().get(0);
        assertThat(repair.store(), is("The system credentials"));
        assertThat(repair.kept(), is("prod"));
        assertThat(repair.cleared(), contains("dev"));
        assertThat(repair.repair(), is(true));
        assertThat(log, recorded(Level.WARNING, containsString("default Dev Hubs"))); // a warning, formatted below
        assertThat(
                log.getMessages(),
                hasItem(containsString("The system credentials had 2 default Dev Hubs ('prod', 'dev')."
                        + " Kept 'prod', the first in the store's order, and cleared the default on 'dev'.")));
        // What the lookups give is the default that was kept.
        assertThat(
                SalesforceService.get()
                        .orgs(j.jenkins, ACL.SYSTEM2)
                        .defaultDevHub()
                        .orElseThrow()
                        .id(),
                is("prod"));
    }

    @Test
    void twoDefaultsInAFolderStoreAreRepairedTheSameWay() throws Exception {
        Folder team = j.jenkins.createProject(Folder.class, "team");
        CredentialsStore store = SalesforceService.storeOf(team);
        store.addCredentials(Domain.global(), defaultDevHub("first"));
        store.addCredentials(Domain.global(), defaultDevHub("second"));

        List<SalesforceOrgCredentialsImpl> inFolder = CredentialsProvider.lookupCredentialsInItemGroup(
                SalesforceOrgCredentialsImpl.class, team, ACL.SYSTEM2, List.of());
        assertThat(
                inFolder.stream()
                        .filter(SalesforceOrgCredentialsImpl::isDefaultDevHub)
                        .map(c -> c.getId())
                        .toList(),
                contains("first"));
        assertThat(monitor().getRepairs().get(0).store(), is("The credentials of folder team"));
        String manage = j.createWebClient().goTo("manage").asNormalizedText();
        assertThat(manage, containsString("A credential store had more than one default Dev Hub."));
        assertThat(manage, containsString("The credentials of folder team: kept 'first', cleared 'second'."));
    }

    @Test
    void onlyAdministratorsMayDismissTheList() throws Exception {
        systemStore().addCredentials(Domain.global(), defaultDevHub("prod"));
        systemStore().addCredentials(Domain.global(), defaultDevHub("dev"));
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.MANAGE)
                .everywhere()
                .to("manager")
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));

        try (ACLContext ignored = ACL.as2(User.getById("manager", true).impersonate2())) {
            assertThrows(AccessDeniedException3.class, () -> monitor().doDismiss());
        }
        assertThat(monitor().isActivated(), is(true));

        // The administrator dismisses it from Manage Jenkins.
        JenkinsRule.WebClient admin = j.createWebClient().login("admin");
        HtmlPage manage = admin.goTo("manage");
        HtmlForm form = manage.getFormByName("salesforce-default-dev-hubs");
        j.submit(form);
        assertThat(monitor().isActivated(), is(false));
        assertThat(admin.goTo("manage").asNormalizedText(), not(containsString("more than one default Dev Hub")));
    }
}
