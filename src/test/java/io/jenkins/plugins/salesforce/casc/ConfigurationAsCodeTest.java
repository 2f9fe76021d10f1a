package io.jenkins.plugins.salesforce.casc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.casc.CredentialsRootConfigurator;
import hudson.security.ACL;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.SecretSource;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.credentials.OrgStoreView;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
import io.jenkins.plugins.salesforce.credentials.SalesforceClientCredentialsImpl;
import io.jenkins.plugins.salesforce.credentials.SalesforceJitSandboxCredentialsImpl;
import io.jenkins.plugins.salesforce.credentials.SalesforceJwtCredentialsImpl;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.TestExtension;

/**
 * The four credential types and the global settings import from YAML (secrets through {@code ${VAR}}), never
 * calling Salesforce, and export with every secret encrypted.
 */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {
    static final String AUTH_URL = "force://PlatformCLI::5Aep861CANARYrefreshToken@acme.my.salesforce.com";
    /** The end date of the certificate of {@code ci-jwt} in the YAML. */
    static final Instant CERTIFICATE_NOT_AFTER = Instant.parse("2036-12-04T17:39:41Z");

    static final String PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nPEMCANARY\n-----END PRIVATE KEY-----";
    static final String PASSPHRASE = "PASSCANARY";
    static final String CLIENT_SECRET = "CLIENTSECRETCANARY";

    /** The secrets the YAML names, as an environment would give them. */
    @TestExtension
    public static class Secrets extends SecretSource {
        static final Map<String, String> VALUES = Map.of(
                "SF_PROD_AUTH_URL",
                AUTH_URL,
                "SF_CI_PRIVATE_KEY",
                PRIVATE_KEY,
                "SF_CI_KEY_PASSPHRASE",
                PASSPHRASE,
                "SF_INTEGRATION_SECRET",
                CLIENT_SECRET);

        @Override
        public Optional<String> reveal(String secret) {
            return Optional.ofNullable(VALUES.get(secret));
        }
    }

    private static <C extends SalesforceOrgCredentials> C credential(
            Class<C> type, String id, JenkinsConfiguredWithCodeRule j) {
        return CredentialsProvider.lookupCredentialsInItemGroup(type, j.jenkins, ACL.SYSTEM2, List.of()).stream()
                .filter(c -> c.getId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yaml")
    void importsEveryTypeAndTheSettings(JenkinsConfiguredWithCodeRule j) {
        SalesforceAuthUrlCredentialsImpl prod = credential(SalesforceAuthUrlCredentialsImpl.class, "prod", j);
        assertThat(prod.getSfdxAuthUrl().getPlainText(), is(AUTH_URL));
        assertThat(prod.isDevHub(), is(true));
        assertThat(prod.getMetadata(), is("env=prod,team=core"));
        // Nothing was discovered: loading never calls Salesforce.
        assertThat(prod.getUsername(), is(nullValue()));
        assertThat(prod.getOrgId(), is(nullValue()));

        SalesforceJwtCredentialsImpl jwt = credential(SalesforceJwtCredentialsImpl.class, "ci-jwt", j);
        assertThat(jwt.getPrivateKey().getPlainText(), is(PRIVATE_KEY));
        assertThat(jwt.getPassphrase().getPlainText(), is(PASSPHRASE));
        assertThat(jwt.getUsername(), is("ci@acme.com"));
        assertThat(jwt.getLoginUrl(), is("https://test.salesforce.com"));
        assertThat(jwt.getAudience(), is("https://acme.my.site.com/customers"));
        assertThat(jwt.getOrgType(), is("Sandbox"));
        assertThat(jwt.getCertificate(), startsWith("-----BEGIN CERTIFICATE-----"));
        assertThat(jwt.certificateNotAfter(), is(CERTIFICATE_NOT_AFTER));
        assertThat(jwt.getRegisteredAt(), is(nullValue())); // not given: unknown
        assertThat(prod.getExpireAfterDays(), is(90));
        assertThat(prod.getExpireAfterIdleDays(), is(30));
        assertThat(prod.getRegisteredAt(), is("2026-11-02T00:00:00Z"));
        assertThat(prod.getLastRotatedAt(), is(nullValue()));

        SalesforceClientCredentialsImpl integration =
                credential(SalesforceClientCredentialsImpl.class, "integration", j);
        assertThat(integration.getClientId(), is("3MVG9EXAMPLEclientCredentialsKey"));
        assertThat(integration.getClientSecret().getPlainText(), is(CLIENT_SECRET));
        assertThat(integration.getMyDomainUrl(), is("https://acme.my.salesforce.com"));
        assertThat(integration.getMetadata(), is("team=integration"));
        assertThat(integration.getUsername(), is(nullValue()));

        SalesforceJitSandboxCredentialsImpl uat = credential(SalesforceJitSandboxCredentialsImpl.class, "uat", j);
        assertThat(uat.getSandboxName(), is("uat"));
        assertThat(uat.getProductionCredentialsId(), is("prod"));

        SalesforceConfiguration config = SalesforceConfiguration.get();
        assertThat(config.getAllowedHostList(), is(List.of("http://127.0.0.1")));
        assertThat(config.getSessionTimeoutMinutes(), is(60));
        assertThat(config.getHealthCheckIntervalMinutes(), is(30));
        assertThat(config.getExpiryWarningDays(), is(21));
        assertThat(config.isTrustSystemBuilds(), is(true));
        assertThat(config.getCallbackUrl(), is("https://jenkins.example.com/salesforce/callback"));
        assertThat(config.getDefaultDevHub(), is("prod"));
        assertThat(
                new OrgStoreView(j.jenkins, ACL.SYSTEM2)
                        .defaultDevHub()
                        .orElseThrow()
                        .id(),
                is("prod"));
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yaml")
    void exportsWithSecretsEncrypted(JenkinsConfiguredWithCodeRule j) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CredentialsRootConfigurator root =
                j.jenkins.getExtensionList(CredentialsRootConfigurator.class).get(0);
        CNode node = root.describe(root.getTargetComponent(context), context);
        String yaml = Util.toYamlString(node);

        assertThat(yaml, containsString("salesforceAuthUrl:"));
        assertThat(yaml, containsString("salesforceJwt:"));
        assertThat(yaml, containsString("salesforceJitSandbox:"));
        assertThat(yaml, containsString("salesforceClientCredentials:"));
        assertThat(yaml, containsString("myDomainUrl: \"https://acme.my.salesforce.com\""));
        assertThat(yaml, not(containsString(CLIENT_SECRET)));
        assertThat(yaml, containsString("sandboxName: \"uat\""));
        assertThat(yaml, containsString("expireAfterDays: 90"));
        assertThat(yaml, containsString("expireAfterIdleDays: 30"));
        assertThat(yaml, containsString("registeredAt: \"2026-11-02T00:00:00Z\""));
        assertThat(yaml, containsString("BEGIN CERTIFICATE"));
        assertThat(yaml, not(containsString("CANARYrefreshToken")));
        assertThat(yaml, not(containsString("PEMCANARY")));
        assertThat(yaml, not(containsString(PASSPHRASE)));
        assertThat(yaml, not(containsString("force://")));

        String xml = Files.readString(j.jenkins.getRootDir().toPath().resolve("credentials.xml"));
        assertThat(xml, not(containsString("CANARYrefreshToken")));
        assertThat(xml, not(containsString("PEMCANARY")));
        assertThat(xml, not(containsString(CLIENT_SECRET)));
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yaml")
    void exportsTheSettings(JenkinsConfiguredWithCodeRule j) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        String yaml = Util.toYamlString(Util.getUnclassifiedRoot(context).get("salesforceOrgs"));
        assertThat(yaml, containsString("allowedHosts: \"http://127.0.0.1\""));
        assertThat(yaml, containsString("sessionTimeoutMinutes: 60"));
        assertThat(yaml, containsString("expiryWarningDays: 21"));
        assertThat(yaml, containsString("trustSystemBuilds: true"));
        assertThat(yaml, containsString("defaultDevHub: \"prod\""));
    }

    @Test
    @ConfiguredWithCode("default-dev-hub-not-a-dev-hub.yaml")
    void aDefaultDevHubThatIsNotADevHubLoadsAndIsReportedWhereItIsAskedFor(JenkinsConfiguredWithCodeRule j) {
        assertThat(SalesforceConfiguration.get().getDefaultDevHub(), is("other"));

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> OrgStoreView.tokens(j.jenkins, ACL.SYSTEM2).defaultDevHubToken());

        assertThat(e.reason(), is(Reason.WRONG_ORG_TYPE));
        assertThat(e.getMessage(), containsString("The default Dev Hub of the system credentials is 'other'"));
        assertThat(e.getMessage(), containsString("unclassified.salesforceOrgs.defaultDevHub"));
    }
}
