package io.jenkins.plugins.salesforce.core.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that records the delays it was asked for and returns at once. */
public final class RecordingSleeper implements Sleeper {
    private final List<Duration> delays = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration delay) {
        delays.add(delay);
    }

    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    /** A retry policy with the defaults' numbers, this sleeper, and a fixed jitter of 0.5. */
    public RetryPolicy policy() {
        return new RetryPolicy(
                RetryPolicy.DEFAULT_MAX_RETRIES,
                RetryPolicy.DEFAULT_BASE_DELAY,
                RetryPolicy.DEFAULT_MAX_DELAY,
                this,
                () -> 0.5);
    }
}
