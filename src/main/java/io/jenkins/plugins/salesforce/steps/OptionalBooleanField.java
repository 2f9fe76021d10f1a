package io.jenkins.plugins.salesforce.steps;

import hudson.model.Descriptor.FormException;
import hudson.util.ListBoxModel;
import net.sf.json.JSONObject;
import net.sf.json.util.JSONUtils;

/**
 * A step's {@code Boolean} parameter that may be left out, and then means something of its own: {@code
 * salesforceOrgs(devHub:)} (left out: Dev Hubs and other orgs) and {@code updateSalesforceOrg(devHub:,
 * defaultDevHub:)} (left out: leave as it is).
 *
 * <p>In a script the parameter is a plain {@code Boolean}: {@code true}, {@code false} or left out (null). The step's
 * form (Snippet Generator, {@code config.jelly}) shows it as a select of three choices whose values are {@link
 * #choices the strings} {@code ""}, {@code "true"} and {@code "false"}. Stapler would turn {@code ""} into {@code
 * false} (commons-beanutils' Boolean converter), so the step's descriptor passes the form here before binding: the
 * empty choice removes the field, so its setter is never called and the parameter stays left out.
 */
final class OptionalBooleanField {
    private OptionalBooleanField() {}

    /**
     * The select's choices, in this order: left out ({@code ""}), {@code "true"}, {@code "false"}.
     *
     * @param leftOut the label of the empty choice, saying what leaving the parameter out means
     */
    static ListBoxModel choices(String leftOut, String whenTrue, String whenFalse) {
        ListBoxModel m = new ListBoxModel();
        m.add(leftOut, "");
        m.add(whenTrue, "true");
        m.add(whenFalse, "false");
        return m;
    }

    /**
     * Reads each field's select value in {@code formData} (in place) before Stapler binds it: the empty choice (or a
     * JSON null) removes the field, {@code "true"} and {@code "false"} become JSON Booleans. Other fields are left
     * alone.
     *
     * @return {@code formData}
     * @throws FormException naming the field, for a value the select never offers
     */
    static JSONObject fromForm(JSONObject formData, String... fields) throws FormException {
        for (String field : fields) {
            if (!formData.has(field)) {
                continue;
            }
            Object value = formData.get(field);
            if (value instanceof Boolean) {
                continue;
            }
            String text = JSONUtils.isNull(value) ? "" : value.toString().trim();
            if (text.isEmpty()) {
                formData.remove(field);
            } else if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                formData.put(field, Boolean.valueOf(text));
            } else {
                throw new FormException(Messages.OptionalBooleanField_Invalid(field, text), field);
            }
        }
        return formData;
    }
}
