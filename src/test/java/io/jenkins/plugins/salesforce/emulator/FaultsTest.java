package io.jenkins.plugins.salesforce.emulator;

import static io.jenkins.plugins.salesforce.emulator.EmulatorHttp.json;
import static io.jenkins.plugins.salesforce.emulator.RefreshTokenGrantTest.assertOAuthError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private SalesforceEmulator emulator;
    private final EmulatorHttp http = new EmulatorHttp();
    private Org prod;
    private User admin;
    private RefreshToken token;

    @BeforeEach
    void seed() {
        emulator = SalesforceEmulator.start();
        prod = emulator.productionOrg("acme");
        admin = prod.user("admin@acme.com");
        token = emulator.issueRefreshToken(admin, emulator.platformCli());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private HttpResponse<String> refresh() {
        return http.refresh(prod.instanceUrl(), "PlatformCLI", "", token.value());
    }

    private HttpRequest refreshRequest() {
        return HttpRequest.newBuilder(URI.create(prod.instanceUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(EmulatorHttp.form("grant_type", "refresh_token",
                        "client_id", "PlatformCLI", "refresh_token", token.value())))
                .build();
    }

    @Test
    void aFaultForTheNextTwoCallsThenNormalService() {
        FaultRule rule = emulator.faults().on(Endpoint.TOKEN).forOrg(prod).times(2).respond(Fault.http503Html());
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = refresh();
            assertThat(r.statusCode(), is(503));
            assertThat(r.headers().firstValue("Content-Type").orElse(""), startsWith("text/html"));
            assertThat(r.body(), containsString("maintenance"));
        }
        assertThat(refresh().statusCode(), is(200));
        assertThat(rule.hits(), is(2));
        assertThat(rule.isActive(), is(false));
        assertThat(emulator.requests().count(Endpoint.TOKEN), is(3));
        assertThat(emulator.requests().count(Endpoint.TOKEN, GrantTypes.REFRESH_TOKEN), is(3));
    }

    @Test
    void aFaultForAnotherOrgOrGrantDoesNotApply() {
        emulator.faults().on(Endpoint.TOKEN).forOrg(emulator.productionOrg("globex")).respond(Fault.inactiveUser());
        emulator.faults().on(Endpoint.TOKEN).forGrant("jwt-bearer").respond(Fault.inactiveUser());
        assertThat(refresh().statusCode(), is(200));
    }

    @Test
    void aPermanentFaultOnTheLoginHostMatchesTheOrgThroughTheRefreshToken() {
        emulator.faults().on(Endpoint.TOKEN).forOrg(prod).respond(Fault.rateLimitExceeded());
        for (int i = 0; i < 3; i++) {
            assertOAuthError(http.refresh(emulator.loginUrl(), "PlatformCLI", "", token.value()),
                    "rate_limit_exceeded", "Number of logins exceeded");
        }
    }

    @Test
    void cannedFaultsChangeNoState() {
        emulator.platformCli().rotateRefreshTokens(true);
        emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.expiredRefreshToken());
        assertOAuthError(refresh(), "invalid_grant", "expired access/refresh token");
        assertThat(token.isRevoked(), is(false));
    }

    @Test
    void json5xxFollowTheEndpointsEnvelope() {
        emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.http500Json());
        emulator.faults().on(Endpoint.QUERY).once().respond(Fault.http503Json());
        HttpResponse<String> oauth = refresh();
        assertThat(oauth.statusCode(), is(500));
        assertThat(json(oauth).get("error").asText(), is("unknown_error"));
        String access = http.accessToken(prod.instanceUrl(), token);
        HttpResponse<String> rest = http.query(prod, access, false, "SELECT Id FROM Organization");
        assertThat(rest.statusCode(), is(503));
        assertThat(json(rest).get(0).get("errorCode").asText(), is("SERVER_UNAVAILABLE"));
    }

    @Test
    void bodyFaultsGiveExactlyTheBrokenBody() {
        emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.truncatedJson());
        emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.htmlProxyPage());
        emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.emptyBody());
        emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.dataNotAvailable());
        HttpResponse<String> truncated = refresh();
        assertThat(truncated.statusCode(), is(200));
        assertThat(truncated.body(), startsWith("{\"access_token\":\"00D"));
        assertThat(truncated.body(), not(containsString("}")));
        HttpResponse<String> proxy = refresh();
        assertThat(proxy.statusCode(), is(200));
        assertThat(proxy.body(), startsWith("<!DOCTYPE html>"));
        HttpResponse<String> empty = refresh();
        assertThat(empty.statusCode(), is(200));
        assertThat(empty.body(), is(""));
        HttpResponse<String> gone = refresh();
        assertThat(gone.statusCode(), is(420));
        assertThat(gone.body(), containsString("Data Not Available"));
    }

    @Test
    void resetBeforeBodyFailsTheRequestWithoutProcessingIt() {
        emulator.platformCli().rotateRefreshTokens(true);
        emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.resetBeforeBody());
        Object outcome = http.sendCatching(refreshRequest());
        assertThat(outcome, instanceOf(IOException.class));
        assertThat("not processed", token.isRevoked(), is(false));
        assertThat(emulator.requests().all().get(0).status(), is(0));
        assertThat(refresh().statusCode(), is(200));
    }

    @Test
    void resetAfterBodyProcessesTheRequestButNeverAnswers() {
        emulator.platformCli().rotateRefreshTokens(true);
        emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.resetAfterBody());
        Object outcome = http.sendCatching(refreshRequest());
        assertThat(outcome, instanceOf(IOException.class));
        assertThat("processed: the token was rotated away", token.isRevoked(), is(true));
        assertThat(emulator.requests().all().get(0).grantType(), is("refresh_token"));
    }

    @Test
    void resetMidResponseCutsTheBodyShort() {
        emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.resetMidResponse());
        Object outcome = http.sendCatching(refreshRequest());
        assertThat(String.valueOf(outcome), outcome, instanceOf(IOException.class));
    }

    @Test
    void aSlowResponseTripsTheClientsTimeout() {
        emulator.faults().on(Endpoint.API_VERSIONS).once().respond(Fault.slow(Duration.ofMillis(1500)));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(prod.instanceUrl() + "/services/data"))
                .timeout(Duration.ofMillis(200)).build();
        Object outcome;
        try {
            outcome = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            outcome = e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(outcome, instanceOf(HttpTimeoutException.class));
    }

    @Test
    void restFaultsHaveSalesforcesShapes() {
        String access = http.accessToken(prod.instanceUrl(), token);
        emulator.faults().on(Endpoint.QUERY).once().respond(Fault.requestLimitExceeded());
        HttpResponse<String> r = http.query(prod, access, false, "SELECT Id FROM Organization");
        DataApiTest.assertRestError(r, 403, "REQUEST_LIMIT_EXCEEDED");
        emulator.faults().on(Endpoint.USERINFO).once().respond(Fault.badOAuthToken());
        HttpResponse<String> u = http.get(prod.instanceUrl(), "/services/oauth2/userinfo", access);
        assertThat(u.statusCode(), is(403));
        assertThat(u.body(), is("Bad_OAuth_Token"));
    }

    @Test
    void theRequestLogNeverShowsSecrets() {
        String access = http.accessToken(prod.instanceUrl(), token);
        http.get(emulator.loginUrl(), "/id/" + prod.id() + "/" + admin.id() + "?oauth_token=" + access, null);
        http.get(prod.instanceUrl(), "/services/oauth2/revoke?token=" + access, null);
        String log = emulator.requests().render();
        assertThat(log, containsString("grant_type=refresh_token"));
        assertThat(log, containsString("oauth_token=****"));
        assertThat(log, not(containsString(token.value())));
        assertThat(log, not(containsString(access)));
        assertThat(log, not(containsString(access.substring(16))));
        assertThat(token.toString(), not(containsString(token.value())));
        assertThat(emulator.accessToken(access).toString(), not(containsString(access.substring(16))));
        emulator.resetRequestsAndFaults();
        assertThat(emulator.requests().total(), is(0));
    }
}
