package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.orgs.ClientCredentialsSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client credentials org end to end through the token service: registered (validated and discovered), its token
 * cached like any org's, tested, and each refusal reported without storing anything or showing the secret.
 */
class ClientCredentialsThroughTokenServiceTest {
    private static final String SECRET = "FAKESECRET123";

    private final TokenRig rig = new TokenRig();
    private final EmulatedOrgs sf = rig.sf;

    @BeforeEach
    void runAsAdmin() {
        sf.app.clientCredentialsUser(sf.admin);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private ClientCredentialsSecret at(String url) {
        return new ClientCredentialsSecret(EmulatedOrgs.CONSUMER_KEY, SecretText.of(SECRET), url);
    }

    private OrgRecord register(ClientCredentialsSecret secret) {
        return rig.tokens.register(RegistrationRequest.of(secret).withId("cc").withMetadata(Map.of("team", "core")));
    }

    @Test
    void registeringValidatesWithTheClientCredentialsGrantAndDiscoversTheRunAsUser() {
        OrgRecord r = register(at(sf.prod.instanceUrl()));

        assertThat(r.credentialType(), is(CredentialType.CLIENT_CREDENTIALS));
        assertThat(r.username(), is("admin@acme.com"));
        assertThat(r.orgId(), is(sf.prod.id()));
        assertThat(r.orgType(), is(OrgType.PRODUCTION));
        assertThat(r.instanceUrl(), is(sf.prod.instanceUrl()));
        assertThat(r.devHub(), is(true));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.CLIENT_CREDENTIALS), is(1));
    }

    @Test
    void itsTokenIsCachedLikeAnyOrgsAndTheTestConnectionRunsAFreshGrant() {
        register(at(sf.prod.instanceUrl()));
        TokenResult first = rig.tokens.token("cc");
        TokenResult again = rig.tokens.token("cc");

        assertThat(again.accessToken(), is(first.accessToken()));
        assertThat(sf.emulator.accessToken(first.accessToken().reveal()).user(), is(sf.admin));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.CLIENT_CREDENTIALS), is(2));

        ConnectionTest test = rig.tokens.testConnection("cc");
        assertThat(test.summary(), test.ok(), is(true));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.CLIENT_CREDENTIALS), is(3));
        assertThat(sf.emulator.refreshTokens().size(), is(0));
    }

    @Test
    void anOrgLoadedWithoutDiscoveredFieldsIsDiscoveredOnItsFirstToken() {
        rig.store.save(new RegisteredOrg(
                OrgRecord.builder("cc", CredentialType.CLIENT_CREDENTIALS).build(), at(sf.prod.instanceUrl())));

        assertThat(rig.tokens.token("cc").username(), is("admin@acme.com"));
        OrgRecord stored = rig.store.findById("cc").orElseThrow();
        assertThat(stored.orgId(), is(sf.prod.id()));
        assertThat(stored.orgType(), is(OrgType.PRODUCTION));
    }

    @Test
    void loginOrTestIsRefusedNamingTheFieldBeforeAnythingIsSent() {
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> register(at("https://login.salesforce.com")));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.field(), is("myDomainUrl"));
        assertThat(e.getMessage(), containsString("Client credentials need your My Domain URL"));
        assertThat(sf.emulator.requests().total(), is(0));
    }

    @Test
    void aLoginHostTheCoreCannotRecogniseIsRefusedBySalesforceWithTheSameAdvice() {
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> register(at(sf.emulator.loginUrl())));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("client credentials need your My Domain URL"));
        assertThat(e.salesforceError(), is("invalid_grant: request not supported on this domain"));
        assertThat(rig.store.findById("cc").isPresent(), is(false));
    }

    @Test
    void anAppWithoutARunAsUserIsRefusedAndNothingIsStored() {
        sf.app.clientCredentialsUser(null);
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> register(at(sf.prod.instanceUrl())));
        assertThat(e.reason(), is(Reason.NOT_APPROVED));
        assertThat(e.fix(), containsString("Run As"));
        assertThat(rig.store.findById("cc").isPresent(), is(false));
    }

    @Test
    void aWrongSecretFailsTheTestConnectionWithoutShowingEitherSecret() {
        register(at(sf.prod.instanceUrl()));
        sf.app.secret("rotated-in-salesforce");

        ConnectionTest test = rig.tokens.testConnection("cc");

        assertThat(test.ok(), is(false));
        assertThat(test.summary(), containsString("refused the client secret"));
        assertThat(test.summary(), not(containsString(SECRET)));
        assertThat(rig.store.findRegistered("cc").orElseThrow().toString(), not(containsString(SECRET)));
    }

    @Test
    void anUnknownConsumerKeyIsAnInvalidClientId() {
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> rig.tokens.register(RegistrationRequest.of(
                        new ClientCredentialsSecret("3MVG9unknown", SecretText.of(SECRET), sf.prod.instanceUrl()))));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.salesforceError(), is("invalid_client_id: client identifier invalid"));
        assertThat(e.getMessage(), not(containsString(SECRET)));
    }
}
