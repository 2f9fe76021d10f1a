package io.jenkins.plugins.salesforce.jenkinsbench;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.BulkChange;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Result;
import hudson.model.Saveable;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import io.jenkins.plugins.salesforce.credentials.OrgCredentialsMapping;
import io.jenkins.plugins.salesforce.emulator.ConnectedApp;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.Fault;
import io.jenkins.plugins.salesforce.emulator.MutableClock;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.SalesforceEmulator;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.flow.FlowDurabilityHint;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.job.properties.DurabilityHintJobProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.core.Authentication;

/**
 * The Jenkins-side benchmarks of docs/performance.md ("Jenkins side"). Not part of the test suite: its name does not
 * match the POM's Surefire includes, so {@code mvn test} never runs it; {@code bench/jenkins} runs it (with
 * {@code mvn test -Dtest=JenkinsSideBenchmark}). It prints figures and judges no time; it only checks what must hold
 * whatever the machine (every block got its variables, every build is green, the token requests counted at the
 * emulator).
 *
 * <ul>
 *   <li>{@link #warmBlockVsWithCredentials}: a warm {@code withSalesforceOrg} block against a
 *       {@code withCredentials([string(...)])} block, alternating in one build, when the job sees 10 orgs and when it
 *       sees 1,000 (half in its folder, half in the system store), with 1,000 more in other folders.
 *   <li>{@link #coldBuildsMakeOneTokenRequestPerOrg}: 100 builds that start together on one cold org, then on 100 cold
 *       orgs, with 200 ms of latency on every token request.
 *   <li>{@link #framesFromTheStepToTheHttpClient}: the plugin's frames on the stack when {@code salesforceAccessToken}
 *       sends its token request, and when it asks the credentials API which orgs the build may use.
 * </ul>
 *
 * System properties (Maven: {@code -Dbench.blocks=300}): {@code bench.blocks} blocks of each kind per build (300),
 * {@code bench.builds} measured builds per size (3), {@code bench.visible} the sizes (10,1000), {@code bench.others}
 * orgs in other folders (1000), {@code bench.coldBuilds} builds and orgs of the cold scenario (100).
 */
@WithJenkins
class JenkinsSideBenchmark {
    private static final String CONSUMER_KEY = "3MVG9FAKEbench.x1";

    private JenkinsRule j;
    private SalesforceEmulator emulator;
    private ConnectedApp app;
    private Org acme;

    private static int prop(String name, int dflt) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.strip());
    }

    private static List<Integer> sizes() {
        String v = System.getProperty("bench.visible", "10,1000");
        return Arrays.stream(v.split(","))
                .map(String::strip)
                .map(Integer::parseInt)
                .toList();
    }

    @BeforeEach
    void setUp(JenkinsRule j) {
        this.j = j;
        emulator = SalesforceEmulator.builder().clock(MutableClock.ticking()).start();
        app = emulator.connectedApp(CONSUMER_KEY).secret("FAKESECRET123");
        acme = emulator.productionOrg("acme");
        SalesforceConfiguration.get().setAllowedHosts("http://127.0.0.1");
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0); // the requests counted are the builds' own
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    // ------------------------------------------------------------------------------------------------ (a) warm

    @Test
    void warmBlockVsWithCredentials() throws Exception {
        int blocks = prop("bench.blocks", 300);
        int builds = prop("bench.builds", 3);
        int others = prop("bench.others", 1000);
        Folder team = j.jenkins.createProject(Folder.class, "team");
        WorkflowJob job = team.createProject(WorkflowJob.class, "app");
        register(systemStore(), "prod", "admin@acme.com");
        systemStore()
                .addCredentials(
                        Domain.global(),
                        new StringCredentialsImpl(
                                CredentialsScope.GLOBAL, "plain", null, Secret.fromString("plain-secret-value")));
        for (int f = 0; f < 10; f++) {
            Folder other = j.jenkins.createProject(Folder.class, "other-" + f);
            addFakeOrgs(other, "other-" + f + "-", others / 10, 100_000 + f * 10_000);
        }
        job.setDefinition(new CpsFlowDefinition(pipeline(blocks), false));
        // Not a program.dat write after every step: the steps' own cost, not the disk's, as a performance-minded
        // administrator runs such a job
        job.addProperty(new DurabilityHintJobProperty(FlowDurabilityHint.PERFORMANCE_OPTIMIZED));

        System.out.printf(
                Locale.ROOT,
                "%nJenkins side (a): warm withSalesforceOrg block vs withCredentials([string]) block, %d of each per"
                        + " build, alternating (the order swapped every round); %d orgs in other folders%n",
                blocks,
                others);
        int inTeam = 0;
        int inSystem = 1; // prod
        for (int visible : sizes()) {
            addFakeOrgs(team, "team-", visible / 2 - inTeam, inTeam);
            inTeam = visible / 2;
            addFakeOrgs(null, "sys-", visible - inTeam - inSystem, 50_000 + inSystem);
            inSystem = visible - inTeam;
            assertThat(
                    "the job sees " + visible + " orgs",
                    CredentialsProvider.lookupCredentialsInItem(
                                    SalesforceOrgCredentials.class, job, ACL.SYSTEM2, List.of())
                            .size(),
                    is(visible));
            j.buildAndAssertSuccess(job); // warm-up build: JIT, the token cache, the fingerprints
            int before = emulator.requests().count(Endpoint.TOKEN);
            List<Double> ratios = new ArrayList<>();
            for (int b = 0; b < builds; b++) {
                WorkflowRun run = j.buildAndAssertSuccess(job);
                String log = JenkinsRule.getLog(run);
                long[] sf = times(log, "SF");
                long[] wc = times(log, "WC");
                assertThat(sf.length, is(blocks));
                assertThat(wc.length, is(blocks));
                double ratio = median(sf) / median(wc);
                ratios.add(ratio);
                System.out.printf(
                        Locale.ROOT,
                        "  %,5d visible, build %d: withSalesforceOrg median %.3f ms (mean %.3f, p10 %.3f, p90 %.3f);"
                                + " withCredentials median %.3f ms (mean %.3f, p10 %.3f, p90 %.3f); ratio of medians"
                                + " %.3fx%n",
                        visible,
                        b + 1,
                        median(sf) / 1e6,
                        mean(sf) / 1e6,
                        pct(sf, 10) / 1e6,
                        pct(sf, 90) / 1e6,
                        median(wc) / 1e6,
                        mean(wc) / 1e6,
                        pct(wc, 10) / 1e6,
                        pct(wc, 90) / 1e6,
                        ratio);
            }
            double[] r =
                    ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(
                    Locale.ROOT,
                    "  %,5d visible: ratio withSalesforceOrg / withCredentials, median of %d builds: %.3fx (range"
                            + " %.3fx-%.3fx; target <= 1.05x)%n",
                    visible,
                    builds,
                    r[r.length / 2],
                    r[0],
                    r[r.length - 1]);
            assertThat(
                    "every warm block took its token from the cache",
                    emulator.requests().count(Endpoint.TOKEN),
                    is(before));
        }
    }

    /**
     * One build: {@code blocks} rounds of one block of each kind, each timed on its own (System.nanoTime around the
     * block, in the same CPS code for both), the order swapped every round; the times printed as two log lines.
     */
    private static String pipeline(int blocks) {
        return """
            def sf = []
            def wc = []
            for (int i = 0; i < %d; i++) {
                for (int k = 0; k < 2; k++) {
                    if ((i + k) %% 2 == 0) {
                        long t = System.nanoTime()
                        withSalesforceOrg(org: 'prod') {
                            if (env.SF_USERNAME != 'admin@acme.com') { error 'no org' }
                        }
                        sf << (System.nanoTime() - t)
                    } else {
                        long t = System.nanoTime()
                        withCredentials([string(credentialsId: 'plain', variable: 'PLAIN')]) {
                            if (env.PLAIN == null) { error 'no secret' }
                        }
                        wc << (System.nanoTime() - t)
                    }
                }
            }
            echo 'TIMES SF=' + sf.join(',')
            echo 'TIMES WC=' + wc.join(',')
            """.formatted(blocks);
    }

    private static long[] times(String log, String which) {
        Matcher m = Pattern.compile("TIMES " + which + "=([0-9,]+)").matcher(log);
        if (!m.find()) {
            throw new AssertionError("no TIMES " + which + " in the build log:\n" + log);
        }
        return Arrays.stream(m.group(1).split(",")).mapToLong(Long::parseLong).toArray();
    }

    private static double median(long[] values) {
        return pct(values, 50);
    }

    private static double pct(long[] values, int p) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(s.length * p / 100.0))];
    }

    private static double mean(long[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    // ------------------------------------------------------------------------------------------------ (b) cold

    @Test
    void coldBuildsMakeOneTokenRequestPerOrg() throws Exception {
        int n = prop("bench.coldBuilds", 100);
        for (int i = 0; i < n; i++) {
            register(systemStore(), "cold-" + i, "user" + i + "@acme.com");
        }
        List<WorkflowJob> onOne = new ArrayList<>();
        List<WorkflowJob> onEach = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            onOne.add(job("one-" + i, "cold-0"));
            onEach.add(job("each-" + i, "cold-" + i));
        }
        // every token request waits 200 ms, so that builds that start together really overlap
        emulator.faults().on(Endpoint.TOKEN).times(10 * n).respond(Fault.slow(Duration.ofMillis(200)));
        System.out.printf(Locale.ROOT, "%nJenkins side (b): %d builds start together, 200 ms per token request%n", n);
        cold(onOne, 1, "one cold org");
        cold(onEach, n, n + " cold orgs");
    }

    private WorkflowJob job(String name, String org) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(
                "withSalesforceOrg(org: '" + org + "') { if (!env.SF_ACCESS_TOKEN) { error 'no token' } }", true));
        return p;
    }

    private void cold(List<WorkflowJob> jobs, int expected, String what) throws Exception {
        SalesforceService.get().reconfigure(); // every token forgotten: the orgs are cold
        emulator.requests().reset();
        long t0 = System.nanoTime();
        for (WorkflowJob p : jobs) {
            assertThat(p.scheduleBuild2(0) != null, is(true));
        }
        // every build done (polled: the queue's futures are not what is measured)
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (!jobs.stream()
                .allMatch(p -> p.getLastBuild() != null && !p.getLastBuild().isBuilding())) {
            assertThat("the builds end within 30 minutes", System.nanoTime() < deadline, is(true));
            Thread.sleep(50);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int green = 0;
        for (WorkflowJob p : jobs) {
            j.assertBuildStatus(Result.SUCCESS, p.getLastBuild());
            green++;
        }
        int requests = emulator.requests().count(Endpoint.TOKEN);
        System.out.printf(
                Locale.ROOT,
                "  %d builds on %s: %d green, %d token requests (expected exactly %d), %,d ms from the first"
                        + " schedule to the last build done%n",
                jobs.size(),
                what,
                green,
                requests,
                expected,
                ms);
        assertThat(what + ": token requests", requests, is(expected));
    }

    // ---------------------------------------------------------------------------------------------- (c) frames

    /** Stacks seen by {@link RecordingProxySelector} and {@link RecordingProvider}, newest last. */
    static final List<StackTraceElement[]> SENDS = new CopyOnWriteArrayList<>();

    static final List<StackTraceElement[]> LOOKUPS = new CopyOnWriteArrayList<>();

    @Test
    void framesFromTheStepToTheHttpClient() throws Exception {
        ProxySelector old = ProxySelector.getDefault();
        ProxySelector.setDefault(new RecordingProxySelector());
        try {
            SalesforceService.get().reconfigure(); // the next client is built with the recording selector
            register(systemStore(), "prod", "admin@acme.com");
            SalesforceService.get().reconfigure(); // cold again
            SENDS.clear();
            LOOKUPS.clear();
            WorkflowJob p = j.createProject(WorkflowJob.class, "frames");
            p.setDefinition(new CpsFlowDefinition(
                    "def t = salesforceAccessToken(org: 'prod'); if (!t.accessToken) { error 'no token' }", true));
            j.buildAndAssertSuccess(p);
        } finally {
            ProxySelector.setDefault(old);
        }
        System.out.printf(Locale.ROOT, "%nJenkins side (c): plugin frames of salesforceAccessToken(org: 'prod')%n");
        assertThat("the token request was seen", SENDS.isEmpty(), is(false));
        print("to HttpClient.send (cold token)", SENDS.get(0));
        assertThat("the org lookup was seen", LOOKUPS.isEmpty(), is(false));
        for (StackTraceElement[] s : LOOKUPS) {
            print("to the credentials API (org resolution)", s);
        }
    }

    private static void print(String what, StackTraceElement[] stack) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (c.startsWith("io.jenkins.plugins.salesforce.") && !c.startsWith(JenkinsSideBenchmark.class.getName())) {
                String frame = c.substring("io.jenkins.plugins.salesforce.".length()) + "." + e.getMethodName();
                // a bridge method (a generic override) shows as a second frame of the same method: counted once
                if (frames.isEmpty() || !frames.get(frames.size() - 1).equals(frame)) {
                    frames.add(frame);
                }
            }
        }
        System.out.printf(Locale.ROOT, "  %d plugin frames %s, innermost first:%n", frames.size(), what);
        for (String f : frames) {
            System.out.println("    " + f);
        }
    }

    /** Records the stack of every request the plugin's HTTP client sends (it asks the selector on the caller's thread). */
    private static final class RecordingProxySelector extends ProxySelector {
        @Override
        public List<Proxy> select(URI uri) {
            if (uri.getPath() != null && uri.getPath().endsWith("/services/oauth2/token")) {
                SENDS.add(new Throwable().getStackTrace());
            }
            return List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    }

    /** Provides nothing; records the stack whenever Salesforce orgs are looked up for an item. */
    @TestExtension("framesFromTheStepToTheHttpClient")
    public static final class RecordingProvider extends CredentialsProvider {
        @NonNull
        @Override
        public <C extends Credentials> List<C> getCredentialsInItem(
                @NonNull Class<C> type,
                @NonNull Item item,
                Authentication authentication,
                @NonNull List<DomainRequirement> domainRequirements) {
            if (SalesforceOrgCredentials.class.isAssignableFrom(type)) {
                LOOKUPS.add(new Throwable().getStackTrace());
            }
            return List.of();
        }

        @NonNull
        @Override
        public <C extends Credentials> List<C> getCredentialsInItemGroup(
                @NonNull Class<C> type,
                ItemGroup itemGroup,
                Authentication authentication,
                @NonNull List<DomainRequirement> domainRequirements) {
            return List.of();
        }
    }

    // ---------------------------------------------------------------------------------------------- set-up

    private static CredentialsStore systemStore() {
        return CredentialsProvider.lookupStores(Jenkins.get()).iterator().next();
    }

    /** A real org of the emulator (its own user), registered in a store as the Orgs page would. */
    @SuppressWarnings("try")
    private void register(CredentialsStore store, String id, String username) {
        String authUrl = emulator.authUrlFor(acme.user(username).preAuthorize(app), app);
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            CredentialsOrgStore.tokens(store)
                    .register(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(authUrl)))
                            .withId(id));
        }
        emulator.requests().reset();
    }

    /** {@code count} orgs that are only looked at, never used, in a folder's store (or the system's), one save. */
    @SuppressWarnings("try")
    private static void addFakeOrgs(Folder folder, String prefix, int count, int first) throws IOException {
        if (count <= 0) {
            return;
        }
        CredentialsStore store = folder == null
                ? systemStore()
                : CredentialsProvider.lookupStores(folder).iterator().next();
        assertThat(store.getContext(), is(folder == null ? (Object) Jenkins.get() : folder));
        Saveable saved = folder == null ? SystemCredentialsProvider.getInstance() : folder;
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2);
                BulkChange bulk = new BulkChange(saved)) {
            for (int i = first; i < first + count; i++) {
                store.addCredentials(Domain.global(), fakeOrg(prefix + i, i));
            }
            bulk.commit();
        }
    }

    /** A Salesforce credential as registration stores it (facts discovered), with a fake auth URL. */
    private static SalesforceOrgCredentials fakeOrg(String id, int n) {
        OrgRecord record = OrgRecord.builder(id, CredentialType.AUTH_URL)
                .username("fake" + n + "@example.com")
                .instanceUrl("https://fake" + n + ".my.salesforce.com")
                .orgId(String.format(Locale.ROOT, "00D%015d", n))
                .orgType(n % 2 == 0 ? OrgType.SANDBOX : OrgType.PRODUCTION)
                .build();
        String authUrl = "force://PlatformCLI::5Aep861FAKE" + n + "refreshtoken@fake" + n + ".my.salesforce.com";
        return OrgCredentialsMapping.toCredentials(
                new RegisteredOrg(record, new AuthUrlSecret(SecretText.of(authUrl))), null, null);
    }
}
