package io.jenkins.plugins.salesforce.bench;

import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.OrgFilter;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgResolver;
import io.jenkins.plugins.salesforce.core.tokens.OrgTokens;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH suite (docs/performance.md): average time per operation, one fork per benchmark, each against its own
 * loopback emulator. Run it with {@code bench/run} (or {@code java -cp <test classpath> org.openjdk.jmh.Main
 * TokenBenchmarks}).
 *
 * <ul>
 *   <li>{@code cachedLookup}: the token service with a warm cache (ns/op).
 *   <li>{@code coldExchange}: the token service after {@code evict}: one refresh exchange with the emulator.
 *   <li>{@code refreshGrant}: the refresh grant alone (transport, classification, token reading).
 *   <li>{@code rawPost}: the same form POSTed to the same endpoint with the bare JDK client, body not parsed.
 *   <li>{@code list10k}, {@code filter10k}: the registry listing 10,000 orgs, all or with a selective filter.
 * </ul>
 *
 * <p>Each refresh issues a new access token that the emulator keeps, so its state grows during a trial (tens of
 * thousands of tokens); that costs the emulator a little more per request late in a trial, alike for
 * {@code refreshGrant}, {@code coldExchange} and {@code rawPost}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenBenchmarks {

    /** One emulated org, its raw POST, and a token service; the service's cache is warmed at setup. */
    @State(Scope.Benchmark)
    public static class Emulated {
        Lab lab;
        Lab.Seeded org;
        Lab.RawPost raw;
        OrgTokens tokens;

        @Setup(Level.Trial)
        public void start() {
            lab = new Lab();
            org = lab.seed();
            raw = lab.rawPost(org);
            tokens = lab.tokenService();
            tokens.accessToken(org.registered());
        }

        @TearDown(Level.Trial)
        public void stop() {
            lab.close();
        }
    }

    /** A registry of 10,000 orgs (OrgFixtures). */
    @State(Scope.Benchmark)
    public static class TenThousandOrgs {
        OrgResolver registry;

        @Setup(Level.Trial)
        public void fill() {
            registry = OrgFixtures.registryOf(10_000);
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public AccessToken cachedLookup(Emulated e) {
        return e.tokens.accessToken(e.org.registered());
    }

    @Benchmark
    public AccessToken coldExchange(Emulated e) {
        e.tokens.evict(e.org.registered());
        return e.tokens.accessToken(e.org.registered());
    }

    @Benchmark
    public AccessToken refreshGrant(Emulated e) {
        return e.lab.refresh(e.org);
    }

    @Benchmark
    public int rawPost(Emulated e) {
        return e.raw.send();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<OrgRecord> list10k(TenThousandOrgs s) {
        return s.registry.list(OrgFilter.ANY);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<OrgRecord> filter10k(TenThousandOrgs s) {
        return s.registry.list(OrgFixtures.SANDBOXES_OF_ONE_REPO);
    }
}
