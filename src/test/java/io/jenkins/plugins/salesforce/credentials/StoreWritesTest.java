package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.systemStore;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.XmlFile;
import hudson.model.ModelObject;
import hudson.model.Saveable;
import hudson.model.listeners.SaveableListener;
import hudson.security.Permission;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.core.Authentication;

/**
 * A change through the plugin is written as one save of what holds it: when the save fails, the store keeps its old
 * state in memory as on disk (for the default Dev Hub, the store's setting keeps the old default); a change is never
 * written over what another writer changed meanwhile.
 */
@WithJenkins
class StoreWritesTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0); // these orgs are never reached
    }

    /** A Dev Hub credential, never validated (none of them is ever called). */
    private static SalesforceAuthUrlCredentialsImpl devHub(String id) {
        SalesforceAuthUrlCredentialsImpl c = new SalesforceAuthUrlCredentialsImpl(
                CredentialsScope.GLOBAL,
                id,
                null,
                Secret.fromString("force://PlatformCLI::5Aep861" + id + "@" + id + ".my.salesforce.com"));
        c.setDevHub(true);
        return c;
    }

    /** Makes every save of this file fail: a directory, not empty, where the file should be written. */
    private static void breakSaves(File file) throws IOException {
        Files.deleteIfExists(file.toPath());
        Path dir = Files.createDirectories(file.toPath());
        Files.writeString(dir.resolve("in-the-way"), "x");
    }

    private static void repairSaves(File file) throws IOException {
        FileUtils.deleteDirectory(file);
    }

    @Test
    void aDefaultDevHubMoveWhoseSaveFailsLeavesTheOldDefaultInTheSystemStore() throws Exception {
        CredentialsStore store = systemStore();
        store.addCredentials(Domain.global(), devHub("old"));
        store.addCredentials(Domain.global(), devHub("new"));
        DevHubSettings.setSystemDefault("old");
        File file = new File(j.jenkins.getRootDir(), SalesforceConfiguration.class.getName() + ".xml");
        breakSaves(file);
        try {
            CredentialsOrgStore orgs = new CredentialsOrgStore(store, false);

            assertThrows(UncheckedIOException.class, () -> orgs.setDefaultDevHub("new"));

            assertThat(DevHubSettings.defaultOf(store), is("old"));
            assertThat(orgs.defaultDevHub().orElseThrow().id(), is("old"));
            assertThat(orgs.list().stream().filter(r -> r.defaultDevHub()).count(), is(1L));
        } finally {
            repairSaves(file);
        }
        // Once the setting can be saved again, the same move goes through.
        new CredentialsOrgStore(store, false).setDefaultDevHub("new");
        assertThat(DevHubSettings.defaultOf(store), is("new"));
    }

    @Test
    void aDefaultDevHubMoveWhoseSaveFailsLeavesTheOldDefaultInAFolder() throws Exception {
        Folder team = j.jenkins.createProject(Folder.class, "team");
        CredentialsStore store = SalesforceService.storeOf(team);
        store.addCredentials(Domain.global(), devHub("old"));
        store.addCredentials(Domain.global(), devHub("new"));
        DevHubSettings.setFolderDefault(team, "old");
        File file = new File(team.getRootDir(), "config.xml");
        breakSaves(file);
        try {
            CredentialsOrgStore orgs = new CredentialsOrgStore(store, false);

            assertThrows(UncheckedIOException.class, () -> orgs.setDefaultDevHub("new"));

            assertThat(DevHubSettings.defaultOf(store), is("old"));
        } finally {
            repairSaves(file);
        }
        new CredentialsOrgStore(store, false).setDefaultDevHub("new");
        assertThat(DevHubSettings.defaultOf(store), is("new"));
    }

    /** The default Dev Hub is the store's setting: moving it rewrites no credential. */
    @Test
    void aDefaultDevHubMoveWritesNoCredential() throws Exception {
        CredentialsStore store = systemStore();
        store.addCredentials(Domain.global(), devHub("old"));
        store.addCredentials(Domain.global(), devHub("new"));
        DevHubSettings.setSystemDefault("old");
        List<Credentials> before = List.copyOf(store.getCredentials(Domain.global()));
        SystemStoreSaves saves =
                j.jenkins.getExtensionList(SaveableListener.class).get(SystemStoreSaves.class);
        saves.count = 0;

        new CredentialsOrgStore(store, false).setDefaultDevHub("new");

        assertThat(saves.count, is(0));
        assertThat(store.getCredentials(Domain.global()), is(before));
        assertThat(DevHubSettings.defaultOf(store), is("new"));
    }

    /**
     * A write that finds a credential replaced by another writer since it read the store (here the credentials
     * plugin's page changing the description, right after this plugin's read) writes nothing, rather than overwrite
     * that change with what it read: the other writer's change stays and the caller is told to try again.
     */
    @Test
    void aWriteDoesNotOverwriteAChangeMadeByAnotherWriterSinceItRead() throws Exception {
        RacingStore store = new RacingStore();
        store.list.add(devHub("old"));
        store.list.add(devHub("new"));
        CredentialsOrgStore orgs = new CredentialsOrgStore(store, false);
        OrgRecord old = orgs.findById("old").orElseThrow();
        store.afterFirstRead = () -> {
            SalesforceAuthUrlCredentialsImpl edited = devHub("old");
            edited.setMetadata("changed=elsewhere");
            store.list.set(0, edited);
        };

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> orgs.update(old.toBuilder().metadata(Map.of("changed", "here")).build()));

        assertThat(e.reason(), is(Reason.NOT_READY));
        assertThat(e.getMessage(), containsString("'old'"));
        assertThat(((SalesforceOrgCredentials) store.list.get(0)).getMetadata(), is("changed=elsewhere"));
    }

    /** A credential store of no folder, where another writer acts once, right after the store is first read. */
    static final class RacingStore extends CredentialsStore {
        private static final ModelObject CONTEXT = () -> "racing";
        final List<Credentials> list = new CopyOnWriteArrayList<>();
        volatile Runnable afterFirstRead;

        RacingStore() {
            super(SystemCredentialsProvider.ProviderImpl.class);
        }

        @NonNull
        @Override
        public ModelObject getContext() {
            return CONTEXT;
        }

        @Override
        public boolean hasPermission2(@NonNull Authentication a, @NonNull Permission permission) {
            return true;
        }

        @NonNull
        @Override
        public List<Credentials> getCredentials(@NonNull Domain domain) {
            List<Credentials> read = List.copyOf(list);
            Runnable other = afterFirstRead;
            afterFirstRead = null;
            if (other != null) {
                other.run();
            }
            return read;
        }

        @Override
        public boolean addCredentials(@NonNull Domain domain, @NonNull Credentials credentials) {
            return list.add(credentials);
        }

        @Override
        public boolean removeCredentials(@NonNull Domain domain, @NonNull Credentials credentials) {
            return list.remove(credentials);
        }

        @Override
        public boolean updateCredentials(
                @NonNull Domain domain, @NonNull Credentials current, @NonNull Credentials replacement) {
            int i = list.indexOf(current);
            if (i < 0) {
                return false;
            }
            list.set(i, replacement);
            return true;
        }
    }

    /** Counts the saves of the system credential store. */
    @TestExtension("aDefaultDevHubMoveWritesNoCredential")
    public static class SystemStoreSaves extends SaveableListener {
        volatile int count;

        @Override
        public void onChange(Saveable o, XmlFile file) {
            if (o instanceof SystemCredentialsProvider) {
                count++;
            }
        }
    }
}
