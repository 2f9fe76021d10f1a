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
                .POST(HttpRequest.BodyPublishers.ofString(EmulatorHttp.form(
                        "grant_type", "refresh_token", "client_id", "PlatformCLI", "refresh_token", token.value())))
                .build();
    }

    @Test
    void aFaultForTheNextTwoCallsThenNormalService() {
        FaultRule rule =
                emulator.faults().on(Endpoint.TOKEN).forOrg(prod).times(2).respond(Fault.http503Html());
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
        emulator.faults()
                .on(Endpoint.TOKEN)
                .forOrg(emulator.productionOrg("globex"))
                .respond(Fault.inactiveUser());
        emulator.faults().on(Endpoint.TOKEN).forGrant("jwt-bearer").respond(Fault.inactiveUser());
        assertThat(refresh().statusCode(), is(200));
    }

    @Test
    void aPermanentFaultOnTheLoginHostMatchesTheOrgThroughTheRefreshToken() {
        emulator.faults().on(Endpoint.TOKEN).forOrg(prod).respond(Fault.rateLimitExceeded());
        for (int i = 0; i < 3; i++) {
            assertOAuthError(
                    http.refresh(emulator.loginUrl(), "PlatformCLI", "", token.value()),
                    "rate_limit_exceeded",
                    "Number of logins exceeded");
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
        assertThat("a POST is not retried by the JDK", emulator.requests().count(Endpoint.TOKEN), is(1));
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
        emulator.faults().on(Endpoint.API_VERSIONS).once().respond(Fault.slow(Duration.ofMillis(600)));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(prod.instanceUrl() + "/services/data"))
                .timeout(Duration.ofMillis(100))
                .build();
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

    @Test
    void theJdkClientItselfRetriesAGetOnceWhenTheConnectionClosesBeforeAnyByte() {
        HttpRequest versions = HttpRequest.newBuilder(URI.create(prod.instanceUrl() + "/services/data"))
                .build();
        emulator.faults().on(Endpoint.API_VERSIONS).once().respond(Fault.resetBeforeBody());
        assertThat("absorbed by the JDK's own retry", http.send(versions).statusCode(), is(200));
        assertThat(emulator.requests().count(Endpoint.API_VERSIONS), is(2));

        emulator.resetRequestsAndFaults();
        emulator.faults().on(Endpoint.API_VERSIONS).times(2).respond(Fault.resetBeforeBody());
        assertThat(http.sendCatching(versions), instanceOf(IOException.class));
        assertThat(emulator.requests().count(Endpoint.API_VERSIONS), is(2));
    }

    @Test
    void afterCallsAndOnHostNarrowARule() {
        emulator.faults().on(Endpoint.TOKEN).onHost(emulator.loginUrl()).respond(Fault.http502Html());
        emulator.faults().on(Endpoint.TOKEN).afterCalls(1).once().respond(Fault.invalidClient());
        assertThat(refresh().statusCode(), is(200));
        assertOAuthError(refresh(), "invalid_client", "invalid client credentials");
        assertThat(refresh().statusCode(), is(200));
        assertThat(
                http.refresh(emulator.loginUrl(), "PlatformCLI", "", token.value())
                        .statusCode(),
                is(502));
    }

    @Test
    void everyOAuthFaultFactoryHasTheOAuthEnvelope() {
        Fault[] faults = {
            Fault.expiredRefreshToken(),
            Fault.inactiveUser(),
            Fault.inactiveOrganization(),
            Fault.ipRestricted(),
            Fault.ipRestrictedOrInvalidLoginHours(),
            Fault.userNotApproved(),
            Fault.authenticationFailure(),
            Fault.audienceInvalid(),
            Fault.invalidAssertion(),
            Fault.expiredAuthorizationCode(),
            Fault.invalidAuthorizationCode(),
            Fault.inactiveUserDocumentedForm(),
            Fault.inactiveOrgDocumentedForm(),
            Fault.invalidClientId(),
            Fault.invalidClient(),
            Fault.unsupportedGrantType(),
            Fault.redirectUriMismatch(),
            Fault.rateLimitExceeded(),
            Fault.invalidRequest("HTTPS required")
        };
        for (Fault f : faults) {
            emulator.faults().on(Endpoint.TOKEN).once().respond(f);
            HttpResponse<String> r = refresh();
            assertThat(f.toString(), r.statusCode(), is(400));
            assertThat(
                    f.toString(),
                    f.toString(),
                    containsString(json(r).get("error").asText() + ": "
                            + json(r).get("error_description").asText()));
        }
    }

    @Test
    void everyRestFaultFactoryHasTheRestEnvelope() {
        String access = http.accessToken(prod.instanceUrl(), token);
        Object[][] cases = {
            {Fault.invalidSessionId(), 401, "INVALID_SESSION_ID"},
            {Fault.requestLimitExceeded(), 403, "REQUEST_LIMIT_EXCEEDED"},
            {Fault.invalidType("SandboxProcess"), 400, "INVALID_TYPE"},
            {Fault.invalidField("PostCopyConfig", "SandboxInfo"), 400, "INVALID_FIELD"},
            {Fault.invalidStatus(), 400, "INVALID_STATUS"},
            {Fault.apiDisabledForOrg(), 403, "API_DISABLED_FOR_ORG"},
            {Fault.notFound(), 404, "NOT_FOUND"},
            {Fault.http500Json(), 500, "UNKNOWN_EXCEPTION"},
            {Fault.restError(400, "MALFORMED_QUERY", "x"), 400, "MALFORMED_QUERY"}
        };
        for (Object[] c : cases) {
            emulator.faults().on(Endpoint.TOOLING_QUERY).once().respond((Fault) c[0]);
            DataApiTest.assertRestError(
                    http.query(prod, access, true, "SELECT Id FROM SandboxInfo"), (Integer) c[1], (String) c[2]);
        }
    }

    @Test
    void htmlOutagesAreHtml() {
        Fault[] faults = {Fault.http500Html(), Fault.http502Html(), Fault.http503Html(), Fault.dataNotAvailable()};
        int[] statuses = {500, 502, 503, 420};
        for (int i = 0; i < faults.length; i++) {
            emulator.faults().on(Endpoint.API_VERSIONS).once().respond(faults[i]);
            HttpResponse<String> r = http.get(prod.instanceUrl(), "/services/data", null);
            assertThat(r.statusCode(), is(statuses[i]));
            assertThat(r.headers().firstValue("Content-Type").orElse(""), startsWith("text/html"));
            assertThat(r.body(), startsWith("<"));
        }
    }

    @Test
    void aDelayedCannedFaultWaitsThenAnswers() {
        emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.http503Html().withDelay(Duration.ofMillis(150)));
        long start = System.nanoTime();
        assertThat(refresh().statusCode(), is(503));
        assertThat((System.nanoTime() - start) / 1_000_000 >= 150, is(true));
    }

    @Test
    void aFaultForAnOrgAlsoMatchesItsIdentityUrlOnTheLoginHost() {
        String access = http.accessToken(prod.instanceUrl(), token);
        emulator.faults().on(Endpoint.IDENTITY).forOrg(prod).once().respond(Fault.badOAuthToken());
        String path = "/id/" + prod.id() + "/" + admin.id();
        assertThat(http.get(emulator.loginUrl(), path, access).statusCode(), is(403));
        assertThat(http.get(emulator.loginUrl(), path, access).statusCode(), is(200));
    }
}
