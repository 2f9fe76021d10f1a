package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.oauth.Audience;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.JwtSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registration validated with Salesforce through the token service, and the test connection. */
class TokenServiceRegisterAndTestConnectionTest {
    private final TokenRig rig = new TokenRig();
    private final EmulatedOrgs sf = rig.sf;

    @AfterEach
    void stop() {
        rig.close();
    }

    private static RegistrationRequest request(String id, OrgSecret secret, String username) {
        return new RegistrationRequest(id, secret, username, null, null, null, Map.of("team", "core"), null);
    }

    private static AuthUrlSecret authUrl(String url) {
        return new AuthUrlSecret(SecretText.of(url));
    }

    @Test
    void registeringAnAuthUrlValidatesWithSalesforceAndStoresWhatItDiscovered() {
        OrgRecord r = rig.tokens.register(request("prod", authUrl(sf.emulator.authUrlFor(sf.admin, sf.app)), null));

        assertThat(r.id(), is("prod"));
        assertThat(r.username(), is("admin@acme.com"));
        assertThat(r.orgId(), is(sf.prod.id()));
        assertThat(r.orgType(), is(OrgType.PRODUCTION));
        assertThat(r.instanceUrl(), is(sf.prod.instanceUrl()));
        assertThat(r.devHub(), is(true));
        assertThat(rig.tokenRequests(), is(1));
        assertThat(sf.emulator.requests().count(Endpoint.API_VERSIONS), is(1));
    }

    @Test
    void anAuthUrlPastedAsTheSfCliPrintsItIsRegisteredAndStoredAsTheBareUrl() {
        String url = sf.emulator.authUrlFor(sf.admin, sf.app);
        String printed = "{\n  \"status\": 0,\n  \"result\": {\n    \"sfdxAuthUrl\": \"" + url + "\"\n  },\n"
                + "  \"warnings\": [\"This command exposes an SFDX Auth URL.\"]\n}\n";

        OrgRecord r = rig.tokens.register(request("prod", authUrl(printed), null));

        assertThat(r.username(), is("admin@acme.com"));
        AuthUrlSecret stored = (AuthUrlSecret)
                rig.store.findRegistered("prod").orElseThrow().secret();
        assertThat(stored.authUrl().reveal(), is(url));
    }

    @Test
    void theSfCliOutputWithTheUrlRedactedIsRefusedNamingTheCommandThatPrintsIt() {
        String redacted = "{\"status\": 0, \"result\": {\"username\": \"admin@acme.com\", \"sfdxAuthUrl\":"
                + " \"[REDACTED] Use 'sf org auth show-sfdx-auth-url' to view\"}}";

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> rig.tokens.register(request("prod", authUrl(redacted), null)));

        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("sf org auth show-sfdx-auth-url"));
        assertThat(rig.store.findById("prod").isPresent(), is(false));
        assertThat(rig.tokenRequests(), is(0));
    }

    @Test
    void registeringAJwtKeyValidatesWithTheJwtBearerGrant() {
        OrgRecord r = rig.tokens.registry().register(request("jwt", rig.jwtSecret(), "admin@acme.com"));

        assertThat(r.credentialType(), is(CredentialType.JWT));
        assertThat(r.orgId(), is(sf.prod.id()));
        assertThat(rig.tokens.token("jwt").username(), is("admin@acme.com"));
    }

    @Test
    void aJwtOrgWhoseMyDomainWantsItsOwnAudienceRegistersWithTheAudienceSetAndOnlyWithIt() {
        sf.prod.jwtAudience("https://login.acme-gov.example");
        JwtSecret plain = TokenRig.jwtSecretAt(sf.prod.instanceUrl());
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> rig.tokens.registry().register(request("gov", plain, "admin@acme.com")));
        assertThat(e.reason(), is(Reason.NOT_APPROVED));
        assertThat(rig.store.findRegistered("gov").isPresent(), is(false));

        JwtSecret withAudience = new JwtSecret(
                plain.clientId(),
                plain.loginUrl(),
                plain.privateKey(),
                null,
                Audience.of("https://login.acme-gov.example"));
        OrgRecord r = rig.tokens.registry().register(request("gov", withAudience, "admin@acme.com"));
        assertThat(r.orgId(), is(sf.prod.id()));
        rig.tokens.evictAll();
        assertThat("later grants sign with it too", rig.tokens.token("gov").username(), is("admin@acme.com"));
    }

    @Test
    void aFailedValidationWritesNothingAndLeavesTheRegisteredOrgAsItWas() {
        String good = sf.emulator.authUrlFor(sf.admin, sf.app);
        OrgRecord before = rig.tokens.register(request("prod", authUrl(good), null));
        RegisteredOrg stored = rig.store.findRegistered("prod").orElseThrow();
        String revoked = sf.emulator.authUrlFor(sf.admin, sf.app);
        sf.emulator
                .refreshToken(
                        SfdxAuthUrl.parse(revoked, sf.hosts).refreshToken().reveal())
                .revoke();

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> rig.tokens.register(new RegistrationRequest(
                        null, authUrl(revoked), null, null, null, true, Map.of("team", "other"), "changed")));

        assertThat(e.reason(), is(Reason.INVALID_GRANT));
        RegisteredOrg after = rig.store.findRegistered("prod").orElseThrow();
        assertThat(after.record(), is(before));
        assertThat(after.secret(), is(stored.secret()));
        assertThat(rig.store.list().size(), is(1));
    }

    @Test
    void aBadAuthUrlIsRefusedBeforeAnyRequest() {
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> rig.tokens.register(request("x", authUrl("force://PlatformCLI::tok@evil.example.com"), null)));

        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(sf.emulator.requests().total(), is(0));
        assertThat(rig.store.list().size(), is(0));
    }

    @Test
    void aWorkingCredentialPassesWithAFreshGrantAndTheCheckedTime() {
        rig.authUrlOrg("prod", sf.admin);
        rig.tokens.token("prod");

        ConnectionTest t = rig.tokens.testConnection("prod");

        assertThat(t.ok(), is(true));
        assertThat(t.orgId(), is(sf.prod.id()));
        assertThat(t.username(), is("admin@acme.com"));
        assertThat(t.orgType(), is(OrgType.PRODUCTION));
        assertThat(t.checkedAt(), is(sf.emulator.clock().instant()));
        assertThat(t.reason(), is(nullValue()));
        assertThat(t.summary(), containsString("OK"));
        assertThat(rig.tokenRequests(), is(2));
    }

    @Test
    void aRevokedRefreshTokenFailsWithSalesforcesReasonAndTheFixWithoutThrowing() {
        rig.authUrlOrg("prod", sf.admin);
        sf.admin.refreshTokens().forEach(r -> r.revoke());

        ConnectionTest t = rig.tokens.testConnection("prod");

        assertThat(t.ok(), is(false));
        assertThat(t.reason(), is(Reason.INVALID_GRANT));
        assertThat(t.salesforceError(), is("invalid_grant: expired access/refresh token"));
        assertThat(t.fix(), is(notNullValue()));
        assertThat(t.summary(), containsString("invalid_grant: expired access/refresh token"));
        assertThat(t.checkedAt(), is(sf.emulator.clock().instant()));
    }

    @Test
    void aDeactivatedUserFailsAsInactiveUser() {
        rig.authUrlOrg("prod", sf.admin);
        sf.admin.deactivate();

        ConnectionTest t = rig.tokens.testConnection("prod");

        assertThat(t.ok(), is(false));
        assertThat(t.reason(), is(Reason.INACTIVE_USER));
        assertThat(t.salesforceError(), is(notNullValue()));
    }

    @Test
    void anUnreachableLoginHostFailsAsUnreachableAfterTheRetries() {
        rig.authUrlOrg("prod", sf.admin, "force://PlatformCLI::5Aep861unreachable@127.0.0.1:1", Map.of());

        ConnectionTest t = rig.tokens.testConnection("prod");

        assertThat(t.ok(), is(false));
        assertThat(t.reason(), is(Reason.UNREACHABLE));
        assertThat(t.salesforceError(), is(nullValue()));
        assertThat(t.fix(), is(notNullValue()));
    }

    @Test
    void anUnknownOrgIsReportedNotThrown() {
        ConnectionTest t = rig.tokens.testConnection("nope");

        assertThat(t.ok(), is(false));
        assertThat(t.reason(), is(Reason.NOT_FOUND));
    }
}
