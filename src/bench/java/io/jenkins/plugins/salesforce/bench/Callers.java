package io.jenkins.plugins.salesforce.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of platform threads that make one call each, all released at once, round after round. Starting 500
 * threads for every round would make each round pay for new threads (their first stack pages, their first run)
 * inside the measured time; a controller's executor threads exist already.
 */
final class Callers implements AutoCloseable {
    /** What one thread does in a round. */
    @FunctionalInterface
    interface Call {
        void call(int index);
    }

    private record Round(Call call, int size, CountDownLatch ready, CountDownLatch go, CountDownLatch done) {}

    private static final Round STOP = new Round(null, 0, null, null, null);

    private final List<Thread> threads = new ArrayList<>();
    private final List<BlockingQueue<Round>> inboxes = new ArrayList<>();

    Callers(int size) {
        for (int i = 0; i < size; i++) {
            int index = i;
            BlockingQueue<Round> inbox = new ArrayBlockingQueue<>(1);
            inboxes.add(inbox);
            Thread t = new Thread(() -> work(index, inbox), "bench-caller-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private static void work(int index, BlockingQueue<Round> inbox) {
        try {
            while (true) {
                Round r = inbox.take();
                if (r == STOP) {
                    return;
                }
                r.ready().countDown();
                try {
                    r.go().await();
                    r.call().call(index);
                } finally {
                    r.done().countDown();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The first {@code n} threads each make their call; returns the wall time from their release until the last one
     * finished (at most 2 minutes).
     */
    long run(int n, Call call) throws InterruptedException {
        if (n > threads.size()) {
            throw new IllegalArgumentException(n + " callers, only " + threads.size() + " threads");
        }
        Round round = new Round(call, n, new CountDownLatch(n), new CountDownLatch(1), new CountDownLatch(n));
        for (int i = 0; i < n; i++) {
            inboxes.get(i).put(round);
        }
        round.ready().await();
        long t0 = System.nanoTime();
        round.go().countDown();
        if (!round.done().await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException(
                    round.done().getCount() + " of " + n + " callers still running after 2 minutes");
        }
        return System.nanoTime() - t0;
    }

    @Override
    public void close() {
        for (BlockingQueue<Round> inbox : inboxes) {
            inbox.offer(STOP);
        }
    }
}
