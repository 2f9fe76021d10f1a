package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.failsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** A JIT sandbox hangs off a registered production org, is checked through it, and stores no secret. */
class OrgRegistryJitSandboxTest extends RegistryTestBase {

    @BeforeEach
    void registerOrgs() {
        registered("prod", "admin@acme.com", OrgType.PRODUCTION, false);
        registered("beta", "admin@beta.com", OrgType.PRODUCTION, false);
        registered("dev-ed", "me@dev-ed.com", OrgType.DEVELOPER_EDITION, true);
        registered("qa", "admin@acme.com.qa", OrgType.SANDBOX, false);
        registered("scratch", "test-abc@example.com", OrgType.SCRATCH, false);
        salesforce.sandbox("prod", "uat", "00D000000000003");
        salesforce.sandbox("beta", "uat", "00D000000000005AAA");
        salesforce.sandbox("dev-ed", "dev1", "00D000000000006AAA");
        forgetCalls();
    }

    @Test
    void aJitSandboxIsCheckedThroughItsProductionOrgAndStoresNoSecret() {
        OrgRecord uat = registry.registerJitSandbox("uat", "prod");

        assertThat(uat.id(), is("org-1")); // generated: the request named no id
        assertThat(uat.credentialType(), is(CredentialType.JIT_SANDBOX));
        assertThat(uat.sandboxName(), is("uat"));
        assertThat(uat.productionOrgId(), is("prod"));
        assertThat(uat.orgId(), is("00D000000000003EAA"));
        assertThat(uat.orgType(), is(OrgType.SANDBOX));
        assertThat(uat.username(), is(nullValue()));
        assertThat(uat.instanceUrl(), is(nullValue()));
        assertThat(store.findRegistered(uat.id()).orElseThrow().secret(), is((OrgSecret) null));
        assertThat(salesforce.sandboxValidations.get(), is(1));
        assertThat(salesforce.validations.get(), is(0));
    }

    /** What the validator finds through the production org (sandboxAuth names the user and instance) is recorded. */
    @Test
    void theSandboxUserAndInstanceUrlAreRecordedAtRegistration() {
        salesforce.sandbox(
                "prod",
                "uat",
                new SandboxValidator.Sandbox(
                        "00D000000000003", "admin@acme.com.uat", "https://acme--uat.sandbox.my.salesforce.com"));

        OrgRecord uat = registry.registerJitSandbox("uat", "prod");

        assertThat(uat.username(), is("admin@acme.com.uat"));
        assertThat(uat.instanceUrl(), is("https://acme--uat.sandbox.my.salesforce.com"));
        assertThat(store.findById(uat.id()).orElseThrow().username(), is("admin@acme.com.uat"));

        salesforce.sandbox(
                "prod",
                "uat",
                new SandboxValidator.Sandbox(
                        "00D000000000009", "admin@acme.com.uat", "https://acme--uat2.sandbox.my.salesforce.com"));
        assertThat(
                "a refreshed sandbox registered again takes what Salesforce says now",
                registry.registerJitSandbox("uat", "prod").instanceUrl(),
                is("https://acme--uat2.sandbox.my.salesforce.com"));
    }

    @Test
    void theProductionOrgMayBeNamedByUsernameAndTheRequestCarriesIdMetadataAndDescription() {
        OrgRecord uat = registry.registerJitSandbox(JitSandboxRequest.of(" UAT ", "ADMIN@acme.com")
                .withId("acme-uat")
                .withMetadata(Map.of("env", "uat"))
                .withDescription("UAT"));
        assertThat(uat.id(), is("acme-uat"));
        assertThat(uat.sandboxName(), is("UAT"));
        assertThat(uat.productionOrgId(), is("prod"));
        assertThat(uat.metadata(), is(Map.of("env", "uat")));
        assertThat(uat.description(), is("UAT"));
    }

    @Test
    void aDeveloperEditionOrgCanBeTheProductionOrg() {
        assertThat(registry.registerJitSandbox("dev1", "dev-ed").productionOrgId(), is("dev-ed"));
    }

    @Test
    void theProductionOrgMustBeRegistered() {
        failsWith(
                Reason.NOT_FOUND,
                () -> registry.registerJitSandbox("uat", "nope"),
                "Production org 'nope' is not registered",
                "Register the production org first");
        assertThat(salesforce.sandboxValidations.get(), is(0));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void theProductionOrgMustBeNamed(String productionOrg) {
        failsWith(
                Reason.BAD_INPUT, () -> registry.registerJitSandbox("uat", productionOrg), "'productionOrg' is empty");
        assertThat(salesforce.sandboxValidations.get(), is(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"qa", "scratch"})
    void aSandboxOrScratchOrgCannotBeTheProductionOrg(String notProduction) {
        failsWith(
                Reason.WRONG_ORG_TYPE,
                () -> registry.registerJitSandbox("uat", notProduction),
                "'" + notProduction + "'",
                "not a production org");
        assertThat(salesforce.sandboxValidations.get(), is(0));
    }

    @Test
    void aJitSandboxCannotBeTheProductionOrgOfAnother() {
        registry.registerJitSandbox(JitSandboxRequest.of("uat", "prod").withId("acme-uat"));
        failsWith(
                Reason.WRONG_ORG_TYPE,
                () -> registry.registerJitSandbox("uat", "acme-uat"),
                "is a JIT sandbox, not a production org");
    }

    @ParameterizedTest
    @EnumSource(
            value = Reason.class,
            names = {"NOT_FOUND", "NOT_READY", "WRONG_ORG_TYPE", "INVALID_GRANT"})
    void whatTheSandboxCheckReportsPropagatesAndNothingIsStored(Reason reason) {
        salesforce.sandboxFailing(
                "prod", "uat", SalesforceAuthException.of(reason, "Sandbox uat: " + reason, "Fix it."));
        List<OrgRecord> before = store.list();
        failsWith(reason, () -> registry.registerJitSandbox("uat", "prod"), "Sandbox uat: " + reason);
        assertThat(store.list(), is(before));
    }

    @Test
    void registeringTheSameSandboxAgainUpdatesItAndKeepsItsId() {
        OrgRecord first = registry.registerJitSandbox(
                JitSandboxRequest.of("uat", "prod").withId("acme-uat").withMetadata(Map.of("env", "uat")));
        registry.recordDiscovery(
                first.id(),
                new DiscoveredOrg(
                        first.orgId(),
                        "admin@acme.com.uat",
                        "https://acme--uat.sandbox.my.salesforce.com",
                        OrgType.SANDBOX,
                        false));
        salesforce.sandbox("prod", "uat", "00D000000000009"); // refreshed: a new org

        OrgRecord again = registry.registerJitSandbox(
                JitSandboxRequest.of("UAT", "admin@acme.com").withId("other"));

        assertThat(again.id(), is("acme-uat"));
        assertThat(again.orgId(), is("00D000000000009EAA"));
        assertThat(again.username(), is("admin@acme.com.uat"));
        assertThat(again.instanceUrl(), is("https://acme--uat.sandbox.my.salesforce.com"));
        assertThat(again.metadata(), is(Map.of("env", "uat")));
        assertThat(store.findJitSandboxes("uat").size(), is(1));
        assertThat(
                registry.registerJitSandbox(JitSandboxRequest.of("uat", "prod").withMetadata(Map.of()))
                        .metadata(),
                is(Map.of()));
    }

    @Test
    void theSameNameUnderAnotherProductionOrgIsAnotherJitSandbox() {
        OrgRecord acme = registry.registerJitSandbox("uat", "prod");
        OrgRecord beta = registry.registerJitSandbox("uat", "beta");
        assertThat(
                store.findJitSandboxes("UAT").stream().map(OrgRecord::id).toList(),
                containsInAnyOrder(acme.id(), beta.id()));
    }

    @Test
    void aSandboxRegisteredWithItsOwnAuthUrlIsNotRegisteredAgainAsJit() {
        salesforce.sandbox("prod", "qa", "00D000000000007AAA");
        failsWith(
                Reason.NOT_ALLOWED,
                () -> registry.registerJitSandbox("qa", "prod"),
                "already registered as org 'qa' (admin@acme.com.qa)",
                "Use org 'qa'");
        assertThat(salesforce.sandboxValidations.get(), is(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "qa-1", "abcdefghijk", "uat!"})
    void aMalformedSandboxNameIsRefusedBeforeCallingSalesforce(String name) {
        failsWith(Reason.BAD_INPUT, () -> registry.registerJitSandbox(name, "prod"), "'sandboxName'", "1 to 10");
        assertThat(salesforce.sandboxValidations.get(), is(0));
    }

    @Test
    void aNewJitSandboxCannotTakeTheIdOfAnotherOrg() {
        failsWith(
                Reason.NOT_ALLOWED,
                () -> registry.registerJitSandbox(
                        JitSandboxRequest.of("uat", "prod").withId("beta")),
                "The id 'beta' is already used by org 'beta' (admin@beta.com)");
        assertThat(store.findJitSandboxes("uat").isEmpty(), is(true));
    }

    @Test
    void aProductionOrgRemovedDuringTheSandboxCheckIsReportedAndNothingIsStored() {
        OrgRegistry racing = new OrgRegistry(store, salesforce, (production, name) -> {
            store.remove(production.id());
            return new SandboxValidator.Sandbox("00D000000000003", null, null);
        });
        failsWith(Reason.NOT_FOUND, () -> racing.registerJitSandbox("uat", "prod"), "Production org 'prod'");
        assertThat(store.findJitSandboxes("uat").isEmpty(), is(true));
    }
}
