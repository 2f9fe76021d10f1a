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
 *   <li><b>Failed loads</b> are not kept: Caffeine drops a future that completes exceptionally, and the next call
 *       mints again.
 *   <li><b>Eviction.</b> At most {@value #MAXIMUM_SIZE} tokens are kept (a token being minted does not count);
 *       past that the least useful go, which only costs them a new grant.
 * </ul>
 */
final class TokenCache {
    /** Tokens kept at most: far more orgs than a Jenkins has, so that only an unusual instance ever evicts. */
    static final long MAXIMUM_SIZE = 10_000;

    private final AsyncCache<String, Minted> cache;

    TokenCache(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.cache = Caffeine.newBuilder()
                .ticker(() -> nanos(clock.instant()))
                .expireAfter(Expiry.creating((String key, Minted m) -> untilStale(clock, m)))
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
        ConcurrentMap<String, CompletableFuture<Minted>> map = cache.asMap();
        String key = lookup.key();
        while (true) {
            CompletableFuture<Minted> current = cache.getIfPresent(key); // a hit creates no future
            if (current == null) {
                CompletableFuture<Minted> mine = new CompletableFuture<>();
                current = cache.get(key, (k, executor) -> mine);
                if (current == mine) {
                    try {
                        Minted m = Objects.requireNonNull(mint.apply(lookup), "minted");
                        mine.complete(m);
                        return m;
                    } catch (RuntimeException | Error e) {
                        mine.completeExceptionally(e); // every waiter sees it; Caffeine drops the entry
                        throw e;
                    }
                }
            }
            if (!current.isDone()) {
                return await(current, lookup.what());
            }
            if (!current.isCompletedExceptionally() && lookup.usable(current.join())) {
                return current.join();
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
        cache.asMap()
                .computeIfPresent(
                        key, (k, f) -> f.isDone() && !f.isCompletedExceptionally() && f.join() == failed ? null : f);
    }

    /** Forgets every token; tokens being minted are not affected. */
    void evictAll() {
        ConcurrentMap<String, CompletableFuture<Minted>> map = cache.asMap();
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

    private static Minted await(CompletableFuture<Minted> grant, String what) {
        try {
            return grant.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SalesforceAuthException.of(
                    Reason.UNREACHABLE,
                    "Waiting for the token of org " + what + " was interrupted (the build was probably aborted).",
                    "Run the build again.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static Duration untilStale(Clock clock, Minted m) {
        Duration left = Duration.between(clock.instant(), m.staleAt());
        return left.isNegative() ? Duration.ZERO : left;
    }

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
