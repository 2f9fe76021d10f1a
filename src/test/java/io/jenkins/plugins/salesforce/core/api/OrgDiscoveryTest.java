package io.jenkins.plugins.salesforce.core.api;

import static io.jenkins.plugins.salesforce.core.api.SalesforceApiTest.ORG_RECORD;
import static io.jenkins.plugins.salesforce.core.api.SalesforceApiTest.SALESFORCE_ONLY;
import static io.jenkins.plugins.salesforce.core.api.SalesforceApiTest.TOKEN;
import static io.jenkins.plugins.salesforce.core.http.FakeHttpClient.json;
import static io.jenkins.plugins.salesforce.core.http.FakeHttpClient.reply;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.http.FakeHttpClient;
import io.jenkins.plugins.salesforce.core.http.RecordingSleeper;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.orgs.DiscoveredOrg;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One call from a token to everything a credential stores about its org. */
class OrgDiscoveryTest {
    private static final String IDENTITY = "{\"username\":\"admin@acme.com\",\"user_id\":\"005000000000001AAA\"}";
    private static final String VERSIONS = "[{\"version\":\"65.0\"},{\"version\":\"66.0\"}]";

    private static FakeHttpClient.Outcome route(
            FakeHttpClient.Sent s, String org, FakeHttpClient.Outcome identity, FakeHttpClient.Outcome devHub) {
        String path = s.uri().getPath();
        if (path.startsWith("/id/")) {
            return identity;
        }
        if (path.equals("/services/oauth2/userinfo")) {
            return json(200, "{\"preferred_username\":\"admin@acme.com\"}");
        }
        if (path.equals("/services/data")) {
            return json(200, VERSIONS);
        }
        String q = s.uri().getQuery();
        if (q.contains("FROM Organization")) {
            return json(200, org);
        }
        if (q.contains("FROM ScratchOrgInfo")) {
            return devHub;
        }
        throw new AssertionError("unexpected " + s.uri());
    }

    private static OrgDiscovery discovery(FakeHttpClient client) {
        return new OrgDiscovery(new SalesforceApi(
                new SalesforceHttp(client, Duration.ofSeconds(5), new RecordingSleeper().policy()), SALESFORCE_ONLY));
    }

    @Test
    void discoversEverythingACredentialStoresAboutAProductionDevHub() {
        FakeHttpClient client = new FakeHttpClient()
                .route(s -> route(s, ORG_RECORD, json(200, IDENTITY), json(200, "{\"records\":[]}")));
        DiscoveredOrg info = discovery(client).discover(TOKEN);
        assertThat(
                info,
                is(new DiscoveredOrg(
                        "00D000000000001EAA",
                        "admin@acme.com",
                        "https://acme.my.salesforce.com",
                        OrgType.PRODUCTION,
                        true)));
        assertThat(client.count(), is(4));
        List<String> hosts = client.sent().stream().map(s -> s.uri().getHost()).toList();
        assertThat(
                hosts,
                is(List.of(
                        "login.salesforce.com",
                        "acme.my.salesforce.com",
                        "acme.my.salesforce.com",
                        "acme.my.salesforce.com")));
        assertThat(client.sent().get(2).uri().getRawPath(), is("/services/data/v66.0/query"));
    }

    @Test
    void aProductionOrgWithoutScratchOrgInfoIsNotADevHub() {
        FakeHttpClient client = new FakeHttpClient()
                .route(s -> route(
                        s,
                        ORG_RECORD,
                        json(200, IDENTITY),
                        json(
                                400,
                                "[{\"errorCode\":\"INVALID_TYPE\",\"message\":\"sObject type 'ScratchOrgInfo'"
                                        + " is not supported.\"}]")));
        assertThat(discovery(client).discover(TOKEN).devHub(), is(false));
    }

    @Test
    void sandboxesSkipTheDevHubCheck() {
        String sandbox = ORG_RECORD.replace("\"IsSandbox\":false", "\"IsSandbox\":true");
        FakeHttpClient client = new FakeHttpClient().route(s -> route(s, sandbox, json(200, IDENTITY), null));
        DiscoveredOrg info = discovery(client).discover(TOKEN);
        assertThat(info.orgType(), is(OrgType.SANDBOX));
        assertThat(info.devHub(), is(false));
        assertThat(client.count(), is(3));
    }

    @Test
    void aDevHubCheckOutageFailsDiscoveryInsteadOfSayingNotADevHub() {
        FakeHttpClient client =
                new FakeHttpClient().route(s -> route(s, ORG_RECORD, json(200, IDENTITY), json(500, "{}")));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> discovery(client)
                                .discover(TOKEN))
                        .reason(),
                is(Reason.UNREACHABLE));
    }

    @Test
    void fallsBackToUserInfoWhenTheIdentityUrlAnswersNotFound() {
        FakeHttpClient client = new FakeHttpClient()
                .route(s -> route(
                        s,
                        ORG_RECORD,
                        json(404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"x\"}]"),
                        json(200, "{}")));
        assertThat(discovery(client).discover(TOKEN).username(), is("admin@acme.com"));
    }

    @Test
    void anExpiredSessionOnTheIdentityUrlIsThrownForTheCallerToRefreshOnce() {
        FakeHttpClient client = new FakeHttpClient()
                .route(s -> route(s, ORG_RECORD, reply(403, "text/plain", "Bad_OAuth_Token"), null));
        assertThat(
                assertThrows(SalesforceAuthException.class, () -> discovery(client)
                                .discover(TOKEN))
                        .reason(),
                is(Reason.SESSION_EXPIRED));
        assertThat(client.count(), is(1));
    }
}
