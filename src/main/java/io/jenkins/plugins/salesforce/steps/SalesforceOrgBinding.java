package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.salesforce.SalesforceFlows;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.SalesforceUsage;
import io.jenkins.plugins.salesforce.core.CliEnvironment;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.MinValidity;
import io.jenkins.plugins.salesforce.credentials.OrgCredentialsMapping;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.credentialsbinding.BindingDescriptor;
import org.jenkinsci.plugins.credentialsbinding.MultiBinding;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code withCredentials([salesforceOrg(credentialsId: 'prod')]) { ... }}, also the freestyle "Use secret text(s) or
 * file(s)" wrapper, and the binding {@code withSalesforceOrg} runs: the org's short-lived token and facts in the
 * variables of {@link CliEnvironment}, with credentials-binding's masking. {@link #bind} runs on the controller and the
 * token comes from the controller's token cache; the refresh token or key never reaches the build. {@code
 * tokenVariable} names one more variable holding the token, which the declarative {@code environment { SF =
 * credentials('prod') }} handler sets to the variable's name.
 */
public class SalesforceOrgBinding extends MultiBinding<SalesforceOrgCredentials> {
    private String tokenVariable;
    private Integer minValidity;
    /** Set for {@code withSalesforceOrg}: what its block logs in to. */
    private transient Target target;

    /**
     * What {@code withSalesforceOrg} logs in to: a registered org ({@code ref}: id, username or JIT sandbox name; null
     * with {@code devHub} for the default Dev Hub), or an unregistered sandbox or scratch org ({@code ref}: its name or
     * username) through a registered org ({@code through}: the production org or Dev Hub, null for every one in turn).
     */
    record Target(
            Kind kind,
            @CheckForNull String ref,
            @CheckForNull String through,
            boolean devHub) implements Serializable {
        enum Kind {
            REGISTERED,
            SANDBOX,
            SCRATCH_ORG
        }

        static Target registered(@CheckForNull String org, boolean devHub) {
            return new Target(Kind.REGISTERED, org, null, devHub);
        }

        static Target sandbox(String name, @CheckForNull String productionOrg) {
            return new Target(Kind.SANDBOX, name, productionOrg, false);
        }

        static Target scratchOrg(String username, @CheckForNull String devHubOrg) {
            return new Target(Kind.SCRATCH_ORG, username, devHubOrg, false);
        }
    }

    @DataBoundConstructor
    public SalesforceOrgBinding(String credentialsId) {
        super(credentialsId);
    }

    /** The binding of {@code withSalesforceOrg}. */
    static SalesforceOrgBinding forStep(Target target) {
        SalesforceOrgBinding binding = new SalesforceOrgBinding(target.ref());
        binding.target = target;
        return binding;
    }

    @CheckForNull
    public String getTokenVariable() {
        return tokenVariable;
    }

    /** One more variable that holds the access token (secret), besides {@code SF_ACCESS_TOKEN} and the others. */
    @DataBoundSetter
    public void setTokenVariable(@CheckForNull String tokenVariable) {
        this.tokenVariable = Util.fixEmptyAndTrim(tokenVariable);
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
    protected Class<SalesforceOrgCredentials> type() {
        return SalesforceOrgCredentials.class;
    }

    /**
     * Resolves the org once, as the build's authentication may use it ({@link BuildOrgs}), and gets its token. {@code
     * withCredentials} first looks the credential up through the credentials API (which records the build in its
     * fingerprint), as every binding does; {@code withSalesforceOrg} resolves its {@code org:} or the default Dev Hub.
     */
    @Override
    public MultiEnvironment bind(
            @NonNull Run<?, ?> build, FilePath workspace, Launcher launcher, @NonNull TaskListener listener)
            throws IOException, InterruptedException {
        SalesforceOrgCredentials given = target == null ? getCredentials(build) : null;
        BuildOrgs orgs = BuildOrgs.of(build);
        boolean devHub = target != null && target.devHub();
        TokenResult token;
        try {
            Duration validity = MinValidity.ofMinutes(minValidity);
            Target step = target; // null for withCredentials: the credential it looked up
            if (step == null || step.kind() == Target.Kind.REGISTERED) {
                RegisteredOrg org = step != null ? orgs.resolve(step.ref(), devHub) : registeredForTheJob(orgs, given);
                token = MinValidity.token(
                        orgs.tokens,
                        org,
                        validity,
                        SalesforceService.get().clock().instant());
                // getCredentials tracked the credential as it was; first use may have filled in its facts since,
                // which replaced it and gives it a new fingerprint: record the run against it as it is now.
                orgs.view
                        .credentials(org.id())
                        .filter(now -> now != given)
                        .ifPresent(now -> SalesforceUsage.record(build, now));
            } else if (!validity.isZero()) {
                throw SalesforceAuthException.badField(
                        "minValidity",
                        "'minValidity' applies to registered orgs only.",
                        "Register the org (a JIT sandbox needs only its name) to ask for a minimum validity, or leave"
                                + " minValidity out.");
            } else if (step.kind() == Target.Kind.SANDBOX) {
                String name = Objects.requireNonNull(step.ref(), "sandbox");
                var r = SalesforceFlows.get().sandboxAuth(orgs.tokens, name, step.through(), false);
                orgs.used(r.productionOrg().id(), "sandbox accessToken");
                token = r.token();
            } else {
                String username = Objects.requireNonNull(step.ref(), "scratchOrg");
                var r = SalesforceFlows.get().scratchOrgAuth(orgs.tokens, username, step.through());
                orgs.used(r.devHubId(), "scratch org accessToken");
                token = r.token();
            }
        } catch (SalesforceAuthException e) {
            throw BuildOrgs.abort(e);
        }
        // devHub: true asks for the default Dev Hub as a Dev Hub: sf commands find it as target-dev-hub too
        Map<String, String> secrets = new LinkedHashMap<>();
        CliEnvironment.secrets(token, devHub).forEach((name, value) -> secrets.put(name, value.reveal()));
        if (tokenVariable != null) {
            secrets.put(tokenVariable, token.accessToken().reveal());
        }
        Map<String, String> facts = new LinkedHashMap<>(CliEnvironment.facts(token));
        facts.keySet().removeAll(secrets.keySet());
        String who = token.username() != null ? token.username() : devHub ? "the default Dev Hub" : getCredentialsId();
        listener.getLogger().println("Salesforce org " + who + " (" + facts.get(CliEnvironment.INSTANCE_URL) + ")");
        return new MultiEnvironment(secrets, facts);
    }

    /**
     * Tokens come from the orgs registered where the job can use them (its folders' and Jenkins' credentials, as the
     * build's authentication may use them), under the same id. The credentials API may answer with another credential
     * of that id: one the user who started the build keeps in their own store and passes as a credentials parameter.
     * Minting for the job's org of that id would hand the build a token of an org its user never supplied, so unless
     * the two are the same org with the same secret, the build is refused.
     */
    private static RegisteredOrg registeredForTheJob(BuildOrgs orgs, SalesforceOrgCredentials given) {
        SalesforceOrgCredentials registered =
                orgs.view.credentials(given.getId()).orElse(null);
        if (registered != null && (registered == given || sameOrg(registered, given))) {
            var org = orgs.view.findRegistered(given.getId());
            if (org.isPresent()) {
                return org.get();
            }
        }
        throw SalesforceAuthException.of(
                Reason.NOT_ALLOWED,
                "The Salesforce credential '" + given.getId() + "' given to this build is not an org registered for"
                        + " job " + orgs.run.getParent().getFullName() + " (it comes from a credentials parameter or"
                        + " the user's own credentials); builds get tokens only for orgs registered in their folders"
                        + " or in Jenkins.",
                "Register the org in the folder's or Jenkins' credentials and pick that one, or use the id of an org"
                        + " that salesforceOrgs() lists for this job.");
    }

    private static boolean sameOrg(SalesforceOrgCredentials a, SalesforceOrgCredentials b) {
        try {
            // a record's equals: the same org record and the same secret
            return OrgCredentialsMapping.toRegisteredOrg(a).equals(OrgCredentialsMapping.toRegisteredOrg(b));
        } catch (SalesforceAuthException e) {
            return false;
        }
    }

    @Override
    public Set<String> variables(@NonNull Run<?, ?> build) {
        Set<String> names = new LinkedHashSet<>(CliEnvironment.SECRET_VARIABLES);
        if (tokenVariable != null) {
            names.add(tokenVariable);
        }
        return names;
    }

    @Symbol("salesforceOrg")
    @Extension
    public static class DescriptorImpl extends BindingDescriptor<SalesforceOrgCredentials> {
        @Override
        protected Class<SalesforceOrgCredentials> type() {
            return SalesforceOrgCredentials.class;
        }

        @Override
        public boolean requiresWorkspace() {
            return false;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.SalesforceOrgBinding_DisplayName();
        }
    }
}
