package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.systemStore;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.XmlFile;
import hudson.diagnosis.OldDataMonitor;
import hudson.model.FreeStyleProject;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceFolderProperty;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.io.File;
import java.nio.file.Files;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The default Dev Hub is a setting of each store: the system store's in the global configuration, a folder's in its
 * folder property. The nearest store that sets one wins; a setting that names no Dev Hub of its store is reported
 * where the default is asked for, naming the setting and the fix, and never falls back to a store further up.
 */
@WithJenkins
class DefaultDevHubSettingTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0); // these orgs are never reached
    }

    /** An auth URL credential, never validated (none of them is ever called). */
    private static SalesforceAuthUrlCredentialsImpl org(String id, boolean devHub) {
        SalesforceAuthUrlCredentialsImpl c = new SalesforceAuthUrlCredentialsImpl(
                CredentialsScope.GLOBAL,
                id,
                null,
                Secret.fromString("force://PlatformCLI::5Aep861" + id + "@" + id + ".my.salesforce.com"));
        c.setDevHub(devHub);
        return c;
    }

    private static OrgRecord defaultIn(hudson.model.ModelObject context) {
        return new OrgStoreView(context, ACL.SYSTEM2).defaultDevHub().orElseThrow();
    }

    @Test
    void theNearestFolderThatSetsOneWinsAndListingsMarkEachStoresOwn() throws Exception {
        systemStore().addCredentials(Domain.global(), org("hub", true));
        DevHubSettings.setSystemDefault("hub");
        Folder team = j.jenkins.createProject(Folder.class, "team");
        Folder sub = team.createProject(Folder.class, "sub");
        SalesforceService.storeOf(team).addCredentials(Domain.global(), org("team-hub", true));
        FreeStyleProject job = sub.createProject(FreeStyleProject.class, "job");

        assertThat(defaultIn(job).id(), is("hub"));

        DevHubSettings.setFolderDefault(team, "team-hub");

        assertThat(defaultIn(job).id(), is("team-hub"));
        assertThat(defaultIn(j.jenkins).id(), is("hub"));
        // Listings mark the org each store names (the sfp-style isDefault).
        assertThat(
                OrgStoreView.tokens(job, ACL.SYSTEM2).resolver().list(null).stream()
                        .filter(OrgRecord::defaultDevHub)
                        .map(OrgRecord::id)
                        .toList(),
                is(java.util.List.of("hub", "team-hub")));
    }

    @Test
    void aFolderSettingThatNamesNoOrgOfTheFolderIsReportedWithoutFallingBackToTheSystems() throws Exception {
        systemStore().addCredentials(Domain.global(), org("hub", true));
        DevHubSettings.setSystemDefault("hub");
        Folder team = j.jenkins.createProject(Folder.class, "team");
        DevHubSettings.setFolderDefault(team, "hub"); // the system's, not the folder's

        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> defaultIn(team));

        assertThat(e.reason(), is(Reason.NOT_FOUND));
        assertThat(e.getMessage(), containsString("The default Dev Hub of folder 'team' is 'hub'"));
        assertThat(e.getMessage(), containsString("Configure page > Salesforce orgs > Default Dev Hub"));
    }

    @Test
    void aSettingThatNamesAnOrgThatIsNotADevHubIsReported() throws Exception {
        systemStore().addCredentials(Domain.global(), org("prod", false));
        DevHubSettings.setSystemDefault("prod");

        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> defaultIn(j.jenkins));

        assertThat(e.reason(), is(Reason.WRONG_ORG_TYPE));
        assertThat(e.getMessage(), containsString("is 'prod', which is not a Dev Hub"));
        assertThat(e.getMessage(), containsString("Manage Jenkins > System > Salesforce orgs > Default Dev Hub"));
    }

    @Test
    void removingTheDefaultOrgThroughThePluginClearsTheSetting() throws Exception {
        systemStore().addCredentials(Domain.global(), org("hub", true));
        DevHubSettings.setSystemDefault("hub");

        CredentialsOrgStore.tokens(systemStore()).registry().remove("hub");

        assertThat(SalesforceConfiguration.get().getDefaultDevHub(), is((String) null));
    }

    @Test
    void theSettingsSurviveTheirConfigurationPagesAndAnEmptyFolderSettingKeepsNoProperty() throws Exception {
        systemStore().addCredentials(Domain.global(), org("hub", true));
        DevHubSettings.setSystemDefault("hub");
        Folder team = j.jenkins.createProject(Folder.class, "team");
        SalesforceService.storeOf(team).addCredentials(Domain.global(), org("team-hub", true));
        DevHubSettings.setFolderDefault(team, "team-hub");

        Folder other = j.jenkins.createProject(Folder.class, "other");

        j.configRoundtrip();
        j.configRoundtrip(team);
        j.configRoundtrip(other);

        assertThat(SalesforceConfiguration.get().getDefaultDevHub(), is("hub"));
        assertThat(team.getProperties().get(SalesforceFolderProperty.class).getDefaultDevHub(), is("team-hub"));
        assertThat(other.getProperties().get(SalesforceFolderProperty.class), is((SalesforceFolderProperty) null));
    }

    /** Credentials saved while the default was a flag on each credential load as they are, without "old data". */
    @Test
    void aCredentialSavedWithTheOldDefaultDevHubFlagLoads() throws Exception {
        CredentialsStore store = systemStore();
        store.addCredentials(Domain.global(), org("hub", true));
        File file = new File(Jenkins.get().getRootDir(), "credentials.xml");
        String xml = Files.readString(file.toPath());
        assertThat(xml, containsString("<devHub>true</devHub>"));
        Files.writeString(
                file.toPath(),
                xml.replace("<devHub>true</devHub>", "<devHub>true</devHub><defaultDevHub>true</defaultDevHub>"));

        new XmlFile(Jenkins.XSTREAM2, file).unmarshal(SystemCredentialsProvider.getInstance());

        assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "hub").isDevHub(), is(true));
        assertThat(((OldDataMonitor) j.jenkins.getAdministrativeMonitor("OldData")).getData().isEmpty(), is(true));
    }
}
