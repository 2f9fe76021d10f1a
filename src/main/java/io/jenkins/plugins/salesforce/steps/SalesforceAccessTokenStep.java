package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.CliEnvironment;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.MinValidity;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def sf = salesforceAccessToken(org: 'prod')}: a registered org's short-lived token as a map ({@code
 * accessToken, instanceUrl, username, orgId, orgType, expiresAt}); {@code devHub: true} for the default Dev Hub; {@code
 * authType: 'sfdxAuthUrl'} for the stored auth URL ({@code sfdxAuthUrl} plus the org's facts), only where the
 * credential allows auth URL export.
 *
 * <p><b>The returned values are secrets that Jenkins cannot mask</b>: a step's return value is a plain Groovy value,
 * so the log filter and the interpolation warning, which work on a block's environment, do not see it, and a
 * variable that holds it is saved in {@code program.dat} in clear while the build runs. Prefer {@code
 * withSalesforceOrg}, the block form; see docs/pipeline.md.
 */
public class SalesforceAccessTokenStep extends Step {
    static final String ACCESS_TOKEN = "accessToken";
    static final String SFDX_AUTH_URL = "sfdxAuthUrl";

    private String org;
    private boolean devHub;
    private String authType;
    private Integer minValidity;

    @DataBoundConstructor
    public SalesforceAccessTokenStep() {}

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

    @NonNull
    public String getAuthType() {
        return authType == null ? ACCESS_TOKEN : authType;
    }

    @DataBoundSetter
    public void setAuthType(@CheckForNull String authType) {
        String t = Util.fixEmptyAndTrim(authType);
        this.authType = t == null || t.equals(ACCESS_TOKEN) ? null : t;
    }

    /** Minutes the token must stay valid at least; a cached token that would expire sooner is replaced first. */
    @CheckForNull
    public Integer getMinValidity() {
        return minValidity;
    }

    @DataBoundSetter
    public void setMinValidity(@CheckForNull Integer minValidity) {
        this.minValidity = MinValidity.given(minValidity);
    }

    @Override
    public StepExecution start(StepContext context) {
        return BuildOrgs.nonBlocking(context, (run, c) -> switch (getAuthType()) {
            case ACCESS_TOKEN -> {
                BuildOrgs orgs = BuildOrgs.of(run);
                RegisteredOrg resolved = orgs.resolve(org, devHub);
                TokenResult token = MinValidity.token(
                        orgs.tokens,
                        resolved,
                        MinValidity.ofMinutes(minValidity),
                        SalesforceService.get().clock().instant());
                orgs.used(resolved.id(), "accessToken");
                yield CliEnvironment.tokenMap(token);
            }
            case SFDX_AUTH_URL -> BuildOrgs.authUrl(run, org, devHub);
            default ->
                throw new AbortException("authType must be 'accessToken' or 'sfdxAuthUrl', not '" + authType + "'.");
        });
    }

    @Extension
    public static class DescriptorImpl extends SalesforceStepDescriptor {
        public DescriptorImpl() {
            super("salesforceAccessToken", Messages._SalesforceAccessTokenStep_DisplayName());
        }

        public ListBoxModel doFillAuthTypeItems() {
            ListBoxModel m = new ListBoxModel();
            m.add(Messages.SalesforceAccessTokenStep_AccessToken(), ACCESS_TOKEN);
            m.add(Messages.SalesforceAccessTokenStep_SfdxAuthUrl(), SFDX_AUTH_URL);
            return m;
        }
    }
}
