package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrl;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.failsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Update and remove, the default Dev Hub, and discovered fields filled on first use. */
class OrgRegistryUpdateTest extends RegistryTestBase {
    private boolean expectNoSalesforceCall;

    @BeforeEach
    void registerOrgs() {
        registered("prod", "admin@acme.com", OrgType.PRODUCTION, false);
        registered("hub1", "hub1@acme.com", OrgType.PRODUCTION, true);
        registered("hub2", "hub2@acme.com", OrgType.DEVELOPER_EDITION, true);
        registry.setDefaultDevHub("hub1");
        salesforce.sandbox("prod", "uat", "00D000000000003AAA");
        registry.registerJitSandbox(JitSandboxRequest.of("uat", "prod").withId("acme-uat"));
        forgetCalls();
        expectNoSalesforceCall = true;
    }

    @AfterEach
    void updatesNeverCallSalesforce() {
        if (expectNoSalesforceCall) {
            assertThat("validations", salesforce.validations.get(), is(0));
            assertThat("sandbox validations", salesforce.sandboxValidations.get(), is(0));
        }
    }

    private List<String> defaults() {
        return store.list().stream()
                .filter(OrgRecord::defaultDevHub)
                .map(OrgRecord::id)
                .toList();
    }

    @Test
    void metadataIsReplacedWithoutCallingSalesforce() {
        registry.updateMetadata("prod", null, null, Map.of("team", "core", "env", "ci"));
        OrgRecord prod = registry.updateMetadata("prod", null, null, Map.of("team", "web"));
        assertThat(prod.metadata(), is(Map.of("team", "web")));
        assertThat(store.findById("prod").orElseThrow().metadata(), is(Map.of("team", "web")));
    }

    @Test
    void nullMetadataKeepsIt() {
        registry.updateMetadata("prod", null, null, Map.of("team", "core"));
        assertThat(registry.updateMetadata("prod", null, null, null).metadata(), is(Map.of("team", "core")));
    }

    @Test
    void theSecretIsKept() {
        RegisteredOrg before = store.findRegistered("prod").orElseThrow();
        registry.updateMetadata("prod", null, null, Map.of("team", "core"));
        assertThat(store.findRegistered("prod").orElseThrow().secret(), is(before.secret()));
        assertThat(before.secret(), is(authUrl("prod")));
    }

    @Test
    void anOrgIsFoundByUsernameOrJitSandboxNameToo() {
        assertThat(
                registry.updateMetadata("ADMIN@acme.com", null, null, Map.of("a", "1"))
                        .id(),
                is("prod"));
        assertThat(
                registry.updateMetadata("UAT", null, null, Map.of("env", "uat")).id(), is("acme-uat"));
    }

    @Test
    void makingAnOrgTheDefaultDevHubClearsTheOldDefault() {
        OrgRecord hub2 = registry.updateMetadata("hub2", null, true, null);
        assertThat(hub2.defaultDevHub(), is(true));
        assertThat(defaults(), contains("hub2"));
    }

    @Test
    void anOrgMarkedDevHubInTheSameUpdateCanBecomeTheDefault() {
        OrgRecord prod = registry.updateMetadata("prod", true, true, null);
        assertThat(prod.devHub(), is(true));
        assertThat(defaults(), contains("prod"));
    }

    @Test
    void anOrgThatIsNotADevHubCannotBecomeTheDefault() {
        failsWith(
                Reason.WRONG_ORG_TYPE,
                () -> registry.updateMetadata("prod", null, true, null),
                "'prod' (admin@acme.com) is not registered as a Dev Hub");
        failsWith(
                Reason.BAD_INPUT,
                () -> registry.updateMetadata("hub2", false, true, null),
                "'defaultDevHub' is true but 'devHub' is false");
        assertThat(defaults(), contains("hub1"));
    }

    @Test
    void aSandboxCannotBeMarkedDevHub() {
        failsWith(Reason.BAD_INPUT, () -> registry.updateMetadata("acme-uat", true, null, null), "'devHub'");
    }

    @Test
    void turningDevHubOffAlsoStopsTheOrgBeingTheDefault() {
        OrgRecord hub1 = registry.updateMetadata("hub1", false, null, null);
        assertThat(hub1.devHub(), is(false));
        assertThat(hub1.defaultDevHub(), is(false));
        assertThat(store.defaultDevHub(), is(Optional.empty()));
    }

    @Test
    void defaultDevHubFalseClearsTheDefaultOnlyOnThatOrg() {
        registry.updateMetadata("hub2", null, false, null);
        assertThat(defaults(), contains("hub1"));
        registry.updateMetadata("hub1", null, false, null);
        assertThat(defaults(), is(empty()));
        assertThat(store.findById("hub1").orElseThrow().devHub(), is(true));
    }

    @Test
    void invalidMetadataChangesNothing() {
        List<OrgRecord> before = store.list();
        failsWith(
                Reason.BAD_INPUT, () -> registry.updateMetadata("prod", null, null, Map.of("a=b", "c")), "'metadata'");
        failsWith(Reason.NOT_FOUND, () -> registry.updateMetadata("nope", null, null, Map.of()), "'nope'");
        assertThat(store.list(), is(before));
    }

    @Test
    void setDefaultDevHubTakesAnyReference() {
        assertThat(registry.setDefaultDevHub("HUB2@acme.com").id(), is("hub2"));
        assertThat(defaults(), contains("hub2"));
        failsWith(Reason.WRONG_ORG_TYPE, () -> registry.setDefaultDevHub("prod"), "not a Dev Hub");
        failsWith(Reason.NOT_FOUND, () -> registry.setDefaultDevHub("nope"), "'nope'");
        assertThat(defaults(), contains("hub2"));
    }

    @Test
    void removeTakesAnyReferenceAndReturnsTheRemovedOrg() {
        assertThat(registry.remove("uat").id(), is("acme-uat"));
        assertThat(registry.remove("HUB2@ACME.COM").id(), is("hub2"));
        assertThat(registry.remove("hub1").id(), is("hub1"));
        assertThat(store.list().stream().map(OrgRecord::id).toList(), contains("prod"));
        assertThat(store.defaultDevHub(), is(Optional.empty()));
        failsWith(Reason.NOT_FOUND, () -> registry.remove("hub1"), "'hub1'");
    }

    @Test
    void aProductionOrgWithJitSandboxesCannotBeRemovedBeforeThem() {
        failsWith(
                Reason.NOT_ALLOWED,
                () -> registry.remove("prod"),
                "production org of the JIT sandboxes 'acme-uat'",
                "Remove those JIT sandboxes first");
        assertThat(store.findById("prod").isPresent(), is(true));
        registry.remove("acme-uat");
        assertThat(registry.remove("prod").id(), is("prod"));
    }

    @Test
    void aJitSandboxLearnsItsUsernameAndInstanceUrlOnFirstUse() {
        OrgRecord uat = registry.recordDiscovery(
                "acme-uat",
                new DiscoveredOrg(
                        "00D000000000003AAA",
                        "admin@acme.com.uat",
                        "https://acme--uat.sandbox.my.salesforce.com",
                        OrgType.SANDBOX,
                        false));
        assertThat(uat.username(), is("admin@acme.com.uat"));
        assertThat(uat.instanceUrl(), is("https://acme--uat.sandbox.my.salesforce.com"));
        assertThat(uat.orgType(), is(OrgType.SANDBOX));
        assertThat(resolver.resolve("admin@acme.com.uat").id(), is("acme-uat"));
        assertThat(store.findRegistered("acme-uat").orElseThrow().secret(), is((OrgSecret) null));
    }

    @Test
    void anOrgLoadedWithoutDiscoveredFieldsGetsThemOnFirstUse() {
        store.save(new RegisteredOrg(
                OrgRecord.builder("casc", CredentialType.AUTH_URL).devHub(true).build(), authUrl("casc")));
        OrgRecord casc = registry.recordDiscovery(
                "casc",
                new DiscoveredOrg(
                        "00D000000000008",
                        "casc@acme.com",
                        "https://casc.my.salesforce.com",
                        OrgType.DEVELOPER_EDITION,
                        true));
        assertThat(casc.username(), is("casc@acme.com"));
        assertThat(casc.orgId(), is("00D000000000008EAA"));
        assertThat(casc.orgType(), is(OrgType.DEVELOPER_EDITION));
        assertThat(casc.devHub(), is(true));
    }

    @Test
    void anOrgThatNowSignsInAsSomeoneElseIsNotSilentlyChanged() {
        OrgRecord before = store.findById("prod").orElseThrow();
        failsWith(
                Reason.NOT_ALLOWED,
                () -> registry.recordDiscovery(
                        "prod",
                        new DiscoveredOrg(
                                before.orgId(), "intruder@acme.com", before.instanceUrl(), OrgType.PRODUCTION, false)),
                "now signs in as intruder@acme.com");
        failsWith(
                Reason.NOT_FOUND,
                () -> registry.recordDiscovery(
                        "nope",
                        new DiscoveredOrg(
                                before.orgId(), "x@acme.com", before.instanceUrl(), OrgType.PRODUCTION, false)),
                "'nope'");
        assertThat(store.findById("prod").orElseThrow(), is(before));
    }
}
