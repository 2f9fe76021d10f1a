package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.salesforce.SalesforceFlows;
import io.jenkins.plugins.salesforce.core.flows.FrontdoorRequest;
import io.jenkins.plugins.salesforce.core.flows.FrontdoorUrl;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code salesforceFrontdoorUrl(org: 'uat')}: a one-click login URL, looked up as a registered org, then (with {@code
 * repository}) a scratch org of that repository's pool, then a sandbox that is not registered (through {@code
 * productionOrg}, or every registered production org). Single use unless {@code classic: true}, which embeds the access
 * token itself. <b>The URL logs whoever opens it in</b>; Jenkins cannot mask a returned value.
 */
public class SalesforceFrontdoorUrlStep extends Step {
    private final String org;
    private String repository;
    private String productionOrg;
    private boolean classic;
    private String startPath;

    @DataBoundConstructor
    public SalesforceFrontdoorUrlStep(String org) {
        this.org = Util.fixEmptyAndTrim(org);
    }

    public String getOrg() {
        return org;
    }

    @CheckForNull
    public String getRepository() {
        return repository;
    }

    @DataBoundSetter
    public void setRepository(@CheckForNull String repository) {
        this.repository = Util.fixEmptyAndTrim(repository);
    }

    @CheckForNull
    public String getProductionOrg() {
        return productionOrg;
    }

    @DataBoundSetter
    public void setProductionOrg(@CheckForNull String productionOrg) {
        this.productionOrg = Util.fixEmptyAndTrim(productionOrg);
    }

    public boolean isClassic() {
        return classic;
    }

    @DataBoundSetter
    public void setClassic(boolean classic) {
        this.classic = classic;
    }

    @CheckForNull
    public String getStartPath() {
        return startPath;
    }

    @DataBoundSetter
    public void setStartPath(@CheckForNull String startPath) {
        this.startPath = Util.fixEmptyAndTrim(startPath);
    }

    @Override
    public StepExecution start(StepContext context) {
        return BuildOrgs.nonBlocking(context, (run, c) -> {
            BuildOrgs orgs = BuildOrgs.of(run);
            FrontdoorUrl url = SalesforceFlows.get()
                    .frontdoor(orgs.tokens, new FrontdoorRequest(org, repository, productionOrg, classic, startPath));
            orgs.used(url.via(), "frontdoor");
            return url.url().reveal();
        });
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("salesforceFrontdoorUrl", Messages._SalesforceFrontdoorUrlStep_DisplayName());
        }
    }
}
