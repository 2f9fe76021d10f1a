package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.authUrlCredential;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.Util;
import hudson.security.ACL;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import java.util.List;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * Loading credentials from disk never calls Salesforce: neither one that worked when it was sent as XML, nor one
 * that was never validated (its refresh token revoked meanwhile), in the system store or in a folder's.
 */
class CredentialsXmlRestartTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private EmulatedSalesforce sf;

    @AfterEach
    void stop() {
        if (sf != null) {
            sf.close();
        }
    }

    @Test
    void credentialsLoadedFromDiskAreNeverSentToSalesforce() throws Throwable {
        sessions.then(j -> {
            sf = new EmulatedSalesforce(); // the health check, which would test these orgs on its own, is off
            String type = SalesforceAuthUrlCredentialsImpl.class.getName();
            WebResponse r = XmlRequests.postXml(
                    j,
                    "credentials/store/system/domain/_/createCredentials",
                    "<" + type + "><scope>GLOBAL</scope><id>prod</id><sfdxAuthUrl>"
                            + Util.xmlEscape(sf.authUrl(sf.admin)) + "</sfdxAuthUrl></" + type + ">");
            assertThat(r.getContentAsString(), r.getStatusCode(), is(200));
            assertThat(
                    OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2)
                            .testConnection("prod")
                            .ok(),
                    is(true));
            assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "prod").getUsername(), is("admin@acme.com"));

            RefreshToken revoked =
                    sf.emulator.issueRefreshToken(sf.devUser, sf.app).revoke();
            addSystem(authUrlCredential("unchecked", sf.emulator.authUrl(revoked)));
            Folder team = j.jenkins.createProject(Folder.class, "team");
            SalesforceService.storeOf(team)
                    .addCredentials(Domain.global(), authUrlCredential("inFolder", sf.emulator.authUrl(revoked)));
            sf.emulator.requests().reset();
        });
        sessions.then(j -> {
            assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "prod").getUsername(), is("admin@acme.com"));
            assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "unchecked"), notNullValue());
            assertThat(find(SalesforceAuthUrlCredentialsImpl.class, "unchecked").getUsername(), nullValue());
            Folder team = j.jenkins.getItemByFullName("team", Folder.class);
            CredentialsStore folderStore = SalesforceService.storeOf(team);
            assertThat(folderStore.getCredentials(Domain.global()).size(), is(1));
            List<SalesforceAuthUrlCredentialsImpl> inFolder = CredentialsProvider.lookupCredentialsInItemGroup(
                    SalesforceAuthUrlCredentialsImpl.class, team, ACL.SYSTEM2, List.of());
            assertThat(inFolder.stream().anyMatch(c -> c.getId().equals("inFolder")), is(true));
            assertThat(sf.emulator.requests().total(), is(0));
        });
    }
}
