package io.jenkins.plugins.salesforce.emulator;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
    @Test
    void concurrentRequestsAreAllServedAndCountedEvenWhileOneIsSlow() throws Exception {
        try (SalesforceEmulator emulator = SalesforceEmulator.start();
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            Org prod = emulator.productionOrg("acme");
            RefreshToken token = emulator.issueRefreshToken(prod.user("admin@acme.com"), emulator.platformCli());
            emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.slow(Duration.ofMillis(300)));
            EmulatorHttp http = new EmulatorHttp();
            List<Future<HttpResponse<String>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> http.refresh(prod.instanceUrl(), "PlatformCLI", "", token.value())));
            }
            for (Future<HttpResponse<String>> f : results) {
                assertThat(f.get().statusCode(), is(200));
            }
            assertThat(emulator.requests().count(Endpoint.TOKEN, GrantTypes.REFRESH_TOKEN), is(16));
            assertThat(emulator.accessTokens().size(), is(16));
            List<RecordedRequest> log = emulator.requests().all();
            assertThat(log.get(log.size() - 1).nanoTime() >= log.get(0).nanoTime(), is(true));
        }
    }
}
