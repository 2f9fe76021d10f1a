package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import org.jenkinsci.Symbol;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A JIT sandbox, a sandbox of a registered production org with no secret of its own: its tokens are minted on demand
 * through the production org (sandbox auth). JCasC symbol {@code salesforceJitSandbox}:
 *
 * <pre>{@code
 * - salesforceJitSandbox:
 *     id: uat
 *     sandboxName: uat
 *     productionCredentialsId: prod
 *     metadata: "env=uat"
 * }</pre>
 *
 * Its org type is always Sandbox, and it is never a Dev Hub. Its username, instance URL and org id are discovered
 * on its first token.
 */
public class SalesforceJitSandboxCredentialsImpl extends AbstractOrgCredentials {
    private static final long serialVersionUID = 1L;

    private final String sandboxName;
    private final String productionCredentialsId;

    @DataBoundConstructor
    public SalesforceJitSandboxCredentialsImpl(
            @CheckForNull CredentialsScope scope,
            @CheckForNull String id,
            @CheckForNull String description,
            @NonNull String sandboxName,
            @NonNull String productionCredentialsId) {
        super(scope, id, description);
        this.sandboxName = Util.fixNull(sandboxName).strip();
        this.productionCredentialsId = Util.fixNull(productionCredentialsId).strip();
    }

    /** The sandbox name (1-10 letters and digits), as in Setup > Sandboxes of the production org. */
    @NonNull
    public String getSandboxName() {
        return sandboxName;
    }

    /** The credentials id of the production org the sandbox belongs to. */
    @NonNull
    public String getProductionCredentialsId() {
        return productionCredentialsId;
    }

    @NonNull
    @Override
    public CredentialType getCredentialType() {
        return CredentialType.JIT_SANDBOX;
    }

    /** Always Sandbox. */
    @NonNull
    @Override
    public String getOrgType() {
        return io.jenkins.plugins.salesforce.core.OrgType.SANDBOX.label();
    }

    @Override
    public boolean isDevHub() {
        return false;
    }

    @Extension
    @Symbol("salesforceJitSandbox")
    public static class DescriptorImpl extends OrgCredentialsDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.SalesforceJitSandboxCredentialsImpl_DisplayName();
        }

        /** Its Test connection tests the saved sandbox: at the root, for administrators only. */
        @Override
        @Restricted(NoExternalUse.class)
        public boolean isTestConnectionVisible() {
            return FormPermissions.isTestStoredVisible();
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckSandboxName(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkSandboxName(value);
        }

        /** The production orgs (credentials with a secret of their own) the caller may pick, per the consumer guide. */
        @POST
        @Restricted(NoExternalUse.class)
        public ListBoxModel doFillProductionCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String productionCredentialsId) {
            if (!FormPermissions.canListCredentials(item)) {
                return new StandardListBoxModel().includeCurrentValue(Util.fixNull(productionCredentialsId));
            }
            return FormChecks.productionOrgItems(item, productionCredentialsId);
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckProductionCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.canListCredentials(item)) {
                return FormValidation.ok();
            }
            return FormChecks.checkProductionCredentialsId(item, value);
        }

        /** Tests the JIT sandbox (a token through its production org): the saved one, or the form's before saving. */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doTestConnection(
                @AncestorInPath Item item,
                @QueryParameter String id,
                @QueryParameter String productionCredentialsId,
                @QueryParameter String sandboxName) {
            FormPermissions.checkConfigure(item);
            return FormChecks.testJitSandbox(item, id, productionCredentialsId, sandboxName);
        }
    }
}
