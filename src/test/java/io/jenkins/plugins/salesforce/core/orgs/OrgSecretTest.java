package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrl;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrlRecord;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.failsWith;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.jitRecord;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.jwtKey;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import org.junit.jupiter.api.Test;

class OrgSecretTest {
    private static final String REFRESH_TOKEN = "5Aep861TOPSECRET";
    private static final String KEY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";

    @Test
    void anAuthUrlSecretNeverShowsTheAuthUrl() {
        AuthUrlSecret s =
                new AuthUrlSecret(SecretText.of("force://PlatformCLI::" + REFRESH_TOKEN + "@acme.my.salesforce.com"));
        assertThat(s.toString(), not(containsString(REFRESH_TOKEN)));
        assertThat(s.toString(), not(containsString("acme")));
        assertThat(s.credentialType(), is(CredentialType.AUTH_URL));
        assertThat(s.authUrl().reveal(), containsString(REFRESH_TOKEN));
    }

    @Test
    void twoAuthUrlsShareARefreshTokenWhateverTheirClientAndHost() {
        AuthUrlSecret a = new AuthUrlSecret(SecretText.of("force://PlatformCLI::" + REFRESH_TOKEN + "@acme.my.salesforce.com"));
        AuthUrlSecret sameGrant =
                new AuthUrlSecret(SecretText.of(" force://3MVGapp:s3cret:" + REFRESH_TOKEN + "@login.salesforce.com "));
        AuthUrlSecret other = new AuthUrlSecret(SecretText.of("force://PlatformCLI::5Aep861other@acme.my.salesforce.com"));
        assertThat(a.sharesRefreshTokenWith(sameGrant), is(true));
        assertThat(a.sharesRefreshTokenWith(other), is(false));
        assertThat(
                "not an auth URL: nothing to compare",
                a.sharesRefreshTokenWith(new AuthUrlSecret(SecretText.of(REFRESH_TOKEN))),
                is(false));
        SalesforceAuthException e = AuthUrlSecret.registeredElsewhere("credential 'prod' of Jenkins");
        assertThat(e.reason(), is(Reason.NOT_ALLOWED));
        assertThat(e.getMessage(), containsString("already registered, as credential 'prod' of Jenkins"));
        assertThat(e.getMessage(), not(containsString(REFRESH_TOKEN)));
    }

    @Test
    void aJwtSecretNeverShowsAnyPart() {
        JwtSecret s = new JwtSecret(
                " 3MVGclient ", " https://login.salesforce.com ", SecretText.of(KEY), SecretText.of("pass-phrase"));
        assertThat(s.toString(), is("JwtSecret[****]"));
        assertThat(s.credentialType(), is(CredentialType.JWT));
        assertThat(s.clientId(), is("3MVGclient"));
        assertThat(s.loginUrl(), is("https://login.salesforce.com"));
        assertThat(s.passphrase().reveal(), is("pass-phrase"));
    }

    @Test
    void anEmptyPassphraseMeansAnUnencryptedKey() {
        assertThat(
                new JwtSecret("c", "https://login.salesforce.com", SecretText.of(KEY), SecretText.of("")).passphrase(),
                is(nullValue()));
    }

    @Test
    void emptySecretsAreRefusedNamingTheField() {
        failsWith(Reason.BAD_INPUT, () -> new AuthUrlSecret(null), "'sfdxAuthUrl'");
        failsWith(Reason.BAD_INPUT, () -> new AuthUrlSecret(SecretText.of(" ")), "'sfdxAuthUrl'");
        failsWith(
                Reason.BAD_INPUT,
                () -> new JwtSecret(" ", "https://login.salesforce.com", SecretText.of(KEY), null),
                "'clientId'");
        failsWith(Reason.BAD_INPUT, () -> new JwtSecret("c", null, SecretText.of(KEY), null), "'loginUrl'");
        failsWith(
                Reason.BAD_INPUT,
                () -> new JwtSecret("c", "https://login.salesforce.com", SecretText.of(""), null),
                "'privateKey'");
    }

    @Test
    void aRegisteredOrgShowsItsRecordButNotItsSecret() {
        RegisteredOrg org = new RegisteredOrg(
                authUrlRecord("prod", "admin@acme.com").build(),
                new AuthUrlSecret(SecretText.of("force://PlatformCLI::" + REFRESH_TOKEN + "@acme.my.salesforce.com")));
        assertThat(org.toString(), containsString("admin@acme.com"));
        assertThat(org.toString(), not(containsString(REFRESH_TOKEN)));
        assertThat(org.id(), is("prod"));
    }

    @Test
    void aJitSandboxHasNoSecret() {
        OrgRecord jit = jitRecord("uat", "uat", "prod").build();
        assertThat(RegisteredOrg.jitSandbox(jit).secret(), is(nullValue()));
        assertThat(RegisteredOrg.jitSandbox(jit).toString(), containsString("secret=none"));
        failsWith(Reason.BAD_INPUT, () -> new RegisteredOrg(jit, authUrl("uat")), "stores no secret");
    }

    @Test
    void theSecretMatchesTheKind() {
        OrgRecord authUrlOrg = authUrlRecord("prod", "admin@acme.com").build();
        failsWith(Reason.BAD_INPUT, () -> new RegisteredOrg(authUrlOrg, null), "has no secret");
        failsWith(Reason.BAD_INPUT, () -> new RegisteredOrg(authUrlOrg, jwtKey("c")), "JWT bearer secret");
        OrgRecord jwtOrg =
                OrgRecord.builder("j", CredentialType.JWT).username("ci@acme.com").build();
        failsWith(Reason.BAD_INPUT, () -> new RegisteredOrg(jwtOrg, authUrl("j")), "SFDX auth URL secret");
        assertThat(new RegisteredOrg(jwtOrg, jwtKey("c")).record(), is(jwtOrg));
    }
}
