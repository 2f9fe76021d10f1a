package io.jenkins.plugins.salesforce.docs;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of README.md and docs/*.md, for the tests that run what the docs show. A block is its fence's
 * tag ({@code groovy}, {@code sh}, ...), its text without the indentation of its fence (blocks inside list items are
 * indented), and where it starts. A block that cannot run in a test says so in the source of the page, on the last
 * non-blank line before its fence: {@code <!-- not run: <the reason> -->}.
 */
final class DocBlocks {
    private static final Pattern OPEN = Pattern.compile("^(\\s*)```(\\S*)\\s*$");
    private static final Pattern CLOSE = Pattern.compile("^\\s*```\\s*$");
    private static final Pattern NOT_RUN = Pattern.compile("^\\s*<!--\\s*not run:(.*?)-->\\s*$");

    private DocBlocks() {}

    /**
     * One fenced block.
     *
     * @param file the page, relative to the repository (README.md, docs/pipeline.md)
     * @param line the line of the opening fence (1-based)
     * @param notRun the reason given by a {@code <!-- not run: ... -->} comment, or null; empty when no reason is given
     */
    record Block(
            String file,
            int line,
            String tag,
            String text,
            @CheckForNull String notRun) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /** The repository: the first directory at or above the working directory with docs/ and README.md. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("README.md")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (with docs/ and README.md) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Every block of README.md and docs/*.md with the given tag, in page order. */
    static List<Block> tagged(String tag) {
        Path root = root();
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (Path page : pages) {
            for (Block b : of(root.relativize(page).toString(), read(page))) {
                if (b.tag().equals(tag)) {
                    blocks.add(b);
                }
            }
        }
        return blocks;
    }

    /** The blocks of one page, whatever their tag. */
    static List<Block> of(String file, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = OPEN.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int indent = open.group(1).length();
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !CLOSE.matcher(lines.get(j)).matches()) {
                String l = lines.get(j);
                int strip = 0;
                while (strip < indent && strip < l.length() && l.charAt(strip) == ' ') {
                    strip++;
                }
                text.append(l.substring(strip)).append('\n');
                j++;
            }
            if (j == lines.size()) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": a code block that is never closed");
            }
            blocks.add(new Block(file, i + 1, open.group(2), text.toString(), notRun(lines, i)));
            i = j;
        }
        return blocks;
    }

    @CheckForNull
    private static String notRun(List<String> lines, int fence) {
        for (int k = fence - 1; k >= 0; k--) {
            if (!lines.get(k).isBlank()) {
                Matcher m = NOT_RUN.matcher(lines.get(k));
                return m.matches() ? m.group(1).strip() : null;
            }
        }
        return null;
    }

    static List<String> read(Path page) {
        try {
            return Files.readAllLines(page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
