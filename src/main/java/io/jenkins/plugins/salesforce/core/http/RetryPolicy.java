package io.jenkins.plugins.salesforce.core.http;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How often and how long the transport waits before sending a request again after a transient fault (5xx,
 * 429, {@code rate_limit_exceeded}, a timeout, a reset or refused connection).
 *
 * <p>The wait before retry {@code n} (1-based) is capped exponential backoff with "equal jitter": with
 * {@code step = min(cap, base * 2^(n-1))}, the delay is {@code step/2 + jitter * step/2}, where {@code jitter} is
 * drawn from {@code [0, 1)}. So the delay never drops to zero (a thundering herd of builds spreads out) and never
 * exceeds the cap. A {@code Retry-After} from the server raises the delay up to the cap, never beyond it.
 *
 * <p>The sleeper and the jitter source are injected so that tests neither sleep nor guess.
 */
public final class RetryPolicy {
    /** Retries after the first attempt, so at most four requests in all. */
    public static final int DEFAULT_MAX_RETRIES = 3;

    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(8);

    private final int maxRetries;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;

    /**
     * @param maxRetries retries after the first attempt; 0 disables retrying
     * @param baseDelay the step before the first retry
     * @param maxDelay the cap on any one delay
     * @param sleeper how to wait
     * @param jitter a source of numbers in {@code [0, 1)}; values outside are clamped
     */
    public RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Sleeper sleeper, DoubleSupplier jitter) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
        }
        this.maxRetries = maxRetries;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    /** Three retries, 0.5 s base, 8 s cap, real sleeps and real randomness. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(
                DEFAULT_MAX_RETRIES,
                DEFAULT_BASE_DELAY,
                DEFAULT_MAX_DELAY,
                Sleeper.THREAD,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** No retries at all: every fault is reported at once. */
    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Sleeper.THREAD, () -> 0);
    }

    public int maxRetries() {
        return maxRetries;
    }

    /**
     * The delay before retry {@code retry} (1 for the first retry).
     *
     * @param retryAfter the server's {@code Retry-After}, or null
     */
    public Duration delayBefore(int retry, Duration retryAfter) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1");
        }
        long cap = maxDelay.toMillis();
        long step = baseDelay.toMillis();
        for (int i = 1; i < retry && step < cap; i++) {
            step *= 2;
        }
        step = Math.min(step, cap);
        double j = jitter.getAsDouble();
        if (!(j >= 0)) { // also catches NaN
            j = 0;
        }
        j = Math.min(j, 1);
        long delay = step / 2 + Math.round(j * (step - step / 2));
        if (retryAfter != null && !retryAfter.isNegative()) {
            delay = Math.max(delay, Math.min(retryAfter.toMillis(), cap));
        }
        return Duration.ofMillis(Math.min(delay, cap));
    }

    void sleep(Duration delay) throws InterruptedException {
        sleeper.sleep(delay);
    }
}
