package io.jenkins.plugins.salesforce.core.tokens;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.emulator.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The token cache on its own: single flight per key, a token handed out until its stale time on the service's clock,
 * failed mints not kept, eviction that spares a token being minted, and a bounded size. (The rules of which token an
 * org may get, the key and the secret, are the token service's; see the e2e TokenService tests.)
 */
class TokenCacheTest {
    private final MutableClock clock = MutableClock.fixed();
    private final TokenCache cache = new TokenCache(clock);
    private final AtomicInteger mints = new AtomicInteger();

    private TokenCache.Minted minted(String key, Duration fresh) {
        mints.incrementAndGet();
        Instant now = clock.instant();
        TokenResult result = new TokenResult(
                SecretText.of("00D!token" + mints.get()),
                URI.create("https://acme.my.salesforce.com"),
                "admin@acme.com",
                "00D000000000001EAA",
                OrgType.PRODUCTION,
                now.plus(fresh));
        return new TokenCache.Minted(key, result, null, now.plus(fresh), null);
    }

    /** A lookup of a key whose cached tokens serve when {@code usable} says so. */
    private record Key(String key, Predicate<TokenCache.Minted> usable) implements TokenCache.Lookup {
        @Override
        public boolean usable(TokenCache.Minted minted) {
            return usable.test(minted);
        }

        @Override
        public String what() {
            return key;
        }
    }

    private TokenCache.Minted get(String key, Supplier<TokenCache.Minted> mint) {
        return cache.get(new Key(key, m -> true), k -> mint.get());
    }

    @Test
    void aTokenIsHandedOutUntilItsStaleTimeOnTheServicesClockThenMintedAgain() {
        TokenCache.Minted first = get("prod", () -> minted("prod", Duration.ofMinutes(115)));
        clock.advance(Duration.ofMinutes(114));
        assertThat(get("prod", () -> minted("prod", Duration.ofMinutes(115))), sameInstance(first));
        clock.advance(Duration.ofMinutes(1));
        TokenCache.Minted second = get("prod", () -> minted("prod", Duration.ofMinutes(115)));
        assertThat(second == first, is(false));
        assertThat(mints.get(), is(2));
    }

    @Test
    void aTokenTheCallerCannotUseIsMintedAgain() {
        TokenCache.Minted first = get("prod", () -> minted("prod", Duration.ofHours(1)));
        TokenCache.Minted second =
                cache.get(new Key("prod", m -> m != first), k -> minted("prod", Duration.ofHours(1)));
        assertThat(second == first, is(false));
        assertThat(get("prod", () -> minted("prod", Duration.ofHours(1))), sameInstance(second));
    }

    @Test
    void aFailedMintIsNotKeptAndTheNextCallMintsAgain() {
        IllegalStateException boom = new IllegalStateException("refused");
        assertThat(
                assertThrows(
                        IllegalStateException.class,
                        () -> get("prod", () -> {
                            throw boom;
                        })),
                sameInstance(boom));
        get("prod", () -> minted("prod", Duration.ofHours(1)));
        assertThat(mints.get(), is(1));
    }

    @Test
    void aFailedMintIsLeftToItsCallerToReportAndNotLoggedWithAStackTrace() {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            assertThrows(
                    IllegalStateException.class,
                    () -> get("prod", () -> {
                        throw new IllegalStateException("refused");
                    }));
        } finally {
            root.removeHandler(handler);
        }
        assertThat(logged.stream().map(LogRecord::getMessage).toList(), is(List.of()));
    }

    @Test
    void callersOfAKeyBeingMintedWaitForThatMintAndShareItsToken() throws Exception {
        CountDownLatch minting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<TokenCache.Minted> first = CompletableFuture.supplyAsync(() -> get("prod", () -> {
            minting.countDown();
            await(release);
            return minted("prod", Duration.ofHours(1));
        }));
        assertThat(minting.await(10, TimeUnit.SECONDS), is(true));
        CompletableFuture<TokenCache.Minted> second =
                CompletableFuture.supplyAsync(() -> get("prod", () -> minted("prod", Duration.ofHours(1))));
        TokenCache.Minted other = get("beta", () -> minted("beta", Duration.ofHours(1)));
        assertThat("another key does not wait", other.key(), is("beta"));
        cache.evict("prod");
        cache.evictAll();
        release.countDown();
        assertThat(second.get(10, TimeUnit.SECONDS), sameInstance(first.get(10, TimeUnit.SECONDS)));
        assertThat("prod once (eviction spared the mint under way), beta once", mints.get(), is(2));
    }

    @Test
    void evictForgetsOnlyTheTokenItWasGivenWhenGivenOne() {
        TokenCache.Minted first = get("prod", () -> minted("prod", Duration.ofHours(1)));
        cache.evict("prod", first);
        TokenCache.Minted second = get("prod", () -> minted("prod", Duration.ofHours(1)));
        cache.evict("prod", first);
        assertThat(
                "a newer token survives", get("prod", () -> minted("prod", Duration.ofHours(1))), sameInstance(second));
        cache.evictAll();
        get("prod", () -> minted("prod", Duration.ofHours(1)));
        assertThat(mints.get(), is(3));
    }

    @Test
    void theCacheIsBounded() {
        for (int i = 0; i < TokenCache.MAXIMUM_SIZE + 500; i++) {
            String key = "org" + i;
            get(key, () -> minted(key, Duration.ofHours(1)));
        }
        assertThat(cache.size(), lessThanOrEqualTo(TokenCache.MAXIMUM_SIZE));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
