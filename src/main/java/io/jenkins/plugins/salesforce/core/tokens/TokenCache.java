package io.jenkins.plugins.salesforce.core.tokens;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The token cache of a {@link TokenService} and its {@linkplain TokenService#forStore siblings}: a Caffeine
 * {@link AsyncCache} from a cache key (the credentials a token comes from, see {@link TokenService}) to the token
 * being minted or the last one minted.
 *
 * <ul>
 *   <li><b>Single flight.</b> The first caller of a key puts its own future in and mints the token on its own thread
 *       (so that it keeps its Jenkins context and a build abort reaches it); callers that come meanwhile wait for
 *       that future and share its token or its failure. Different keys never wait for each other.
 *   <li><b>Expiry.</b> A token is handed out until its {@link Minted#staleAt()}, measured on the service's clock
 *       (Caffeine's ticker reads it, so a test clock moves the expiry too).
 *   <li><b>Failed loads</b> are not kept: the entry is removed before its waiters learn the failure, and the next call
 *       mints again. The failure travels as a value ({@link Attempt}), not as an exceptionally completed future,
 *       which Caffeine would log as a warning with a stack trace on every refused grant.
 *   <li><b>Eviction.</b> At most {@value #MAXIMUM_SIZE} tokens are kept (a token being minted does not count);
 *       past that the least useful go, which only costs them a new grant.
 * </ul>
 */
final class TokenCache {
    /** Tokens kept at most: far more orgs than a Jenkins has, so that only an unusual instance ever evicts. */
    static final long MAXIMUM_SIZE = 10_000;

    private final AsyncCache<String, Attempt> cache;

    TokenCache(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.cache = Caffeine.newBuilder()
                .ticker(() -> nanos(clock.instant()))
                .expireAfter(Expiry.creating((String key, Attempt a) -> untilStale(clock, a)))
                .maximumSize(MAXIMUM_SIZE)
                // Housekeeping on the calling threads: the cache is small and this keeps it off shared pools.
                .executor(Runnable::run)
                .buildAsync();
    }

    /** What a caller looks up: the key, which cached token still serves it, and how to name the org in a message. */
    interface Lookup {
        String key();

        /** Whether a token cached under the key may be handed out for this lookup. */
        boolean usable(Minted minted);

        String what();
    }

    /**
     * The token under the lookup's key: the one being minted (waited for), a cached one the lookup finds usable, or
     * else a new one from {@code mint}, the loader (the grant itself, so that nothing stands between this frame and
     * it), run on this thread while other callers of the key wait for it.
     */
    <L extends Lookup> Minted get(L lookup, Function<L, Minted> mint) {
        ConcurrentMap<String, CompletableFuture<Attempt>> map = cache.asMap();
        String key = lookup.key();
        while (true) {
            CompletableFuture<Attempt> current = cache.getIfPresent(key); // a hit creates no future
            if (current == null) {
                CompletableFuture<Attempt> mine = new CompletableFuture<>();
                current = cache.get(key, (k, executor) -> mine);
                if (current == mine) {
                    Minted m;
                    try {
                        m = Objects.requireNonNull(mint.apply(lookup), "minted");
                    } catch (RuntimeException | Error e) {
                        map.remove(key, mine); // not kept: the next call mints again
                        mine.complete(new Attempt(null, e)); // every waiter sees the same failure
                        throw e;
                    }
                    mine.complete(new Attempt(m, null));
                    return m;
                }
            }
            if (!current.isDone()) {
                return await(current, lookup.what()).minted();
            }
            Attempt done = current.join();
            if (done.failure() == null && lookup.usable(done.minted())) {
                return done.minted();
            }
            map.remove(key, current); // a failure not dropped yet, or a token from a secret that has changed
        }
    }

    /** Forgets the token under the key; a token being minted is not affected (it is new). */
    void evict(String key) {
        cache.asMap().computeIfPresent(key, (k, f) -> f.isDone() ? null : f);
    }

    /** Forgets the token under the key only if it is still {@code failed}, so that one just minted survives. */
    void evict(String key, Minted failed) {
        cache.asMap().computeIfPresent(key, (k, f) -> f.isDone() && f.join().minted() == failed ? null : f);
    }

    /** Forgets every token; tokens being minted are not affected. */
    void evictAll() {
        ConcurrentMap<String, CompletableFuture<Attempt>> map = cache.asMap();
        map.forEach((key, f) -> {
            if (f.isDone()) {
                map.remove(key, f);
            }
        });
    }

    /** How many tokens are kept or being minted (approximately, as Caffeine counts). */
    long size() {
        return cache.synchronous().estimatedSize();
    }

    /** The attempt another caller is making, once it is done; its failure is thrown here as well. */
    private static Attempt await(CompletableFuture<Attempt> grant, String what) {
        Attempt attempt;
        try {
            attempt = grant.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SalesforceAuthException.of(
                    Reason.UNREACHABLE,
                    "Waiting for the token of org " + what + " was interrupted (the build was probably aborted).",
                    "Run the build again.");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a grant's future holds its failure as a value", e.getCause());
        }
        if (attempt.failure() instanceof RuntimeException r) {
            throw r;
        }
        if (attempt.failure() instanceof Error err) {
            throw err;
        }
        return attempt;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static Duration untilStale(Clock clock, Attempt a) {
        if (a.failure() != null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), a.minted().staleAt());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** One grant's outcome: the token, or the failure ({@link RuntimeException} or {@link Error}) it ended in. */
    private record Attempt(Minted minted, Throwable failure) {}

    /**
     * A minted token under its cache key, the time from which it is no longer handed out, and the secret it came from
     * (a JIT sandbox's: its production org's).
     */
    record Minted(String key, TokenResult result, AccessToken token, Instant staleAt, OrgSecret source) {
        /** Whether this token came from that secret (a changed credential invalidates it). */
        boolean isFrom(OrgSecret secret) {
            return Objects.equals(source, secret);
        }

        @Override
        public String toString() {
            return "Minted[" + result + ", staleAt=" + staleAt + "]";
        }
    }
}
