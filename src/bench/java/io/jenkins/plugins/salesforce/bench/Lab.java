package io.jenkins.plugins.salesforce.bench;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SalesforceHosts;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.http.FakeHttpClient;
import io.jenkins.plugins.salesforce.core.http.RetryPolicy;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.oauth.RefreshTokenGrant;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgRegistry;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.OrgTokens;
import io.jenkins.plugins.salesforce.emulator.ConnectedApp;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import io.jenkins.plugins.salesforce.emulator.FaultRule;
import io.jenkins.plugins.salesforce.emulator.MutableClock;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.SalesforceEmulator;
import io.jenkins.plugins.salesforce.emulator.User;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One benchmark environment: a fresh emulator on its own {@link MutableClock}, the client wired as the Jenkins layer
 * wires it (a real {@link HttpClient} through {@link SalesforceHttp#configure}, the default allowlist plus the
 * emulator's loopback origin, default retry policy), an {@link InMemoryOrgStore} with its {@link OrgRegistry}, and
 * the seeding of orgs registered with an SFDX auth URL.
 *
 * <p>The HTTP client runs on a cached thread pool, so it never limits how many exchanges are in flight; the
 * parallelism of a scenario is that of its callers.
 */
final class Lab implements AutoCloseable {
    static final String CONSUMER_KEY = "3MVG9BENCH.consumer.key";
    static final String CONSUMER_SECRET = "BENCHSECRET123";
    static final Duration SESSION = Duration.ofHours(2);

    private static final AtomicInteger THREADS = new AtomicInteger();

    final MutableClock clock = MutableClock.fixed();
    final SalesforceEmulator emulator =
            SalesforceEmulator.builder().clock(clock).start();
    final SalesforceHosts hosts = SalesforceHosts.defaults().withAdditional(List.of("http://127.0.0.1"));
    final ExecutorService httpExecutor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-http-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    final HttpClient client = newClient();
    final SalesforceHttp http =
            new SalesforceHttp(client, SalesforceHttp.DEFAULT_REQUEST_TIMEOUT, RetryPolicy.defaults());
    final RefreshTokenGrant grant = new RefreshTokenGrant(http, hosts::isAllowed, clock);
    final ConnectedApp app = emulator.connectedApp(CONSUMER_KEY).secret(CONSUMER_SECRET);
    final InMemoryOrgStore store = new InMemoryOrgStore();
    final OrgRegistry registry = new OrgRegistry(
            store,
            (secret, username) -> {
                throw new UnsupportedOperationException("benchmark orgs are stored directly");
            },
            (org, sandbox) -> {
                throw new UnsupportedOperationException("no sandboxes in the benchmarks");
            });
    private int seeded;

    /** An org of the emulator, its user, its auth URL, and its registration in the store. */
    record Seeded(Org org, User user, String authUrl, SfdxAuthUrl parsed, RegisteredOrg registered) {}

    /** A new production org (2 h sessions) with one user, registered in the store under {@code bench-<n>}. */
    Seeded seed() {
        int n = ++seeded;
        Org org = emulator.productionOrg("bench" + n).sessionTimeout(SESSION);
        User user = org.user("admin@bench" + n + ".example.com");
        String authUrl = emulator.authUrlFor(user, app);
        OrgRecord record = OrgRecord.builder("bench-" + n, CredentialType.AUTH_URL)
                .username(user.username())
                .orgId(org.id())
                .orgType(OrgType.PRODUCTION)
                .instanceUrl(org.instanceUrl())
                .build();
        RegisteredOrg registered = new RegisteredOrg(record, new AuthUrlSecret(SecretText.of(authUrl)));
        store.save(registered);
        return new Seeded(org, user, authUrl, SfdxAuthUrl.parse(authUrl, hosts), registered);
    }

    /** Every token request waits {@code delay} (wall clock) at the emulator before it is answered. */
    FaultRule tokenLatency(Duration delay) {
        return emulator.faults().on(Endpoint.TOKEN).respond(Fault.slow(delay));
    }

    /** A new client like {@link #client} (same executor, no connections yet); the caller closes it. */
    HttpClient newClient() {
        return SalesforceHttp.configure(HttpClient.newBuilder())
                .executor(httpExecutor)
                .build();
    }

    /** Token requests the emulator has received so far (faulted ones too). */
    int tokenRequests() {
        return emulator.requests().count(Endpoint.TOKEN);
    }

    /** The refresh grant, as the client runs it (the cold exchange without any cache). */
    AccessToken refresh(Seeded s) {
        SfdxAuthUrl u = s.parsed();
        return grant.refresh(u.loginUrl(), u.clientId(), u.clientSecret(), u.refreshToken());
    }

    /** The token service under test, cold, on this lab's registry, HTTP client, allowlist and clock. */
    OrgTokens tokenService() {
        return TokenServices.create(this, http);
    }

    /** A cold token service like {@link #tokenService()} on another transport. */
    OrgTokens tokenService(SalesforceHttp on) {
        return TokenServices.create(this, on);
    }

    /** A transport like {@link #http} (default timeout and retries) on another client. */
    SalesforceHttp http(HttpClient on) {
        return new SalesforceHttp(on, SalesforceHttp.DEFAULT_REQUEST_TIMEOUT, RetryPolicy.defaults());
    }

    /**
     * The same refresh-token POST as {@link #refresh}, sent with the bare JDK client: the same form, URL and
     * headers, the body read as bytes and not parsed. The floor any client can reach.
     */
    RawPost rawPost(Seeded s) {
        return rawPost(s, client);
    }

    /** {@link #rawPost(Seeded)} on another client. */
    RawPost rawPost(Seeded s, HttpClient on) {
        SfdxAuthUrl u = s.parsed();
        String body = "grant_type=refresh_token&refresh_token="
                + enc(u.refreshToken().reveal()) + "&client_id=" + enc(u.clientId()) + "&client_secret="
                + enc(u.clientSecret().reveal());
        return new RawPost(on, u.loginUrl().resolve("/services/oauth2/token"), body);
    }

    /** A prepared raw POST; {@link #send()} returns the body length so that nothing is optimised away. */
    static final class RawPost {
        private final HttpClient client;
        private final URI uri;
        private final String body;

        RawPost(HttpClient client, URI uri, String body) {
            this.client = client;
            this.uri = uri;
            this.body = body;
        }

        int send() {
            try {
                return check(client.send(request(), HttpResponse.BodyHandlers.ofByteArray()));
            } catch (IOException e) {
                throw new IllegalStateException("raw POST failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        /**
         * The same POST waited for as {@link SalesforceHttp} waits: {@code sendAsync}, then a timed {@code get}. Shows
         * what the JDK's asynchronous path costs next to {@code send}.
         */
        int sendAsync() {
            try {
                return check(client.sendAsync(request(), HttpResponse.BodyHandlers.ofByteArray())
                        .get(SalesforceHttp.DEFAULT_REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("raw POST failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private HttpRequest request() {
            return HttpRequest.newBuilder(uri)
                    .timeout(SalesforceHttp.DEFAULT_REQUEST_TIMEOUT)
                    .header("Accept", "application/json")
                    .header("User-Agent", "salesforce-org-credentials (Jenkins plugin)")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        }

        private static int check(HttpResponse<byte[]> r) {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("raw POST answered " + r.statusCode());
            }
            return r.body().length;
        }
    }

    /**
     * The refresh grant on a fake HTTP client that answers at once with a token response the emulator gave: the
     * client's own CPU work per exchange (form, request, classification, JSON, token checks), without any network.
     */
    static final class Offline {
        private final RefreshTokenGrant grant;
        private final URI loginUrl;
        private final SfdxAuthUrl url;

        Offline(Lab lab, Seeded s) {
            byte[] answer = lab.rawAnswer(s);
            FakeHttpClient fake = new FakeHttpClient()
                    .route(sent -> new FakeHttpClient.Reply(
                            200, java.util.Map.of("Content-Type", List.of("application/json;charset=UTF-8")), answer));
            this.grant = new RefreshTokenGrant(
                    new SalesforceHttp(fake, SalesforceHttp.DEFAULT_REQUEST_TIMEOUT, RetryPolicy.defaults()),
                    lab.hosts::isAllowed,
                    lab.clock);
            this.url = s.parsed();
            this.loginUrl = url.loginUrl();
        }

        AccessToken refresh() {
            return grant.refresh(loginUrl, url.clientId(), url.clientSecret(), url.refreshToken());
        }
    }

    /** One real token response of the emulator for the org, as bytes. */
    byte[] rawAnswer(Seeded s) {
        RawPost post = rawPost(s);
        try {
            return client.send(post.request(), HttpResponse.BodyHandlers.ofByteArray())
                    .body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.shutdownNow();
        httpExecutor.shutdownNow();
        emulator.close();
    }
}
