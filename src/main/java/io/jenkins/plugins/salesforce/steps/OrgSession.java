package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.MultiBinding;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The variables of one running {@code withSalesforceOrg} block, which {@code refreshSalesforceToken} renews: the
 * controller gets a new token and the steps that start afterwards see it, so the refresh token or key never goes to
 * the agent, however long the block runs.
 *
 * <p>One instance sits in the block's context and is shared by its environment ({@link #expander}), its log masking
 * ({@link #filter}) and its failure masking ({@link #failureHandler}); Pipeline saves them with the program in one
 * piece, so after a restart they still share it. Values are held as {@link Secret}s, as credentials-binding holds its
 * own, so they are encrypted in the saved program. Every token the block was given stays masked until the block ends:
 * a step that started before a refresh may still print the old one.
 */
final class OrgSession implements Serializable {
    private static final long serialVersionUID = 1;

    private final SalesforceOrgBinding.Target target;
    private final Integer minValidity;
    private Map<String, Secret> secrets = Map.of();
    private Map<String, String> facts = Map.of();
    /** Every secret value the block was given, for masking. */
    private final List<Secret> given = new ArrayList<>();

    OrgSession(SalesforceOrgBinding.Target target, Integer minValidity) {
        this.target = target;
        this.minValidity = minValidity;
    }

    /**
     * Gets the org's variables on the controller (the token from the token cache, replaced first when it would expire
     * within {@code minValidity} minutes) and makes them the block's.
     *
     * @param minValidity minutes the token must stay valid; null for the block's own
     * @return the new variables that are not secret (instance URL, username, expiry ...)
     */
    Map<String, String> bind(Run<?, ?> run, TaskListener listener, Integer minValidity)
            throws IOException, InterruptedException {
        SalesforceOrgBinding binding = SalesforceOrgBinding.forStep(target);
        binding.setMinValidity(minValidity != null ? minValidity : this.minValidity);
        MultiBinding.MultiEnvironment env = binding.bind(run, null, null, listener);
        Map<String, Secret> newSecrets = new LinkedHashMap<>();
        env.getSecretValues().forEach((name, value) -> newSecrets.put(name, Secret.fromString(value)));
        synchronized (this) {
            secrets = newSecrets;
            facts = new LinkedHashMap<>(env.getPublicValues());
            given.addAll(newSecrets.values());
            return new LinkedHashMap<>(facts);
        }
    }

    /** The names of the secret variables. */
    synchronized Set<String> secretNames() {
        return new LinkedHashSet<>(secrets.keySet());
    }

    private synchronized void expand(EnvVars env) {
        secrets.forEach((name, value) -> env.override(name, value.getPlainText()));
        facts.forEach(env::override);
    }

    /** Every value given so far, as credentials-binding's masking pattern. */
    private synchronized Pattern pattern() {
        List<String> values = new ArrayList<>();
        given.forEach(s -> values.add(s.getPlainText()));
        return SecretPatterns.getAggregateSecretPattern(values);
    }

    /** The block's environment: the current variables, the secret ones declared sensitive. */
    EnvironmentExpander expander() {
        return new Expander(this);
    }

    /** The block's log masking, of every token given so far. */
    ConsoleLogFilter filter(String charsetName) {
        return new Filter(this, charsetName);
    }

    /** Masks the tokens in a failure that leaves the block, as the log does. */
    FailureHandler failureHandler() {
        return new Handler(this);
    }

    private static final class Expander extends EnvironmentExpander {
        private static final long serialVersionUID = 1;
        private final OrgSession session;

        Expander(OrgSession session) {
            this.session = session;
        }

        @Override
        public void expand(@NonNull EnvVars env) {
            session.expand(env);
        }

        @NonNull
        @Override
        public Set<String> getSensitiveVariables() {
            return session.secretNames();
        }
    }

    private static final class Filter extends ConsoleLogFilter implements Serializable {
        private static final long serialVersionUID = 1;
        private final OrgSession session;
        private final String charsetName;

        Filter(OrgSession session, String charsetName) {
            this.session = session;
            this.charsetName = charsetName;
        }

        @Override
        public OutputStream decorateLogger(Run build, OutputStream logger) {
            // a step's log is decorated when the step starts: it masks what the block was given up to then
            Pattern pattern = session.pattern();
            return new SecretPatterns.MaskingOutputStream(logger, () -> pattern, charsetName);
        }
    }

    private static final class Handler implements FailureHandler {
        private static final long serialVersionUID = 1;
        private final OrgSession session;

        Handler(OrgSession session) {
            this.session = session;
        }

        @NonNull
        @Override
        public Throwable handle(@NonNull StepContext context, @NonNull Throwable t) {
            Pattern pattern = session.pattern();
            return pattern.pattern().isEmpty() ? t : MaskedFailure.of(t, pattern);
        }
    }
}
