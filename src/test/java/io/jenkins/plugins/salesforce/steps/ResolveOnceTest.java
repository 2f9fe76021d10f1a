package io.jenkins.plugins.salesforce.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.model.ItemGroup;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceUsage;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.springframework.security.core.Authentication;

/**
 * A step resolves its {@code org:} once: resolving the reference, reading the org with its secret, the token cache
 * key and the usage audit together ask the credentials API one time which orgs the build may use. (Each such lookup
 * lists every credential the build may see, so a step that asked several times paid for every org of its folders and
 * of the system store several times.)
 */
@WithJenkins
class ResolveOnceTest {
    private static final AtomicInteger LOOKUPS = new AtomicInteger();

    private JenkinsRule j;
    private PipelineOrgs sf;

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        sf = new PipelineOrgs();
        PipelineOrgs.allowEmulator();
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0); // no background lookups
        PipelineOrgs.add(sf.prod());
    }

    @AfterEach
    void tearDown() {
        sf.close();
    }

    /**
     * Warms the token (the first use also discovers the org's username), then runs the script, counting the
     * credentials API's lookups of that run.
     */
    private int lookupsOfAWarmBuild(String script) throws Exception {
        WorkflowJob warm = j.createProject(WorkflowJob.class);
        warm.setDefinition(new CpsFlowDefinition("withSalesforceOrg(org: 'prod') { echo 'warm' }", true));
        j.buildAndAssertSuccess(warm);
        int grants = sf.emulator.requests().count(Endpoint.TOKEN);
        WorkflowJob p = j.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, true));
        LOOKUPS.set(0);
        WorkflowRun b = j.buildAndAssertSuccess(p);
        int lookups = LOOKUPS.get();
        assertThat("the token came from the cache", sf.emulator.requests().count(Endpoint.TOKEN), is(grants));
        assertThat("the use is recorded", SalesforceUsage.runsUsing(PipelineOrgsLookup.prod(), 1), contains(b));
        return lookups;
    }

    @Test
    void withSalesforceOrgAsksOnce() throws Exception {
        assertThat(lookupsOfAWarmBuild("withSalesforceOrg(org: 'prod') { echo 'in' }"), is(1));
    }

    @Test
    void withSalesforceOrgByUsernameAsksOnce() throws Exception {
        assertThat(lookupsOfAWarmBuild("withSalesforceOrg(org: 'admin@acme.com') { echo 'in' }"), is(1));
    }

    @Test
    void theDefaultDevHubAsksOnce() throws Exception {
        assertThat(lookupsOfAWarmBuild("withSalesforceOrg(devHub: true) { echo 'in' }"), is(1));
    }

    @Test
    void salesforceAccessTokenAsksOnce() throws Exception {
        assertThat(lookupsOfAWarmBuild("def t = salesforceAccessToken(org: 'prod'); echo t.username"), is(1));
    }

    /** The binding: once for credentials-binding's own {@code findCredentialById}, once for the org. */
    @Test
    void theBindingAsksOnceMoreThanWithCredentialsItself() throws Exception {
        assertThat(lookupsOfAWarmBuild("withCredentials([salesforceOrg(credentialsId: 'prod')]) { echo 'in' }"), is(2));
    }

    /** Provides nothing; counts the lookups that can return Salesforce orgs. */
    @TestExtension
    public static final class CountingProvider extends CredentialsProvider {
        private static <C extends Credentials> List<C> count(Class<C> type) {
            if (type.isAssignableFrom(SalesforceOrgCredentials.class)) {
                LOOKUPS.incrementAndGet();
            }
            return List.of();
        }

        @NonNull
        @Override
        public <C extends Credentials> List<C> getCredentialsInItem(
                @NonNull Class<C> type,
                @NonNull Item item,
                Authentication authentication,
                @NonNull List<DomainRequirement> domainRequirements) {
            return count(type);
        }

        @NonNull
        @Override
        public <C extends Credentials> List<C> getCredentialsInItemGroup(
                @NonNull Class<C> type,
                ItemGroup itemGroup,
                Authentication authentication,
                @NonNull List<DomainRequirement> domainRequirements) {
            return count(type);
        }
    }
}
