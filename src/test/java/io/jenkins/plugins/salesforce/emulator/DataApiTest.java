package io.jenkins.plugins.salesforce.emulator;

import static io.jenkins.plugins.salesforce.emulator.EmulatorHttp.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataApiTest {
    private SalesforceEmulator emulator;
    private final EmulatorHttp http = new EmulatorHttp();
    private Org prod;
    private User admin;
    private String token;

    @BeforeEach
    void seed() {
        emulator = SalesforceEmulator.start();
        prod = emulator.productionOrg("acme").devHub(true);
        admin = prod.user("admin@acme.com");
        token = http.accessToken(prod.instanceUrl(), emulator.issueRefreshToken(admin, emulator.platformCli()));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void userinfoAndIdentityDescribeTheUser() {
        JsonNode info = json(http.get(prod.instanceUrl(), "/services/oauth2/userinfo", token));
        assertThat(info.get("preferred_username").asText(), is("admin@acme.com"));
        assertThat(info.get("organization_id").asText(), is(prod.id()));
        assertThat(info.get("user_id").asText(), is(admin.id()));
        assertThat(info.get("urls").get("rest").asText(), is(prod.instanceUrl() + "/services/data/v{version}/"));

        String idPath = "/id/" + prod.id() + "/" + admin.id();
        JsonNode id = json(http.get(emulator.loginUrl(), idPath + "?version=latest", token));
        assertThat(id.get("username").asText(), is("admin@acme.com"));
        assertThat(id.get("organization_id").asText(), is(prod.id()));
        assertThat(id.get("urls").get("rest").asText(), is(prod.instanceUrl() + "/services/data/v67.0/"));
        assertThat(id.get("urls").get("custom_domain").asText(), is(prod.instanceUrl()));
        assertThat(
                "oauth_token query parameter works too",
                http.get(emulator.loginUrl(), idPath + "?oauth_token=" + token, null)
                        .statusCode(),
                is(200));
    }

    @Test
    void identityAndUserinfoAnswer403BadOAuthTokenToABadToken() {
        for (String path : new String[] {"/services/oauth2/userinfo", "/id/" + prod.id() + "/" + admin.id()}) {
            HttpResponse<String> r = http.get(emulator.loginUrl(), path, "00D000000000001!bad");
            assertThat(r.statusCode(), is(403));
            assertThat(r.body(), is("Bad_OAuth_Token"));
            assertThat(r.headers().firstValue("Content-Type").orElse(""), startsWith("text/plain"));
        }
    }

    @Test
    void versionsListIsAJsonArrayAndWorksWithoutAuth() {
        prod.apiVersions("9.0", "66.0", "100.0");
        JsonNode versions = json(http.get(prod.instanceUrl(), "/services/data", null));
        assertThat(versions.isArray(), is(true));
        assertThat(versions.get(1).get("version").asText(), is("66.0"));
        assertThat(versions.get(1).get("url").asText(), is("/services/data/v66.0"));
        assertThat(versions.get(1).get("label").asText(), is("Summer '26"));
        assertThat(DataEndpoints.latestVersion(prod), is("100.0"));
    }

    @Test
    void organizationQueryGivesTheOrgRecordInTheEnvelope() {
        HttpResponse<String> r = http.query(
                prod,
                token,
                false,
                "SELECT Name,InstanceName,IsSandbox,"
                        + "TrialExpirationDate,NamespacePrefix,OrganizationType,Id FROM Organization");
        assertThat(r.body(), r.statusCode(), is(200));
        JsonNode body = json(r);
        assertThat(body.get("totalSize").asInt(), is(1));
        assertThat(body.get("done").asBoolean(), is(true));
        JsonNode org = body.get("records").get(0);
        assertThat(org.get("attributes").get("type").asText(), is("Organization"));
        assertThat(
                org.get("attributes").get("url").asText(),
                is("/services/data/v66.0/sobjects/Organization/00D000000000001EAA"));
        assertThat(org.get("Name").asText(), is("Acme"));
        assertThat(org.get("IsSandbox").asBoolean(), is(false));
        assertThat(org.get("TrialExpirationDate").isNull(), is(true));
        assertThat(org.get("OrganizationType").asText(), is("Enterprise Edition"));
        assertThat(org.get("Id").asText(), is(prod.id()));
    }

    @Test
    void restErrorsAreJsonArrays() {
        HttpResponse<String> badToken = http.query(prod, "00D000000000001!nope", false, "SELECT Id FROM Organization");
        assertRestError(badToken, 401, "INVALID_SESSION_ID");
        assertRestError(http.query(prod, token, false, "SELECT Bogus FROM Organization"), 400, "INVALID_FIELD");
        assertRestError(http.query(prod, token, false, "SELECT Id FROM Nope"), 400, "INVALID_TYPE");
        assertRestError(http.query(prod, token, false, "SELECT FROM"), 400, "MALFORMED_QUERY");
        assertRestError(http.get(prod.instanceUrl(), "/services/data/v12.0/query?q=x", token), 404, "NOT_FOUND");
    }

    @Test
    void aNonDevHubAnswersInvalidTypeToScratchOrgInfoWithTheSoqlLayout() {
        prod.devHub(false);
        HttpResponse<String> r = http.query(prod, token, false, "SELECT Id FROM ScratchOrgInfo limit 1");
        assertRestError(r, 400, "INVALID_TYPE");
        assertThat(
                json(r).get(0).get("message").asText(),
                is("\nSELECT Id FROM ScratchOrgInfo limit 1\n"
                        + "               ^\nERROR at Row:1:Column:16\nsObject type 'ScratchOrgInfo' is not supported. If you"
                        + " are attempting to use a custom object, be sure to append the '__c' after the entity name. Please "
                        + "reference your WSDL or the describe call for the appropriate names."));
        assertRestError(
                http.get(prod.instanceUrl(), "/services/data/v66.0/sobjects/ScratchOrgInfo/describe", token),
                404,
                "NOT_FOUND");
    }

    @Test
    void aDevHubAnswersTheDevHubCheckWithZeroRows() {
        JsonNode body = json(http.query(prod, token, false, "SELECT Id FROM ScratchOrgInfo limit 1"));
        assertThat(body.get("totalSize").asInt(), is(0));
    }

    @Test
    void theRestApiIsServedOnInstanceHostsOnly() {
        HttpResponse<String> r =
                http.get(emulator.loginUrl(), "/services/data/v66.0/query?q=SELECT+Id+FROM+" + "Organization", token);
        assertRestError(r, 404, "NOT_FOUND");
        assertThat(r.body(), containsString("instance_url"));
    }

    @Test
    void aTokenOfAnotherOrgIsAnInvalidSession() {
        Org other = emulator.productionOrg("globex");
        String otherToken = emulator.issueAccessToken(other.user("admin@globex.com"), emulator.platformCli())
                .value();
        assertRestError(http.query(prod, otherToken, false, "SELECT Id FROM Organization"), 401, "INVALID_SESSION_ID");
    }

    @Test
    void userRecordGivesTheUsername() {
        JsonNode u = json(http.get(prod.instanceUrl(), "/services/data/v51.0/sobjects/User/" + admin.id(), token));
        assertThat(u.get("Username").asText(), is("admin@acme.com"));
        assertThat(u.get("attributes").get("type").asText(), is("User"));
        assertRestError(
                http.get(prod.instanceUrl(), "/services/data/v51.0/sobjects/User/005000000000099AAA", token),
                404,
                "NOT_FOUND");
    }

    static void assertRestError(HttpResponse<String> r, int status, String errorCode) {
        assertThat(r.body(), r.statusCode(), is(status));
        JsonNode body = json(r);
        assertThat(r.body(), body.isArray(), is(true));
        assertThat(body.get(0).get("errorCode").asText(), is(errorCode));
        assertThat(body.get(0).has("message"), is(true));
    }
}
