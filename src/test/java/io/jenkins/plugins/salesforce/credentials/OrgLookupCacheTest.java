package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.systemStore;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.cli.CLICommandInvoker;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.Items;
import hudson.model.ModelObject;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.core.Authentication;

/**
 * Org lookups read the credential stores as they are: every change of a credential store is seen by the very next
 * lookup, whatever path made it: the credential store's API, the credentials form, {@code config.xml} over REST, the
 * CLI, configuration as code, the plugin's pipeline steps, an in-place edit saved from a script, a deleted folder. Who
 * sees what is the credentials API's answer for the caller: a user who cannot look a credential up gets nothing, even
 * right after the system looked it up.
 */
@WithJenkins
class OrgLookupCacheTest {
    private JenkinsRule j;
    private EmulatedSalesforce sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new EmulatedSalesforce();
        SalesforceAuthUrlCredentialsImpl prod = authUrlCredential("prod", sf.authUrl(sf.admin));
        prod.setMetadata("team=core");
        systemStore().addCredentials(Domain.global(), prod);
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    /** What a build of a job at the root sees (its authentication is the system's without an authorization plugin). */
    private static OrgRecord seen(String id) {
        return seenIn(Jenkins.get(), id);
    }

    private static OrgRecord seenIn(ModelObject context, String id) {
        return new OrgStoreView(context, ACL.SYSTEM2).findById(id).orElse(null);
    }

    private static Map<String, String> metadataOf(String id) {
        return seen(id).metadata();
    }

    @Test
    void anUnchangedStoreServesTheSameRecordsAndTheStoreApiChangesAreSeenAtOnce() throws Exception {
        OrgRecord first = seen("prod");
        assertThat("an unchanged store gives the same org", seen("prod"), is(first));

        CredentialsStore store = systemStore();
        SalesforceAuthUrlCredentialsImpl current = (SalesforceAuthUrlCredentialsImpl)
                new OrgStoreView(Jenkins.get(), ACL.SYSTEM2).credentials("prod").orElse(null);
        SalesforceAuthUrlCredentialsImpl edited =
                authUrlCredential("prod", current.getSfdxAuthUrl().getPlainText());
        edited.setMetadata("team=billing");
        store.updateCredentials(Domain.global(), current, edited);
        assertThat(metadataOf("prod"), is(Map.of("team", "billing")));

        store.addCredentials(Domain.global(), authUrlCredential("dev", sf.authUrl(sf.devUser)));
        assertThat(seen("dev").id(), is("dev"));

        store.removeCredentials(
                Domain.global(),
                new OrgStoreView(Jenkins.get(), ACL.SYSTEM2).credentials("dev").orElse(null));
        assertThat(seen("dev"), is((OrgRecord) null));
        assertThat(
                new OrgStoreView(Jenkins.get(), ACL.SYSTEM2)
                        .list().stream().map(OrgRecord::id).toList(),
                contains("prod"));
    }

    @Test
    void aSecretRotatedInTheStoreIsWhatTheNextTokenRequestUses() throws Exception {
        OrgStoreView.tokens(Jenkins.get(), ACL.SYSTEM2).token("prod"); // warm: the token is cached
        SalesforceAuthUrlCredentialsImpl current = (SalesforceAuthUrlCredentialsImpl)
                new OrgStoreView(Jenkins.get(), ACL.SYSTEM2).credentials("prod").orElse(null);
        String newUrl = sf.authUrl(sf.admin); // a new refresh token of the same user
        assertThat(newUrl, not(is(current.getSfdxAuthUrl().getPlainText())));
        systemStore().updateCredentials(Domain.global(), current, authUrlCredential("prod", newUrl));
        var registered = new OrgStoreView(Jenkins.get(), ACL.SYSTEM2)
                .findRegistered("prod")
                .orElseThrow();
        assertThat(
                ((io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret) registered.secret())
                        .authUrl()
                        .reveal(),
                is(newUrl));
    }

    @Test
    void anUpdateFromTheCredentialsFormIsSeenAtOnce() throws Exception {
        assertThat(metadataOf("prod"), is(Map.of("team", "core")));
        net.sf.json.JSONObject form = new net.sf.json.JSONObject();
        form.put("stapler-class", SalesforceAuthUrlCredentialsImpl.class.getName());
        form.put("$class", SalesforceAuthUrlCredentialsImpl.class.getName());
        form.put("scope", "GLOBAL");
        form.put("id", "prod");
        form.put("description", "");
        SalesforceAuthUrlCredentialsImpl stored = (SalesforceAuthUrlCredentialsImpl)
                new OrgStoreView(Jenkins.get(), ACL.SYSTEM2).credentials("prod").orElse(null);
        form.put("sfdxAuthUrl", stored.getSfdxAuthUrl().getEncryptedValue());
        form.put("username", "");
        form.put("devHub", false);
        form.put("defaultDevHub", false);
        form.put("allowAuthUrlExport", false);
        form.put("instanceUrl", "");
        form.put("orgId", "");
        form.put("orgType", "");
        form.put("metadata", "team=ops");
        JenkinsRule.WebClient wc = j.createWebClient();
        WebRequest req = new WebRequest(
                new java.net.URI(j.getURL() + "credentials/store/system/domain/_/credential/prod/updateSubmit").toURL(),
                HttpMethod.POST);
        req.setRequestParameters(List.of(new org.htmlunit.util.NameValuePair("json", form.toString())));
        wc.setRedirectEnabled(false);
        wc.setThrowExceptionOnFailingStatusCode(false);
        var page = wc.getPage(wc.addCrumb(req));
        assertThat(
                page.getWebResponse().getContentAsString(),
                page.getWebResponse().getStatusCode() < 400,
                is(true));
        assertThat(metadataOf("prod"), is(Map.of("team", "ops")));
    }

    /**
     * The credential's XML as a client would send it (the auth URL encrypted, as {@code get-credentials-as-xml} cannot
     * give it: it redacts secrets), with another metadata.
     */
    private static String xmlWithMetadata(String metadata) {
        SalesforceAuthUrlCredentialsImpl stored = (SalesforceAuthUrlCredentialsImpl)
                new OrgStoreView(Jenkins.get(), ACL.SYSTEM2).credentials("prod").orElse(null);
        SalesforceAuthUrlCredentialsImpl edited =
                authUrlCredential("prod", stored.getSfdxAuthUrl().getPlainText());
        edited.setMetadata(metadata);
        String xml = Items.XSTREAM2.toXML(edited);
        assertThat(xml.contains(stored.getSfdxAuthUrl().getPlainText()), is(false));
        return xml;
    }

    @Test
    void anUpdateOfConfigXmlOverRestIsSeenAtOnce() throws Exception {
        assertThat(metadataOf("prod"), is(Map.of("team", "core")));
        String xml = xmlWithMetadata("team=rest");
        JenkinsRule.WebClient wc = j.createWebClient();
        WebRequest req = new WebRequest(
                new java.net.URI(j.getURL() + "credentials/store/system/domain/_/credential/prod/config.xml").toURL(),
                HttpMethod.POST);
        req.setAdditionalHeader("Content-Type", "application/xml");
        var crumbs = j.jenkins.getCrumbIssuer();
        req.setAdditionalHeader(crumbs.getCrumbRequestField(), crumbs.getCrumb((jakarta.servlet.ServletRequest) null));
        req.setRequestBody(xml);
        wc.setThrowExceptionOnFailingStatusCode(false);
        var page = wc.getPage(req);
        assertThat(
                page.getWebResponse().getContentAsString(),
                page.getWebResponse().getStatusCode() < 400,
                is(true));
        assertThat(metadataOf("prod"), is(Map.of("team", "rest")));
    }

    @Test
    void anUpdateByTheCliIsSeenAtOnce() throws Exception {
        assertThat(metadataOf("prod"), is(Map.of("team", "core")));
        String xml = xmlWithMetadata("team=cli");
        CLICommandInvoker.Result r = new CLICommandInvoker(j, "update-credentials-by-xml")
                .withStdin(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .invokeWithArgs("system::system::jenkins", "(global)", "prod");
        assertThat(r.stderr(), r, CLICommandInvoker.Matcher.succeeded());
        assertThat(metadataOf("prod"), is(Map.of("team", "cli")));

        r = new CLICommandInvoker(j, "delete-credentials")
                .invokeWithArgs("system::system::jenkins", "(global)", "prod");
        assertThat(r.stderr(), r, CLICommandInvoker.Matcher.succeeded());
        assertThat(seen("prod"), is((OrgRecord) null));
    }

    @Test
    void configurationAsCodeIsSeenAtOnce() throws Exception {
        assertThat(metadataOf("prod"), is(Map.of("team", "core")));
        Path yaml = Files.createTempFile(j.jenkins.getRootDir().toPath(), "casc", ".yaml");
        Files.writeString(yaml, """
            credentials:
              system:
                domainCredentials:
                  - credentials:
                      - salesforceAuthUrl:
                          id: prod
                          sfdxAuthUrl: "%s"
                          metadata: "team=casc"
                      - salesforceAuthUrl:
                          id: dev
                          sfdxAuthUrl: "%s"
            """.formatted(sf.authUrl(sf.admin), sf.authUrl(sf.devUser)));
        ConfigurationAsCode.get().configure(yaml.toString());
        assertThat(metadataOf("prod"), is(Map.of("team", "casc")));
        assertThat(seen("dev").id(), is("dev"));
    }

    @Test
    void thePipelineRegistrationStepsAreSeenAtOnce() throws Exception {
        systemStore()
                .addCredentials(
                        Domain.global(),
                        new StringCredentialsImpl(
                                CredentialsScope.GLOBAL, "dev-url", null, Secret.fromString(sf.authUrl(sf.devUser))));
        assertThat(seen("dev"), is((OrgRecord) null));
        SalesforceConfiguration.get().setTrustSystemBuilds(true); // the builds run as SYSTEM
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(
                "registerSalesforceOrg(id: 'dev', authUrlCredentialsId: 'dev-url', metadata: 'team=pipe')", true));
        j.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0));
        assertThat(seen("dev").metadata(), is(Map.of("team", "pipe")));

        p.setDefinition(new CpsFlowDefinition("updateSalesforceOrg(org: 'dev', metadata: 'team=moved')", true));
        j.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0));
        assertThat(seen("dev").metadata(), is(Map.of("team", "moved")));

        p.setDefinition(new CpsFlowDefinition("removeSalesforceOrg(org: 'dev')", true));
        j.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0));
        assertThat(seen("dev"), is((OrgRecord) null));
    }

    @Test
    void anInPlaceEditSavedFromAScriptIsSeenAfterTheSave() throws Exception {
        OrgRecord first = seen("prod");
        SalesforceAuthUrlCredentialsImpl live =
                (SalesforceAuthUrlCredentialsImpl) SystemCredentialsProvider.getInstance().getCredentials().stream()
                        .filter(c -> c instanceof SalesforceAuthUrlCredentialsImpl s
                                && s.getId().equals("prod"))
                        .findFirst()
                        .orElseThrow();
        live.setMetadata("team=script"); // what a script console user might do
        SystemCredentialsProvider.getInstance().save();
        assertThat(seen("prod"), not(is(first)));
        assertThat(metadataOf("prod"), is(Map.of("team", "script")));
    }

    @Test
    void aDeletedFolderTakesItsOrgsAlong() throws Exception {
        Folder team = j.jenkins.createProject(Folder.class, "team");
        CredentialsStore folderStore =
                CredentialsProvider.lookupStores(team).iterator().next();
        assertThat(folderStore.getContext(), is(team));
        folderStore.addCredentials(Domain.global(), authUrlCredential("team-org", sf.authUrl(sf.devUser)));
        FreeStyleProject job = team.createProject(FreeStyleProject.class, "app");
        assertThat(seenIn(job, "team-org").id(), is("team-org"));

        team.delete();
        Folder again = j.jenkins.createProject(Folder.class, "team");
        FreeStyleProject job2 = again.createProject(FreeStyleProject.class, "app");
        assertThat(seenIn(job2, "team-org"), is((OrgRecord) null));
        assertThat(seenIn(job2, "prod").id(), is("prod"));
    }

    // ------------------------------------------------------------------------------------------ authentication

    private static <T> T as(String user, Callable<T> call) throws Exception {
        try (ACLContext ignored = ACL.as2(User.getById(user, true).impersonate2())) {
            return call.call();
        }
    }

    @Test
    void aUserGetsOnlyWhatTheCredentialsApiWouldGiveThem() throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ, Item.READ, CredentialsProvider.USE_ITEM)
                .everywhere()
                .to("user")
                .grant(Jenkins.READ, Item.READ, CredentialsProvider.VIEW)
                .everywhere()
                .to("viewer"));
        FreeStyleProject job = j.createFreeStyleProject("app");

        // The system's lookups (what a build sees) come first.
        assertThat(OrgStoreView.tokens(job, ACL.SYSTEM2).resolver().resolve("prod").id(), is("prod"));

        // Credentials/View shows ids; it never lets anyone use a credential: a build running as "viewer" gets nothing.
        Authentication viewer = User.getById("viewer", true).impersonate2();
        assertThat(new OrgStoreView(job, viewer).list(), is(empty()));
        assertThat(new OrgStoreView(job, viewer).findRegistered("prod").isPresent(), is(false));
        assertThat(new OrgStoreView(job, viewer).credentials("prod").orElse(null), is((Object) null));
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> OrgStoreView.tokens(job, viewer).resolver().resolve("prod"));
        assertThat(e.reason(), is(Reason.NOT_FOUND));

        // Credentials/UseItem on the job lets a build running as "user" use what the job may use, as
        // CredentialsProvider.findCredentialById does; whichever thread asks, the answer is the same.
        Authentication user = User.getById("user", true).impersonate2();
        assertThat(new OrgStoreView(job, user).findRegistered("prod").isPresent(), is(true));
        assertThat(as("viewer", () -> new OrgStoreView(job, user).list()).size(), is(1));
        assertThat(as("user", () -> new OrgStoreView(job, viewer).list()), is(empty()));
    }
}
