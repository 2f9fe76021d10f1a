package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.flows.FlowContext;
import io.jenkins.plugins.salesforce.core.flows.JitLogin;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.core.tokens.OrgTokens;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How deep the core's token path is (docs/architecture.md, "Frames"): the core's frames on the stack when a cold
 * token request reaches the HTTP client, from {@code TokenService.token} down. The client asks its proxy selector on
 * the caller's thread, so a recording selector sees the whole stack.
 */
class TokenPathFramesTest {
    private static final String CORE = "io.jenkins.plugins.salesforce.core.";

    private final List<StackTraceElement[]> sends = new CopyOnWriteArrayList<>();
    private final EmulatedOrgs sf = new EmulatedOrgs();
    private final SalesforceHttp http = new SalesforceHttp(
            SalesforceHttp.configure(HttpClient.newBuilder())
                    .proxy(new Recording())
                    .build(),
            Duration.ofSeconds(5),
            sf.sleeper.policy());
    private final TokenRig rig = new TokenRig(sf, new InMemoryOrgStore(), b -> b.http(http)
            .sandboxValidatorFrom(tokens -> new JitLogin(context(tokens)))
            .jitSandboxesFrom(tokens -> {
                JitLogin auth = new JitLogin(context(tokens));
                return (production, productionToken, sandbox) ->
                        auth.login(production, sandbox.sandboxName()).accessToken();
            }));

    private FlowContext context(OrgTokens tokens) {
        return FlowContext.of(http, sf.hosts, sf.emulator.clock(), tokens)
                .withTestLoginUrl(URI.create(sf.emulator.testUrl()));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    /** TokenService.token, TokenCache.get, TokenGrants.mint, RefreshTokenGrant.refresh, SalesforceHttp.send. */
    @Test
    void aColdRefreshTokenGrantIsAtMostFiveCoreFramesBelowTheStep() {
        rig.authUrlOrg("prod", sf.admin);
        sends.clear();

        rig.tokens.token(rig.store.findRegistered("prod").orElseThrow());

        assertThat(deepest("refresh token"), lessThanOrEqualTo(5));
    }

    /** Two more than the refresh grant: reading the key, and the grant's one audience fallback (13 before). */
    @Test
    void aColdJwtBearerGrantIsAtMostSevenCoreFramesBelowTheStep() {
        rig.jwtOrg("jwt", sf.admin);
        sends.clear();

        rig.tokens.token(rig.store.findRegistered("jwt").orElseThrow());

        assertThat(deepest("JWT bearer"), lessThanOrEqualTo(7));
    }

    /**
     * The sandbox's login runs inside the grant of its token, and the production org's token inside that login: the
     * production org's refresh grant is 8 frames deep (19 before), the deepest of the login's REST calls 11 (16).
     */
    @Test
    void aColdJitSandboxTokenIsAtMostElevenCoreFramesBelowTheStep() {
        rig.tokens.register(
                RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.emulator.authUrlFor(sf.admin, sf.app))))
                        .withId("prod"));
        OrgRecord uat = rig.tokens.registry().registerJitSandbox("uat", "prod");
        rig.tokens.evictAll();
        sends.clear();

        rig.tokens.token(rig.store.findRegistered(uat.id()).orElseThrow());

        assertThat(deepest("JIT sandbox"), lessThanOrEqualTo(11));
    }

    /** The most core frames of any request sent, printed innermost first. */
    private int deepest(String what) {
        assertThat(what + ": a request was sent", sends.isEmpty(), is(false));
        int most = 0;
        for (StackTraceElement[] stack : sends) {
            List<String> frames = new ArrayList<>();
            for (StackTraceElement e : stack) {
                String c = e.getClassName();
                if (c.startsWith(CORE) && !c.startsWith(CORE + "e2e.")) {
                    String frame = c.substring(CORE.length()) + "." + e.getMethodName();
                    if (frames.isEmpty() || !frames.get(frames.size() - 1).equals(frame)) {
                        frames.add(frame); // a bridge method shows as a second frame of the same method
                    }
                }
            }
            System.out.println(what + ": " + frames.size() + " core frames " + frames);
            most = Math.max(most, frames.size());
        }
        return most;
    }

    private final class Recording extends ProxySelector {
        @Override
        public List<Proxy> select(URI uri) {
            sends.add(new Throwable().getStackTrace());
            return List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    }
}
