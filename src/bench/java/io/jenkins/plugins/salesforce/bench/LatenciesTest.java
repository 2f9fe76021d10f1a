package io.jenkins.plugins.salesforce.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The per-call statistics the cold scenario judges by. */
class LatenciesTest {
    @Test
    void theMedianOfAnOddCountIsTheMiddleCallWhateverTheOrderTheyRanIn() {
        SalesforceBenchmarks.Latencies l = new SalesforceBenchmarks.Latencies(new long[] {900, 100, 300, 200, 5_000});
        assertEquals(300, l.median());
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleCalls() {
        SalesforceBenchmarks.Latencies l = new SalesforceBenchmarks.Latencies(new long[] {400, 100, 300, 200});
        assertEquals(250, l.median());
    }

    @Test
    void oneSlowCallMovesTheMeanButNotTheMedian() {
        long[] calls = new long[100];
        java.util.Arrays.fill(calls, 200);
        calls[50] = 20_200;
        SalesforceBenchmarks.Latencies l = new SalesforceBenchmarks.Latencies(calls);
        assertEquals(200, l.median());
        assertEquals(400, l.mean(), 1e-9);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] calls = new long[100];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = (i + 1) * 10L;
        }
        SalesforceBenchmarks.Latencies l = new SalesforceBenchmarks.Latencies(calls);
        assertEquals(100, l.percentile(10));
        assertEquals(900, l.percentile(90));
        assertEquals(1_000, l.percentile(100));
        assertEquals(10, l.percentile(0));
    }

    @Test
    void theSummaryShowsMicroseconds() {
        SalesforceBenchmarks.Latencies l = new SalesforceBenchmarks.Latencies(new long[] {250_000, 250_000, 250_000});
        assertEquals("median 250.0 us, mean 250.0, p10 250.0, p90 250.0", l.summary());
    }
}
