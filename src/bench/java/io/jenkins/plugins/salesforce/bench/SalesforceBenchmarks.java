package io.jenkins.plugins.salesforce.bench;

import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.OrgFilter;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgResolver;
import io.jenkins.plugins.salesforce.core.tokens.OrgTokens;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The performance scenarios in one run against the loopback emulator, each figure with its target and PASS/FAIL
 * (docs/performance.md).
 *
 * <pre>
 *   SalesforceBenchmarks [--smoke] [--out FILE] [--only cold,callers,parallel,hours,filter]
 * </pre>
 *
 * <ul>
 *   <li>Full mode (default): the full sizes (500 callers, 500 orgs, 10,000 orgs to filter); exits 1 when any target
 *       fails, timings included.
 *   <li>{@code --smoke}: tiny sizes, a few seconds; checks only the correctness targets (exactly one token request
 *       for concurrent cold callers of one org; at most 5 token requests over 8 simulated hours). Timings are printed
 *       but not judged: CI machines are too noisy. Exits 1 when a correctness target fails.
 * </ul>
 *
 * <p>The operations that are compared (refresh exchange, raw POST) alternate call by call and every call is timed on
 * its own; the transport's overhead is the difference of the medians of those per-call times, so that drift (JIT, GC,
 * other processes, the state of the cores) hits both sides alike. A control compares the raw POST with itself the
 * same way: it shows how small a difference a run can resolve.
 */
public final class SalesforceBenchmarks {

    /** How big each scenario is. */
    record Sizes(
            String name,
            int warmupOps,
            int alternations,
            int offlineBatches,
            int offlineBatch,
            int cachedBatches,
            int cachedBatch,
            int callers,
            Duration callerLatency,
            int parallelOrgs,
            Duration orgLatency,
            int baselineSamples,
            int parallelWarmups,
            int parallelRounds,
            int callsOver8h,
            int filterOrgs,
            int filterWarmup,
            int filterRuns) {}

    static final Sizes FULL = new Sizes(
            "full",
            2000,
            10_000,
            60,
            500,
            20,
            250_000,
            500,
            Duration.ofMillis(50),
            500,
            Duration.ofMillis(50),
            7,
            20,
            7,
            10_000,
            10_000,
            30,
            200);
    static final Sizes SMOKE = new Sizes(
            "smoke",
            30,
            50,
            3,
            100,
            4,
            20_000,
            500,
            Duration.ofMillis(50),
            20,
            Duration.ofMillis(50),
            2,
            0,
            1,
            10_000,
            1_000,
            3,
            5);

    /** Whether a row is judged: correctness always, timings in full mode only, info never. */
    enum Kind {
        CORRECTNESS,
        TIMING,
        INFO
    }

    /** One line of the table. */
    record Row(String figure, String value, String target, Kind kind, boolean pass) {
        static Row info(String figure, String value) {
            return new Row(figure, value, "", Kind.INFO, true);
        }

        String status(boolean smoke) {
            return switch (kind) {
                case INFO -> "info";
                case CORRECTNESS -> pass ? "PASS" : "FAIL";
                case TIMING ->
                    smoke ? "(" + (pass ? "pass" : "fail") + ", not judged in smoke)" : pass ? "PASS" : "FAIL";
            };
        }

        boolean fails(boolean smoke) {
            return !pass && (kind == Kind.CORRECTNESS || (kind == Kind.TIMING && !smoke));
        }
    }

    /** The outcome of a run. */
    record Report(Sizes sizes, boolean smoke, List<Row> rows, String environment) {
        boolean failed() {
            return rows.stream().anyMatch(r -> r.fails(smoke));
        }

        List<Row> failures() {
            return rows.stream().filter(r -> r.fails(smoke)).toList();
        }

        String render() {
            int w1 = "Figure".length();
            int w2 = "Measured".length();
            int w3 = "Target".length();
            for (Row r : rows) {
                w1 = Math.max(w1, r.figure().length());
                w2 = Math.max(w2, r.value().length());
                w3 = Math.max(w3, r.target().length());
            }
            StringBuilder out = new StringBuilder();
            out.append(environment).append('\n');
            String fmt = "| %-" + w1 + "s | %-" + w2 + "s | %-" + w3 + "s | %s |%n";
            out.append(String.format(Locale.ROOT, fmt, "Figure", "Measured", "Target", "Result"));
            out.append("|")
                    .append("-".repeat(w1 + 2))
                    .append("|")
                    .append("-".repeat(w2 + 2))
                    .append("|")
                    .append("-".repeat(w3 + 2))
                    .append("|--------|\n");
            for (Row r : rows) {
                out.append(String.format(Locale.ROOT, fmt, r.figure(), r.value(), r.target(), r.status(smoke)));
            }
            out.append(failed() ? "\nRESULT: FAIL (" + failures().size() + " target(s) missed)\n" : "\nRESULT: PASS\n");
            return out.toString();
        }
    }

    private SalesforceBenchmarks() {}

    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        Path out = null;
        Set<String> only = new java.util.HashSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only.addAll(List.of(args[++i].split(",")));
                default -> {
                    System.err.println("usage: SalesforceBenchmarks [--smoke] [--out FILE] [--only " + SCENARIOS + "]");
                    System.exit(2);
                }
            }
        }
        if (!SCENARIOS.containsAll(only)) {
            System.err.println("scenarios: " + SCENARIOS);
            System.exit(2);
        }
        Report report = run(smoke, only);
        String text = report.render();
        System.out.print(text);
        if (out != null) {
            Files.writeString(out, text);
        }
        System.exit(report.failed() ? 1 : 0);
    }

    /** Runs every scenario at the sizes of the mode. */
    public static Report run(boolean smoke) throws Exception {
        return run(smoke, Set.of());
    }

    /** The scenario names {@code --only} takes. */
    static final List<String> SCENARIOS = List.of("cold", "callers", "parallel", "hours", "filter");

    /** Runs the scenarios named in {@code only} (all when it is empty) at the sizes of the mode. */
    static Report run(boolean smoke, Set<String> only) throws Exception {
        Sizes sizes = smoke ? SMOKE : FULL;
        String loadBefore = load();
        Instant started = Instant.now();
        List<Row> rows = new ArrayList<>();
        java.util.function.Predicate<String> wanted = name -> only.isEmpty() || only.contains(name);
        if (wanted.test("cold")) {
            coldAndCached(sizes, rows);
        }
        if (wanted.test("callers")) {
            concurrentCallers(sizes, rows);
        }
        if (wanted.test("parallel")) {
            parallelOrgs(sizes, rows);
        }
        if (wanted.test("hours")) {
            eightHours(sizes, rows);
        }
        if (wanted.test("filter")) {
            filter(sizes, rows);
        }
        String environment = String.format(
                Locale.ROOT,
                "Salesforce Org Credentials benchmarks, %s mode, %s%nJava %s (%s), %d processors; load average"
                        + " before %s, after %s; took %.1f s",
                sizes.name(),
                started,
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(),
                loadBefore,
                load(),
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return new Report(sizes, smoke, rows, environment);
    }

    // ------------------------------------------------------------------------------------------ scenarios

    /**
     * Cold exchange vs raw POST (alternating call by call, with a raw POST vs raw POST control), then cached lookups
     * vs cold exchange, all on one org.
     */
    private static void coldAndCached(Sizes sizes, List<Row> rows) {
        try (Lab lab = new Lab()) {
            Lab.Seeded org = lab.seed();
            Lab.RawPost raw = lab.rawPost(org);
            OrgTokens tokens = lab.tokenService();
            Op missOp = () -> {
                tokens.evict(org.registered());
                return tokens.accessToken(org.registered()).value().reveal().length();
            };
            Latencies[] perOp = alternate(
                    sizes,
                    raw::send,
                    () -> lab.refresh(org).value().reveal().length(),
                    missOp,
                    raw::sendAsync,
                    raw::send);
            Latencies rawCalls = perOp[0];
            Latencies grantCalls = perOp[1];
            Latencies missCalls = perOp[2];
            Latencies rawAsyncCalls = perOp[3];
            Latencies controlCalls = perOp[4];

            Lab.Offline offline = new Lab.Offline(lab, org);
            Op offlineOp = () -> offline.refresh().value().reveal().length();
            for (int i = 0; i < sizes.warmupOps() * 10; i++) {
                sink += offlineOp.run();
            }
            double[] offlineBatches = new double[sizes.offlineBatches()];
            for (int b = 0; b < offlineBatches.length; b++) {
                offlineBatches[b] = batchNs(offlineOp, sizes.offlineBatch());
            }
            double offlineNs = median(offlineBatches);

            tokens.accessToken(org.registered());
            int before = lab.tokenRequests();
            Op cachedOp =
                    () -> tokens.accessToken(org.registered()).value().reveal().length();
            double[] cached = new double[sizes.cachedBatches()];
            for (int b = 0; b < cached.length; b++) {
                cached[b] = batchNs(cachedOp, sizes.cachedBatch());
            }
            double cachedNs = median(cached);
            int cachedRequests = lab.tokenRequests() - before;

            String calls = " (" + sizes.alternations() + " calls)";
            rows.add(Row.info("raw JDK HttpClient POST to the token endpoint (send)" + calls, rawCalls.summary()));
            rows.add(Row.info(
                    "  the same raw POST via sendAsync + timed get (how SalesforceHttp waits)",
                    rawAsyncCalls.summary()));
            rows.add(Row.info("refresh exchange (RefreshTokenGrant, SalesforceHttp)" + calls, grantCalls.summary()));
            rows.add(Row.info("cold exchange through TokenService (evict + get)" + calls, missCalls.summary()));
            rows.add(Row.info(
                    "  client CPU per refresh exchange, no network (grant on a canned answer)", micros(offlineNs)));
            rows.add(
                    Row.info("cached lookup (TokenService, warm)", String.format(Locale.ROOT, "%.0f ns/op", cachedNs)));
            double controlMs = Math.abs(controlCalls.median() - rawCalls.median()) / 1e6;
            rows.add(new Row(
                    "control: |raw POST - the same raw POST|, medians (how finely this run resolves)",
                    msDiff(controlMs),
                    "<= 0.100 ms",
                    Kind.TIMING,
                    controlMs <= 0.1));
            double overheadMs = (grantCalls.median() - rawCalls.median()) / 1e6;
            rows.add(new Row(
                    "transport overhead: refresh exchange - raw POST, medians of the per-call times",
                    msDiff(overheadMs),
                    "<= 0.500 ms",
                    Kind.TIMING,
                    overheadMs <= 0.5));
            rows.add(Row.info(
                    "  the same, means (ratio of the medians)",
                    msDiff((grantCalls.mean() - rawCalls.mean()) / 1e6) + " ("
                            + ratio3(grantCalls.median() / rawCalls.median()) + ")"));
            rows.add(Row.info(
                    "  refresh exchange - raw POST via sendAsync, medians",
                    msDiff((grantCalls.median() - rawAsyncCalls.median()) / 1e6)));
            rows.add(Row.info(
                    "TokenService cold exchange - raw POST, medians",
                    msDiff((missCalls.median() - rawCalls.median()) / 1e6)));
            double cachedCold = missCalls.median() / cachedNs;
            rows.add(new Row(
                    "cold exchange / cached lookup (speed-up of the cache)",
                    String.format(Locale.ROOT, "%,.0fx", cachedCold),
                    ">= 1,000x",
                    Kind.TIMING,
                    cachedCold >= 1000));
            rows.add(new Row(
                    "token requests during " + (long) sizes.cachedBatches() * sizes.cachedBatch() + " cached lookups",
                    String.valueOf(cachedRequests),
                    "= 0",
                    Kind.CORRECTNESS,
                    cachedRequests == 0));
        }
    }

    /** Many callers ask for one org's token at once, with the cache cold: one exchange must serve them all. */
    private static void concurrentCallers(Sizes sizes, List<Row> rows) throws InterruptedException {
        try (Lab lab = new Lab()) {
            Lab.Seeded org = lab.seed();
            lab.tokenLatency(sizes.callerLatency());
            OrgTokens tokens = lab.tokenService();
            int before = lab.tokenRequests();
            Set<String> values = ConcurrentHashMap.newKeySet();
            AtomicInteger failures = new AtomicInteger();
            long wallNs = together(sizes.callers(), i -> {
                try {
                    values.add(tokens.accessToken(org.registered()).value().reveal());
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            });
            int requests = lab.tokenRequests() - before;
            boolean ok = requests == 1 && failures.get() == 0 && values.size() == 1;
            String value = requests + " request(s)"
                    + (failures.get() > 0 ? ", " + failures.get() + " caller(s) failed" : "")
                    + (values.size() != 1 ? ", " + values.size() + " distinct tokens" : "");
            rows.add(new Row(
                    sizes.callers() + " concurrent cold callers on one org ("
                            + sizes.callerLatency().toMillis() + " ms latency) -> token requests",
                    value,
                    "exactly 1",
                    Kind.CORRECTNESS,
                    ok));
            rows.add(Row.info(sizes.callers() + " concurrent cold callers on one org: wall time", millis(wallNs)));
        }
    }

    /**
     * Many orgs, all cold, in parallel with emulator latency: the wall time must stay near one exchange.
     *
     * <p>Cold means: no cached token and no open connection. Every round builds a new HTTP client (so every exchange
     * opens a new connection) and a new token service (so every org needs a grant); the orgs are the same 500 distinct
     * orgs in every round. One exchange is measured the same way: a cold call on a new client and service, the median
     * of a few. The bare JDK client does the same POSTs, also on a new client per round: the floor of the machine and
     * the emulator. Warm-up rounds of both sides come first and are not counted: the JIT compiles the JDK's HTTP
     * client and server paths for several seconds (on two cores it competes with the exchanges for the CPU), so they
     * go on until a pair of rounds compiles for at most {@link #JIT_QUIET_MS} (at least 2, at most
     * {@code parallelWarmups}). Then the measured rounds alternate which side goes first, and the figures are medians
     * over the rounds. Each parallel run starts after a {@code System.gc()}, so that garbage from setup and earlier
     * rounds is not collected inside it; collections and JIT time inside the measured runs are reported. The same
     * 500 platform threads make the calls in every round.
     */
    private static void parallelOrgs(Sizes sizes, List<Row> rows) throws InterruptedException {
        int n = sizes.parallelOrgs();
        String latency = sizes.orgLatency().toMillis() + " ms";
        try (Lab lab = new Lab();
                Callers callers = new Callers(n)) {
            long seedStart = System.nanoTime();
            List<Lab.Seeded> orgs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                orgs.add(lab.seed());
            }
            long seedNs = System.nanoTime() - seedStart;
            lab.tokenLatency(sizes.orgLatency());

            Side service = new Side("TokenService", (client, count) -> {
                OrgTokens tokens = lab.tokenService(lab.http(client));
                return i -> tokens.accessToken(orgs.get(i).registered())
                        .value()
                        .reveal()
                        .length();
            });
            Side raw = new Side("raw JDK client", (client, count) -> {
                List<Lab.RawPost> posts = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    posts.add(lab.rawPost(orgs.get(i), client));
                }
                return i -> posts.get(i).send();
            });
            // Warm up until the JIT is done with these paths (it compiled for about 10 s in diagnostic runs, using
            // both cores), at least 2 and at most parallelWarmups rounds of each side.
            int warmups = 0;
            long jitWarmupMs = 0;
            while (warmups < sizes.parallelWarmups()) {
                long jit0 = jitMillis();
                service.round(lab, callers, n, sizes.baselineSamples(), false);
                raw.round(lab, callers, n, sizes.baselineSamples(), false);
                warmups++;
                long jit = jitMillis() - jit0;
                jitWarmupMs += jit;
                if (warmups >= 2 && jit <= JIT_QUIET_MS) {
                    break;
                }
            }
            int before = lab.tokenRequests();
            long jit0 = jitMillis();
            for (int r = 0; r < sizes.parallelRounds(); r++) {
                Side first = r % 2 == 0 ? service : raw;
                Side second = first == service ? raw : service;
                first.round(lab, callers, n, sizes.baselineSamples(), true);
                second.round(lab, callers, n, sizes.baselineSamples(), true);
            }
            long jitMeasuredMs = jitMillis() - jit0;
            int requests = lab.tokenRequests() - before;
            int expected = sizes.parallelRounds() * 2 * (n + sizes.baselineSamples());
            int failures = service.failures.get() + raw.failures.get();
            double ratio = service.ratio();

            rows.add(Row.info(
                    "one cold exchange through TokenService, " + latency + " latency (median of "
                            + sizes.baselineSamples() + " per round, rounds: " + service.list(service.oneNs) + ")",
                    millis(median(service.oneNs))));
            rows.add(Row.info(
                    n + " orgs cold in parallel, " + latency + " latency: wall time (rounds: "
                            + service.list(service.wallNs) + ")",
                    millis(median(service.wallNs))
                            + (service.failures.get() > 0 ? " (" + service.failures.get() + " failed)" : "")));
            rows.add(new Row(
                    n + " orgs cold in parallel / one exchange (" + latency + " latency; median of "
                            + sizes.parallelRounds() + " rounds: " + service.ratios() + ")",
                    ratio(ratio),
                    "<= 3x",
                    Kind.TIMING,
                    ratio <= 3 && service.failures.get() == 0));
            rows.add(new Row(
                    n + " orgs cold in parallel -> token requests (all rounds, with the one-exchange samples)",
                    String.valueOf(requests),
                    "= " + expected,
                    Kind.CORRECTNESS,
                    requests == expected && failures == 0));
            rows.add(Row.info(
                    "  floor: " + n + " raw JDK POSTs in parallel, new connections / one raw POST (rounds: "
                            + raw.ratios() + ")",
                    millis(median(raw.wallNs)) + " / " + millis(median(raw.oneNs)) + " = " + ratio(raw.ratio())
                            + (raw.failures.get() > 0 ? " (" + raw.failures.get() + " failed)" : "")));
            rows.add(Row.info(
                    "  TokenService parallel wall / raw parallel wall",
                    ratio(median(service.wallNs) / median(raw.wallNs))));
            rows.add(Row.info(
                    "  process CPU during the parallel run, per exchange (client and emulator; cores busy)",
                    "TokenService " + service.cpu() + ", raw " + raw.cpu()));
            rows.add(Row.info("  the same by thread, TokenService run", service.cpuByThread(n)));
            rows.add(Row.info("  the same by thread, raw run", raw.cpuByThread(n)));
            rows.add(Row.info(
                    "  GC in the parallel runs: collections, pause total (TokenService; raw)",
                    service.gc() + "; " + raw.gc()));
            rows.add(Row.info(
                    "  JIT: warm-up rounds per side, compile time in them; compile time in the measured rounds",
                    warmups + ", " + jitWarmupMs + " ms; " + jitMeasuredMs + " ms"));
            rows.add(Row.info("seeding " + orgs.size() + " emulator orgs (setup, not judged)", millis(seedNs)));
        }
    }

    /** A warm-up round pair that compiles for at most this long means the JIT is done with the scenario's paths. */
    private static final long JIT_QUIET_MS = 100;

    private static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static long[] gcCountAndMillis() {
        long count = 0;
        long ms = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, ms};
    }

    /** How one side of the parallel scenario makes its calls on a new client: a function of the caller's index. */
    @FunctionalInterface
    interface CallsOn {
        Op.Indexed prepare(HttpClient client, int count);
    }

    /** One side of the parallel scenario (TokenService or the bare client) and its measured rounds. */
    private static final class Side {
        final String name;
        final CallsOn calls;
        final List<Double> oneNs = new ArrayList<>();
        final List<Double> wallNs = new ArrayList<>();
        final List<Double> cpuNsPerCall = new ArrayList<>();
        final List<Double> coresBusy = new ArrayList<>();
        final List<java.util.Map<String, Long>> cpuByThread = new ArrayList<>();
        long gcCount;
        long gcMillis;
        final AtomicInteger failures = new AtomicInteger();

        Side(String name, CallsOn calls) {
            this.name = name;
            this.calls = calls;
        }

        /** One exchange (median of cold samples), then all callers at once; each on a new client. */
        void round(Lab lab, Callers callers, int n, int samples, boolean measured) throws InterruptedException {
            double[] one = new double[samples];
            for (int k = 0; k < samples; k++) {
                try (HttpClient client = lab.newClient()) {
                    Op.Indexed call = calls.prepare(client, n);
                    long t0 = System.nanoTime();
                    sink += call.run(k);
                    one[k] = System.nanoTime() - t0;
                }
            }
            long wall;
            CpuByThread cpu0;
            CpuByThread cpu1;
            long[] gc0;
            long[] gc1;
            try (HttpClient client = lab.newClient()) {
                Op.Indexed call = calls.prepare(client, n);
                // Start from an empty young generation: garbage left by setup and earlier rounds is not this
                // round's cost (a young collection here paused everything for 10 to 150 ms, with 1,500 threads).
                System.gc();
                gc0 = gcCountAndMillis();
                cpu0 = CpuByThread.now();
                wall = callers.run(n, i -> {
                    try {
                        sink += call.run(i);
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                });
                cpu1 = CpuByThread.now();
                gc1 = gcCountAndMillis();
            }
            if (measured) {
                oneNs.add(median(one));
                wallNs.add((double) wall);
                long cpu = cpu1.processNanos() - cpu0.processNanos();
                cpuNsPerCall.add((double) cpu / n);
                coresBusy.add((double) cpu / wall);
                cpuByThread.add(cpu1.since(cpu0));
                gcCount += gc1[0] - gc0[0];
                gcMillis += gc1[1] - gc0[1];
            }
        }

        /** CPU per call by thread group, of the measured round with the median wall time. */
        String cpuByThread(int n) {
            if (cpuByThread.isEmpty() || !CpuByThread.supported()) {
                return "n/a";
            }
            double m = median(wallNs);
            int at = 0;
            for (int i = 0; i < wallNs.size(); i++) {
                if (Math.abs(wallNs.get(i) - m) < Math.abs(wallNs.get(at) - m)) {
                    at = i;
                }
            }
            return CpuByThread.perCall(cpuByThread.get(at), n);
        }

        double ratio() {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < wallNs.size(); i++) {
                r.add(wallNs.get(i) / oneNs.get(i));
            }
            return median(r);
        }

        String ratios() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < wallNs.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(SalesforceBenchmarks.ratio(wallNs.get(i) / oneNs.get(i)));
            }
            return b.toString();
        }

        String list(List<Double> ns) {
            return ns.stream().map(SalesforceBenchmarks::millis).collect(java.util.stream.Collectors.joining(", "));
        }

        String gc() {
            return gcCount + " in " + wallNs.size() + " rounds, " + gcMillis + " ms";
        }

        String cpu() {
            if (cpuNsPerCall.isEmpty() || cpuNsPerCall.get(0) < 0) {
                return "n/a";
            }
            return String.format(Locale.ROOT, "%.0f us (%.2f cores)", median(cpuNsPerCall) / 1e3, median(coresBusy));
        }
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Calls spread evenly over 8 simulated hours with 2 h sessions: the cache must renew about every 2 h only. */
    private static void eightHours(Sizes sizes, List<Row> rows) {
        try (Lab lab = new Lab()) {
            Lab.Seeded org = lab.seed();
            OrgTokens tokens = lab.tokenService();
            Instant start = lab.clock.instant();
            Duration span = Duration.ofHours(8);
            long stepNanos = span.toNanos() / sizes.callsOver8h();
            int before = lab.tokenRequests();
            int stale = 0;
            for (int i = 0; i < sizes.callsOver8h(); i++) {
                lab.clock.set(start.plusNanos(stepNanos * i));
                AccessToken t = tokens.accessToken(org.registered());
                io.jenkins.plugins.salesforce.emulator.AccessToken issued =
                        lab.emulator.accessToken(t.value().reveal());
                if (issued == null || !issued.isValidAt(lab.clock.instant())) {
                    stale++;
                }
            }
            int requests = lab.tokenRequests() - before;
            rows.add(new Row(
                    sizes.callsOver8h() + " calls over 8 simulated hours, 2 h sessions -> token requests",
                    String.valueOf(requests),
                    "<= 5",
                    Kind.CORRECTNESS,
                    requests <= 5));
            rows.add(Row.info("  of which handed out an expired session (emulator's view)", String.valueOf(stale)));
            String at = lab.emulator.requests().of(io.jenkins.plugins.salesforce.emulator.Endpoint.TOKEN).stream()
                    .map(r -> {
                        Duration d = Duration.between(start, r.at());
                        return String.format(Locale.ROOT, "%d:%02d", d.toHours(), d.toMinutesPart());
                    })
                    .collect(java.util.stream.Collectors.joining(" "));
            rows.add(Row.info("  token requests at (simulated h:mm)", at));
        }
    }

    /** list/filter of many registered orgs through the registry (sorted by id), no Salesforce involved. */
    private static void filter(Sizes sizes, List<Row> rows) {
        long t0 = System.nanoTime();
        OrgResolver registry = OrgFixtures.registryOf(sizes.filterOrgs());
        long fillNs = System.nanoTime() - t0;
        record Case(String name, OrgFilter filter) {}
        List<Case> cases = List.of(
                new Case("all (no filter)", OrgFilter.ANY),
                new Case("type=Sandbox, repository=acme/repo-7", OrgFixtures.SANDBOXES_OF_ONE_REPO),
                new Case("devHub=true", OrgFixtures.DEV_HUBS));
        double worst = 0;
        String worstName = "";
        for (Case c : cases) {
            int[] matched = new int[1];
            Op op = () -> {
                List<OrgRecord> l = registry.list(c.filter());
                matched[0] = l.size();
                return l.size();
            };
            for (int i = 0; i < sizes.filterWarmup(); i++) {
                op.run();
            }
            double[] runs = new double[sizes.filterRuns()];
            for (int i = 0; i < runs.length; i++) {
                runs[i] = batchNs(op, 1);
            }
            double med = median(runs);
            double max = Arrays.stream(runs).max().orElse(0);
            rows.add(Row.info(
                    "filter " + sizes.filterOrgs() + " orgs: " + c.name() + " (" + matched[0] + " match)",
                    String.format(Locale.ROOT, "median %.2f ms, max %.2f ms", med / 1e6, max / 1e6)));
            if (med > worst) {
                worst = med;
                worstName = c.name();
            }
        }
        rows.add(new Row(
                "list/filter " + sizes.filterOrgs() + " orgs, slowest filter median (" + worstName + ")",
                String.format(Locale.ROOT, "%.2f ms", worst / 1e6),
                "<= 20 ms",
                Kind.TIMING,
                worst <= 20e6));
        rows.add(Row.info("storing " + sizes.filterOrgs() + " orgs one by one (setup, not judged)", millis(fillNs)));
    }

    // ------------------------------------------------------------------------------------------ measuring

    /** An operation returning something that depends on its work, so that it cannot be optimised away. */
    @FunctionalInterface
    interface Op {
        int run();

        /** The same for the caller with the given index. */
        @FunctionalInterface
        interface Indexed {
            int run(int index);
        }
    }

    private static volatile int sink;

    /** Nanoseconds per operation over one batch. */
    private static double batchNs(Op op, int n) {
        int acc = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            acc += op.run();
        }
        long dt = System.nanoTime() - t0;
        sink += acc;
        return (double) dt / n;
    }

    /**
     * Warms every operation up, then runs {@code sizes.alternations()} rounds of one call per operation and times every
     * call on its own. Alternating call by call (not batch by batch) matters on a small machine: how fast a loopback
     * exchange is depends on the state of the cores (which one is idle, what ran there last), that state lasts for
     * milliseconds, and batches of one operation would each sample only a few such states. The order within a round
     * is shuffled (with a fixed seed, so runs are comparable): what ran just before a call affects it (a
     * {@code sendAsync} leaves a pool thread awake), and a fixed rotation would give each operation the same
     * predecessor most of the time.
     */
    private static Latencies[] alternate(Sizes sizes, Op... ops) {
        for (int i = 0; i < sizes.warmupOps(); i++) {
            for (Op op : ops) {
                sink += op.run();
            }
        }
        long[][] perOp = new long[ops.length][sizes.alternations()];
        int[] order = new int[ops.length];
        Arrays.setAll(order, k -> k);
        Random random = new Random(20261123L);
        int acc = 0;
        for (int r = 0; r < sizes.alternations(); r++) {
            for (int k = order.length - 1; k > 0; k--) {
                int j = random.nextInt(k + 1);
                int swap = order[k];
                order[k] = order[j];
                order[j] = swap;
            }
            for (int which : order) {
                long t0 = System.nanoTime();
                acc += ops[which].run();
                perOp[which][r] = System.nanoTime() - t0;
            }
        }
        sink += acc;
        Latencies[] out = new Latencies[ops.length];
        for (int k = 0; k < ops.length; k++) {
            out[k] = new Latencies(perOp[k]);
        }
        return out;
    }

    /** The per-call times of one operation, in nanoseconds, sorted. */
    static final class Latencies {
        private final long[] sorted;

        Latencies(long[] ns) {
            sorted = ns.clone();
            Arrays.sort(sorted);
        }

        double median() {
            int m = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
        }

        double mean() {
            return Arrays.stream(sorted).average().orElse(0);
        }

        /** The {@code p}-th percentile (nearest rank). */
        double percentile(int p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        String summary() {
            return String.format(
                    Locale.ROOT,
                    "median %.1f us, mean %.1f, p10 %.1f, p90 %.1f",
                    median() / 1e3,
                    mean() / 1e3,
                    percentile(10) / 1e3,
                    percentile(90) / 1e3);
        }
    }

    @FunctionalInterface
    interface Caller {
        void call(int index);
    }

    /**
     * Starts {@code n} platform threads, releases them at once, and returns the wall time from the release until the
     * last one finished (at most 2 minutes).
     */
    private static long together(int n, Caller caller) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread t = new Thread(
                    () -> {
                        ready.countDown();
                        try {
                            go.await();
                            caller.call(index);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    },
                    "bench-caller-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        if (!done.await(2, TimeUnit.MINUTES)) {
            threads.forEach(Thread::interrupt);
            throw new IllegalStateException(done.getCount() + " of " + n + " callers still running after 2 minutes");
        }
        return System.nanoTime() - t0;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static String micros(double ns) {
        return String.format(Locale.ROOT, "%.1f us/op", ns / 1e3);
    }

    private static String millis(double ns) {
        return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    private static String msDiff(double ms) {
        return String.format(Locale.ROOT, "%+.3f ms", ms);
    }

    private static String ratio3(double r) {
        return String.format(Locale.ROOT, "%.3fx", r);
    }

    private static String load() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", l);
    }
}
