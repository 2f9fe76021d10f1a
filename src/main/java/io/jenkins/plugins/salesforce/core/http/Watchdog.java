package io.jenkins.plugins.salesforce.core.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends blocking calls that outlive their deadline by interrupting the thread that runs them. {@link SalesforceHttp}
 * uses it to bound a whole HTTP exchange (connect, request, headers and body) while the caller's own thread runs
 * {@link java.net.http.HttpClient#send}, which the JDK cancels when the thread is interrupted.
 *
 * <h2>A late interrupt never hits other work</h2>
 * Each {@link Call} is a small state machine, changed only by compare-and-set:
 * <pre>
 *   RUNNING --end(), by the caller----------------&gt; DONE      (nobody will touch the thread any more)
 *   RUNNING --stop(), by the watchdog at the deadline,
 *             or by whoever must end the call--&gt; FIRING --&gt; FIRED     (the thread was interrupted)
 *                                                      --&gt; STOOD_BY  (the thread was already interrupted by
 *                                                                     someone else: that interrupt ends the call,
 *                                                                     ours is not added)
 * </pre>
 * A thread is interrupted only by whoever wins RUNNING to FIRING, and {@link Call#end()} does not return while the
 * state is FIRING: it waits until the interrupt has been delivered and then clears it. So once {@code end()} has
 * returned, the thread has either never been interrupted for this call and never will be, or that interrupt has been
 * consumed; a thread that goes on to other work can never receive a stray interrupt from a call it already
 * finished.
 *
 * <p>An interrupt from someone else (a Jenkins abort) keeps its meaning: if it comes while the call runs and the
 * deadline has not passed, {@code end()} reports no timeout and the caller sees the
 * {@link InterruptedException} as usual; if it is already pending when the deadline passes, the watchdog stands by.
 * The one case that cannot be told apart is an abort that lands within the same few microseconds as the deadline,
 * after the thread has already consumed it: both interrupts then look like one, it is reported as a timeout and
 * that abort is lost (the transport goes on as after any timeout; an abort during the retry wait still ends it).
 *
 * <h2>Cost</h2>
 * Watching a call is a put into and a remove from a concurrent set. It wakes the watchdog thread only when the new
 * deadline is earlier than the one that thread sleeps until, or when that thread found no call at its last look and
 * sleeps without a deadline. With one request timeout deadlines only grow, so while calls keep coming the thread
 * wakes about once per timeout, not once per call. It is started by the first call and ends after {@code keepAlive}
 * without calls; a finished call leaves nothing behind.
 */
final class Watchdog {
    /** The watchdog of every {@link SalesforceHttp} of the JVM. */
    static final Watchdog SHARED = new Watchdog("salesforce-http-watchdog", Duration.ofSeconds(60));

    /** Deadlines are capped so that nanoTime arithmetic cannot overflow (about 73 years). */
    private static final long MAX_TIMEOUT_NANOS = Long.MAX_VALUE >> 2;

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int FIRING = 2;
    private static final int FIRED = 3;
    private static final int STOOD_BY = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Call.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final long keepAliveNanos;
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Thread> thread = new AtomicReference<>();
    private final AtomicLong interrupts = new AtomicLong();

    /** How often the watchdog thread has looked at the calls. */
    private final AtomicLong scans = new AtomicLong();

    /** True while the watchdog thread scans, or sleeps without a deadline: every new call must wake it. */
    private volatile boolean wakeForAny = true;

    /** The {@link System#nanoTime()} the sleeping watchdog thread wakes at; meaningful while !wakeForAny. */
    private volatile long wakeAt;

    Watchdog(String name, Duration keepAlive) {
        this.name = Objects.requireNonNull(name, "name");
        this.keepAliveNanos = keepAlive.toNanos();
    }

    /**
     * Starts watching a call that the current thread is about to make. The caller must call {@link Call#end()} in a
     * {@code finally} block right after the blocking call, on the same thread.
     */
    Call watch(Duration timeout) {
        long nanos = Math.min(timeout.toNanos(), MAX_TIMEOUT_NANOS);
        Call call = new Call(Thread.currentThread(), System.nanoTime() + nanos);
        calls.add(call);
        Thread t = thread.get();
        if (t == null) {
            start();
        } else if (wakeForAny || call.deadline - wakeAt < 0) {
            LockSupport.unpark(t);
        }
        return call;
    }

    /** Calls being watched now (0 when every call has ended). */
    int watched() {
        return calls.size();
    }

    /** The watchdog thread, or null when none runs. */
    Thread thread() {
        return thread.get();
    }

    /** How often the watchdog thread has woken up to look at the calls. */
    long scans() {
        return scans.get();
    }

    /** How many calls this watchdog has interrupted (deadline passed or stopped) since it was built. */
    long interrupts() {
        return interrupts.get();
    }

    private void start() {
        Thread t = new Thread(this::run, name);
        t.setDaemon(true);
        t.setContextClassLoader(Watchdog.class.getClassLoader());
        if (thread.compareAndSet(null, t)) {
            t.start();
        }
        // Otherwise another thread started a watchdog (or the retiring one stayed): it scans before it sleeps.
    }

    private void run() {
        Thread me = Thread.currentThread();
        long lastBusy = System.nanoTime();
        while (true) {
            Thread.interrupted(); // nobody should interrupt this thread; if someone does, parking must still work
            wakeForAny = true;
            scans.incrementAndGet();
            long now = System.nanoTime();
            long next = 0;
            boolean any = false;
            for (Call c : calls) {
                if (c.deadline - now <= 0) {
                    calls.remove(c);
                    c.stop();
                } else if (!any || c.deadline - next < 0) {
                    next = c.deadline;
                    any = true;
                }
            }
            if (any) {
                lastBusy = now;
                wakeAt = next;
                wakeForAny = false;
                LockSupport.parkNanos(this, next - System.nanoTime());
            } else if (now - lastBusy >= keepAliveNanos) {
                if (retire(me)) {
                    return;
                }
            } else {
                LockSupport.parkNanos(this, keepAliveNanos - (now - lastBusy));
            }
        }
    }

    /**
     * Gives up the watchdog role when there is nothing to watch. A call that slips in concurrently is never lost:
     * either this thread sees it and takes the role back, or the caller sees no watchdog and starts one.
     */
    private boolean retire(Thread me) {
        if (!thread.compareAndSet(me, null)) {
            return true;
        }
        if (calls.isEmpty()) {
            return true;
        }
        return !thread.compareAndSet(null, me);
    }

    /** One watched call. */
    final class Call {
        private final Thread caller;
        private final long deadline;

        @SuppressWarnings("unused") // accessed through STATE
        private volatile int state = RUNNING;

        Call(Thread caller, long deadline) {
            this.caller = caller;
            this.deadline = deadline;
        }

        /**
         * Stops the call now, from any thread: the watchdog when the deadline has passed, or whoever finds that the
         * call must not go on (the body grew past its limit). Interrupts the calling thread unless the call has
         * ended, was stopped already, or the thread is already interrupted by someone else.
         */
        void stop() {
            if (STATE.compareAndSet(this, RUNNING, FIRING)) {
                if (caller.isInterrupted()) {
                    state = STOOD_BY;
                } else {
                    caller.interrupt();
                    interrupts.incrementAndGet();
                    state = FIRED;
                }
            }
        }

        /**
         * Ends the watch, on the calling thread. Returns true when the call was {@linkplain #stop() stopped} by an
         * interrupt of ours (its deadline passed, or someone stopped it); that interrupt has then been delivered and
         * is cleared. Any other interrupt is left alone.
         */
        boolean end() {
            if (Thread.currentThread() != caller) {
                throw new IllegalStateException("a watched call must end on the thread that made it");
            }
            boolean timedOut = false;
            if (!STATE.compareAndSet(this, RUNNING, DONE)) {
                int s;
                while ((s = state) == FIRING) {
                    Thread.yield(); // the watchdog is between its compare-and-set and the interrupt
                }
                if (s == FIRED) {
                    Thread.interrupted();
                    timedOut = true;
                }
            }
            calls.remove(this);
            return timedOut;
        }
    }
}
