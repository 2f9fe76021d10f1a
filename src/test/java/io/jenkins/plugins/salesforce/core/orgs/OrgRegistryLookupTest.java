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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lists and lookups the UI and the token flows (sandbox auth, scratch-org auth, frontdoor URLs) use. */
class OrgRegistryLookupTest extends RegistryTestBase {

    @BeforeEach
    void registerOrgs() {
        // Registered out of id order on purpose.
        registered("zeta-prod", "admin@zeta.com", OrgType.PRODUCTION, false);
        registered("hub-b", "hub@b.com", OrgType.PRODUCTION, true);
        registered("acme-prod", "admin@acme.com", OrgType.PRODUCTION, false);
        registered("hub-a", "hub@a.com", OrgType.DEVELOPER_EDITION, true);
        registered("trial", "admin@trial.com", OrgType.TRIAL, false);
        registered("acme-qa", "admin@acme.com.qa", OrgType.SANDBOX, false);
        registered("scratch", "test-abc@example.com", OrgType.SCRATCH, false);
        store.save(new RegisteredOrg(
                OrgRecord.builder("casc", CredentialType.AUTH_URL).build(), authUrl("casc")));
        salesforce.sandbox("acme-prod", "uat", "00D000000000003AAA");
        registry.registerJitSandbox(JitSandboxRequest.of("uat", "acme-prod").withId("acme-uat"));
        registry.setDefaultDevHub("hub-b");
    }

    private static List<String> ids(List<OrgRecord> orgs) {
        return orgs.stream().map(OrgRecord::id).toList();
    }

    @Test
    void listIsSortedByIdAndFiltered() {
        assertThat(
                ids(resolver.list(OrgFilter.ANY)),
                contains(
                        "acme-prod", "acme-qa", "acme-uat", "casc", "hub-a", "hub-b", "scratch", "trial", "zeta-prod"));
        assertThat(ids(resolver.list(null)).size(), is(9));
        assertThat(ids(resolver.list(OrgFilter.parse("sandbox", null, null))), contains("acme-qa", "acme-uat"));
        assertThat(ids(resolver.list(OrgFilter.parse(null, "true", null))), contains("hub-a", "hub-b"));
        registry.updateMetadata("hub-a", null, null, Map.of("team", "core"));
        registry.updateMetadata("acme-qa", null, null, Map.of("team", "core"));
        assertThat(
                ids(resolver.list(OrgFilter.parse(null, null, "{\"team\":\"core\"}"))), contains("acme-qa", "hub-a"));
        assertThat(ids(resolver.list(OrgFilter.parse(null, "true", "team=core"))), contains("hub-a"));
    }

    @Test
    void productionOrgsAreTheOnesThatAreNotSandboxesInAStableOrder() {
        assertThat(ids(resolver.productionOrgs()), contains("acme-prod", "hub-a", "hub-b", "trial", "zeta-prod"));
    }

    @Test
    void devHubsPutTheDefaultFirst() {
        assertThat(ids(resolver.devHubs()), contains("hub-b", "hub-a"));
        registry.updateMetadata("hub-b", null, false, null);
        assertThat(ids(resolver.devHubs()), contains("hub-a", "hub-b"));
    }

    @Test
    void aRegisteredJitSandboxIsFoundByNameWithOrWithoutItsProductionOrg() {
        assertThat(resolver.findRegisteredSandbox("UAT", null).map(OrgRecord::id), is(Optional.of("acme-uat")));
        assertThat(resolver.findRegisteredSandbox("uat", "acme-prod").map(OrgRecord::id), is(Optional.of("acme-uat")));
        assertThat(
                resolver.findRegisteredSandbox("uat", "admin@acme.com").map(OrgRecord::id),
                is(Optional.of("acme-uat")));
        assertThat(resolver.findRegisteredSandbox("uat", "zeta-prod"), is(Optional.empty()));
    }

    @Test
    void aSandboxRegisteredWithItsOwnAuthUrlIsFoundByItsUsername() {
        assertThat(resolver.findRegisteredSandbox("QA", null).map(OrgRecord::id), is(Optional.of("acme-qa")));
        assertThat(resolver.findRegisteredSandbox("qa", "acme-prod").map(OrgRecord::id), is(Optional.of("acme-qa")));
        assertThat(resolver.findRegisteredSandbox("qa", "zeta-prod"), is(Optional.empty()));
        assertThat(resolver.findRegisteredSandbox("dev", null), is(Optional.empty()));
    }

    @Test
    void anOrgWhoseUsernameLooksLikeASandboxUserButIsNotASandboxIsNotOne() {
        registered("odd", "admin@zeta.com.dev", OrgType.PRODUCTION, false);
        assertThat(resolver.findRegisteredSandbox("dev", null), is(Optional.empty()));
    }

    @Test
    void sandboxLookupChecksTheNameAndTheProductionOrg() {
        failsWith(Reason.BAD_INPUT, () -> resolver.findRegisteredSandbox("qa-1", null), "'sandboxName'");
        failsWith(Reason.NOT_FOUND, () -> resolver.findRegisteredSandbox("qa", "nope"), "'nope'");
    }

    @Test
    void aRegisteredScratchOrgIsFoundByUsernameInAnyCase() {
        assertThat(
                resolver.findRegisteredScratchOrg("TEST-abc@example.com").map(OrgRecord::id),
                is(Optional.of("scratch")));
        assertThat(resolver.findRegisteredScratchOrg("other@example.com"), is(Optional.empty()));
        assertThat(resolver.findRegisteredScratchOrg(" "), is(Optional.empty()));
    }

    @Test
    void theOrgsOfARepositoryComeDefaultDevHubFirstThenDevHubsThenTheRest() {
        for (String id : List.of("acme-prod", "hub-a", "hub-b", "zeta-prod")) {
            registry.updateMetadata(id, null, null, Map.of(OrgMetadata.REPOSITORY, "Acme/Billing"));
        }
        registry.updateMetadata("trial", null, null, Map.of(OrgMetadata.REPOSITORY, "acme/other"));
        assertThat(
                ids(resolver.findByRepository("acme/billing")), contains("hub-b", "hub-a", "acme-prod", "zeta-prod"));
        assertThat(ids(resolver.findByRepository(" ACME/BILLING ")).size(), is(4));
        assertThat(resolver.findByRepository("acme/none"), is(empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "billing", "acme/billing/x", "https://github.com/acme/billing", "acme /billing"})
    void aRepositoryMustBeOwnerSlashName(String repository) {
        failsWith(Reason.BAD_INPUT, () -> resolver.findByRepository(repository), "'repository'", "acme/billing");
    }
}
