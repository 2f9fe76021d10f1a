package io.jenkins.plugins.salesforce.steps;

import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Ends a block step with its body's outcome, masking the block's secrets in a failure first: an exception message
 * such as {@code curl: ... Bearer 00D...!AQ...} must not carry the token into the log or {@code build.xml} (the
 * block's error action and the build's result). The failures inside the body are masked where they are recorded
 * by the same {@link MaskingFailureHandler}, which this callback shares.
 */
final class MaskingCallback extends BodyExecutionCallback {
    private static final long serialVersionUID = 1L;

    private final MaskingFailureHandler masking;

    MaskingCallback(MaskingFailureHandler masking) {
        this.masking = masking;
    }

    @Override
    public void onSuccess(StepContext context, Object result) {
        context.onSuccess(result);
    }

    @Override
    public void onFailure(StepContext context, Throwable t) {
        context.onFailure(masking.mask(t));
    }
}
