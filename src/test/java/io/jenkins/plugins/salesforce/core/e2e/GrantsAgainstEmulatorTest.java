package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.oauth.Audience;
import io.jenkins.plugins.salesforce.emulator.AuthCode;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import io.jenkins.plugins.salesforce.emulator.RefreshToken;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The three grants end to end against the emulator, over real HTTP on loopback. */
class GrantsAgainstEmulatorTest {
    private final EmulatedOrgs sf = new EmulatedOrgs();

    @AfterEach
    void stop() {
        sf.close();
    }

    @Test
    void anAuthUrlBuysAnAccessTokenForItsUserWithOneRequest() {
        AccessToken t = sf.refresh(sf.admin);
        assertThat(sf.emulator.accessToken(t.value().reveal()).user(), is(sf.admin));
        assertThat(t.instanceUrl(), is(URI.create(sf.prod.instanceUrl())));
        assertThat(t.orgId(), is(sf.prod.id()));
        assertThat(t.userId(), is(sf.admin.id()));
        assertThat(t.issuedAt(), is(sf.emulator.clock().instant()));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.REFRESH_TOKEN), is(1));
    }

    @Test
    void theCliAppWithoutSecretWorksBecauseNoEmptySecretIsSent() {
        AccessToken t = sf.refresh(sf.emulator.authUrlFor(sf.admin));
        assertThat(t.value().reveal(), startsWith(sf.prod.id15() + "!"));
    }

    @Test
    void aRotatedRefreshTokenIsReturnedAndTheOldOneIsDead() {
        sf.app.rotateRefreshTokens(true);
        String authUrl = sf.emulator.authUrlFor(sf.admin, sf.app);
        AccessToken t = sf.refresh(authUrl);
        SecretText rotated = t.rotatedRefreshToken().orElseThrow();
        RefreshToken stored = sf.emulator.refreshToken(rotated.reveal());
        assertThat(stored.user(), is(sf.admin));
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> sf.refresh(authUrl));
        assertThat(e.reason(), is(Reason.INVALID_GRANT));
    }

    @Test
    void aRevokedRefreshTokenIsInvalidGrantAfterExactlyOneRequest() {
        String authUrl = sf.emulator.authUrlFor(sf.admin, sf.app);
        sf.admin.refreshTokens().get(0).revoke();
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> sf.refresh(authUrl));
        assertThat(e.reason(), is(Reason.INVALID_GRANT));
        assertThat(e.salesforceError(), is("invalid_grant: expired access/refresh token"));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
    }

    @Test
    void aJwtForAProductionUserAtTheLoginHostNeedsOneRequest() {
        AccessToken t = sf.jwt(sf.emulator.loginUrl(), sf.admin, null);
        assertThat(sf.emulator.accessToken(t.value().reveal()).user(), is(sf.admin));
        assertThat(t.rotatedRefreshToken().isPresent(), is(false));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.JWT_BEARER), is(1));
    }

    @Test
    void aJwtForASandboxUserAtTheTestHostFindsTheTestAudienceOnTheSecondTry() {
        AccessToken t = sf.jwt(sf.emulator.testUrl(), sf.uatAdmin, null);
        assertThat(sf.emulator.accessToken(t.value().reveal()).user(), is(sf.uatAdmin));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.JWT_BEARER), is(2));
    }

    @Test
    void aJwtForASandboxUserWithTheTestAudienceNeedsOneRequest() {
        sf.jwt(sf.emulator.testUrl(), sf.uatAdmin, Audience.TEST);
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
    }

    @Test
    void aJwtAtASandboxMyDomainWithTheWrongAudienceIsNotApprovedAndNotRetried() {
        // Real Salesforce answers a wrong aud on a My Domain with "user hasn't approved this consumer", which the grant
        // must not read as an audience problem: the caller has to name the audience from the org type.
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> sf.jwt(sf.uat.org().instanceUrl(), sf.uatAdmin, Audience.LOGIN));
        assertThat(e.reason(), is(Reason.NOT_APPROVED));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN), is(1));
        AccessToken t = sf.jwt(sf.uat.org().instanceUrl(), sf.uatAdmin, Audience.TEST);
        assertThat(t.orgId(), is(sf.uat.org().id()));
    }

    @Test
    void aJwtSignedWithAnotherKeyIsAnInvalidAssertion() {
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> sf.jwtGrant()
                        .exchange(
                                URI.create(sf.emulator.loginUrl()),
                                EmulatedOrgs.CONSUMER_KEY,
                                sf.admin.username(),
                                io.jenkins.plugins.salesforce.core.oauth.TestKeys.generate("RSA", 2048)
                                        .getPrivate(),
                                null));
        assertThat(e.reason(), is(Reason.INVALID_GRANT));
        assertThat(e.fix(), containsString("certificate"));
    }

    @Test
    void aJwtForAUserWhoIsNotPreAuthorisedIsNotApproved() {
        sf.admin.revokePreAuthorization(sf.app);
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> sf.jwt(sf.emulator.loginUrl(), sf.admin, null))
                        .reason(),
                is(Reason.NOT_APPROVED));
    }

    @Test
    void anAuthorizationCodeBuysATokenAndARefreshTokenOnce() {
        AuthCode code = sf.emulator.issueAuthCode(sf.uatAdmin, sf.app, EmulatedOrgs.CALLBACK);
        URI login = URI.create(sf.uat.org().loginUrl());
        AccessToken t = sf.codeGrant()
                .exchange(
                        login,
                        EmulatedOrgs.CONSUMER_KEY,
                        SecretText.of("FAKESECRET123"),
                        SecretText.of(code.value()),
                        EmulatedOrgs.CALLBACK);
        assertThat(sf.emulator.accessToken(t.value().reveal()).user(), is(sf.uatAdmin));
        assertThat(t.rotatedRefreshToken().isPresent(), is(true));
        assertThat(code.isUsed(), is(true));
        SalesforceAuthException again = assertThrows(
                SalesforceAuthException.class,
                () -> sf.codeGrant()
                        .exchange(
                                login,
                                EmulatedOrgs.CONSUMER_KEY,
                                SecretText.of("FAKESECRET123"),
                                SecretText.of(code.value()),
                                EmulatedOrgs.CALLBACK));
        assertThat(again.reason(), is(Reason.INVALID_GRANT));
        assertThat(sf.emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE), is(2));
    }

    @Test
    void anAuthorizationCodeWithAnotherRedirectUriIsRefused() {
        AuthCode code = sf.emulator.issueAuthCode(sf.uatAdmin, sf.app, EmulatedOrgs.CALLBACK);
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> sf.codeGrant()
                        .exchange(
                                URI.create(sf.uat.org().loginUrl()),
                                EmulatedOrgs.CONSUMER_KEY,
                                SecretText.of("FAKESECRET123"),
                                SecretText.of(code.value()),
                                EmulatedOrgs.CALLBACK + "/"));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), not(containsString(code.value())));
    }

    @Test
    void theEmulatorsLoopbackHostIsRefusedWithoutTheAdministratorsEntry() {
        io.jenkins.plugins.salesforce.core.oauth.RefreshTokenGrant strict =
                new io.jenkins.plugins.salesforce.core.oauth.RefreshTokenGrant(
                        sf.http,
                        io.jenkins.plugins.salesforce.core.SalesforceHosts.defaults()::isAllowed,
                        sf.emulator.clock());
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> strict.refresh(
                        URI.create(sf.prod.instanceUrl()),
                        EmulatedOrgs.CONSUMER_KEY,
                        null,
                        SecretText.of("5Aep861FAKE")));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(sf.emulator.requests().total(), is(0));
    }
}
