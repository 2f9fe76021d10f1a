package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.failsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every entry point that registers an org builds its secret here: the same types, names and refusals everywhere. */
class SecretInputTest {
    private static final String AUTH_URL = "force://PlatformCLI::5Aep861TOPSECRET@acme.my.salesforce.com";
    private static final String KEY =
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    private static final String CLIENT_SECRET = "C0NSUMER-S3CRET";

    @Test
    void anAuthUrlIsAnAuthUrlSecretWithOrWithoutTheType() {
        for (String type : new String[] {null, "", "authUrl", "auth-url", "AUTH_URL", "sfdxAuthUrl"}) {
            OrgSecret s = SecretInput.ofType(type)
                    .sfdxAuthUrl(SecretText.of(AUTH_URL))
                    .toSecret();
            assertThat(type, s, instanceOf(AuthUrlSecret.class));
            assertThat(((AuthUrlSecret) s).authUrl().reveal(), is(AUTH_URL));
        }
    }

    @Test
    void aJwtKeyMakesAJwtSecretWithItsOptionalPassphraseAndAudience() {
        JwtSecret s = (JwtSecret) SecretInput.ofType("jwt")
                .clientId(" 3MVGclient ")
                .loginUrl("https://test.salesforce.com")
                .privateKey(SecretText.of(KEY))
                .passphrase(SecretText.of("pass"))
                .audience("https://acme.my.salesforce.com")
                .toSecret();
        assertThat(s.clientId(), is("3MVGclient"));
        assertThat(s.loginUrl(), is("https://test.salesforce.com"));
        assertThat(s.privateKey().reveal(), is(KEY));
        assertThat(s.passphrase().reveal(), is("pass"));
        assertThat(s.audience().toString(), containsString("acme.my.salesforce.com"));

        JwtSecret plain = (JwtSecret) SecretInput.ofType(null)
                .clientId("3MVGclient")
                .loginUrl("https://login.salesforce.com")
                .privateKey(SecretText.of(KEY))
                .passphrase(SecretText.of(""))
                .toSecret();
        assertThat("a private key without a type is a JWT org", plain.credentialType(), is(CredentialType.JWT));
        assertThat("an empty passphrase is none", plain.passphrase(), is(nullValue()));
        assertThat(plain.audience(), is(nullValue()));
    }

    @Test
    void aClientSecretMakesAClientCredentialsSecret() {
        for (String type : new String[] {"clientCredentials", "client-credentials", null}) {
            ClientCredentialsSecret s = (ClientCredentialsSecret) SecretInput.ofType(type)
                    .clientId("3MVGapp")
                    .clientSecret(SecretText.of(CLIENT_SECRET))
                    .myDomainUrl("https://acme.my.salesforce.com")
                    .toSecret();
            assertThat(s.clientSecret().reveal(), is(CLIENT_SECRET));
            assertThat(s.myDomainUrl(), is("https://acme.my.salesforce.com"));
        }
    }

    @Test
    void aMissingFieldIsNamedByTheTypeThatNeedsIt() {
        failsWith(Reason.BAD_INPUT, () -> SecretInput.ofType("authUrl").toSecret(), "'sfdxAuthUrl' is missing");
        SalesforceAuthException noKey = failsWith(
                Reason.BAD_INPUT,
                () -> SecretInput.ofType("jwt")
                        .clientId("c")
                        .loginUrl("https://login.salesforce.com")
                        .toSecret(),
                "'privateKey'");
        assertThat(noKey.field(), is("privateKey"));
        SalesforceAuthException noDomain = failsWith(
                Reason.BAD_INPUT,
                () -> SecretInput.ofType("clientCredentials")
                        .clientId("c")
                        .clientSecret(SecretText.of(CLIENT_SECRET))
                        .toSecret(),
                "'myDomainUrl'");
        assertThat(noDomain.field(), is("myDomainUrl"));
        failsWith(
                Reason.BAD_INPUT,
                () -> SecretInput.ofType("clientCredentials")
                        .clientId("c")
                        .clientSecret(SecretText.of(CLIENT_SECRET))
                        .myDomainUrl("https://login.salesforce.com")
                        .toSecret(),
                "My Domain");
    }

    @Test
    void noSecretAtAllSaysWhatEachTypeNeeds() {
        SalesforceAuthException e = failsWith(
                Reason.BAD_INPUT,
                () -> SecretInput.ofType(null).clientId("3MVGapp").toSecret(),
                "No secret was given",
                "sfdxAuthUrl",
                "privateKey",
                "clientSecret");
        assertThat(e.field(), is("sfdxAuthUrl"));
    }

    @Test
    void anUnknownTypeIsRefusedListingTheTypes() {
        SalesforceAuthException e = failsWith(
                Reason.BAD_INPUT,
                () -> SecretInput.ofType("password")
                        .sfdxAuthUrl(SecretText.of(AUTH_URL))
                        .toSecret(),
                "'type' is 'password'",
                "authUrl, jwt, clientCredentials");
        assertThat(e.field(), is("type"));
    }

    @Test
    void aFieldOfAnotherTypeIsRefusedNotIgnored() {
        SalesforceAuthException key = failsWith(
                Reason.BAD_INPUT,
                () -> SecretInput.ofType("clientCredentials")
                        .clientId("c")
                        .clientSecret(SecretText.of(CLIENT_SECRET))
                        .myDomainUrl("https://acme.my.salesforce.com")
                        .privateKey(SecretText.of(KEY))
                        .toSecret(),
                "'privateKey' is not part of a registration with client credentials",
                "set type to jwt");
        assertThat(key.field(), is("privateKey"));
        assertThat(key.getMessage(), not(containsString("MIIE")));
        failsWith(
                Reason.BAD_INPUT,
                () -> SecretInput.ofType(null)
                        .sfdxAuthUrl(SecretText.of(AUTH_URL))
                        .clientId("3MVGapp")
                        .toSecret(),
                "'clientId' is not part of a registration with an SFDX auth URL");
        failsWith(
                Reason.BAD_INPUT,
                () -> SecretInput.ofType("jwt")
                        .clientId("c")
                        .loginUrl("https://login.salesforce.com")
                        .privateKey(SecretText.of(KEY))
                        .sfdxAuthUrl(SecretText.of(AUTH_URL))
                        .toSecret(),
                "'sfdxAuthUrl' is not part of a registration with a JWT key",
                "set type to authUrl");
    }

    @Test
    void blankFieldsCountAsNotGiven() {
        OrgSecret s = SecretInput.ofType(null)
                .sfdxAuthUrl(SecretText.of(AUTH_URL))
                .clientId(" ")
                .privateKey(SecretText.of(""))
                .toSecret();
        assertThat(s, instanceOf(AuthUrlSecret.class));
    }

    @Test
    void toStringNamesFieldsNeverValues() {
        SecretInput in = SecretInput.ofType("jwt")
                .clientId("3MVGclient")
                .loginUrl("https://login.salesforce.com")
                .privateKey(SecretText.of(KEY));
        assertThat(in.toString(), is("SecretInput[type=jwt, fields=[clientId, loginUrl, privateKey]]"));
    }

    /** The secret as one text, as the CLI reads it from stdin. */
    @Nested
    class AsOneText {

        @Test
        void textIsTheSecretOfTheType() {
            assertThat(
                    ((AuthUrlSecret) SecretInput.ofType(null)
                                    .secretText(" " + AUTH_URL + "\n")
                                    .toSecret())
                            .authUrl()
                            .reveal(),
                    is(AUTH_URL));
            JwtSecret jwt = (JwtSecret) SecretInput.ofType("jwt")
                    .clientId("3MVGclient")
                    .loginUrl("https://login.salesforce.com")
                    .secretText(KEY + "\n")
                    .toSecret();
            assertThat(jwt.privateKey().reveal(), is(KEY));
            ClientCredentialsSecret app = (ClientCredentialsSecret) SecretInput.ofType("client-credentials")
                    .clientId("3MVGapp")
                    .myDomainUrl("https://acme.my.salesforce.com")
                    .secretText("C0NSUMER-S3CRET\n")
                    .toSecret();
            assertThat(app.clientSecret().reveal(), is("C0NSUMER-S3CRET"));
        }

        @Test
        void aPemKeyWithoutATypeIsAJwtKey() {
            OrgSecret s = SecretInput.ofType(null)
                    .clientId("3MVGclient")
                    .loginUrl("https://login.salesforce.com")
                    .secretText(KEY)
                    .toSecret();
            assertThat(s.credentialType(), is(CredentialType.JWT));
        }

        @Test
        void theSfCliJsonAroundAnAuthUrlIsKeptWholeForTheAuthUrlReader() {
            String sfJson = "{\"status\":0,\"result\":{\"sfdxAuthUrl\":\"" + AUTH_URL + "\"}}";
            AuthUrlSecret s =
                    (AuthUrlSecret) SecretInput.ofType(null).secretText(sfJson).toSecret();
            assertThat(s.authUrl().reveal(), is(sfJson));
        }

        @Test
        void aJsonObjectSetsItsFieldsSuchAsAKeyAndItsPassphrase() {
            String json =
                    "{\"type\":\"jwt\",\"privateKey\":\"" + KEY.replace("\n", "\\n") + "\",\"passphrase\":\"pass\"}";
            JwtSecret s = (JwtSecret) SecretInput.ofType(null)
                    .clientId("3MVGclient")
                    .loginUrl("https://login.salesforce.com")
                    .secretText(json)
                    .toSecret();
            assertThat(s.privateKey().reveal(), is(KEY));
            assertThat(s.passphrase().reveal(), is("pass"));
        }

        @Test
        void aFieldInTheJsonObjectAndInAnOptionIsRefused() {
            SalesforceAuthException e = failsWith(
                    Reason.BAD_INPUT,
                    () -> SecretInput.ofType("jwt")
                            .clientId("3MVGclient")
                            .secretText("{\"clientId\":\"other\",\"privateKey\":\"k\"}"),
                    "'clientId' is given twice");
            assertThat(e.field(), is("clientId"));
            failsWith(
                    Reason.BAD_INPUT,
                    () -> SecretInput.ofType("jwt").secretText("{\"type\":\"clientCredentials\"}"),
                    "'type' is given twice");
        }

        @Test
        void emptyTextIsAMissingSecretOfTheType() {
            failsWith(
                    Reason.BAD_INPUT,
                    () -> SecretInput.ofType("client-credentials")
                            .clientId("3MVGapp")
                            .myDomainUrl("https://acme.my.salesforce.com")
                            .secretText("\n")
                            .toSecret(),
                    "'clientSecret'");
        }
    }
}
