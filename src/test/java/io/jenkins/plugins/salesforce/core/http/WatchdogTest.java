package io.jenkins.plugins.salesforce.core.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watchdog that bounds a blocking call by interrupting its thread: it interrupts a call past its deadline and
 * only that call, leaves other people's interrupts alone, never lets an interrupt reach a thread after its call
 * ended, and leaves no call and no thread behind.
 */
class WatchdogTest {
    private final Watchdog watchdog = new Watchdog("test-watchdog", Duration.ofMillis(200));

    @AfterEach
    void noInterruptLeaksOutOfATest() {
        assertThat("interrupt flag after the test", Thread.interrupted(), is(false));
    }

    @Test
    void aCallPastItsDeadlineIsInterruptedAndEndClearsThatInterrupt() {
        long start = System.nanoTime();
        Watchdog.Call call = watchdog.watch(Duration.ofMillis(100));
        assertThrows(InterruptedException.class, () -> Thread.sleep(10_000));
        assertThat(call.end(), is(true));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMs >= 100, is(true));
        assertThat(tookMs, lessThan(5_000L));
        assertThat(Thread.currentThread().isInterrupted(), is(false));
        assertThat(watchdog.interrupts(), is(1L));
        assertThat(watchdog.watched(), is(0));
    }

    @Test
    void anInterruptThatArrivesAfterTheBlockingCallReturnedIsClearedByEnd() {
        Watchdog.Call call = watchdog.watch(Duration.ofMillis(20));
        spin(Duration.ofMillis(200)); // busy, not blocked: the interrupt stays pending
        assertThat(call.end(), is(true));
        assertThat(Thread.currentThread().isInterrupted(), is(false));
    }

    @Test
    void aCallThatEndsInTimeIsNeverInterruptedLater() throws InterruptedException {
        Watchdog.Call call = watchdog.watch(Duration.ofMillis(50));
        assertThat(call.end(), is(false));
        Thread.sleep(300); // well past the deadline: an interrupt would end this sleep
        assertThat(watchdog.interrupts(), is(0L));
        assertThat(watchdog.watched(), is(0));
    }

    @Test
    void someoneElsesInterruptDuringTheCallIsNotMistakenForTheDeadline() throws InterruptedException {
        Thread caller = Thread.currentThread();
        Thread aborter = Thread.ofPlatform().start(() -> {
            sleepQuietly(100);
            caller.interrupt();
        });
        Watchdog.Call call = watchdog.watch(Duration.ofSeconds(30));
        assertThrows(InterruptedException.class, () -> Thread.sleep(10_000));
        assertThat(call.end(), is(false));
        aborter.join();
        assertThat(watchdog.interrupts(), is(0L));
    }

    @Test
    void anInterruptAlreadyPendingAtTheDeadlineIsKeptAndNotDoubled() {
        Thread.currentThread().interrupt(); // someone else's, not consumed yet
        Watchdog.Call call = watchdog.watch(Duration.ofMillis(20));
        spin(Duration.ofMillis(200));
        assertThat("the watchdog stood by: not its interrupt", call.end(), is(false));
        assertThat("the other interrupt is still there", Thread.interrupted(), is(true));
        assertThat(watchdog.interrupts(), is(0L));
    }

    @Test
    void stopEndsTheCallAtOnceFromAnotherThreadAndOnlyOnce() throws InterruptedException {
        Watchdog.Call call = watchdog.watch(Duration.ofSeconds(30));
        Thread stopper = Thread.ofPlatform().start(() -> {
            sleepQuietly(50);
            call.stop();
            call.stop();
        });
        assertThrows(InterruptedException.class, () -> Thread.sleep(10_000));
        stopper.join();
        assertThat(call.end(), is(true));
        call.stop(); // after the end: nothing happens
        Thread.sleep(50);
        assertThat(watchdog.interrupts(), is(1L));
    }

    @Test
    void aCallMustEndOnTheThreadThatMadeIt() throws InterruptedException {
        Watchdog.Call call = watchdog.watch(Duration.ofSeconds(30));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                call.end();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        other.join();
        assertThat(thrown.get() instanceof IllegalStateException, is(true));
        assertThat(call.end(), is(false));
    }

    @Test
    void aVirtualThreadIsStoppedAndClearedTheSameWay() throws InterruptedException {
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread.ofVirtual()
                .start(() -> {
                    Watchdog.Call call = watchdog.watch(Duration.ofMillis(50));
                    try {
                        Thread.sleep(10_000);
                        outcome.set("slept through");
                    } catch (InterruptedException e) {
                        outcome.set("interrupted, ended " + call.end() + ", flag "
                                + Thread.currentThread().isInterrupted());
                        return;
                    }
                    call.end();
                })
                .join();
        assertThat(outcome.get(), is("interrupted, ended true, flag false"));
    }

    /**
     * The race the state machine exists for: deadlines that fall just before, at or just after the moment the call
     * ends. Whatever the timing, no thread may find itself interrupted once end() has returned.
     */
    @Test
    void noInterruptEverReachesAThreadAfterItsCallEnded() throws InterruptedException {
        int threads = 4;
        int callsEach = 3_000;
        AtomicInteger stray = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < callsEach; i++) {
                    Watchdog.Call call = watchdog.watch(Duration.ofNanos(random.nextLong(1, 300_000)));
                    spin(Duration.ofNanos(random.nextLong(0, 300_000)));
                    if (call.end()) {
                        stopped.incrementAndGet();
                    }
                    if (Thread.interrupted()) {
                        stray.incrementAndGet();
                    }
                }
                spin(Duration.ofMillis(20)); // a late interrupt would show here
                if (Thread.interrupted()) {
                    stray.incrementAndGet();
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        assertThat("interrupts found after end()", stray.get(), is(0));
        assertThat("some calls were stopped by their deadline", stopped.get(), greaterThan(0));
        assertThat("some calls ended in time", stopped.get(), lessThan(threads * callsEach));
        assertThat(watchdog.watched(), is(0));
    }

    @Test
    void callsWithTheSameTimeoutDoNotWakeTheWatchdogThreadEachTime() throws InterruptedException {
        Watchdog.Call longest = watchdog.watch(Duration.ofSeconds(30)); // a call in flight, as on a busy controller
        while (watchdog.scans() == 0) {
            Thread.sleep(1);
        }
        Thread.sleep(20); // the watchdog thread has seen it and sleeps until its deadline
        long before = watchdog.scans();
        for (int i = 0; i < 1_000; i++) {
            watchdog.watch(Duration.ofSeconds(30)).end();
        }
        assertThat("wake-ups of the watchdog thread for 1,000 calls", watchdog.scans() - before, lessThanOrEqualTo(1L));
        assertThat(longest.end(), is(false));
    }

    @Test
    void theWatchdogThreadEndsWhenIdleAndAnotherStartsForTheNextCall() throws InterruptedException {
        watchdog.watch(Duration.ofSeconds(30)).end();
        Thread first = watchdog.thread();
        assertThat(first != null && first.isDaemon(), is(true));
        first.join(5_000);
        assertThat("the idle watchdog thread ended", first.isAlive(), is(false));
        assertThat(watchdog.thread() == null, is(true));

        Watchdog.Call call = watchdog.watch(Duration.ofMillis(50));
        assertThrows(InterruptedException.class, () -> Thread.sleep(10_000));
        assertThat("a new thread watched the new call", call.end(), is(true));
        Thread second = watchdog.thread();
        assertThat(second != null && second != first, is(true));
        second.join(5_000);
        assertThat(second.isAlive(), is(false));
    }

    @Test
    void aCallThatArrivesWhileTheWatchdogRetiresIsStillWatched() throws InterruptedException {
        Watchdog quick = new Watchdog("test-watchdog-quick", Duration.ofNanos(1));
        for (int i = 0; i < 200; i++) {
            Watchdog.Call call = quick.watch(Duration.ofMillis(5));
            try {
                Thread.sleep(5_000);
                fail("call " + i + " was not stopped at its deadline");
            } catch (InterruptedException expected) {
                assertThat(call.end(), is(true));
            }
        }
        assertThat(quick.watched(), is(0));
    }

    private static void spin(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
