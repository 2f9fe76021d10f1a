package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Item;
import hudson.remoting.Channel;
import hudson.util.FormValidation;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import java.util.Map;
import net.sf.json.JSONObject;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundResolvable;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * What the three Salesforce credential types share: the facts Salesforce discovers (username, instance URL, org id,
 * org type) and the metadata. Setters normalise (blank is absent, a known org type is written as its label, metadata
 * is written as sorted {@code k=v} pairs) but never refuse: a credential loaded from disk or from configuration as
 * code always loads, and a bad value is reported by the form check and by the first use.
 *
 * <p><b>Metadata form.</b> One string, {@code key=value} pairs separated by commas ({@code team=core,env=ci}), or a
 * JSON object ({@code {"team":"core"}}), parsed by the core's {@link OrgMetadata}: the same text a user writes in the
 * {@code salesforceOrgs(metadata: ...)} filter, a single textbox in the form and a single scalar in YAML.
 *
 * <p>Sent to an agent, a credential is replaced by {@link AgentOrgCredentials}, which has no secret at all. A
 * credential bound from a form is validated with Salesforce before it is stored ({@link #bindResolve}); no network call
 * happens in a constructor, setter or {@code readResolve}, so a credential read from disk, from the credentials
 * plugin's XML endpoints or from configuration as code is stored and loaded as given, and one that does not work is
 * reported by its first use and by the health check.
 */
public abstract class AbstractOrgCredentials extends BaseStandardCredentials
        implements SalesforceOrgCredentials, DataBoundResolvable {
    private static final long serialVersionUID = 1L;

    private String username;
    private String instanceUrl;
    private String orgId;
    private String orgType;
    private String metadata;

    protected AbstractOrgCredentials(
            @CheckForNull CredentialsScope scope, @CheckForNull String id, @CheckForNull String description) {
        super(scope, id, description);
    }

    @CheckForNull
    @Override
    public String getUsername() {
        return username;
    }

    /** The Salesforce username; discovered on first use when left empty (required for JWT bearer). */
    @DataBoundSetter
    public void setUsername(@CheckForNull String username) {
        this.username = Util.fixEmptyAndTrim(username);
    }

    @CheckForNull
    @Override
    public String getInstanceUrl() {
        return instanceUrl;
    }

    /** The org's instance URL; discovered when left empty. A trailing slash is dropped. */
    @DataBoundSetter
    public void setInstanceUrl(@CheckForNull String instanceUrl) {
        String url = Util.fixEmptyAndTrim(instanceUrl);
        while (url != null && url.endsWith("/")) {
            url = Util.fixEmpty(url.substring(0, url.length() - 1));
        }
        this.instanceUrl = url;
    }

    @CheckForNull
    @Override
    public String getOrgId() {
        return orgId;
    }

    /** The org id (15 or 18 characters); discovered when left empty. */
    @DataBoundSetter
    public void setOrgId(@CheckForNull String orgId) {
        this.orgId = Util.fixEmptyAndTrim(orgId);
    }

    @CheckForNull
    @Override
    public String getOrgType() {
        return orgType;
    }

    /** The org type (Production, Sandbox, Scratch, Developer Edition, Trial, in any case); discovered when empty. */
    @DataBoundSetter
    public void setOrgType(@CheckForNull String orgType) {
        String type = Util.fixEmptyAndTrim(orgType);
        if (type != null) {
            try {
                type = OrgType.parse(type).label();
            } catch (SalesforceAuthException e) {
                // kept as given; the form check and the first use report it
            }
        }
        this.orgType = type;
    }

    @NonNull
    @Override
    public String getMetadata() {
        return metadata == null ? "" : metadata;
    }

    /** Metadata as {@code k=v,k2=v2} or a JSON object; see the class comment. */
    @DataBoundSetter
    public void setMetadata(@CheckForNull String metadata) {
        this.metadata = normaliseMetadata(metadata);
    }

    /**
     * The canonical text of metadata ({@link OrgCredentialsMapping#metadataText}), except that text which does not
     * parse, or whose values hold a comma, is kept as given.
     */
    @CheckForNull
    static String normaliseMetadata(@CheckForNull String text) {
        String t = Util.fixEmptyAndTrim(text);
        try {
            Map<String, String> parsed = OrgMetadata.parse(t, "metadata");
            return parsed.values().stream().anyMatch(v -> v.indexOf(',') >= 0)
                    ? t
                    : OrgCredentialsMapping.metadataText(parsed);
        } catch (SalesforceAuthException e) {
            return t;
        }
    }

    /**
     * Stapler's hook after it has bound this credential from a form (the credentials plugin's pages and dialogs):
     * validates it before the credentials plugin stores it, and returns the credential to store, with what Salesforce
     * discovered filled in ({@link SaveValidation#validateForm}). A refusal is answered with the form error and
     * nothing is stored. Never called when a credential is loaded from disk, read from XML or configured as code.
     */
    @Override
    @Restricted(NoExternalUse.class)
    public Object bindResolve(StaplerRequest2 request, JSONObject src) {
        return SaveValidation.validateForm(request, src, this);
    }

    /** On a remoting channel (an agent), sends a copy without any secret; see the class comment. */
    protected Object writeReplace() {
        if (Channel.current() == null) {
            return this;
        }
        return new AgentOrgCredentials(this);
    }

    /** Never shows a secret: the id, kind and discovered facts only. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + getId() + ", credentialType=" + getCredentialType() + ", username="
                + username + ", orgId=" + orgId + ", orgType=" + orgType + ", devHub=" + isDevHub() + "]";
    }

    /** The descriptor the three types share: the checks of the common fields and the visibility of Test connection. */
    public abstract static class OrgCredentialsDescriptor extends BaseStandardCredentialsDescriptor {

        /** Whether the current user sees the Test connection button (the same permission as the test). */
        @Restricted(NoExternalUse.class)
        public boolean isTestConnectionVisible() {
            return FormPermissions.isTestConnectionVisible();
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckUsername(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkUsername(value);
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckInstanceUrl(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkHost(value, "instanceUrl");
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckOrgId(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkOrgId(value);
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckOrgType(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkOrgType(value);
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckMetadata(@AncestorInPath Item item, @QueryParameter String value) {
            FormPermissions.checkConfigure(item);
            return FormChecks.checkMetadata(value);
        }
    }
}
