package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Selects registered orgs, as {@code salesforceOrgs(type:, devHub:, metadata:)}, the REST list and the
 * "Salesforce Orgs" page do. Every given condition must hold (AND); an absent condition matches every org:
 * <ul>
 *   <li>{@code type}: the org's type equals it (an org whose type is not yet discovered never matches);
 *   <li>{@code devHub}: the org's Dev Hub flag equals it;
 *   <li>{@code metadata}: every given pair is present in the org's metadata with an equal value (exact, case-sensitive
 *       comparison; keys the filter does not name are ignored).
 * </ul>
 *
 * @param type the org type, or null for any
 * @param devHub the Dev Hub flag, or null for any
 * @param metadata the pairs every matching org has; empty for any (sorted, unmodifiable)
 */
public record OrgFilter(OrgType type, Boolean devHub, Map<String, String> metadata) {
    /** The filter that matches every org. */
    public static final OrgFilter ANY = new OrgFilter(null, null, null);

    public OrgFilter {
        metadata = OrgMetadata.copyOf(metadata, "metadata");
    }

    /**
     * Reads a filter as a REST query, a CLI command or a pipeline step passes it. Null or blank means "any" for each.
     *
     * @param type an org type as users write it ({@code Production}, {@code sandbox}, {@code Developer Edition},
     *     {@code developer_edition}, see {@link OrgType#parse})
     * @param devHub {@code true} or {@code false} in any case
     * @param metadata {@code k=v,k2=v2} or a JSON object of strings, numbers and booleans (see {@link OrgMetadata})
     * @throws SalesforceAuthException BAD_INPUT naming the parameter and showing the accepted forms
     */
    public static OrgFilter parse(String type, String devHub, String metadata) {
        return new OrgFilter(parseType(type), parseDevHub(devHub).orElse(null), OrgMetadata.parse(metadata, "metadata"));
    }

    /** Whether the org meets every condition of this filter. */
    public boolean matches(OrgRecord org) {
        if (type != null && org.orgType() != type) {
            return false;
        }
        if (devHub != null && org.devHub() != devHub) {
            return false;
        }
        for (Map.Entry<String, String> wanted : metadata.entrySet()) {
            if (!wanted.getValue().equals(org.metadata().get(wanted.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether this filter matches every org. */
    public boolean isAny() {
        return type == null && devHub == null && metadata.isEmpty();
    }

    private static OrgType parseType(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OrgType.parse(text);
        } catch (SalesforceAuthException e) {
            throw e.withDetail("Parameter 'type' is not valid: " + e.detail());
        }
    }

    /** The flag asked for, or empty for any org. */
    private static Optional<Boolean> parseDevHub(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(Boolean.TRUE);
            case "false" -> Optional.of(Boolean.FALSE);
            default ->
                throw SalesforceAuthException.of(
                        Reason.BAD_INPUT,
                        "Parameter 'devHub' is not valid: '" + text + "'.",
                        "Use true (only Dev Hubs), false (only orgs that are not Dev Hubs), or leave it empty (any org).");
        };
    }

    @Override
    public String toString() {
        if (isAny()) {
            return "any org";
        }
        StringBuilder s = new StringBuilder();
        if (type != null) {
            s.append("type=").append(type.label());
        }
        if (devHub != null) {
            s.append(s.isEmpty() ? "" : ", ").append("devHub=").append(devHub);
        }
        if (!metadata.isEmpty()) {
            s.append(s.isEmpty() ? "" : ", ").append("metadata=").append(metadata);
        }
        return s.toString();
    }
}
