package io.jenkins.plugins.salesforce.credentials;

import static io.jenkins.plugins.salesforce.credentials.DefaultDevHubsTest.defaultDevHub;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.addSystem;
import static io.jenkins.plugins.salesforce.credentials.EmulatedSalesforce.find;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A {@code credentials.xml} edited by hand to hold two default Dev Hubs loads as it is (loading changes nothing and
 * calls nobody), then is repaired once Jenkins has started: the first default in the file keeps the mark, the file
 * is saved with one default, and the administrators are told.
 */
class DefaultDevHubsRestartTest {
    private static final Pattern NOT_DEFAULT = Pattern.compile("<defaultDevHub>false</defaultDevHub>");

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void aHandEditedCredentialsXmlWithTwoDefaultsIsRepairedAtStartup() throws Throwable {
        sessions.then(j -> {
            SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0);
            addSystem(defaultDevHub("prod"));
            SalesforceOrgCredentialsImpl dev = defaultDevHub("dev");
            dev.setDefaultDevHub(false);
            addSystem(dev);
            // The hand edit: dev becomes a default too (Jenkins is stopped before it reads the file again).
            Path file = credentialsXml();
            String xml = Files.readString(file);
            Matcher m = NOT_DEFAULT.matcher(xml);
            assertThat(m.find(), is(true));
            Files.writeString(file, m.replaceFirst("<defaultDevHub>true</defaultDevHub>"));
        });
        sessions.then(j -> {
            assertThat(find(SalesforceOrgCredentialsImpl.class, "prod").isDefaultDevHub(), is(true));
            assertThat(find(SalesforceOrgCredentialsImpl.class, "dev").isDefaultDevHub(), is(false));
            String saved = Files.readString(credentialsXml());
            assertThat(saved.split("<defaultDevHub>true</defaultDevHub>", -1).length, is(2)); // one mark left
            DefaultDevHubMonitor monitor = DefaultDevHubMonitor.get();
            assertThat(monitor.isActivated(), is(true));
            assertThat(monitor.getRepairs().get(0).kept(), is("prod"));
            assertThat(monitor.getRepairs().get(0).cleared(), contains("dev"));
        });
    }

    private static Path credentialsXml() {
        return Jenkins.get().getRootDir().toPath().resolve("credentials.xml");
    }
}
