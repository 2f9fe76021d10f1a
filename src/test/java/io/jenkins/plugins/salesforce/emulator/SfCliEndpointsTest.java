package io.jenkins.plugins.salesforce.emulator;

import static io.jenkins.plugins.salesforce.emulator.EmulatorHttp.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST calls the real sf CLI makes beyond the plugin's own, answered as Salesforce answers them. */
class SfCliEndpointsTest {
    private SalesforceEmulator emulator;
    private final EmulatorHttp http = new EmulatorHttp();
    private Org prod;
    private String token;

    @BeforeEach
    void seed() {
        emulator = SalesforceEmulator.start();
        prod = emulator.productionOrg("acme").devHub(true);
        User admin = prod.user("admin@acme.com");
        token = http.accessToken(prod.instanceUrl(), emulator.issueRefreshToken(admin, emulator.platformCli()));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void theVersionRootListsItsResourcesToASessionOnly() {
        HttpResponse<String> r = http.get(prod.instanceUrl(), "/services/data/v67.0", token);
        assertThat(r.statusCode(), is(200));
        JsonNode resources = json(r);
        assertThat(resources.get("query").asText(), is("/services/data/v67.0/query"));
        assertThat(resources.get("limits").asText(), is("/services/data/v67.0/limits"));
        assertThat(
                resources.get("identity").asText(),
                is(prod.instanceUrl() + "/id/" + prod.id() + "/" + prod.users().get(0).id()));

        assertThat("sfdx-core's refresh check with an expired session", http.get(
                                prod.instanceUrl(), "/services/data/v67.0", "00D000000000001!expired")
                        .statusCode(),
                is(401));
        assertThat(http.get(prod.instanceUrl(), "/services/data/v12.0", token).statusCode(), is(404));
    }

    @Test
    void limitsGiveMaxAndRemainingAndCountTheApiRequests() {
        JsonNode first = json(http.get(prod.instanceUrl(), "/services/data/v67.0/limits", token));
        JsonNode second = json(http.get(prod.instanceUrl(), "/services/data/v67.0/limits", token));
        assertThat(first.get("DailyApiRequests").get("Max").asInt(), is(100_000));
        assertThat(
                second.get("DailyApiRequests").get("Remaining").asInt(),
                is(first.get("DailyApiRequests").get("Remaining").asInt() - 1));
        assertThat("a Dev Hub has scratch org limits", first.has("ActiveScratchOrgs"), is(true));
    }

    @Test
    void columnsTrueDescribesTheSelectedColumnsWithoutRows() {
        JsonNode c = json(http.get(
                prod.instanceUrl(),
                "/services/data/v67.0/query?q=SELECT+id%2C+Name%2C+IsSandbox+FROM+Organization&columns=true",
                token));
        assertThat(c.has("records"), is(false));
        assertThat(c.get("entityName").asText(), is("Organization"));
        assertThat(c.get("idSelected").asBoolean(), is(true));
        assertThat(c.get("keyPrefix").asText(), is("00D"));
        JsonNode columns = c.get("columnMetadata");
        assertThat(columns.size(), is(3));
        assertThat("the table's spelling", columns.get(0).get("columnName").asText(), is("Id"));
        assertThat(columns.get(0).get("apexType").asText(), is("Id"));
        assertThat(columns.get(1).get("apexType").asText(), is("String"));
        assertThat(columns.get(2).get("apexType").asText(), is("Boolean"));
        assertThat(columns.get(2).get("joinColumns").isArray(), is(true));
        assertThat(columns.get(2).get("aggregate").asBoolean(), is(false));

        HttpResponse<String> bad = http.get(
                prod.instanceUrl(), "/services/data/v67.0/query?q=SELECT+Nope+FROM+Organization&columns=true", token);
        assertThat(bad.statusCode(), is(400));
        assertThat(bad.body(), containsString("INVALID_FIELD"));
    }

    @Test
    void aScratchOrgSignupOnTheDevHubCreatesAScratchOrgInfoThatCanBeRead() {
        HttpResponse<String> created = http.postJson(
                prod.instanceUrl(),
                "/services/data/v67.0/sobjects/ScratchOrgInfo",
                token,
                "{\"Edition\":\"Developer\",\"Username\":\"Dev@Example.com\","
                        + "\"ConnectedAppConsumerKey\":\"PlatformCLI\"}");
        assertThat(created.statusCode(), is(201));
        String id = json(created).get("id").asText();
        assertThat(json(created).get("success").asBoolean(), is(true));
        ScratchOrgInfo info = prod.scratchOrgInfos().get(0);
        assertThat(info.id(), is(id));

        JsonNode row = json(http.get(prod.instanceUrl(), "/services/data/v67.0/sobjects/ScratchOrgInfo/" + id, token));
        assertThat(row.get("attributes").get("type").asText(), is("ScratchOrgInfo"));
        assertThat(row.get("SignupUsername").asText(), is("dev@example.com"));
        assertThat(row.get("Edition").asText(), is("Developer"));
        assertThat(row.get("Status").asText(), is("Active"));
        assertThat(row.get("ConnectedAppConsumerKey").asText(), is("PlatformCLI"));
    }

    @Test
    void aScratchOrgSignupIsRefusedAsSalesforceRefusesIt() {
        String path = "/services/data/v67.0/sobjects/ScratchOrgInfo";
        HttpResponse<String> noEdition = http.postJson(prod.instanceUrl(), path, token, "{}");
        assertThat(noEdition.statusCode(), is(400));
        assertThat(noEdition.body(), containsString("REQUIRED_FIELD_MISSING"));

        http.postJson(prod.instanceUrl(), path, token, "{\"Edition\":\"Developer\",\"Username\":\"a@example.com\"}");
        HttpResponse<String> taken = http.postJson(
                prod.instanceUrl(), path, token, "{\"Edition\":\"Developer\",\"Username\":\"a@example.com\"}");
        assertThat(taken.statusCode(), is(400));
        assertThat(taken.body(), containsString("DUPLICATE_USERNAME"));

        prod.devHub(false);
        assertThat(
                http.postJson(prod.instanceUrl(), path, token, "{\"Edition\":\"Developer\"}").statusCode(), is(404));
    }

    @Test
    void aDoubledSlashInThePathIsOneSlash() {
        // sf org login access-token stores the instance URL with a trailing '/', and asks for //services/data.
        HttpResponse<String> r = http.get(prod.instanceUrl() + "/", "/services/data/v67.0", token);
        assertThat(r.statusCode(), is(200));
        assertThat(json(http.get(prod.instanceUrl() + "/", "/services/data", null)).isArray(), is(true));
        assertThat(
                emulator.requests().of(Endpoint.API_RESOURCES).get(0).path(), is("/services/data/v67.0"));
    }
}
