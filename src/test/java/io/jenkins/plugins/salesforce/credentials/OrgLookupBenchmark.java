package io.jenkins.plugins.salesforce.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.FreeStyleProject;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenService;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgKind;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.core.Authentication;

/**
 * Not a test (its name keeps it out of Surefire's and run-tests.sh's default selection): what resolving orgs through
 * the credential stores costs per call, with the token itself served from the cache, printed as median ns/op. It
 * judges no timing; it only checks that every measured lookup finds what it should. docs/performance.md
 * ("Org lookups in Jenkins") has the figures and how to read them. Run it with
 *
 * <pre>
 * /work/jenkins-env/run-tests.sh . --select-class=io.jenkins.plugins.salesforce.credentials.OrgLookupBenchmark \
 *     --include-classname='.*Benchmark'
 * </pre>
 *
 * Sizes: {@code BENCH_ORGS} Salesforce credentials (default 50) and {@code BENCH_OTHERS} other credentials (default
 * 200) in the system store, {@code BENCH_FOLDER_ORGS} (default 10) in folder {@code team}, as environment variables.
 */
@WithJenkins
class OrgLookupBenchmark {
    private static volatile int sink;

    private static int env(String name, int dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.strip());
    }

    @Test
    @SuppressWarnings("try")
    void lookupCost(JenkinsRule j) throws Exception {
        int orgs = env("BENCH_ORGS", 50);
        int others = env("BENCH_OTHERS", 200);
        int folderOrgs = env("BENCH_FOLDER_ORGS", 10);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin")
                .grant(Jenkins.READ, hudson.model.Item.READ, CredentialsProvider.USE_ITEM)
                .everywhere()
                .to("dev"));
        try (EmulatedSalesforce sf = new EmulatedSalesforce();
                ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            CredentialsStore system = EmulatedSalesforce.systemStore();
            for (int i = 0; i < others; i++) {
                system.addCredentials(
                        Domain.global(),
                        new UsernamePasswordCredentialsImpl(
                                CredentialsScope.GLOBAL, "other-" + i, null, "user" + i, "password-of-user-" + i));
            }
            for (int i = 0; i < orgs; i++) {
                system.addCredentials(Domain.global(), fakeOrg("org-" + i, i));
            }
            Folder team = j.jenkins.createProject(Folder.class, "team");
            CredentialsStore folderStore =
                    CredentialsProvider.lookupStores(team).iterator().next();
            assertThat(folderStore.getContext(), is(team));
            for (int i = 0; i < folderOrgs; i++) {
                folderStore.addCredentials(Domain.global(), fakeOrg("team-" + i, 1000 + i));
            }
            FreeStyleProject job = team.createProject(FreeStyleProject.class, "app");
            SalesforceService service = SalesforceService.get();
            service.register(
                    system,
                    RegistrationRequest.of(new AuthUrlSecret(SecretText.of(sf.authUrl(sf.admin))))
                            .withId("prod"));
            Authentication build = ACL.SYSTEM2; // a build's authentication without an authorization plugin
            Authentication dev = hudson.model.User.getById("dev", true).impersonate2();
            service.tokens(job, build).token("prod"); // warm: the token now comes from the cache
            int before = sf.emulator.requests().total();

            System.out.printf(
                    Locale.ROOT,
                    "%nOrg lookups: %d Salesforce + %d other credentials in the system store, %d in folder team;"
                            + " job team/app%n",
                    orgs + 1,
                    others,
                    folderOrgs);
            report(
                    "lookupCredentialsInItem(SalesforceOrgCredentials, job, SYSTEM2)",
                    () -> CredentialsProvider.lookupCredentialsInItem(
                                    SalesforceOrgCredentials.class, job, build, List.of())
                            .size());
            report(
                    "lookupCredentialsInItem(SalesforceOrgCredentials, job, user dev)",
                    () -> CredentialsProvider.lookupCredentialsInItem(
                                    SalesforceOrgCredentials.class, job, dev, List.of())
                            .size());
            report(
                    "system store: read + convert every Salesforce credential",
                    () -> new CredentialsOrgStore(system, true).entries().size());
            report(
                    "OrgStoreView(job, SYSTEM2).findById(org-25)",
                    () -> new OrgStoreView(job, build)
                            .findById("org-25")
                            .orElseThrow()
                            .hashCode());
            report(
                    "OrgStoreView(job, SYSTEM2).list()",
                    () -> new OrgStoreView(job, build).list().size());
            report(
                    "OrgStoreView(job, user dev).list()",
                    () -> new OrgStoreView(job, dev).list().size());
            report("warm token by id, as a step (resolve + token)", () -> {
                TokenService tokens = service.tokens(job, build);
                String id = tokens.registry().resolve("prod").id();
                return tokens.token(id).hashCode();
            });
            report("warm token by username, as a step (resolve + token)", () -> {
                TokenService tokens = service.tokens(job, build);
                String id = tokens.registry().resolve("admin@acme.com").id();
                return tokens.token(id).hashCode();
            });
            assertThat("every token came from the cache", sf.emulator.requests().total(), is(before));
            assertThat(new OrgStoreView(job, build).list(), hasSize(orgs + 1 + folderOrgs));
            assertThat(new OrgStoreView(job, dev).list(), hasSize(0));
        }
    }

    /** A Salesforce credential as registration stores it (facts discovered, metadata), with a fake auth URL. */
    private static SalesforceOrgCredentials fakeOrg(String id, int n) {
        OrgRecord record = OrgRecord.builder(id, OrgKind.AUTH_URL)
                .username("user" + n + "@acme.com")
                .instanceUrl("https://acme" + n + ".my.salesforce.com")
                .orgId(String.format(Locale.ROOT, "00D%015d", n))
                .orgType(n % 2 == 0 ? OrgType.SANDBOX : OrgType.PRODUCTION)
                .metadata(OrgMetadata.parse("team=t" + (n % 7) + ",repository=acme/repo-" + (n % 13), "metadata"))
                .build();
        String authUrl = "force://PlatformCLI::5Aep861FAKE" + n + "refreshtoken@acme" + n + ".my.salesforce.com";
        return OrgCredentialsMapping.toCredentials(
                new RegisteredOrg(record, new AuthUrlSecret(SecretText.of(authUrl))), null, null);
    }

    /** Median ns/op of 25 batches after a warm-up, printed. */
    private static void report(String what, Supplier<Integer> op) {
        int perBatch = 200;
        for (int i = 0; i < 2_000; i++) {
            sink += op.get();
        }
        double[] batches = new double[25];
        for (int b = 0; b < batches.length; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < perBatch; i++) {
                sink += op.get();
            }
            batches[b] = (System.nanoTime() - t0) / (double) perBatch;
        }
        Arrays.sort(batches);
        System.out.printf(
                Locale.ROOT,
                "  %-62s median %,10.0f ns/op  (min %,.0f, max %,.0f)%n",
                what,
                batches[batches.length / 2],
                batches[0],
                batches[batches.length - 1]);
    }
}
