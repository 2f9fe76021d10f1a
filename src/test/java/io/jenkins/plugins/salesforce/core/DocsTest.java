package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation honest where a machine can tell: links point at files and headings that exist, every
 * {@link Reason} is explained in {@code docs/troubleshooting.md}, and every {@code bench/run} option the docs show is
 * one that {@code bench/run} takes. Reads the Markdown of the repository (README.md, CONTRIBUTING.md, docs/*.md); runs
 * in the core build (whose working directory is {@code core-build/}) and in the plugin build (the repository root).
 */
class DocsTest {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--?[a-zA-Z][\\w-]*");

    private static Path root;
    private static List<Path> markdown;

    @BeforeAll
    static void findRepository() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("README.md")))) {
            dir = dir.getParent();
        }
        assertThat(
                "the repository root (with docs/ and README.md) above "
                        + Path.of("").toAbsolutePath(),
                dir,
                notNullValue());
        root = dir;
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        if (Files.isRegularFile(root.resolve("CONTRIBUTING.md"))) {
            files.add(root.resolve("CONTRIBUTING.md"));
        }
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        markdown = files;
    }

    @Test
    void everyRelativeLinkPointsAtAFileAndHeadingThatExist() {
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path file : markdown) {
            for (Line line : prose(file)) {
                Matcher m = LINK.matcher(CODE_SPAN.matcher(line.text).replaceAll(""));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
                        continue; // https:, mailto: ...
                    }
                    int hash = target.indexOf('#');
                    String pathPart = hash < 0 ? target : target.substring(0, hash);
                    String anchor = hash < 0 ? null : target.substring(hash + 1);
                    Path resolved = pathPart.isEmpty()
                            ? file
                            : file.getParent().resolve(pathPart).normalize();
                    String where = root.relativize(file) + ":" + line.number + ": " + target;
                    if (!Files.exists(resolved)) {
                        broken.add(where + " (no such file)");
                    } else if (anchor != null && resolved.toString().endsWith(".md")) {
                        Set<String> known = anchors.computeIfAbsent(resolved, DocsTest::headingAnchors);
                        if (!known.contains(anchor)) {
                            broken.add(where + " (no such heading in " + root.relativize(resolved) + ")");
                        }
                    }
                }
            }
        }
        assertThat("broken links:\n" + String.join("\n", broken), broken, is(empty()));
    }

    @Test
    void everyReasonIsExplainedInTheTroubleshootingPage() {
        String page = read(root.resolve("docs/troubleshooting.md"));
        List<String> missing = new ArrayList<>();
        for (Reason r : Reason.values()) {
            if (!page.contains("`" + r.name() + "`")) {
                missing.add(r.name());
            }
        }
        assertThat("reasons that docs/troubleshooting.md does not name (as `REASON`)", missing, is(empty()));
    }

    @Test
    void everyBenchRunOptionInTheDocsIsOneBenchRunTakes() {
        String script = read(root.resolve("bench/run"));
        int start = script.indexOf("<<'USAGE'");
        int end = script.indexOf("\nUSAGE\n", start);
        assertThat("bench/run prints its usage from a <<'USAGE' here-document", start >= 0 && end > start, is(true));
        Set<String> usage = new TreeSet<>();
        Matcher u = OPTION.matcher(script.substring(start + "<<'USAGE'".length(), end));
        while (u.find()) {
            usage.add(u.group());
        }
        assertThat(usage, is(not(empty())));
        for (String option : usage) {
            assertThat(
                    "bench/run's usage shows " + option + " but its argument loop has no case for it",
                    script.contains(option + ")") || script.contains(option + "|"),
                    is(true));
        }
        List<String> unknown = new ArrayList<>();
        for (Path file : markdown) {
            int n = 0;
            for (String line : read(file).split("\n", -1)) {
                n++;
                int at = line.indexOf("bench/run");
                while (at >= 0) {
                    String rest = line.substring(at + "bench/run".length());
                    int stop = firstOf(rest, '`', '#', '|', ';', '&');
                    Matcher o = OPTION.matcher(stop < 0 ? rest : rest.substring(0, stop));
                    while (o.find()) {
                        if (!usage.contains(o.group())) {
                            unknown.add(root.relativize(file) + ":" + n + ": " + o.group());
                        }
                    }
                    at = line.indexOf("bench/run", at + 1);
                }
            }
        }
        assertThat(
                "bench/run options in the docs that bench/run's usage " + usage + " does not list",
                unknown,
                is(empty()));
    }

    /** GitHub's anchors for the headings of a Markdown file, duplicates numbered as GitHub numbers them. */
    static Set<String> headingAnchors(Path file) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Line line : prose(file)) {
            Matcher h = HEADING.matcher(line.text);
            if (h.matches()) {
                String slug = slug(h.group(1));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /** GitHub's heading slug: the text as rendered, lower case, punctuation dropped, spaces as hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replace("`", "")
                .replace("*", "");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\- ]", "")
                .replace(' ', '-');
    }

    @Test
    void slugsFollowGitHub() {
        assertThat(slug("Refusals by Jenkins' own rules"), is("refusals-by-jenkins-own-rules"));
        assertThat(slug("`salesforceJwt`: JWT bearer"), is("salesforcejwt-jwt-bearer"));
        assertThat(slug("Frontdoor (one-click login)"), is("frontdoor-one-click-login"));
        assertThat(
                slug("Registering an org from `sf org display` output"),
                is("registering-an-org-from-sf-org-display-output"));
    }

    private record Line(int number, String text) {}

    /** The lines of a Markdown file outside fenced code blocks. */
    private static List<Line> prose(Path file) {
        List<Line> lines = new ArrayList<>();
        boolean fenced = false;
        int n = 0;
        for (String line : read(file).split("\n", -1)) {
            n++;
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                lines.add(new Line(n, line));
            }
        }
        return lines;
    }

    private static int firstOf(String s, char... stops) {
        int first = -1;
        for (char c : stops) {
            int i = s.indexOf(c);
            if (i >= 0 && (first < 0 || i < first)) {
                first = i;
            }
        }
        return first;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
