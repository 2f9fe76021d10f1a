/**
 * Benchmarks of the core against the loopback Salesforce emulator (docs/performance.md): {@link
 * io.jenkins.plugins.salesforce.bench.SalesforceBenchmarks}, the scenario run with its targets (full and
 * {@code --smoke}), and {@link io.jenkins.plugins.salesforce.bench.TokenBenchmarks}, the JMH suite. They live in
 * {@code src/bench/java}, which only the core build compiles (as test sources), so the plugin POM never sees JMH.
 * Run both with {@code bench/run}.
 */
package io.jenkins.plugins.salesforce.bench;
