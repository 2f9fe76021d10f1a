package io.jenkins.plugins.salesforce.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that tests move by hand. {@link #fixed(Instant)} stands still until {@link #advance(Duration)} or
 * {@link #set(Instant)} moves it; {@link #ticking()} follows the system clock plus whatever offset was added
 * (what {@link SalesforceEmulatorMain} uses). Thread-safe.
 */
public final class MutableClock extends Clock {
    /** The instant a default emulator starts at: 2026-11-23T08:00:00Z, a Monday morning. */
    public static final Instant DEFAULT_START = Instant.parse("2026-11-23T08:00:00Z");

    private final Clock base;
    private volatile Duration offset;

    private MutableClock(Clock base, Duration offset) {
        this.base = base;
        this.offset = offset;
    }

    /** A clock that stands at {@code start} until moved. */
    public static MutableClock fixed(Instant start) {
        return new MutableClock(Clock.fixed(Objects.requireNonNull(start, "start"), ZoneOffset.UTC), Duration.ZERO);
    }

    /** A clock at {@link #DEFAULT_START}. */
    public static MutableClock fixed() {
        return fixed(DEFAULT_START);
    }

    /** A clock that follows the system clock (UTC); {@link #advance(Duration)} still moves it forward. */
    public static MutableClock ticking() {
        return new MutableClock(Clock.systemUTC(), Duration.ZERO);
    }

    /** Moves the clock forward (or back, for a negative amount). Returns the new time. */
    public synchronized Instant advance(Duration amount) {
        offset = offset.plus(Objects.requireNonNull(amount, "amount"));
        return instant();
    }

    /** Puts the clock at {@code when}. */
    public synchronized void set(Instant when) {
        offset = Duration.between(base.instant(), Objects.requireNonNull(when, "when"));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("The emulator clock is always UTC");
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public String toString() {
        return "MutableClock[" + instant() + "]";
    }
}
