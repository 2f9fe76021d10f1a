package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token cache: what is served from it, until when, and what makes the service go back to Salesforce. */
class TokenServiceCacheTest {
    private final TokenRig rig = new TokenRig();
    private final EmulatedOrgs sf = rig.sf;

    @AfterEach
    void stop() {
        rig.close();
    }

    private void advance(Duration d) {
        sf.emulator.clock().advance(d);
    }

    @Test
    void aSecondCallWithinTheSessionReturnsTheSameTokenWithoutAnyRequest() {
        rig.authUrlOrg("prod", sf.admin);
        TokenResult first = rig.tokens.token("prod");
        int requests = sf.emulator.requests().total();

        TokenResult second = rig.tokens.token("prod");

        assertThat(second.accessToken(), is(first.accessToken()));
        assertThat(sf.emulator.requests().total(), is(requests));
        assertThat(rig.tokenRequests(), is(1));
    }

    @Test
    void theResultCarriesWhatABuildNeedsAndExpiresAtIssuedAtPlusTwoHours() {
        rig.authUrlOrg("prod", sf.admin);
        Instant issued = sf.emulator.clock().instant();

        TokenResult t = rig.tokens.token("prod");

        assertThat(sf.emulator.accessToken(t.accessToken().reveal()).user(), is(sf.admin));
        assertThat(t.instanceUrl().toString(), is(sf.prod.instanceUrl()));
        assertThat(t.username(), is("admin@acme.com"));
        assertThat(t.orgId(), is(sf.prod.id()));
        assertThat(t.orgType(), is(OrgType.PRODUCTION));
        assertThat(t.expiresAt(), is(issued.plus(Duration.ofHours(2))));
    }

    @Test
    void aTokenIsHandedOutUntilFiveMinutesBeforeItsExpiryAndReplacedFromThen() {
        rig.authUrlOrg("prod", sf.admin);
        TokenResult first = rig.tokens.token("prod");

        advance(Duration.ofHours(2).minusMinutes(5).minusSeconds(1));
        assertThat(rig.tokens.token("prod").accessToken(), is(first.accessToken()));
        assertThat(rig.tokenRequests(), is(1));

        advance(Duration.ofSeconds(1));
        TokenResult renewed = rig.tokens.token("prod");
        assertThat(renewed.accessToken(), is(not(first.accessToken())));
        assertThat(renewed.expiresAt(), is(sf.emulator.clock().instant().plus(Duration.ofHours(2))));
        assertThat(rig.tokenRequests(), is(2));
    }

    @Test
    void theConfiguredDefaultTimeoutAndSkewApply() {
        TokenRig custom = new TokenRig(
                sf, rig.store, b -> b.sessionTimeout(Duration.ofMinutes(60)).skew(Duration.ofMinutes(1)));
        rig.authUrlOrg("prod", sf.admin);
        TokenResult first = custom.tokens.token("prod");
        assertThat(first.expiresAt(), is(sf.emulator.clock().instant().plus(Duration.ofMinutes(60))));

        advance(Duration.ofMinutes(58));
        assertThat(custom.tokens.token("prod").accessToken(), is(first.accessToken()));
        advance(Duration.ofMinutes(1));
        assertThat(custom.tokens.token("prod").accessToken(), is(not(first.accessToken())));
    }

    @Test
    void anOrgsOwnSessionTimeoutFromItsMetadataIsHonoured() {
        rig.authUrlOrg(
                "prod",
                sf.admin,
                sf.emulator.authUrlFor(sf.admin, sf.app),
                Map.of(TokenService.SESSION_TIMEOUT_KEY, "30"));
        sf.prod.sessionTimeout(Duration.ofMinutes(30));
        TokenResult first = rig.tokens.token("prod");
        assertThat(first.expiresAt(), is(sf.emulator.clock().instant().plus(Duration.ofMinutes(30))));

        advance(Duration.ofMinutes(24));
        assertThat(rig.tokens.token("prod").accessToken(), is(first.accessToken()));
        advance(Duration.ofMinutes(1));
        assertThat(rig.tokens.token("prod").accessToken(), is(not(first.accessToken())));
        assertThat(rig.tokenRequests(), is(2));
    }

    @Test
    void aSessionTimeoutInMetadataThatIsNotMinutesFrom15To1440IsRefusedNamingTheFix() {
        rig.authUrlOrg(
                "prod",
                sf.admin,
                sf.emulator.authUrlFor(sf.admin, sf.app),
                Map.of(TokenService.SESSION_TIMEOUT_KEY, "2h"));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.token("prod"));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("sessionTimeoutMinutes"));
        assertThat(e.fix(), containsString("Session Settings"));
    }

    @Test
    void aJwtOrgGetsItsTokenFromTheJwtBearerGrantAndCachesItToo() {
        rig.jwtOrg("jwt", sf.admin);
        TokenResult first = rig.tokens.token("jwt");
        TokenResult second = rig.tokens.token("admin@acme.com");

        assertThat(sf.emulator.accessToken(first.accessToken().reveal()).user(), is(sf.admin));
        assertThat(second.accessToken(), is(first.accessToken()));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.JWT_BEARER), is(1));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.REFRESH_TOKEN), is(0));
    }

    @Test
    void anOrgLoadedWithoutDiscoveredFieldsIsDiscoveredOnceOnItsFirstToken() {
        rig.undiscoveredAuthUrlOrg("casc", sf.emulator.authUrlFor(sf.admin, sf.app));

        TokenResult t = rig.tokens.token("casc");

        OrgRecord stored = rig.store.findById("casc").orElseThrow();
        assertThat(stored.username(), is("admin@acme.com"));
        assertThat(stored.orgId(), is(sf.prod.id()));
        assertThat(stored.orgType(), is(OrgType.PRODUCTION));
        assertThat(stored.instanceUrl(), is(sf.prod.instanceUrl()));
        assertThat(t.username(), is("admin@acme.com"));
        assertThat(t.orgType(), is(OrgType.PRODUCTION));
        assertThat(sf.emulator.requests().count(Endpoint.API_VERSIONS), is(1));

        advance(Duration.ofHours(3));
        rig.tokens.token("casc");
        assertThat(rig.tokenRequests(), is(2));
        assertThat(sf.emulator.requests().count(Endpoint.API_VERSIONS), is(1));
    }

    @Test
    void theDefaultDevHubTokenIsTheTokenOfTheDefaultDevHub() {
        rig.authUrlOrg("hub", sf.admin);
        rig.tokens.registry().setDefaultDevHub("hub");

        TokenResult t = rig.tokens.defaultDevHubToken();

        assertThat(t.accessToken(), is(rig.tokens.token("hub").accessToken()));
        assertThat(rig.tokenRequests(), is(1));
    }

    @Test
    void withoutADefaultDevHubTheDevHubTokenIsNotFound() {
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.defaultDevHubToken());
        assertThat(e.reason(), is(Reason.NOT_FOUND));
    }

    @Test
    void aCredentialChangedInTheStoreIsNotAnsweredFromTheOldCache() {
        OrgRecord prod = rig.authUrlOrg("prod", sf.admin);
        TokenResult first = rig.tokens.token("prod");
        String newUrl = sf.emulator.authUrlFor(sf.admin, sf.app);
        rig.store.save(new RegisteredOrg(prod, new AuthUrlSecret(SecretText.of(newUrl))));

        TokenResult second = rig.tokens.token("prod");

        assertThat(second.accessToken(), is(not(first.accessToken())));
        assertThat(rig.tokenRequests(), is(2));
    }

    @Test
    void evictForgetsTheTokenSoTheNextCallRunsAGrant() {
        rig.authUrlOrg("prod", sf.admin);
        rig.tokens.token("prod");
        rig.tokens.evict(rig.store.findRegistered("prod").orElseThrow());
        rig.tokens.token("prod");
        rig.tokens.evictAll();
        rig.tokens.token("prod");
        assertThat(rig.tokenRequests(), is(3));
    }

    @Test
    void anUnknownOrgIsNotFoundWithoutAnyRequest() {
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.token("nope"));
        assertThat(e.reason(), is(Reason.NOT_FOUND));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void aJitSandboxIsRefusedWhenNoJitSupportIsConfigured() {
        rig.authUrlOrg("prod", sf.admin);
        rig.store.save(RegisteredOrg.jitSandbox(OrgRecord.builder("uat", CredentialType.JIT_SANDBOX)
                .sandboxName("uat")
                .productionOrgId("prod")
                .build()));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.token("uat"));
        assertThat(e.reason(), is(Reason.NOT_ALLOWED));
        assertThat(e.getMessage(), containsString("not configured"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void theBuilderRefusesATimeoutOrSkewOutsideSalesforcesRange() {
        // The session timeout is an administrator's setting (bad input); the skew only ever comes from code.
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> TokenService.builder().sessionTimeout(Duration.ofMinutes(5)));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThrows(IllegalArgumentException.class, () -> TokenService.builder().skew(Duration.ofMinutes(15)));
        assertThrows(IllegalArgumentException.class, () -> TokenService.builder().skew(Duration.ofMinutes(-1)));
        assertThat(TokenService.builder().skew(Duration.ZERO), is(not(nullValue())));
    }
}
