package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Single-flight: however many callers ask for a cold org at once, Salesforce sees one grant; orgs do not wait for each
 * other; a failure is shared by the callers that waited and then forgotten. The emulator delays the grant so that the
 * callers really overlap: the others are released only once the first grant has reached the emulator.
 */
class TokenServiceSingleFlightTest {
    private static final Duration SLOW = Duration.ofMillis(1500);

    private final TokenRig rig = new TokenRig();
    private final EmulatedOrgs sf = rig.sf;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        threads.shutdownNow();
        rig.close();
    }

    @Test
    void fiveHundredConcurrentCallersOnAColdOrgCauseExactlyOneGrantAndAllGetItsToken() throws Exception {
        rig.authUrlOrg("prod", sf.admin);
        sf.emulator.faults().on(Endpoint.TOKEN).once().respond(Fault.slow(SLOW));

        List<Object> outcomes = callTogether(500, () -> rig.tokens.token("prod"));

        assertThat(rig.tokenRequests(), is(1));
        TokenResult first = (TokenResult) outcomes.get(0);
        assertThat(outcomes, everyItem(is(first)));
        assertThat(sf.emulator.accessToken(first.accessToken().reveal()).user(), is(sf.admin));
    }

    @Test
    void twoOrgsDoNotWaitForEachOthersGrant() throws Exception {
        Org beta = sf.emulator.developerEdition("beta");
        User betaAdmin = beta.user("admin@beta.com");
        rig.authUrlOrg("prod", sf.admin);
        rig.authUrlOrg("beta", betaAdmin);
        CountDownLatch gate = new CountDownLatch(1);
        sf.emulator.faults().on(Endpoint.TOKEN).respond(Fault.heldUntil(gate));

        Future<TokenResult> prod = threads.submit(() -> rig.tokens.token("prod"));
        Future<TokenResult> other = threads.submit(() -> rig.tokens.token("beta"));

        // Both grants reach Salesforce while neither has been answered: had the service serialised the two orgs,
        // the second would only be sent after the first answer, which the gate holds back.
        awaitAtLeast(rig::tokenRequests, 2);
        assertThat(prod.isDone() || other.isDone(), is(false));
        gate.countDown();
        assertThat(prod.get(10, TimeUnit.SECONDS).username(), is("admin@acme.com"));
        assertThat(other.get(10, TimeUnit.SECONDS).username(), is("admin@beta.com"));
        assertThat(rig.tokenRequests(), is(2));
    }

    @Test
    void aFailedGrantIsSeenByEveryWaiterAsTheSameExceptionAndIsNotCached() throws Exception {
        rig.authUrlOrg("prod", sf.admin);
        sf.emulator
                .faults()
                .on(Endpoint.TOKEN)
                .once()
                .respond(Fault.expiredRefreshToken().withDelay(SLOW));

        List<Object> outcomes = callTogether(50, () -> rig.tokens.token("prod"));

        assertThat(rig.tokenRequests(), is(1));
        Object failure = outcomes.get(0);
        assertThat(((SalesforceAuthException) failure).reason(), is(Reason.INVALID_GRANT));
        for (Object o : outcomes) {
            assertThat(o, sameInstance(failure));
        }

        TokenResult next = rig.tokens.token("prod");
        assertThat(sf.emulator.accessToken(next.accessToken().reveal()).user(), is(sf.admin));
        assertThat(rig.tokenRequests(), is(2));
    }

    /**
     * Starts one caller, waits until its grant has reached the emulator (which holds it for {@link #SLOW}), then
     * releases the other callers at once through a barrier. Returns each caller's result or exception, first caller
     * first.
     */
    private List<Object> callTogether(int callers, java.util.concurrent.Callable<TokenResult> call) throws Exception {
        List<Future<Object>> futures = new ArrayList<>();
        futures.add(threads.submit(() -> outcome(call)));
        awaitAtLeast(() -> rig.tokenRequests(), 1);
        CyclicBarrier together = new CyclicBarrier(callers - 1);
        CountDownLatch allStarted = new CountDownLatch(callers - 1);
        for (int i = 1; i < callers; i++) {
            futures.add(threads.submit(() -> {
                together.await();
                allStarted.countDown();
                return outcome(call);
            }));
        }
        assertThat(allStarted.await(10, TimeUnit.SECONDS), is(true));
        assertThat(
                "every caller started while the first grant was still held by the emulator",
                futures.get(0).isDone(),
                is(false));
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> f : futures) {
            outcomes.add(f.get(20, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    private static Object outcome(java.util.concurrent.Callable<TokenResult> call) {
        try {
            return call.call();
        } catch (Exception e) {
            return e;
        }
    }

    /** Waits (without sleeping on a clock) until the emulator has counted the first grant's arrival. */
    private static void awaitAtLeast(IntSupplier count, int wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.getAsInt() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + count.getAsInt() + " of " + wanted + " grants reached the emulator");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
