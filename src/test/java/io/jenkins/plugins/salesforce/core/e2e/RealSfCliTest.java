package io.jenkins.plugins.salesforce.core.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.salesforce.core.CliEnvironment;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SalesforceHosts;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import io.jenkins.plugins.salesforce.emulator.EmulatorTls;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.GrantTypes;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.RecordedRequest;
import io.jenkins.plugins.salesforce.emulator.SalesforceEmulator;
import io.jenkins.plugins.salesforce.emulator.ScratchOrgInfo;
import io.jenkins.plugins.salesforce.emulator.User;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real Salesforce CLI ({@code sf}, the version {@code .ci/sf-cli/install} pins) against the emulator in HTTPS
 * mode: what a developer does with an auth URL, and what a pipeline does with the variables of a {@code
 * withSalesforceOrg} block, work as they do against Salesforce.
 *
 * <p>Skipped, with the reason, when the CLI is not installed: run {@code .ci/sf-cli/install} first (it needs npm and
 * the npm registry; {@code .ci/run} does it), or give {@code -Dsf.cli=<path of sf>}. Each {@code sf} command takes a
 * few seconds to start; the class runs about twenty-five.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealSfCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(3);

    private Path sf;
    /** Why there is no sf, when there is none. */
    private String skipped;
    private Path work;
    private SalesforceEmulator emulator;
    private EmulatorTls.TrustFiles trust;
    private Org prod;
    private User admin;
    private String authUrl;
    private SalesforceHosts hosts;
    private HttpClient client;
    /** A developer's machine: the org logged in with its auth URL under the alias {@code acme}. */
    private Path developerHome;
    private JsonNode login;

    @BeforeAll
    void startTheEmulatorAndLogIn() throws Exception {
        sf = findSf();
        if (sf == null) {
            return;
        }
        emulator = SalesforceEmulator.builder().https().start();
        work = Files.createTempDirectory("real-sf-cli-");
        trust = emulator.tls().writeTrustFiles(work.resolve("tls"));
        prod = emulator.productionOrg("acme").devHub(true);
        admin = prod.user("admin@acme.com").name("Ada", "Admin");
        authUrl = emulator.authUrlFor(admin);
        hosts = SalesforceHosts.defaults().withAdditional(List.of("https://127.0.0.1"));
        client = SalesforceHttp.configure(HttpClient.newBuilder())
                .sslContext(emulator.tls().clientContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        developerHome = home("developer");
        Path file = developerHome.resolve("acme.auth");
        Files.writeString(file, authUrl + "\n");
        login = sf(developerHome, Map.of(), "org", "login", "sfdx-url", "--sfdx-url-file", file.toString(), "--alias",
                        "acme", "--json")
                .json();
    }

    /** Every test is skipped, with the reason, when there is no sf CLI. */
    @BeforeEach
    void needsTheCli() {
        Assumptions.assumeTrue(sf != null, skipped);
    }

    @AfterAll
    void stop() throws IOException {
        if (emulator != null) {
            emulator.close();
        }
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ADeveloperWithTheAuthUrl {
        @Test
        void logsInFromAFileOverHttps() {
            assertThat(login.toString(), login.path("status").asInt(), is(0));
            JsonNode r = login.path("result");
            assertThat(r.path("orgId").asText(), is(prod.id()));
            assertThat(r.path("username").asText(), is("admin@acme.com"));
            assertThat(r.path("instanceUrl").asText(), is(prod.instanceUrl()));
            assertThat(r.path("instanceUrl").asText(), startsWith("https://127.0.0.1:"));
            assertThat(r.path("isDevHub").asBoolean(), is(true));
            assertThat(r.path("name").asText(), is("Acme"));
        }

        @Test
        void seesTheOrgConnectedInOrgDisplayWhichNoLongerPrintsTheAuthUrl() {
            Run display = sf(developerHome, Map.of(), "org", "display", "--verbose", "--json", "--target-org", "acme");
            JsonNode r = display.json().path("result");
            assertThat(r.path("connectedStatus").asText(), is("Connected"));
            assertThat(r.path("sfdxAuthUrl").asText(), startsWith("[REDACTED]"));
            assertThat("the connection check", paths(Endpoint.API_RESOURCES), hasItem(startsWith("/services/data/v")));

            SalesforceAuthException e =
                    assertThrows(SalesforceAuthException.class, () -> SfdxAuthUrl.read(display.stdout(), hosts));
            assertThat(e.fix(), containsString("sf org auth show-sfdx-auth-url --target-org <alias> --json"));
        }

        @Test
        void getsTheAuthUrlFromShowSfdxAuthUrlInTheFormTheCoreReads() {
            Run show =
                    sf(developerHome, Map.of(), "org", "auth", "show-sfdx-auth-url", "--json", "--target-org", "acme");
            assertThat(show.json().path("status").asInt(), is(0));
            assertThat(SfdxAuthUrl.read(show.stdout(), hosts).format(), is(authUrl));
        }

        @Test
        void listsTheOrgAsAConnectedDevHub() {
            String list = sf(developerHome, Map.of(), "org", "list").stdout();
            assertThat(list, containsString("acme"));
            assertThat(list, containsString("admin@acme.com"));
            assertThat(list, containsString("DevHub"));
            assertThat(list, containsString("Connected"));
        }

        @Test
        void queriesDataAsATableWithTheColumnsSalesforceDescribes() {
            String table = sf(developerHome, Map.of(), "data", "query", "--query", "SELECT Id, Name FROM Organization",
                            "--target-org", "acme")
                    .stdout();
            assertThat(table, containsString("ID"));
            assertThat(table, containsString("NAME"));
            assertThat(table, containsString(prod.id()));
            assertThat(table, containsString("Acme"));
            assertThat(table, containsString("Total number of records retrieved: 1."));
            assertThat(paths(Endpoint.QUERY), hasItem(containsString("columns=true")));
        }

        @Test
        void queriesDataAsJson() {
            JsonNode r = sf(developerHome, Map.of(), "data", "query", "--query", "SELECT Id, Name FROM Organization",
                            "--target-org", "acme", "--json")
                    .json()
                    .path("result");
            assertThat(r.path("totalSize").asInt(), is(1));
            assertThat(r.path("records").path(0).path("Name").asText(), is("Acme"));
            assertThat(r.path("records").path(0).path("Id").asText(), is(prod.id()));
        }

        @Test
        void callsTheRestApiWithApiRequestRest() {
            String version = prod.apiVersions().get(prod.apiVersions().size() - 1);
            JsonNode limits = sf(developerHome, Map.of(), "api", "request", "rest",
                            "/services/data/v" + version + "/limits", "--target-org", "acme")
                    .json();
            assertThat(limits.path("DailyApiRequests").path("Max").asInt(), greaterThan(0));
            assertThat(limits.path("ActiveScratchOrgs").path("Remaining").isNumber(), is(true));
        }

        @Test
        void opensTheOrgThroughAOneTimeFrontdoorLink() throws Exception {
            JsonNode r = sf(developerHome, Map.of(), "org", "open", "--url-only", "--json", "--target-org", "acme")
                    .json()
                    .path("result");
            String url = r.path("url").asText();
            assertThat(url, startsWith(prod.instanceUrl() + "/secur/frontdoor.jsp?otp="));
            HttpResponse<String> first = client.send(
                    HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode(), is(200));
            assertThat(first.body(), containsString("as admin@acme.com"));
            HttpResponse<String> again = client.send(
                    HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat("the link works once", again.statusCode(), is(302));
        }
    }

    /** A pipeline step inside {@code withSalesforceOrg(devHub: true)}: only the block's variables, no stored org. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class APipelineWithTheBlockVariables {
        private Path agentHome;
        private Map<String, String> block;

        @BeforeAll
        void mintATokenAsTheCoreDoes() throws IOException {
            if (sf == null) {
                return;
            }
            InMemoryOrgStore store = new InMemoryOrgStore();
            store.save(new RegisteredOrg(
                    OrgRecord.builder("acme", CredentialType.AUTH_URL).build(), new AuthUrlSecret(SecretText.of(authUrl))));
            TokenService tokens = TokenService.builder()
                    .store(store)
                    .http(new SalesforceHttp(client))
                    .hosts(hosts)
                    .clock(emulator.clock())
                    .build();
            TokenResult token = tokens.token("acme");
            block = new HashMap<>(CliEnvironment.facts(token));
            CliEnvironment.secrets(token, true).forEach((name, value) -> block.put(name, value.reveal()));
            agentHome = home("agent");
        }

        @Test
        void theBlockSetsTheInstanceUrlUnderBothNames() {
            assertThat(block.get("SF_ORG_INSTANCE_URL"), is(prod.instanceUrl()));
            assertThat(block.get("SF_INSTANCE_URL"), is(prod.instanceUrl()));
        }

        @Test
        void orgDisplayNeedsNoLogin() {
            JsonNode r = sf(agentHome, block, "org", "display", "--json").json().path("result");
            assertThat(r.path("connectedStatus").asText(), is("Connected"));
            assertThat(r.path("instanceUrl").asText(), is(prod.instanceUrl()));
            assertThat(r.path("id").asText(), is(prod.id15()));
        }

        @Test
        void dataQueryNeedsNoLogin() {
            JsonNode r = sf(agentHome, block, "data", "query", "--query", "SELECT Id, Name FROM Organization", "--json")
                    .json()
                    .path("result");
            assertThat(r.path("records").path(0).path("Name").asText(), is("Acme"));
        }

        @Test
        void theOlderInstanceUrlNameAloneIsStillReadByTodaysCli() {
            Map<String, String> old = new HashMap<>(block);
            old.remove("SF_ORG_INSTANCE_URL");
            JsonNode r = sf(agentHome, old, "org", "display", "--json").json().path("result");
            assertThat(r.path("connectedStatus").asText(), is("Connected"));
            assertThat(r.path("instanceUrl").asText(), is(prod.instanceUrl()));
        }

        @Test
        void theCliTakesTheTargetOrgTheDevHubAndTheInstanceUrlFromTheEnvironment() {
            JsonNode result = sf(agentHome, block, "config", "get", "target-dev-hub", "target-org", "org-instance-url",
                            "--json")
                    .json()
                    .path("result");
            Map<String, String> where = new HashMap<>();
            for (JsonNode entry : result) {
                where.put(entry.path("name").asText(), entry.path("path").asText());
                assertThat(entry.path("location").asText(), is("Environment"));
            }
            assertThat(where.get("target-dev-hub"), is("$SF_TARGET_DEV_HUB"));
            assertThat(where.get("target-org"), is("$SF_TARGET_ORG"));
            assertThat(where.get("org-instance-url"), is("$SF_ORG_INSTANCE_URL"));
        }

        @Test
        void createScratchFindsTheDevHubWithoutTargetDevHub() {
            int before = prod.scratchOrgInfos().size();
            JsonNode r = sf(agentHome, block, "org", "create", "scratch", "--edition", "developer", "--async", "--json")
                    .json()
                    .path("result");
            assertThat(prod.scratchOrgInfos().size(), is(before + 1));
            String id = prod.scratchOrgInfos().get(before).id();
            assertThat(r.path("scratchOrgInfo").path("Id").asText(), is(id));
            assertThat(r.path("username").asText(), is(prod.scratchOrgInfos().get(before).signupUsername()));
            assertThat(paths(Endpoint.SCRATCH_ORG_INFO), hasItem(startsWith("/services/data/v")));
        }

        /**
         * Without {@code --async} the CLI waits for the ScratchOrgInfo row to be Active, then logs in to the new org
         * with the authorization-code grant: the row's {@code AuthCode} at its {@code LoginUrl}, as the Dev Hub
         * connection's client ({@code PlatformCLI}, since the block gives only a token), and stores that login.
         */
        @Test
        void createScratchWaitsForTheOrgAndLogsInToItWithTheSignupsAuthCode() {
            Path home = home("agent-scratch");
            int before = prod.scratchOrgInfos().size();
            int codeGrants = emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE);
            Run create = sf(home, block, "org", "create", "scratch", "--edition", "developer", "--json");
            JsonNode r = create.json().path("result");

            assertThat(prod.scratchOrgInfos().size(), is(before + 1));
            ScratchOrgInfo info = prod.scratchOrgInfos().get(before);
            assertThat(r.path("username").asText(), is(info.signupUsername()));
            assertThat(r.path("orgId").asText(), is(info.org().id()));
            assertThat(r.path("authFields").path("instanceUrl").asText(), is(info.org().instanceUrl()));
            assertThat(r.path("authFields").path("clientId").asText(), is("PlatformCLI"));
            assertThat(r.path("authFields").path("isScratch").asBoolean(), is(true));
            assertThat(
                    emulator.requests().count(Endpoint.TOKEN, GrantTypes.AUTHORIZATION_CODE), is(codeGrants + 1));
            assertThat("the code was used", info.authCode().isUsed(), is(true));
            assertThat("and not printed", create.toString().contains(info.authCode().value()), is(false));
            // The CLI names the Dev Hub by what it was given, the block's token, and prints it as devHubUsername (and
            // org display as devHubId): the block must keep SF_TARGET_DEV_HUB among the masked secrets.
            assertThat(
                    "devHubUsername is the token",
                    r.path("authFields").path("devHubUsername").asText().equals(block.get("SF_TARGET_DEV_HUB")),
                    is(true));

            JsonNode display = sf(home, block, "org", "display", "--target-org", info.signupUsername(), "--json")
                    .json();
            JsonNode d = display.path("result");
            assertThat(d.path("id").asText(), is(info.org().id()));
            assertThat(d.path("username").asText(), is(info.signupUsername()));
            assertThat(d.path("instanceUrl").asText(), is(info.org().instanceUrl()));
            // For a scratch org the CLI shows the Dev Hub's Status, not connectedStatus; it also checks the session.
            assertThat(d.path("status").asText(), is("Active"));
            assertThat(d.path("createdBy").asText(), is("admin@acme.com"));
            assertThat(
                    "the stored login works",
                    display.path("warnings").toString(),
                    not(containsString("unable to refresh auth")));
            assertThat(
                    "sf checked the session on the new org",
                    emulator.requests().of(Endpoint.API_RESOURCES).stream()
                            .anyMatch(q -> info.org().id().equals(q.orgId()) && q.status() == 200),
                    is(true));
        }

        @Test
        void createScratchWithAnAliasAndAWaitGivesAnOrgTheAliasNames() {
            Path home = home("agent-scratch-alias");
            Run create = sf(home, block, "org", "create", "scratch", "--edition", "developer", "--alias", "ci-scratch",
                    "--wait", "5", "--json");
            String username = create.json().path("result").path("username").asText();
            ScratchOrgInfo info = prod.scratchOrgInfos().stream()
                    .filter(s -> s.signupUsername().equals(username))
                    .findFirst()
                    .orElseThrow();

            JsonNode d = sf(home, block, "org", "display", "--target-org", "ci-scratch", "--json")
                    .json()
                    .path("result");
            assertThat(d.path("alias").asText(), is("ci-scratch"));
            assertThat(d.path("username").asText(), is(username));
            assertThat(d.path("id").asText(), is(info.org().id()));
            assertThat(d.path("status").asText(), is("Active"));
        }

        @Test
        void loginAccessTokenGivesAStoredOrgForCommandsThatNeedOne() {
            Path home = home("agent-login");
            Map<String, String> env = Map.of("SF_ACCESS_TOKEN", block.get("SF_ACCESS_TOKEN"));
            JsonNode r = sf(home, env, "org", "login", "access-token", "--instance-url",
                            block.get("SF_ORG_INSTANCE_URL"), "--alias", "prod", "--no-prompt", "--json")
                    .json()
                    .path("result");
            assertThat(r.path("username").asText(), is("admin@acme.com"));
            assertThat(r.path("orgId").asText(), is(prod.id()));
            // The CLI stores the instance URL with a trailing '/', so it asks for //services/data from here on.
            JsonNode display = sf(home, Map.of(), "org", "display", "--target-org", "prod", "--json")
                    .json()
                    .path("result");
            assertThat(display.path("connectedStatus").asText(), is("Connected"));
            assertThat(sf(home, Map.of(), "org", "logout", "--target-org", "prod", "--no-prompt", "--json")
                            .json()
                            .path("status")
                            .asInt(),
                    is(0));
        }
    }

    // ---------------------------------------------------------------- running sf

    record Run(List<String> command, int exit, String stdout, String stderr) {
        JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("not JSON from " + this, e);
            }
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " (exit " + exit + ")\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private Path home(String name) {
        try {
            return Files.createDirectories(work.resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code sf} with a home of its own, no telemetry or update checks, the emulator's CA trusted, and the
     * given variables; fails unless it exits 0.
     */
    private Run sf(Path home, Map<String, String> variables, String... args) {
        List<String> command = new ArrayList<>();
        command.add(sf.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("TERM", "dumb");
        env.put("NO_COLOR", "1");
        env.put("NODE_EXTRA_CA_CERTS", trust.caPem().toString());
        env.put("SF_DISABLE_TELEMETRY", "true");
        env.put("SF_AUTOUPDATE_DISABLE", "true");
        env.put("SF_SKIP_NEW_VERSION_CHECK", "true");
        env.put("SF_USE_PROGRESS_BAR", "false");
        env.put("SF_DISABLE_LOG_FILE", "true");
        env.putAll(variables);
        try {
            Path out = Files.createTempFile(work, "sf-", ".out");
            Path err = Files.createTempFile(work, "sf-", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + COMMAND_LIMIT);
            }
            Run run = new Run(
                    List.copyOf(command),
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            if (run.exit() != 0) {
                throw new AssertionError("sf failed: " + run);
            }
            return run;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private List<String> paths(Endpoint endpoint) {
        return emulator.requests().of(endpoint).stream()
                .filter(r -> r.status() == 200 || r.status() == 201)
                .map(RecordedRequest::path)
                .toList();
    }

    /**
     * The sf launcher: {@code -Dsf.cli} (or {@code SF_CLI}), else what {@code .ci/sf-cli/install --if-installed}
     * names. Null, with {@link #skipped} saying why (also on the console, once), when there is none.
     */
    private Path findSf() throws IOException, InterruptedException {
        String given = System.getProperty("sf.cli", System.getenv("SF_CLI"));
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            if (!Files.isExecutable(p)) {
                throw new AssertionError("sf.cli=" + given + " is not an executable file: give the path that"
                        + " .ci/sf-cli/install prints, or leave sf.cli unset to skip this lane.");
            }
            return p;
        }
        Path script = Path.of(System.getProperty("repo.root", ".."), ".ci", "sf-cli", "install");
        String reason;
        if (Files.isExecutable(script)) {
            Process p = new ProcessBuilder(script.toString(), "--if-installed").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() == 0 && !out.isEmpty()) {
                return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
            }
            reason = err.isEmpty() ? "sf CLI not installed; run .ci/sf-cli/install" : err;
        } else {
            reason = "no " + script + " to ask where the sf CLI is; pass -Dsf.cli=<path of sf>";
        }
        skipped = "RealSfCliTest skipped: " + reason;
        System.out.println(skipped);
        return null;
    }
}
