package io.jenkins.plugins.salesforce.core;

import java.util.Locale;

/**
 * The kind of org, as the plugin names it, decided from the {@code Organization} record ({@link #classify}). The Dev
 * Hub capability is separate: a {@link #PRODUCTION} or {@link #DEVELOPER_EDITION} org may also be a Dev Hub.
 */
public enum OrgType {
    PRODUCTION("Production"),
    SANDBOX("Sandbox"),
    SCRATCH("Scratch"),
    DEVELOPER_EDITION("Developer Edition"),
    TRIAL("Trial");

    private final String label;

    OrgType(String label) {
        this.label = label;
    }

    /** The name users see and filter by, for example {@code Developer Edition}. */
    public String label() {
        return label;
    }

    /**
     * Classifies an org from its Organization record; the first matching rule wins: {@code IsSandbox} with a {@code
     * TrialExpirationDate} is a scratch org, {@code IsSandbox} without one a sandbox, {@code OrganizationType} {@code
     * Developer Edition} a Developer Edition org, a {@code TrialExpirationDate} a trial, anything else production.
     *
     * @param isSandbox {@code Organization.IsSandbox}
     * @param trialExpirationDate {@code Organization.TrialExpirationDate}, null when not set
     * @param organizationType {@code Organization.OrganizationType}, for example {@code Enterprise Edition}
     */
    public static OrgType classify(boolean isSandbox, String trialExpirationDate, String organizationType) {
        boolean trial = trialExpirationDate != null && !trialExpirationDate.isBlank();
        if (isSandbox) {
            return trial ? SCRATCH : SANDBOX;
        }
        if ("Developer Edition".equals(organizationType)) {
            return DEVELOPER_EDITION;
        }
        return trial ? TRIAL : PRODUCTION;
    }

    /**
     * Reads a type as a user writes it in a filter or in YAML: the label or the constant name, in any case,
     * with spaces, dashes or underscores ({@code sandbox}, {@code Developer Edition}, {@code developer_edition}).
     *
     * @throws SalesforceAuthException with {@link Reason#BAD_INPUT} naming the valid values
     */
    public static OrgType parse(String text) {
        String wanted = normalise(text == null ? "" : text);
        for (OrgType t : values()) {
            if (normalise(t.label).equals(wanted) || normalise(t.name()).equals(wanted)) {
                return t;
            }
        }
        throw SalesforceAuthException.of(
                Reason.BAD_INPUT,
                "Unknown org type '" + text + "'.",
                "Use one of: Production, Sandbox, Scratch, Developer Edition, Trial.");
    }

    private static String normalise(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ");
    }

    @Override
    public String toString() {
        return label;
    }
}
