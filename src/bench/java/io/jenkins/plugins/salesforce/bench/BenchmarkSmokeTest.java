package io.jenkins.plugins.salesforce.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/**
 * CI's short run of the benchmark main ({@code --smoke}): tiny sizes, a few seconds, and only the correctness targets
 * are judged (one token request for many concurrent cold callers; at most 5 over 8 simulated hours). Timings are
 * printed, never judged here: docs/performance.md has the full run.
 */
class BenchmarkSmokeTest {
    @Test
    void theSmokeRunMeetsEveryCorrectnessTarget() throws Exception {
        SalesforceBenchmarks.Report report = SalesforceBenchmarks.run(true);
        System.out.print(report.render());
        assertFalse(report.failed(), () -> "missed: " + report.failures() + "\n" + report.render());
    }
}
