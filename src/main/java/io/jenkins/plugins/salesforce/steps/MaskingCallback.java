package io.jenkins.plugins.salesforce.steps;

import hudson.util.Secret;
import java.util.Collection;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Ends a block step with its body's outcome, masking the block's secrets in a failure first: an exception message
 * such as {@code curl: ... Bearer 00D...!AQ...} must not carry the token into the log or {@code build.xml} (the
 * block's error action and the build's result). The pattern is built on the controller and kept as a {@link Secret},
 * so {@code program.dat} holds it encrypted.
 *
 * <p>workflow-step-api's {@code FailureHandler} would also mask the failure where the inner step records it; it is
 * {@code @Beta}, and the local compile check runs the access-modifier checker without {@code useBeta}, so this
 * callback is used instead (see docs/pipeline.md, "Masking").
 */
final class MaskingCallback extends BodyExecutionCallback {
    private static final long serialVersionUID = 1L;

    private final Secret pattern;

    MaskingCallback(Collection<String> secrets) {
        this.pattern = Secret.fromString(SecretPatterns.getAggregateSecretPattern(secrets).pattern());
    }

    @Override
    public void onSuccess(StepContext context, Object result) {
        context.onSuccess(result);
    }

    @Override
    public void onFailure(StepContext context, Throwable t) {
        String p = pattern.getPlainText();
        context.onFailure(p.isEmpty() ? t : MaskedFailure.mask(t, Pattern.compile(p)));
    }
}
