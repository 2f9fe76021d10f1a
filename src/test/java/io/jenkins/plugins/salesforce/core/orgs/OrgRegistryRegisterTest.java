package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.FakeSalesforce.discovered;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrl;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.failsWith;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.jwtKey;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Registering an auth-URL or JWT org: validated with Salesforce first, then upserted by the discovered username. */
class OrgRegistryRegisterTest extends RegistryTestBase {
    private static final String PROD_ID = "00D000000000001AAA";

    private AuthUrlSecret knownAuthUrl(String name, String username, OrgType type, boolean devHub) {
        AuthUrlSecret secret = authUrl(name);
        salesforce.org(secret, discovered(nextOrgId(), username, type, devHub));
        return secret;
    }

    @Test
    void anAuthUrlOrgIsStoredWithWhatSalesforceDiscovered() {
        AuthUrlSecret secret = authUrl("prod");
        salesforce.org(
                secret,
                new DiscoveredOrg(
                        "00D000000000001",
                        "admin@acme.com",
                        "https://acme.my.salesforce.com",
                        OrgType.PRODUCTION,
                        false));

        OrgRecord org = registry.register(RegistrationRequest.of(secret)
                .withMetadata(Map.of("team", "core"))
                .withDescription("Production"));

        assertThat(org.id(), is("org-1"));
        assertThat(org.credentialType(), is(CredentialType.AUTH_URL));
        assertThat(org.username(), is("admin@acme.com"));
        assertThat(org.orgId(), is("00D000000000001EAA"));
        assertThat(org.orgType(), is(OrgType.PRODUCTION));
        assertThat(org.instanceUrl(), is("https://acme.my.salesforce.com"));
        assertThat(org.devHub(), is(false));
        assertThat(org.defaultDevHub(), is(false));
        assertThat(org.allowAuthUrlExport(), is(false));
        assertThat(org.metadata(), is(Map.of("team", "core")));
        assertThat(org.description(), is("Production"));
        assertThat(store.findRegistered("org-1").orElseThrow(), is(new RegisteredOrg(org, secret)));
        assertThat(salesforce.validations.get(), is(1));
    }

    @Test
    void aNewOrgTakesTheRequestedId() {
        AuthUrlSecret secret = knownAuthUrl("prod", "admin@acme.com", OrgType.PRODUCTION, false);
        assertThat(
                registry.register(RegistrationRequest.of(secret).withId(" prod "))
                        .id(),
                is("prod"));
    }

    @Test
    void aFailedValidationStoresNothing() {
        salesforce.failing(
                authUrl("revoked"),
                SalesforceAuthException.of(
                        Reason.INVALID_GRANT, "Salesforce refused the refresh token.", "Store a new auth URL."));
        failsWith(
                Reason.INVALID_GRANT,
                () -> registry.register(RegistrationRequest.of(authUrl("revoked"))),
                "refresh token");
        assertThat(store.list(), is(empty()));
    }

    @Test
    void aFailedValidationLeavesTheRegisteredOrgUntouched() {
        AuthUrlSecret good = knownAuthUrl("prod", "admin@acme.com", OrgType.PRODUCTION, true);
        registry.register(RegistrationRequest.of(good)
                .withId("prod")
                .withDefaultDevHub(true)
                .withMetadata(Map.of("team", "core")));
        RegisteredOrg before = store.findRegistered("prod").orElseThrow();

        // A new auth URL for the same user that Salesforce refuses: nothing may change.
        salesforce.failing(
                authUrl("prod-new"),
                SalesforceAuthException.of(Reason.INACTIVE_USER, "The user is inactive.", "Reactivate the user."));
        failsWith(
                Reason.INACTIVE_USER,
                () -> registry.register(RegistrationRequest.of(authUrl("prod-new"))
                        .withUsername("admin@acme.com")
                        .withMetadata(Map.of("team", "web"))
                        .withDefaultDevHub(false)));

        assertThat(store.findRegistered("prod").orElseThrow(), is(before));
        assertThat(store.list(), contains(before.record()));
        assertThat(store.defaultDevHub().orElseThrow().id(), is("prod"));
    }

    @Test
    void registeringTheSameUsernameTwiceUpdatesTheOrgAndKeepsItsId() {
        AuthUrlSecret first = knownAuthUrl("first", "admin@acme.com", OrgType.PRODUCTION, false);
        OrgRecord original = registry.register(RegistrationRequest.of(first).withId("prod"));
        AuthUrlSecret second = authUrl("second");
        salesforce.org(
                second,
                new DiscoveredOrg(
                        original.orgId(),
                        "ADMIN@acme.com",
                        "https://acme-new.my.salesforce.com",
                        OrgType.PRODUCTION,
                        false));

        OrgRecord updated = registry.register(RegistrationRequest.of(second));

        assertThat(updated.id(), is("prod"));
        assertThat(updated.instanceUrl(), is("https://acme-new.my.salesforce.com"));
        assertThat(store.list(), contains(updated));
        assertThat(store.findRegistered("prod").orElseThrow().secret(), is(second));
    }

    @Test
    void theRequestedIdIsIgnoredWhenTheUsernameIsAlreadyRegistered() {
        AuthUrlSecret secret = knownAuthUrl("prod", "admin@acme.com", OrgType.PRODUCTION, false);
        registry.register(RegistrationRequest.of(secret).withId("prod"));
        OrgRecord again = registry.register(RegistrationRequest.of(secret).withId("prod-2"));
        assertThat(again.id(), is("prod"));
        assertThat(store.findById("prod-2"), is(Optional.empty()));
    }

    @Test
    void aNewOrgCannotTakeTheIdOfAnotherOrg() {
        registered("prod", "admin@acme.com", OrgType.PRODUCTION, false);
        OrgRecord before = store.findById("prod").orElseThrow();
        AuthUrlSecret other = knownAuthUrl("other", "release@acme.com", OrgType.PRODUCTION, false);

        failsWith(
                Reason.NOT_ALLOWED,
                () -> registry.register(RegistrationRequest.of(other).withId("prod")),
                "'prod'",
                "admin@acme.com",
                "Choose another id for release@acme.com");
        assertThat(store.list(), contains(before));
    }

    @Test
    void anUpdateKeepsTheChoicesTheRequestLeavesOut() {
        AuthUrlSecret secret = knownAuthUrl("hub", "hub@acme.com", OrgType.PRODUCTION, true);
        registry.register(RegistrationRequest.of(secret)
                .withId("hub")
                .withDefaultDevHub(true)
                .withAllowAuthUrlExport(true)
                .withMetadata(Map.of("team", "core"))
                .withDescription("Hub"));

        OrgRecord again = registry.register(RegistrationRequest.of(secret));

        assertThat(again.devHub(), is(true));
        assertThat(again.defaultDevHub(), is(true));
        assertThat(again.allowAuthUrlExport(), is(true));
        assertThat(again.metadata(), is(Map.of("team", "core")));
        assertThat(again.description(), is("Hub"));
    }

    @Test
    void anUpdateReplacesTheChoicesTheRequestGives() {
        AuthUrlSecret secret = knownAuthUrl("hub", "hub@acme.com", OrgType.PRODUCTION, true);
        registry.register(RegistrationRequest.of(secret)
                .withId("hub")
                .withDefaultDevHub(true)
                .withAllowAuthUrlExport(true)
                .withMetadata(Map.of("team", "core")));

        OrgRecord again = registry.register(RegistrationRequest.of(secret)
                .withDevHub(false)
                .withAllowAuthUrlExport(false)
                .withMetadata(Map.of())
                .withDescription("Not a hub any more"));

        assertThat(again.devHub(), is(false));
        assertThat(again.defaultDevHub(), is(false));
        assertThat(again.allowAuthUrlExport(), is(false));
        assertThat(again.metadata(), is(Map.of()));
        assertThat(again.description(), is("Not a hub any more"));
        assertThat(store.defaultDevHub(), is(Optional.empty()));
    }

    @Test
    void aNewOrgIsADevHubWhenSalesforceSaysSoButNotTheDefault() {
        OrgRecord hub = registered("hub", "hub@acme.com", OrgType.PRODUCTION, true);
        assertThat(hub.devHub(), is(true));
        assertThat(hub.defaultDevHub(), is(false));
    }

    @Test
    void anAdministratorMayChooseNotToUseADevHubAsOne() {
        AuthUrlSecret secret = knownAuthUrl("hub", "hub@acme.com", OrgType.PRODUCTION, true);
        assertThat(
                registry.register(RegistrationRequest.of(secret).withDevHub(false))
                        .devHub(),
                is(false));
    }

    @Test
    void anOrgStopsBeingADevHubWhenSalesforceNoLongerSaysSo() {
        AuthUrlSecret before = knownAuthUrl("hub", "hub@acme.com", OrgType.PRODUCTION, true);
        registry.register(RegistrationRequest.of(before).withId("hub").withDefaultDevHub(true));
        AuthUrlSecret after = knownAuthUrl("hub-after", "hub@acme.com", OrgType.PRODUCTION, false);

        OrgRecord again = registry.register(RegistrationRequest.of(after));

        assertThat(again.devHub(), is(false));
        assertThat(again.defaultDevHub(), is(false));
        assertThat(store.defaultDevHub(), is(Optional.empty()));
    }

    @Test
    void theDefaultDevHubCannotBeAnOrgWithoutDevHub() {
        AuthUrlSecret secret = knownAuthUrl("prod", "admin@acme.com", OrgType.PRODUCTION, false);
        failsWith(
                Reason.WRONG_ORG_TYPE,
                () -> registry.register(RegistrationRequest.of(secret).withDefaultDevHub(true)),
                "admin@acme.com",
                "not a Dev Hub",
                "the default Dev Hub",
                "Enable Dev Hub");
        failsWith(
                Reason.WRONG_ORG_TYPE,
                () -> registry.register(RegistrationRequest.of(secret).withDevHub(true)),
                "used as a Dev Hub");
        assertThat(store.list(), is(empty()));
    }

    @Test
    void contradictoryFlagsAreRefusedBeforeCallingSalesforce() {
        AuthUrlSecret secret = knownAuthUrl("hub", "hub@acme.com", OrgType.PRODUCTION, true);
        failsWith(
                Reason.BAD_INPUT,
                () -> registry.register(
                        RegistrationRequest.of(secret).withDevHub(false).withDefaultDevHub(true)),
                "'defaultDevHub' is true but 'devHub' is false");
        failsWith(
                Reason.BAD_INPUT,
                () -> registry.register(RegistrationRequest.of(secret).withMetadata(Map.of("a,b", "c"))),
                "'metadata'");
        assertThat(salesforce.validations.get(), is(0));
    }

    @Test
    void registeringANewDefaultDevHubClearsTheOldDefault() {
        AuthUrlSecret hub1 = knownAuthUrl("hub1", "hub1@acme.com", OrgType.PRODUCTION, true);
        AuthUrlSecret hub2 = knownAuthUrl("hub2", "hub2@acme.com", OrgType.DEVELOPER_EDITION, true);
        registry.register(RegistrationRequest.of(hub1).withId("hub1").withDefaultDevHub(true));
        registry.register(RegistrationRequest.of(hub2).withId("hub2").withDefaultDevHub(true));

        assertThat(
                store.list().stream()
                        .filter(OrgRecord::defaultDevHub)
                        .map(OrgRecord::id)
                        .toList(),
                contains("hub2"));
    }

    @Test
    void aGivenUsernameMustBeTheOneTheAuthUrlSignsInAs() {
        AuthUrlSecret secret = knownAuthUrl("prod", "admin@acme.com", OrgType.PRODUCTION, false);
        SalesforceAuthException e = failsWith(
                Reason.BAD_INPUT,
                () -> registry.register(RegistrationRequest.of(secret).withUsername("release@acme.com")),
                "signs in as admin@acme.com, not as release@acme.com");
        assertThat(e.getMessage(), not(containsString(secret.authUrl().reveal())));
        assertThat(store.list(), is(empty()));
        assertThat(
                registry.register(RegistrationRequest.of(secret).withUsername("Admin@Acme.com"))
                        .username(),
                is("admin@acme.com"));
    }

    @Test
    void aJwtOrgIsValidatedAsItsUser() {
        JwtSecret key = jwtKey("3MVGclient");
        salesforce.org(key, discovered(PROD_ID, "ci@acme.com", OrgType.PRODUCTION, true));

        OrgRecord org =
                registry.register(RegistrationRequest.of(key, "ci@acme.com").withDefaultDevHub(true));

        assertThat(org.credentialType(), is(CredentialType.JWT));
        assertThat(org.username(), is("ci@acme.com"));
        assertThat(org.defaultDevHub(), is(true));
        assertThat(store.findRegistered(org.id()).orElseThrow().secret(), is(key));
    }

    @Test
    void aJwtRequestNeedsAUsernameAndHasNoAuthUrlToExport() {
        failsWith(Reason.BAD_INPUT, () -> RegistrationRequest.of(jwtKey("c"), " "), "'username'", "JWT");
        failsWith(
                Reason.BAD_INPUT,
                () -> RegistrationRequest.of(jwtKey("c"), "ci@acme.com").withAllowAuthUrlExport(true),
                "'allowAuthUrlExport'");
        failsWith(Reason.BAD_INPUT, () -> RegistrationRequest.of(null), "No secret");
        assertThat(salesforce.validations.get(), is(0));
    }

    @Test
    void reRegisteringAnAuthUrlOrgWithAJwtKeyKeepsTheIdAndDropsTheExportFlag() {
        AuthUrlSecret url = knownAuthUrl("prod", "admin@acme.com", OrgType.PRODUCTION, false);
        registry.register(RegistrationRequest.of(url).withId("prod").withAllowAuthUrlExport(true));
        JwtSecret key = jwtKey("3MVGclient");
        salesforce.org(key, discovered(PROD_ID, "admin@acme.com", OrgType.PRODUCTION, false));

        OrgRecord org = registry.register(RegistrationRequest.of(key, "admin@acme.com"));

        assertThat(org.id(), is("prod"));
        assertThat(org.credentialType(), is(CredentialType.JWT));
        assertThat(org.allowAuthUrlExport(), is(false));
        assertThat(store.findRegistered("prod").orElseThrow().secret(), is(key));
    }

    @Test
    void aRequestNeverShowsItsSecret() {
        AuthUrlSecret secret = authUrl("prod");
        assertThat(
                RegistrationRequest.of(secret).toString(),
                not(containsString(secret.authUrl().reveal())));
        assertThat(RegistrationRequest.of(secret).toString(), containsString("secret=****"));
        assertThat(RegistrationRequest.of(secret).withId(" ").id(), is(nullValue()));
    }
}
