package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Launcher;
import hudson.Util;
import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.salesforce.core.CliEnvironment;
import io.jenkins.plugins.salesforce.core.tokens.MinValidity;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code withSalesforceOrg(org: 'prod') { sh 'sf project deploy start' }}: runs its body with a registered org's
 * short-lived token in {@code SF_ACCESS_TOKEN} and {@code SF_TARGET_ORG}, and its facts in {@code SF_INSTANCE_URL},
 * {@code SF_USERNAME}, {@code SF_ORG_ID}, {@code SF_ORG_TYPE} ({@link CliEnvironment}). The token is masked in the log,
 * including its quoted and shell-escaped forms. {@code devHub: true} picks the default Dev Hub. This is also the block
 * form of {@code salesforceAccessToken}: Pipeline steps either always or never take a body.
 *
 * <p>For an org that is <em>not</em> registered, the block form of {@code sandboxAuth} and {@code scratchOrgAuth}:
 * {@code withSalesforceOrg(sandbox: 'hotfix', productionOrg: 'prod')} logs in to a sandbox through a registered
 * production org (every one in turn without {@code productionOrg}), {@code withSalesforceOrg(scratchOrg:
 * 'test-xyz@example.com', devHubOrg: 'hub')} to a scratch org through a registered Dev Hub's ScratchOrgInfo (every Dev
 * Hub, the default first, without {@code devHubOrg}). The variables and the masking are the same.
 */
public class WithSalesforceOrgStep extends Step {
    private String org;
    private boolean devHub;
    private String sandbox;
    private String productionOrg;
    private String scratchOrg;
    private String devHubOrg;
    private Integer minValidity;

    @DataBoundConstructor
    public WithSalesforceOrgStep() {}

    @CheckForNull
    public String getOrg() {
        return org;
    }

    @DataBoundSetter
    public void setOrg(@CheckForNull String org) {
        this.org = Util.fixEmptyAndTrim(org);
    }

    public boolean isDevHub() {
        return devHub;
    }

    @DataBoundSetter
    public void setDevHub(boolean devHub) {
        this.devHub = devHub;
    }

    /** A sandbox that is not registered, logged in to through a production org. */
    @CheckForNull
    public String getSandbox() {
        return sandbox;
    }

    @DataBoundSetter
    public void setSandbox(@CheckForNull String sandbox) {
        this.sandbox = Util.fixEmptyAndTrim(sandbox);
    }

    /** The registered production org {@code sandbox} is logged in to through; empty for every one in turn. */
    @CheckForNull
    public String getProductionOrg() {
        return productionOrg;
    }

    @DataBoundSetter
    public void setProductionOrg(@CheckForNull String productionOrg) {
        this.productionOrg = Util.fixEmptyAndTrim(productionOrg);
    }

    /** The signup username of a scratch org that is not registered, found in a Dev Hub's ScratchOrgInfo. */
    @CheckForNull
    public String getScratchOrg() {
        return scratchOrg;
    }

    @DataBoundSetter
    public void setScratchOrg(@CheckForNull String scratchOrg) {
        this.scratchOrg = Util.fixEmptyAndTrim(scratchOrg);
    }

    /** The registered Dev Hub {@code scratchOrg} is found in; empty for every Dev Hub, the default first. */
    @CheckForNull
    public String getDevHubOrg() {
        return devHubOrg;
    }

    @DataBoundSetter
    public void setDevHubOrg(@CheckForNull String devHubOrg) {
        this.devHubOrg = Util.fixEmptyAndTrim(devHubOrg);
    }

    /** Minutes the token must stay valid at least when the block starts (registered orgs); null for any valid token. */
    @CheckForNull
    public Integer getMinValidity() {
        return minValidity;
    }

    @DataBoundSetter
    public void setMinValidity(@CheckForNull Integer minValidity) {
        this.minValidity = MinValidity.given(minValidity);
    }

    /**
     * Gets the org's variables on a background thread of the controller before the body starts ({@link OrgSession}),
     * holds them encrypted in the body's context, declares the secret ones sensitive and masks them in the log and in
     * failures inside the body, as credentials-binding's {@code withCredentials} does; {@code refreshSalesforceToken}
     * renews them while the body runs. The body completes after a restart.
     */
    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, new OrgSession(target(), minValidity));
    }

    private static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1;
        private final OrgSession session;

        Execution(StepContext context, OrgSession session) {
            super(context);
            this.session = session;
        }

        @Override
        public boolean start() {
            run(this::startBody);
            return false;
        }

        private void startBody() throws Exception {
            StepContext c = getContext();
            Run<?, ?> run = c.get(Run.class);
            TaskListener listener = c.get(TaskListener.class);
            session.bind(run, listener, null);
            Launcher launcher = c.get(Launcher.class);
            boolean unix = launcher == null || launcher.isUnix();
            listener.getLogger()
                    .println("Masking supported pattern matches of "
                            + session.secretNames().stream()
                                    .map(v -> unix ? "$" + v : "%" + v + "%")
                                    .collect(Collectors.joining(" or ")));
            c.newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(c.get(EnvironmentExpander.class), session.expander()))
                    .withContext(BodyInvoker.mergeConsoleLogFilters(
                            c.get(ConsoleLogFilter.class),
                            session.filter(run.getCharset().name())))
                    .withContext(FailureHandler.merge(c.get(FailureHandler.class), session.failureHandler()))
                    .withContext(session)
                    .withCallback(BodyExecutionCallback.wrap(c))
                    .start();
        }
    }

    /** What the block logs in to: one of a registered org, the default Dev Hub, a sandbox or a scratch org. */
    private SalesforceOrgBinding.Target target() throws AbortException {
        int given = (org != null || devHub ? 1 : 0) + (sandbox != null ? 1 : 0) + (scratchOrg != null ? 1 : 0);
        if (given > 1 || productionOrg != null && sandbox == null || devHubOrg != null && scratchOrg == null) {
            throw new AbortException("withSalesforceOrg takes one of org (or devHub: true), sandbox (with an"
                    + " optional productionOrg) or scratchOrg (with an optional devHubOrg); fix: give only one.");
        }
        if (sandbox != null) {
            return SalesforceOrgBinding.Target.sandbox(sandbox, productionOrg);
        }
        if (scratchOrg != null) {
            return SalesforceOrgBinding.Target.scratchOrg(scratchOrg, devHubOrg);
        }
        return SalesforceOrgBinding.Target.registered(org, devHub);
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("withSalesforceOrg", Messages._WithSalesforceOrgStep_DisplayName());
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }
    }
}
