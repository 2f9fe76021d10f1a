package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.util.Secret;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/**
 * The variables of a block: the secret ones held as {@link Secret} (so {@code program.dat} gets them encrypted) and
 * declared by {@link #getSensitiveVariables()} (so workflow-cps warns when a script interpolates them into a Groovy
 * string), the public ones as plain strings. Never {@code EnvironmentExpander.constant()}: that keeps plain strings.
 */
final class SecretEnvironment extends EnvironmentExpander {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Secret> secrets;
    private final LinkedHashMap<String, String> facts;

    SecretEnvironment(Map<String, Secret> secrets, Map<String, String> facts) {
        this.secrets = new LinkedHashMap<>(secrets);
        this.facts = new LinkedHashMap<>(facts);
    }

    @Override
    public void expand(@NonNull EnvVars env) {
        facts.forEach(env::override);
        secrets.forEach((name, value) -> env.override(name, value.getPlainText()));
    }

    @NonNull
    @Override
    public Set<String> getSensitiveVariables() {
        return Collections.unmodifiableSet(secrets.keySet());
    }
}
