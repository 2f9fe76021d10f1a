package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
import hudson.remoting.Channel;
import hudson.util.FormValidation;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import java.util.Map;
import java.util.stream.Collectors;
import net.sf.json.JSONObject;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.AncestorInPath;
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
 * <p><b>Agents.</b> Serialised over a remoting channel, a credential is replaced by {@link AgentOrgCredentials},
 * which has its id and non-secret facts but no secret at all: tokens are minted on the controller by the steps and
 * the binding, so nothing on an agent ever needs the auth URL or the private key.
 *
 * <p>No network call happens in a constructor, setter or {@code readResolve}.
 */
public abstract class AbstractOrgCredentials extends BaseStandardCredentials implements SalesforceOrgCredentials {
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
     * The canonical text of metadata: sorted {@code k=v} pairs when the text parses and no value holds a comma (which
     * the pair form cannot carry), else the text as given.
     */
    @CheckForNull
    static String normaliseMetadata(@CheckForNull String text) {
        String t = Util.fixEmptyAndTrim(text);
        if (t == null) {
            return null;
        }
        try {
            Map<String, String> parsed = OrgMetadata.parse(t, "metadata");
            if (parsed.isEmpty()) {
                return null;
            }
            if (parsed.values().stream().anyMatch(v -> v.indexOf(',') >= 0)) {
                return t;
            }
            return parsed.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
        } catch (SalesforceAuthException e) {
            return t;
        }
    }

    /**
     * For a credential just read from an XML update ({@link XmlSubmission}): fills each secret the XML left out
     * ({@link XmlSubmission#leftOut}) with the stored one of the credential the update replaces.
     *
     * @param replaced the credential the update replaces, or null for a new one
     * @return the name of a secret that is left out with no stored one to keep, else null; null for a type without
     *     a secret of its own (a JIT sandbox)
     */
    @CheckForNull
    String keepStoredSecrets(@CheckForNull Credentials replaced) {
        return null;
    }

    /** Copies the discovered facts and the metadata of another credential (used by the mapping). */
    void copyCommon(String username, String instanceUrl, String orgId, String orgType, String metadata) {
        setUsername(username);
        setInstanceUrl(instanceUrl);
        setOrgId(orgId);
        setOrgType(orgType);
        setMetadata(metadata);
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
        return getClass().getSimpleName() + "[id=" + getId() + ", kind=" + getKind() + ", username=" + username
                + ", orgId=" + orgId + ", orgType=" + orgType + ", devHub=" + isDevHub() + "]";
    }

    /**
     * The descriptor the three Salesforce credential types share: the checks of the common fields, the visibility of
     * Test connection, and the validation with Salesforce before a form is saved ({@link #newInstance}).
     */
    public abstract static class OrgCredentialsDescriptor extends BaseStandardCredentialsDescriptor {

        /**
         * Binds the form, then validates it with Salesforce before anything is written (auth URL and JWT credentials;
         * only when the secret changed on an update) and fills in what Salesforce discovered. A refusal is answered
         * with a form error carrying the core's message and naming the field ({@link SubmissionRejected} explains why
         * it is not thrown as a plain {@code FormException}). Without a request (code, not a form) nothing is
         * validated.
         */
        @Override
        public Credentials newInstance(StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
            if (req != null) {
                try {
                    checkBeforeBinding(req);
                } catch (FormException e) {
                    throw new SubmissionRejected(e);
                }
            }
            Credentials bound = super.newInstance(req, formData);
            if (req == null || !(bound instanceof AbstractOrgCredentials c)) {
                return bound;
            }
            try {
                return FormSupport.validateForSave(req, c);
            } catch (FormException e) {
                throw new SubmissionRejected(e);
            }
        }

        /**
         * Permission checks of a form submission that come before anything is read from the form; a refusal saves
         * nothing. None by default.
         */
        void checkBeforeBinding(@NonNull StaplerRequest2 req) throws FormException {}

        /** Whether the current user sees the Test connection button (the same permission as the test). */
        @Restricted(NoExternalUse.class)
        public boolean isTestConnectionVisible() {
            return FormSupport.isTestConnectionVisible();
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckUsername(@AncestorInPath Item item, @QueryParameter String value) {
            FormSupport.checkConfigure(item);
            return FormSupport.checkUsername(value);
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckInstanceUrl(@AncestorInPath Item item, @QueryParameter String value) {
            FormSupport.checkConfigure(item);
            return FormSupport.checkHost(value, "instanceUrl");
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckOrgId(@AncestorInPath Item item, @QueryParameter String value) {
            FormSupport.checkConfigure(item);
            return FormSupport.checkOrgId(value);
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckOrgType(@AncestorInPath Item item, @QueryParameter String value) {
            FormSupport.checkConfigure(item);
            return FormSupport.checkOrgType(value);
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckMetadata(@AncestorInPath Item item, @QueryParameter String value) {
            FormSupport.checkConfigure(item);
            return FormSupport.checkMetadata(value);
        }
    }
}
