package io.jenkins.plugins.salesforce.steps;

import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The execution of a block step that hands its body an org (after credentials-binding's {@code BindingStep}):
 *
 * <ol>
 *   <li>{@link #start()} returns at once; the token is fetched on a background thread of the controller, before the
 *       body starts, so that a restart never finds a Salesforce call half done.
 *   <li>The body gets the variables through {@link SecretEnvironment} (secrets as {@link Secret}, declared
 *       sensitive), a {@link MaskingLogFilter}, a {@link MaskingFailureHandler} for failures inside the body and a
 *       {@link MaskingCallback} for the block's own, all built here on the controller.
 *   <li>The execution keeps nothing of its own: the step is {@code transient}, the secrets live only in the
 *       (encrypted) body context. After a restart the body resumes from {@code program.dat} and completes.
 * </ol>
 *
 * <p>A {@link SalesforceAuthException} fails the step with its message alone (an {@link hudson.AbortException}).
 */
abstract class OrgBlockExecution extends GeneralNonBlockingStepExecution {
    private static final long serialVersionUID = 1L;

    /** What the body gets: secret and public variables, and a short non-secret description for the log. */
    record Variables(Map<String, SecretText> secrets, Map<String, String> facts, String description) {}

    OrgBlockExecution(StepContext context) {
        super(context);
    }

    @Override
    public final boolean start() {
        run(this::startBody);
        return false;
    }

    private void startBody() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        TaskListener listener = context.get(TaskListener.class);
        Variables v;
        try {
            v = fetch(run);
        } catch (SalesforceAuthException e) {
            throw BuildOrgs.abort(e);
        }
        Map<String, Secret> secrets = new LinkedHashMap<>();
        List<String> plain = new ArrayList<>();
        v.secrets().forEach((name, value) -> {
            secrets.put(name, Secret.fromString(value.reveal()));
            plain.add(value.reveal());
        });
        listener.getLogger().println(v.description() + "; masking $" + String.join(", $", secrets.keySet()));
        MaskingFailureHandler masking = new MaskingFailureHandler(plain);
        context.newBodyInvoker()
                .withContext(EnvironmentExpander.merge(
                        context.get(EnvironmentExpander.class), new SecretEnvironment(secrets, v.facts())))
                .withContext(BodyInvoker.mergeConsoleLogFilters(
                        context.get(ConsoleLogFilter.class), new MaskingLogFilter(plain, run)))
                .withContext(FailureHandler.merge(context.get(FailureHandler.class), masking))
                .withCallback(new MaskingCallback(masking))
                .start();
    }

    /** The one service call, on the controller: the org's variables. */
    protected abstract Variables fetch(Run<?, ?> run) throws Exception;
}
