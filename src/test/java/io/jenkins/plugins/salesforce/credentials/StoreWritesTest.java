package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.systemStore;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.XmlFile;
import hudson.model.ModelObject;
import hudson.model.Saveable;
import hudson.model.listeners.SaveableListener;
import hudson.security.Permission;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.sf.json.JSONObject;
import org.apache.commons.io.FileUtils;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.core.Authentication;

/**
 * A change of several credentials of one store (moving the default Dev Hub clears one credential and marks another)
 * is written as one save of the store: when the save fails, the store keeps its old state in memory as on disk, never
 * a store without a default Dev Hub; when it succeeds, the store is saved once, so no other writer or reader of
 * {@code credentials.xml} or the folder's {@code config.xml} finds half of it.
 */
@WithJenkins
class StoreWritesTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0); // these orgs are never reached
    }

    /** A Dev Hub credential, the default or not, never validated (none of them is ever called). */
    private static SalesforceOrgCredentialsImpl devHub(String id, boolean isDefault) {
        SalesforceOrgCredentialsImpl c = DefaultDevHubsTest.defaultDevHub(id);
        c.setDefaultDevHub(isDefault);
        return c;
    }

    private static boolean isDefault(CredentialsStore store, String id) {
        for (Credentials c : store.getCredentials(Domain.global())) {
            if (c instanceof SalesforceOrgCredentials s && s.getId().equals(id)) {
                return s.isDefaultDevHub();
            }
        }
        throw new AssertionError("no credential " + id);
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
        store.addCredentials(Domain.global(), devHub("old", true));
        store.addCredentials(Domain.global(), devHub("new", false));
        File file = new File(j.jenkins.getRootDir(), "credentials.xml");
        breakSaves(file);
        try {
            CredentialsOrgStore orgs = new CredentialsOrgStore(store, false);

            assertThrows(UncheckedIOException.class, () -> orgs.setDefaultDevHub("new"));

            assertThat(isDefault(store, "old"), is(true));
            assertThat(isDefault(store, "new"), is(false));
            assertThat(orgs.list().stream().filter(r -> r.defaultDevHub()).count(), is(1L));
        } finally {
            repairSaves(file);
        }
        // Once the store can be saved again, the same move goes through.
        new CredentialsOrgStore(store, false).setDefaultDevHub("new");
        assertThat(isDefault(store, "old"), is(false));
        assertThat(isDefault(store, "new"), is(true));
    }

    @Test
    void aDefaultDevHubMoveWhoseSaveFailsLeavesTheOldDefaultInAFolder() throws Exception {
        Folder team = j.jenkins.createProject(Folder.class, "team");
        CredentialsStore store = SalesforceService.storeOf(team);
        store.addCredentials(Domain.global(), devHub("old", true));
        store.addCredentials(Domain.global(), devHub("new", false));
        File file = new File(team.getRootDir(), "config.xml");
        breakSaves(file);
        try {
            CredentialsOrgStore orgs = new CredentialsOrgStore(store, false);

            assertThrows(UncheckedIOException.class, () -> orgs.setDefaultDevHub("new"));

            assertThat(isDefault(store, "old"), is(true));
            assertThat(isDefault(store, "new"), is(false));
        } finally {
            repairSaves(file);
        }
    }

    @Test
    void aDefaultDevHubMoveIsOneSaveOfTheStore() throws Exception {
        CredentialsStore store = systemStore();
        store.addCredentials(Domain.global(), devHub("old", true));
        store.addCredentials(Domain.global(), devHub("new", false));
        SystemStoreSaves saves =
                j.jenkins.getExtensionList(SaveableListener.class).get(SystemStoreSaves.class);
        saves.count = 0;

        new CredentialsOrgStore(store, false).setDefaultDevHub("new");

        assertThat(saves.count, is(1));
        assertThat(isDefault(store, "old"), is(false));
        assertThat(isDefault(store, "new"), is(true));
    }

    /**
     * A write that finds a credential replaced by another writer since it read the store (here the credentials
     * plugin's page changing the description, right after this plugin's read) writes nothing, rather than overwrite
     * that change with what it read: the other writer's change stays and the caller is told to try again.
     */
    @Test
    void aWriteDoesNotOverwriteAChangeMadeByAnotherWriterSinceItRead() throws Exception {
        RacingStore store = new RacingStore();
        store.list.add(devHub("old", true));
        store.list.add(devHub("new", false));
        store.afterFirstRead = () -> {
            SalesforceOrgCredentialsImpl edited = devHub("old", true);
            edited.setMetadata("changed=elsewhere");
            store.list.set(0, edited);
        };

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> new CredentialsOrgStore(store, false).setDefaultDevHub("new"));

        assertThat(e.reason(), is(Reason.NOT_READY));
        assertThat(e.getMessage(), containsString("'old'"));
        assertThat(isDefault(store, "old"), is(true));
        assertThat(isDefault(store, "new"), is(false));
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

    /**
     * The credential form makes a new default Dev Hub the store's only default once the credentials plugin has saved
     * it: every save of the store on the way has a default (first both, then the new one alone), so a reader of the
     * store, or a failure of the plugin's save, never finds the store without one.
     */
    @Test
    void aNewDefaultDevHubFromTheFormNeverLeavesTheStoreWithoutADefault() throws Exception {
        try (EmulatedSalesforce sf = new EmulatedSalesforce()) {
            CredentialsStore store = systemStore();
            store.addCredentials(Domain.global(), devHub("old", true));
            DefaultsAtEachSave saves =
                    j.jenkins.getExtensionList(SaveableListener.class).get(DefaultsAtEachSave.class);
            saves.defaults.clear();

            JenkinsRule.WebClient wc = j.createWebClient();
            wc.setThrowExceptionOnFailingStatusCode(false);
            WebRequest req = new WebRequest(
                    new URI(j.getURL() + "credentials/store/system/domain/_/createCredentials").toURL(),
                    HttpMethod.POST);
            JSONObject form = new JSONObject().element("credentials", defaultDevHubForm("new", sf.authUrl(sf.admin)));
            req.setRequestParameters(List.of(new NameValuePair("json", form.toString())));
            WebResponse r = wc.loadWebResponse(wc.addCrumb(req));

            assertThat(r.getContentAsString(), r.getStatusCode() < 400, is(true));
            assertThat(isDefault(store, "new"), is(true));
            assertThat(isDefault(store, "old"), is(false));
            assertThat(saves.defaults.toString(), saves.defaults.contains(0), is(false));
        }
    }

    private static JSONObject defaultDevHubForm(String id, String authUrl) {
        JSONObject c = new JSONObject();
        c.put("stapler-class", SalesforceOrgCredentialsImpl.class.getName());
        c.put("$class", SalesforceOrgCredentialsImpl.class.getName());
        c.put("scope", "GLOBAL");
        c.put("id", id);
        c.put("description", "");
        c.put("sfdxAuthUrl", authUrl);
        c.put("username", "");
        c.put("devHub", true);
        c.put("defaultDevHub", true);
        c.put("allowAuthUrlExport", false);
        c.put("instanceUrl", "");
        c.put("orgId", "");
        c.put("orgType", "");
        c.put("metadata", "");
        return c;
    }

    /** The number of default Dev Hubs the system credential store holds at each of its saves. */
    @TestExtension("aNewDefaultDevHubFromTheFormNeverLeavesTheStoreWithoutADefault")
    public static class DefaultsAtEachSave extends SaveableListener {
        final List<Integer> defaults = new CopyOnWriteArrayList<>();

        @Override
        public void onChange(Saveable o, XmlFile file) {
            if (o instanceof SystemCredentialsProvider p) {
                defaults.add((int) p.getCredentials().stream()
                        .filter(c -> c instanceof SalesforceOrgCredentials s && s.isDefaultDevHub())
                        .count());
            }
        }
    }

    /** Counts the saves of the system credential store. */
    @TestExtension("aDefaultDevHubMoveIsOneSaveOfTheStore")
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
