package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrl;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrlRecord;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.failsWith;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.withSecret;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code org:} references: by id, then username, then JIT sandbox name. */
class OrgRegistryResolveTest extends RegistryTestBase {

    @BeforeEach
    void registerOrgs() {
        registered("prod", "admin@acme.com", OrgType.PRODUCTION, false);
        registered("beta", "admin@beta.com", OrgType.PRODUCTION, false);
        registered("hub", "hub@acme.com", OrgType.PRODUCTION, true);
        salesforce.sandbox("prod", "uat", "00D000000000003AAA");
        salesforce.sandbox("prod", "qa", "00D000000000004AAA");
        salesforce.sandbox("beta", "qa", "00D000000000005AAA");
        registry.registerJitSandbox(JitSandboxRequest.of("uat", "prod").withId("acme-uat"));
        registry.registerJitSandbox(JitSandboxRequest.of("qa", "prod").withId("acme-qa"));
        registry.registerJitSandbox(JitSandboxRequest.of("qa", "beta").withId("beta-qa"));
    }

    @Test
    void anIdResolvesExactly() {
        assertThat(resolver.resolve("prod").id(), is("prod"));
        assertThat(resolver.resolve(" prod ").id(), is("prod"));
        failsWith(Reason.NOT_FOUND, () -> resolver.resolve("PROD"), "'PROD'");
    }

    @Test
    void aUsernameResolvesInAnyCase() {
        assertThat(resolver.resolve("Admin@ACME.com").id(), is("prod"));
    }

    @Test
    void aJitSandboxNameResolvesInAnyCase() {
        assertThat(resolver.resolve("UAT").id(), is("acme-uat"));
    }

    @Test
    void anIdWinsOverAUsername() {
        store.save(withSecret(authUrlRecord("hub@acme.com", "other@acme.com").build()));
        assertThat(resolver.resolve("hub@acme.com").id(), is("hub@acme.com"));
        assertThat(resolver.resolve("HUB@acme.com").id(), is("hub"));
    }

    @Test
    void anIdWinsOverAJitSandboxName() {
        store.save(withSecret(authUrlRecord("uat", "someone@acme.com").build()));
        assertThat(resolver.resolve("uat").id(), is("uat"));
        assertThat(resolver.resolve("acme-uat").id(), is("acme-uat"));
    }

    @Test
    void aSandboxNameUnderSeveralProductionOrgsAsksForTheId() {
        failsWith(
                Reason.BAD_INPUT,
                () -> resolver.resolve("QA"),
                "'QA' is registered under several production orgs: 'acme-qa' (of 'prod'), 'beta-qa' (of 'beta')",
                "Use the id of the one you mean: 'acme-qa' or 'beta-qa'.");
    }

    @Test
    void anUnknownReferenceSaysWhatWasTried() {
        failsWith(
                Reason.NOT_FOUND,
                () -> resolver.resolve("staging"),
                "No registered org has 'staging' as its id, its username or its JIT sandbox name.",
                "salesforceOrgs()");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void aBlankReferenceIsBadInput(String ref) {
        failsWith(
                Reason.BAD_INPUT,
                () -> resolver.resolve(ref),
                "No org was named",
                "credentials id",
                "username",
                "JIT sandbox");
    }

    @Test
    void resolveRegisteredAddsTheSecret() {
        RegisteredOrg prod = resolver.resolveRegistered("admin@acme.com");
        assertThat(prod.id(), is("prod"));
        assertThat(prod.secret(), is(authUrl("prod")));
        assertThat(resolver.resolveRegistered("uat").secret(), is((OrgSecret) null));
    }

    @Test
    void theDefaultDevHubResolvesOnceOneIsMarked() {
        failsWith(
                Reason.NOT_FOUND,
                () -> resolver.resolveDefaultDevHub(),
                "No default Dev Hub is set",
                "Mark one Dev Hub as the default");
        registry.setDefaultDevHub("hub");
        assertThat(resolver.resolveDefaultDevHub().id(), is("hub"));
    }

    @Test
    void aJitSandboxLeadsToItsProductionOrgWithItsSecret() {
        RegisteredOrg production = resolver.productionOrgOf(resolver.resolve("uat"));
        assertThat(production.id(), is("prod"));
        assertThat(production.secret(), is(authUrl("prod")));
        failsWith(Reason.BAD_INPUT, () -> resolver.productionOrgOf(resolver.resolve("prod")), "not a JIT sandbox");
    }

    @Test
    void aJitSandboxWhoseProductionOrgVanishedSaysHowToRecover() {
        store.remove("prod"); // bypassing the registry's guard, as a Jenkins admin deleting the credential would
        failsWith(
                Reason.NOT_FOUND,
                () -> resolver.productionOrgOf(resolver.resolve("uat")),
                "The production org 'prod' of JIT sandbox 'acme-uat'",
                "Register the production org again");
    }
}
