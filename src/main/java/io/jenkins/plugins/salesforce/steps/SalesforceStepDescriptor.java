package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import java.util.Set;
import net.sf.json.JSONObject;
import net.sf.json.util.JSONUtils;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jvnet.localizer.Localizable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The descriptor of the plugin's steps: a function name, a display name, the build and its log as context, and the
 * form fields that are {@code Boolean} parameters which may be left out.
 *
 * <p>Such a parameter ({@code salesforceOrgs(devHub:)}: left out, Dev Hubs and other orgs; {@code
 * updateSalesforceOrg(devHub:, defaultDevHub:)}: left out, leave as it is) is a plain {@code Boolean} in a script. The
 * form (Snippet Generator, {@code config.jelly}) shows it as a select of three {@link #choices}: {@code ""}, {@code
 * "true"} and {@code "false"}. Stapler would turn {@code ""} into {@code false} (commons-beanutils' Boolean converter),
 * so {@link #newInstance} reads those fields first: the empty choice removes the field, so its setter is never called
 * and the parameter stays left out.
 */
@Restricted(NoExternalUse.class)
public abstract class SalesforceStepDescriptor extends StepDescriptor {
    private final String functionName;
    private final Localizable displayName;
    private final String[] optionalBooleans;

    SalesforceStepDescriptor(String functionName, Localizable displayName, String... optionalBooleans) {
        this.functionName = functionName;
        this.displayName = displayName;
        this.optionalBooleans = optionalBooleans.clone();
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return displayName.toString();
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
    }

    /** A select's static choices (nothing to check or look up): left out, {@code true}, {@code false}. */
    static ListBoxModel choices(String leftOut, String whenTrue, String whenFalse) {
        ListBoxModel m = new ListBoxModel();
        m.add(leftOut, "");
        m.add(whenTrue, "true");
        m.add(whenFalse, "false");
        return m;
    }

    /**
     * Reads the optional {@code Boolean} fields before Stapler binds the form: the empty choice (or a JSON null)
     * removes the field, {@code "true"} and {@code "false"} become JSON Booleans; any other value is refused, naming
     * the field.
     */
    @Override
    public Step newInstance(@Nullable StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
        for (String field : optionalBooleans) {
            Object value = formData.opt(field);
            if (value == null || value instanceof Boolean) {
                continue;
            }
            String text = JSONUtils.isNull(value) ? "" : value.toString().trim();
            if (text.isEmpty()) {
                formData.remove(field);
            } else if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                formData.put(field, Boolean.valueOf(text));
            } else {
                throw new FormException(Messages.StepChoice_Invalid(field, text), field);
            }
        }
        return super.newInstance(req, formData);
    }
}
