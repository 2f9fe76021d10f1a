package io.jenkins.plugins.salesforce.core.orgs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.orgs.UsageLog.Channel;
import io.jenkins.plugins.salesforce.core.orgs.UsageLog.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit of secrets handed out: per org, newest first, bounded, readable after a crash, exportable as CSV. */
class UsageLogTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    private static Event event(int minute, String who) {
        return new Event(
                T0.plusSeconds(60L * minute), who, Channel.REST, "accessToken", "POST accessToken", "10.0.0." + minute);
    }

    private static List<String> whos(List<Event> events) {
        return events.stream().map(Event::who).toList();
    }

    @Test
    void eventsAreReadBackNewestFirstPerOrg() {
        UsageLog log = new UsageLog(dir, 10);
        log.append("00D000000000001/admin@acme.com", event(1, "alice"));
        log.append("00D000000000001/admin@acme.com", event(2, "bob"));
        log.append("00D000000000002/ci@acme.com", event(3, "carol"));

        assertThat(whos(log.read("00D000000000001/admin@acme.com", 10)), contains("bob", "alice"));
        assertThat(whos(log.read("00D000000000002/ci@acme.com", 10)), contains("carol"));
        assertThat(log.read("00D000000000003/nobody@acme.com", 10), is(empty()));
        assertThat(log.read("00D000000000001/admin@acme.com", 1).get(0), is(event(2, "bob")));
    }

    @Test
    void aLogKeepsAtLeastTheNewestKeepEventsAndAtMostTwiceThat() throws Exception {
        UsageLog log = new UsageLog(dir, 3);
        for (int i = 0; i < 20; i++) {
            log.append("org", event(i, "u" + i));
            assertThat(oneFileLines(), is(lessOrEqual(6)));
        }
        assertThat(whos(log.read("org", 3)), contains("u19", "u18", "u17"));
        assertThat(
                "a new log object (a restart) counts what the file holds",
                whos(new UsageLog(dir, 3).read("org", 100)).get(0),
                is("u19"));
    }

    private long oneFileLines() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            Path file = files.filter(f -> f.toString().endsWith(".jsonl"))
                    .findFirst()
                    .orElseThrow();
            return Files.readAllLines(file).size();
        }
    }

    private static org.hamcrest.Matcher<Long> lessOrEqual(long max) {
        return org.hamcrest.Matchers.lessThanOrEqualTo(max);
    }

    @Test
    void aKeyNeverNamesAPath() throws Exception {
        UsageLog log = new UsageLog(dir.resolve("usage"), 5);
        log.append("../../etc/passwd", event(1, "mallory"));
        try (Stream<Path> files = Files.list(dir.resolve("usage"))) {
            List<Path> all = files.toList();
            assertThat(all, hasSize(1));
            assertThat(all.get(0).getFileName().toString().matches("[0-9a-f]{32}\\.jsonl"), is(true));
        }
        assertThat(whos(log.read("../../etc/passwd", 5)), contains("mallory"));
    }

    @Test
    void aLineCutShortByACrashIsSkipped() throws Exception {
        UsageLog log = new UsageLog(dir, 5);
        log.append("org", event(1, "alice"));
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.findFirst().orElseThrow();
        }
        Files.writeString(file, Files.readString(file) + "{\"at\":\"2026-12-07T1", StandardCharsets.UTF_8);
        assertThat(whos(log.read("org", 5)), contains("alice"));
        log.append("org", event(2, "bob"));
        assertThat(whos(log.read("org", 5)), contains("bob", "alice"));
    }

    @Test
    void csvQuotesWhatNeedsItAndDefusesFormulas() {
        Event odd = new Event(T0, "=cmd|' /C calc'!A0", Channel.PIPELINE, "accessToken", "team, \"app\"#3", null);
        String csv = UsageLog.csv(List.of(odd, event(1, "alice")));
        assertThat(
                csv,
                is("at,who,channel,what,detail,from\n"
                        + "2026-12-07T10:00:00Z,'=cmd|' /C calc'!A0,PIPELINE,accessToken,\"team, \"\"app\"\"#3\",\n"
                        + "2026-12-07T10:01:00Z,alice,REST,accessToken,POST accessToken,10.0.0.1\n"));
    }

    @Test
    void concurrentAppendsLoseNothing() throws Exception {
        UsageLog log = new UsageLog(dir, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 200; i++) {
            int n = i;
            pool.submit(() -> log.append("org", event(n % 60, "u" + n)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS), is(true));
        List<String> seen = new ArrayList<>(whos(log.read("org", 1000)));
        assertThat(seen, hasSize(200));
    }

    @Test
    void aKeepBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UsageLog(dir, 0));
    }
}
