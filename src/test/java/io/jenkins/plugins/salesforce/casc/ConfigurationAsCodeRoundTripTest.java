package io.jenkins.plugins.salesforce.casc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.security.ACL;
import io.jenkins.plugins.casc.SecretSource;
import io.jenkins.plugins.casc.misc.junit.jupiter.AbstractRoundTripTest;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
import io.jenkins.plugins.salesforce.credentials.SalesforceClientCredentialsImpl;
import io.jenkins.plugins.salesforce.credentials.SalesforceJwtCredentialsImpl;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The full JCasC cycle (apply, check through the web UI, apply through the web UI, restart, apply from
 * {@code jenkins.yaml}).
 */
@WithJenkins
class ConfigurationAsCodeRoundTripTest extends AbstractRoundTripTest {

    @TestExtension
    public static class Secrets extends SecretSource {
        @Override
        public Optional<String> reveal(String secret) {
            return Optional.ofNullable(Map.of(
                            "SF_PROD_AUTH_URL", ConfigurationAsCodeTest.AUTH_URL,
                            "SF_CI_PRIVATE_KEY", ConfigurationAsCodeTest.PRIVATE_KEY,
                            "SF_CI_KEY_PASSPHRASE", ConfigurationAsCodeTest.PASSPHRASE,
                            "SF_INTEGRATION_SECRET", ConfigurationAsCodeTest.CLIENT_SECRET)
                    .get(secret));
        }
    }

    @Override
    protected void assertConfiguredAsExpected(JenkinsRule j, String configContent) {
        List<SalesforceOrgCredentials> all = CredentialsProvider.lookupCredentialsInItemGroup(
                SalesforceOrgCredentials.class, j.jenkins, ACL.SYSTEM2, List.of());
        assertThat(all.size(), is(4));
        SalesforceAuthUrlCredentialsImpl prod = (SalesforceAuthUrlCredentialsImpl)
                all.stream().filter(c -> c.getId().equals("prod")).findFirst().orElseThrow();
        assertThat(prod.getSfdxAuthUrl().getPlainText(), is(ConfigurationAsCodeTest.AUTH_URL));
        SalesforceClientCredentialsImpl integration = (SalesforceClientCredentialsImpl) all.stream()
                .filter(c -> c.getId().equals("integration"))
                .findFirst()
                .orElseThrow();
        assertThat(integration.getClientSecret().getPlainText(), is(ConfigurationAsCodeTest.CLIENT_SECRET));
        assertThat(integration.getMyDomainUrl(), is("https://acme.my.salesforce.com"));
        assertThat(SalesforceConfiguration.get().getDefaultDevHub(), is("prod"));
        // The expiry fields survive the cycle.
        assertThat(prod.getExpireAfterDays(), is(90));
        assertThat(prod.getExpireAfterIdleDays(), is(30));
        assertThat(prod.getRegisteredAt(), is("2026-11-02T00:00:00Z"));
        SalesforceJwtCredentialsImpl jwt = (SalesforceJwtCredentialsImpl)
                all.stream().filter(c -> c.getId().equals("ci-jwt")).findFirst().orElseThrow();
        assertThat(jwt.certificateNotAfter(), is(ConfigurationAsCodeTest.CERTIFICATE_NOT_AFTER));
        assertThat(SalesforceConfiguration.get().getExpiryWarningDays(), is(21));
    }

    @Override
    protected String stringInLogExpected() {
        return "SalesforceJitSandboxCredentialsImpl.sandboxName = uat";
    }
}
