package io.jenkins.plugins.salesforce.steps;

import hudson.util.Secret;
import java.util.Collection;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Masks a block's secrets in every failure inside its body, where Pipeline records it: on the failing step's flow
 * node and on the body's end node ({@code workflow-completed/flowNodeStore.xml}), not only in the block's own result.
 * The pattern is built on the controller ({@link SecretPatterns} also covers the quoted and shell-escaped forms;
 * Salesforce tokens contain {@code !}) and kept as a {@link Secret}, so {@code program.dat} holds it encrypted.
 */
final class MaskingFailureHandler implements FailureHandler {
    private static final long serialVersionUID = 1L;

    private final Secret pattern;

    MaskingFailureHandler(Collection<String> secrets) {
        this.pattern = Secret.fromString(
                SecretPatterns.getAggregateSecretPattern(secrets).pattern());
    }

    @Override
    public Throwable handle(StepContext context, Throwable t) {
        return mask(t);
    }

    /** The failure with the secrets replaced by {@code ****}, or the failure itself when it names none. */
    Throwable mask(Throwable t) {
        String p = pattern.getPlainText();
        return p.isEmpty() ? t : MaskedFailure.mask(t, Pattern.compile(p));
    }
}
