package io.jenkins.plugins.salesforce.steps;

import hudson.model.Run;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * The execution of the steps that return a value: the Salesforce call runs on a background thread of the controller
 * (never on the CPS thread), and a {@link SalesforceAuthException} fails the step with its message alone, as an
 * {@link hudson.AbortException} (no stack trace in the log: the message names the fix). Holds no step field: the
 * subclass captures its arguments, none of them secret.
 */
abstract class SalesforceStepExecution<T> extends SynchronousNonBlockingStepExecution<T> {
    private static final long serialVersionUID = 1L;

    SalesforceStepExecution(StepContext context) {
        super(context);
    }

    @Override
    protected final T run() throws Exception {
        try {
            return call(getContext().get(Run.class));
        } catch (SalesforceAuthException e) {
            throw BuildOrgs.abort(e);
        }
    }

    /** The one service call, on the controller. */
    protected abstract T call(Run<?, ?> run) throws Exception;
}
