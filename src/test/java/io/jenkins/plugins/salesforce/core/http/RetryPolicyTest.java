package io.jenkins.plugins.salesforce.core.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static RetryPolicy withJitter(double jitter) {
        return new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(8), d -> {}, () -> jitter);
    }

    @Test
    void delaysDoubleFromTheBaseAndHalfOfEachStepIsJitter() {
        RetryPolicy noJitter = withJitter(0);
        assertThat(noJitter.delayBefore(1, null), is(Duration.ofMillis(250)));
        assertThat(noJitter.delayBefore(2, null), is(Duration.ofMillis(500)));
        assertThat(noJitter.delayBefore(3, null), is(Duration.ofMillis(1000)));
        RetryPolicy fullJitter = withJitter(0.999999);
        assertThat(fullJitter.delayBefore(1, null), is(Duration.ofMillis(500)));
        assertThat(fullJitter.delayBefore(3, null), is(Duration.ofMillis(2000)));
    }

    @Test
    void delaysNeverExceedTheCap() {
        RetryPolicy p = withJitter(0.999999);
        assertThat(p.delayBefore(5, null), is(Duration.ofSeconds(8)));
        assertThat(p.delayBefore(40, null), is(Duration.ofSeconds(8)));
        assertThat(p.delayBefore(Integer.MAX_VALUE, null), is(Duration.ofSeconds(8)));
    }

    @Test
    void retryAfterRaisesTheDelayUpToTheCapOnly() {
        RetryPolicy p = withJitter(0);
        assertThat(p.delayBefore(1, Duration.ofSeconds(3)), is(Duration.ofSeconds(3)));
        assertThat(p.delayBefore(1, Duration.ofHours(1)), is(Duration.ofSeconds(8)));
        assertThat(p.delayBefore(3, Duration.ofMillis(1)), is(Duration.ofMillis(1000)));
    }

    @Test
    void jitterOutsideTheUnitIntervalIsClamped() {
        assertThat(withJitter(-5).delayBefore(1, null), is(Duration.ofMillis(250)));
        assertThat(withJitter(Double.NaN).delayBefore(1, null), is(Duration.ofMillis(250)));
        assertThat(withJitter(7).delayBefore(1, null), is(Duration.ofMillis(500)));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO, d -> {}, () -> 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1), d -> {}, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> withJitter(0).delayBefore(0, null));
    }

    @Test
    void theDefaultsAreThreeRetriesFromHalfASecondCappedAtEight() {
        RetryPolicy d = RetryPolicy.defaults();
        assertThat(d.maxRetries(), is(3));
        for (int i = 0; i < 100; i++) {
            Duration first = d.delayBefore(1, null);
            assertThat(first.toMillis() >= 250 && first.toMillis() <= 500, is(true));
        }
        assertThat(RetryPolicy.none().maxRetries(), is(0));
    }
}
