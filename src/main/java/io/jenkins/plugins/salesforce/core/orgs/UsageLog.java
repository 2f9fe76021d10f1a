package io.jenkins.plugins.salesforce.core.orgs;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jenkins.plugins.salesforce.core.http.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who was handed a secret of an org, when, how and from where: one file of JSON lines per org under a directory,
 * newest last, at most about twice {@code keep} lines (older lines are dropped down to {@code keep} when a file grows
 * past that). An org's log is named by a key the caller chooses that survives a rotation of its secret (the plugin uses
 * the org's Salesforce org id and username), so that a new refresh token does not start a new history.
 *
 * <p>Events hold no secret: the thing handed out is named ({@code accessToken}, {@code sfdxAuthUrl}, ...), never its
 * value. A line that does not parse is skipped when reading, so a file cut short by a crash loses one event at most.
 */
public final class UsageLog {
    /** How a secret left the controller. */
    public enum Channel {
        PIPELINE,
        REST,
        CLI
    }

    /**
     * One handing-out of a secret.
     *
     * @param at when
     * @param who the Jenkins user (or {@code SYSTEM}) it was handed to
     * @param channel how
     * @param what what was handed out: {@code accessToken}, {@code sfdxAuthUrl}, {@code frontdoor}, {@code sandbox
     *     accessToken}, ...
     * @param detail the run ({@code job/folder/app#12}), the REST action, or the sandbox or scratch org it was for
     * @param from the caller's address for REST, null otherwise
     */
    public record Event(Instant at, String who, Channel channel, String what, String detail, String from) {
        public Event {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(what, "what");
        }
    }

    private final Path dir;
    private final int keep;
    /** Lines per file, counted once per file and then kept up to date, so an append does not read the file. */
    private final Map<Path, Integer> lines = new ConcurrentHashMap<>();

    /**
     * @param dir where the files go; created when the first event is written
     * @param keep how many events of an org are kept at least; positive
     */
    public UsageLog(Path dir, int keep) {
        if (keep <= 0) {
            throw new IllegalArgumentException("keep must be positive: " + keep);
        }
        this.dir = Objects.requireNonNull(dir, "dir");
        this.keep = keep;
    }

    /** Appends an event to the org's log, trimming it to the newest {@code keep} when it has grown past twice that. */
    public synchronized void append(String orgKey, Event event) {
        Path file = fileOf(orgKey);
        try {
            Files.createDirectories(dir);
            int count = lines.computeIfAbsent(file, f -> readLines(f).size());
            // a line cut short by a crash gets its end here, so that it does not swallow the new event
            String start = endsLine(file) ? "" : "\n";
            Files.writeString(
                    file,
                    start + line(event) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            count++;
            if (count > 2 * keep) {
                List<String> all = readLines(file);
                List<String> newest = all.subList(Math.max(0, all.size() - keep), all.size());
                Path tmp = Files.createTempFile(dir, "usage", ".tmp");
                Files.write(tmp, newest, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                count = newest.size();
            }
            lines.put(file, count);
        } catch (IOException e) {
            lines.remove(file);
            throw new UncheckedIOException("Could not write the usage log " + file, e);
        }
    }

    /** The org's newest events, newest first, at most {@code limit}. */
    public synchronized List<Event> read(String orgKey, int limit) {
        List<Event> events = new ArrayList<>();
        for (String l : readLines(fileOf(orgKey))) {
            Json.parse(l).ifPresent(node -> {
                try {
                    events.add(new Event(
                            Instant.parse(Json.text(node, "at")),
                            Json.text(node, "who"),
                            Channel.valueOf(Json.text(node, "channel")),
                            Json.text(node, "what"),
                            Json.text(node, "detail"),
                            Json.text(node, "from")));
                } catch (RuntimeException e) {
                    // a line cut short or edited by hand: skipped
                }
            });
        }
        Collections.reverse(events);
        return events.size() > limit ? List.copyOf(events.subList(0, Math.max(0, limit))) : events;
    }

    /** Events as CSV with a header line, for a spreadsheet; fields quoted where they need it. */
    public static String csv(List<Event> events) {
        StringBuilder out = new StringBuilder("at,who,channel,what,detail,from\n");
        for (Event e : events) {
            out.append(e.at())
                    .append(',')
                    .append(cell(e.who()))
                    .append(',')
                    .append(e.channel())
                    .append(',')
                    .append(cell(e.what()))
                    .append(',')
                    .append(cell(e.detail()))
                    .append(',')
                    .append(cell(e.from()))
                    .append('\n');
        }
        return out.toString();
    }

    /** A CSV cell: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused. */
    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v; // a spreadsheet would run it as a formula
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static String line(Event e) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("at", e.at().toString());
        fields.put("who", e.who());
        fields.put("channel", e.channel().name());
        fields.put("what", e.what());
        fields.put("detail", e.detail());
        fields.put("from", e.from());
        try {
            return Json.mapper().writeValueAsString(fields);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("a map of strings always serialises", x);
        }
    }

    /** Whether the file is empty, absent or ends with a line break. */
    private static boolean endsLine(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return true;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(f.length() - 1);
            return f.read() == '\n';
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the usage log " + file, e);
        }
    }

    /** The file of an org: a digest of its key, so that no key can name a path. */
    private Path fileOf(String orgKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Objects.requireNonNull(orgKey, "orgKey").getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".jsonl");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
