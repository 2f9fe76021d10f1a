package io.jenkins.plugins.salesforce.core.orgs;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import org.hamcrest.MatcherAssert;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.function.Executable;

/** Orgs, secrets and assertions the org-registry tests share. */
final class Fixtures {
    static final String PROD_ORG_ID = "00D000000000001AAA";
    static final String HUB_ORG_ID = "00D000000000002AAA";
    static final String SANDBOX_ORG_ID = "00D000000000003AAA";
    static final String OTHER_ORG_ID = "00D000000000004AAA";

    private Fixtures() {}

    static AuthUrlSecret authUrl(String name) {
        return new AuthUrlSecret(
                SecretText.of("force://PlatformCLI::5Aep861FAKE" + name + "@" + name + ".my.salesforce.com"));
    }

    static JwtSecret jwtKey(String clientId) {
        return new JwtSecret(
                clientId,
                "https://login.salesforce.com",
                SecretText.of("-----BEGIN PRIVATE KEY-----\nMIIFAKE" + clientId + "\n-----END PRIVATE KEY-----"),
                null);
    }

    static ClientCredentialsSecret clientCredentials(String clientId) {
        return new ClientCredentialsSecret(
                clientId, SecretText.of("CCFAKESECRET" + clientId), "https://acme.my.salesforce.com");
    }

    /** An auth URL org record, as a store holds it. */
    static OrgRecord.Builder authUrlRecord(String id, String username) {
        return OrgRecord.builder(id, CredentialType.AUTH_URL)
                .username(username)
                .instanceUrl("https://acme.my.salesforce.com")
                .orgId(PROD_ORG_ID)
                .orgType(OrgType.PRODUCTION);
    }

    static OrgRecord.Builder devHubRecord(String id, String username) {
        return authUrlRecord(id, username).orgId(HUB_ORG_ID).devHub(true);
    }

    static OrgRecord.Builder jitRecord(String id, String sandboxName, String productionOrgId) {
        return OrgRecord.builder(id, CredentialType.JIT_SANDBOX)
                .sandboxName(sandboxName)
                .productionOrgId(productionOrgId);
    }

    static RegisteredOrg withSecret(OrgRecord record) {
        return switch (record.credentialType()) {
            case AUTH_URL -> new RegisteredOrg(record, authUrl(record.id()));
            case JWT -> new RegisteredOrg(record, jwtKey("client-" + record.id()));
            case CLIENT_CREDENTIALS -> new RegisteredOrg(record, clientCredentials("client-" + record.id()));
            case JIT_SANDBOX -> RegisteredOrg.jitSandbox(record);
        };
    }

    /** Asserts that the code fails with this reason and a message holding every fragment; returns the failure. */
    static SalesforceAuthException failsWith(Reason reason, Executable code, String... fragments) {
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, code);
        MatcherAssert.assertThat(e.getMessage(), e.reason(), Matchers.is(reason));
        for (String fragment : fragments) {
            MatcherAssert.assertThat(e.getMessage(), Matchers.containsString(fragment));
        }
        return e;
    }
}
