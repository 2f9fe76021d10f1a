package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What admins meet with the External Client Apps they create since Spring '26, and with the app settings that come
 * with them: each refusal names its cause and the fix, and nothing unusable is stored or handed to a build.
 */
class ExternalClientAppTest {
    private final TokenRig rig = new TokenRig();

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void anAppNotInstalledInTheOrgIsReportedAsSuchWithWhereToLookNotAsAnUnknownClientId() {
        rig.sf.app.externalClientApp(true).installedOnlyIn(rig.sf.emulator.productionOrg("other"));
        rig.jwtOrg("prod", rig.sf.admin);

        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.token("prod"));

        assertThat(e.reason(), is(Reason.NOT_APPROVED));
        assertThat(e.getMessage(), containsString("the External Client App is not installed in this org"));
        assertThat(e.getMessage(), containsString("Salesforce said 'app_not_found: External client app is not"));
        assertThat(e.fix(), containsString("My Domain"));
    }

    @Test
    void aJwtBasedAccessTokenIsRefusedAtRegistrationNamingTheAppSettingAndNothingIsStored() {
        rig.sf.app.jwtAccessTokens(true);
        String authUrl = rig.sf.emulator.authUrlFor(rig.sf.admin, rig.sf.app);

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> rig.tokens.register(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(authUrl)))
                        .withId("prod")));

        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("JWT-based access token for the org being registered"));
        assertThat(e.fix(), containsString("Issue JSON Web Token (JWT)-based access tokens for named users"));
        assertThat(e.getMessage(), not(containsString("eyJ")));
        assertThat(rig.store.findById("prod").isPresent(), is(false));
    }

    @Test
    void aJwtBasedAccessTokenIsNotHandedToABuild() {
        rig.authUrlOrg("prod", rig.sf.admin);
        rig.sf.app.jwtAccessTokens(true);

        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> rig.tokens.token("prod"));

        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage(), containsString("JWT-based access token for org 'prod' (admin@acme.com)"));
        assertThat(e.getMessage(), not(containsString("eyJ")));
    }

    @Test
    void aTokenTheApiRefusesForItsSessionLevelIsAPermissionProblemNotAnExpiredSessionRetriedForever() {
        rig.sf.emulator.faults().on(Endpoint.IDENTITY).respond(Fault.sessionNotValidForApi());

        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class,
                () -> rig.tokens.register(RegistrationRequest.of(
                        new AuthUrlSecret(SecretText.of(rig.sf.emulator.authUrlFor(rig.sf.admin, rig.sf.app))))));

        assertThat(e.reason(), is(Reason.PERMISSION_DENIED));
        assertThat(e.getMessage(), containsString("does not accept it for the API"));
        assertThat(e.fix(), containsString("High Assurance"));
        assertThat("discovery asked once, no loop of new tokens", rig.tokenRequests(), is(1));
    }
}
