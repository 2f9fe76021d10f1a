package io.jenkins.plugins.salesforce.docs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import jenkins.security.ApiTokenProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every {@code curl} of docs/rest-api.md is sent as written. Each {@code ```sh} block of the page runs in bash, top to
 * bottom, against a fresh Jenkins with the orgs the docs name ({@link DocOrgs}: {@code prod} registered, the default
 * Dev Hub unless the block shows the answer "when none is set"; the sandbox {@code uat} and the scratch org {@code
 * test-abc@example.com} in the emulator; a folder {@code team}), with {@code $J} the Jenkins URL, {@code $A} as the
 * page defines it for {@code alice}, an administrator, and her API token. Each answer must be a success (2xx), or
 * the status the {@code # comment} after the command names (and the {@code "field": "value"} pair it quotes).
 *
 * <p>The blocks pipe the output of {@code sf org auth show-sfdx-auth-url --json -o <alias>} into {@code curl} (and
 * through the real {@code jq}); the Salesforce CLI is not on this machine, so {@code sf} there is a shell function that
 * knows that command alone and prints the JSON the CLI prints for the emulator's org of that alias (the shape captured
 * from sf 2.150.6, see SfdxAuthUrlCliOutputTest). Any other {@code sf} command fails the block. A block that needs
 * what the emulated orgs do not have says so above its fence with {@code <!-- not run: <reason> -->}, and is reported as
 * skipped with its reason.
 */
@WithJenkins
class RestApiCurlsTest {
    private static final String PAGE = "docs/rest-api.md";
    private static final Pattern CURL = Pattern.compile("(?:^\\s*|[|;&(]\\s*)curl\\s");
    private static final Pattern COMMENT = Pattern.compile("\\s#\\s*(.*)$");
    private static final Pattern EXPECTED = Pattern.compile("^(\\d{3})\\b(?:,\\s*(\"[^\"]+\":\\s*\"[^\"]*\"))?.*");
    private static final Pattern STATUS = Pattern.compile("@@HTTP (\\d{3})");
    private static final Pattern A = Pattern.compile("`A=(\"[^\"`]*\")`");

    static List<DocBlocks.Block> curlBlocks() {
        List<DocBlocks.Block> blocks = new ArrayList<>();
        for (DocBlocks.Block b :
                DocBlocks.of(PAGE, DocBlocks.read(DocBlocks.root().resolve(PAGE)))) {
            if (b.text().contains("curl ")) {
                blocks.add(b);
            }
        }
        return blocks;
    }

    /** What the docs promise for one curl: a status (0: any 2xx) and a "field": "value" pair of its answer, or null. */
    record Expected(int status, String pair) {}

    /** The curls of a block, in order, each with what its comment promises. */
    static List<Expected> expected(DocBlocks.Block block) {
        List<Expected> all = new ArrayList<>();
        for (String line : block.text().replace("\\\n", " ").split("\n")) {
            Matcher curl = CURL.matcher(line);
            while (curl.find()) {
                Matcher comment = COMMENT.matcher(line);
                Matcher e = comment.find() ? EXPECTED.matcher(comment.group(1)) : null;
                if (e != null && e.matches()) {
                    all.add(new Expected(Integer.parseInt(e.group(1)), e.group(2)));
                } else {
                    all.add(new Expected(0, null));
                }
            }
        }
        return all;
    }

    @Test
    void everyCurlOfThePageIsInAShBlock() {
        List<DocBlocks.Block> all =
                DocBlocks.of(PAGE, DocBlocks.read(DocBlocks.root().resolve(PAGE)));
        int curls = 0;
        for (DocBlocks.Block b : all) {
            if (b.text().contains("curl ")) {
                assertThat(b + " holds a curl: fence it ```sh", b.tag(), is("sh"));
                curls += expected(b).size();
            }
        }
        assertThat(curls, greaterThanOrEqualTo(20));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("curlBlocks")
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the blocks are bash")
    void answersAsDocumented(DocBlocks.Block block, JenkinsRule j, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(block.notRun() == null, () -> "not run: " + block.notRun());
        for (String tool : List.of("curl", "jq")) {
            Assumptions.assumeTrue(onPath(tool), () -> "the blocks need " + tool + " on the PATH");
        }
        List<Expected> expected = expected(block);
        try (DocOrgs orgs = new DocOrgs()) {
            orgs.registerProd(!block.text().contains("when none is set"));
            j.createProject(Folder.class, "team");
            j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
            j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                    .grant(Jenkins.ADMINISTER)
                    .everywhere()
                    .to("alice"));
            String token = User.getById("alice", true)
                    .getProperty(ApiTokenProperty.class)
                    .generateNewToken("docs")
                    .plainValue;
            writeSfJson(dir, "prod", orgs.authUrl(orgs.admin));
            writeSfJson(dir, "team-hub", orgs.authUrl(orgs.teamHub));

            String output = bash(dir, script(block, j), token);
            for (String secret : orgs.issuedTokens()) {
                output = output.replace(secret, "****");
            }
            output = output.replace(token, "****");
            Matcher m = STATUS.matcher(output);
            List<Integer> statuses = new ArrayList<>();
            while (m.find()) {
                statuses.add(Integer.parseInt(m.group(1)));
            }
            String context = block + ":\n" + block.text() + "\nanswered:\n" + output;
            assertThat("every curl ran; " + context, statuses.size(), is(expected.size()));
            for (int i = 0; i < expected.size(); i++) {
                Expected e = expected.get(i);
                String which = "curl #" + (i + 1) + " of " + context;
                if (e.status() == 0) {
                    assertThat(
                            which,
                            statuses.get(i),
                            both(greaterThanOrEqualTo(200)).and(lessThan(300)));
                } else {
                    assertThat(which, statuses.get(i), is(e.status()));
                }
                if (e.pair() != null) {
                    String pair = e.pair().replaceAll("\\s", "");
                    assertThat(which, answer(output, i).replaceAll("\\s", ""), containsString(pair));
                }
            }
            assertThat(context, output, not(containsString("command not found")));
        }
    }

    /** The body of the i-th answer: what curl printed between the previous status line and its own. */
    private static String answer(String output, int i) {
        String[] parts = output.split("@@HTTP \\d{3}");
        return parts[i];
    }

    private static String script(DocBlocks.Block block, JenkinsRule j) throws Exception {
        String page = Files.readString(DocBlocks.root().resolve(PAGE), StandardCharsets.UTF_8);
        Matcher a = A.matcher(page);
        assertThat(PAGE + " defines A=\"...\" for its examples", a.find(), is(true));
        String url = j.getURL().toString();
        return String.join(
                "\n",
                "J='" + url.substring(0, url.length() - 1) + "'",
                "A=" + a.group(1),
                "sf() {",
                "  local alias=''",
                "  if [ \"$1 $2 $3\" != 'org auth show-sfdx-auth-url' ]; then",
                "    echo \"sf $*: this test knows only 'sf org auth show-sfdx-auth-url --json -o <alias>'\" >&2",
                "    return 1",
                "  fi",
                "  while [ $# -gt 0 ]; do case \"$1\" in -o|--target-org) alias=\"$2\"; shift;; esac; shift; done",
                "  cat \"$SF_JSON_DIR/$alias.json\"",
                "}",
                "curl() { command curl -w '\\n@@HTTP %{http_code}\\n' \"$@\"; }",
                block.text());
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void writeSfJson(Path dir, String alias, String authUrl) throws Exception {
        Files.writeString(
                dir.resolve(alias + ".json"),
                "{\n  \"status\": 0,\n  \"result\": {\n    \"sfdxAuthUrl\": \"" + authUrl
                        + "\"\n  },\n  \"warnings\": [\n    \"This command exposes an SFDX Auth URL.\"\n  ]\n}\n");
    }

    private static String bash(Path dir, String script, String token) throws Exception {
        Path file = dir.resolve("block.sh");
        Files.writeString(file, script);
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
        pb.environment().put("JENKINS_API_TOKEN", token);
        pb.environment().put("SF_JSON_DIR", dir.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat("bash ends", p.waitFor(120, TimeUnit.SECONDS), is(true));
        return new String(out, StandardCharsets.UTF_8);
    }
}
