package io.jenkins.plugins.salesforce.ui;

import com.fasterxml.jackson.databind.JsonNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.JitSandboxRequest;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import java.util.Map;

/**
 * Reads the JSON bodies of the REST actions (and the CLI's options) into the core's requests. Only the shape is
 * read here; every rule about the values is the core's ({@link RegistrationRequest}, {@link JitSandboxRequest},
 * {@link OrgMetadata}). sfp-server's field names {@code isDevHub} and {@code isDefault} are accepted as well.
 */
final class Requests {
    private Requests() {}

    /** The metadata and flags of an update; each null when not given (keep). */
    record Update(Boolean devHub, Boolean defaultDevHub, Map<String, String> metadata) {}

    static RegistrationRequest registration(JsonNode body) {
        String authUrl = text(body, "sfdxAuthUrl");
        if (authUrl == null && body.has("result")) {
            // The body is what `sf org auth show-sfdx-auth-url --json` printed: the core reads the URL out of it.
            authUrl = body.toString();
        }
        if (authUrl == null) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "'sfdxAuthUrl' is missing.",
                    "Send the org's SFDX auth URL (force://...) in the JSON body, as printed by"
                            + " 'sf org auth show-sfdx-auth-url --target-org <alias> --json'.");
        }
        return new RegistrationRequest(
                text(body, "id"),
                new AuthUrlSecret(SecretText.of(authUrl)),
                text(body, "username"),
                bool(body, "devHub", "isDevHub"),
                bool(body, "defaultDevHub", "isDefault"),
                bool(body, "allowAuthUrlExport", null),
                metadata(body),
                text(body, "description"));
    }

    static JitSandboxRequest jitSandbox(JsonNode body) {
        return new JitSandboxRequest(
                text(body, "sandboxName"),
                text(body, "productionOrg", "productionUsername"),
                text(body, "id"),
                metadata(body),
                text(body, "description"));
    }

    /** What an update changes; an update that changes nothing is refused, so that a misplaced field is not lost. */
    static Update update(JsonNode body) {
        Update u = new Update(bool(body, "devHub", "isDevHub"), bool(body, "defaultDevHub", "isDefault"), metadata(body));
        if (u.devHub() == null && u.defaultDevHub() == null && u.metadata() == null) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The update names nothing to change.",
                    "Send devHub, defaultDevHub or metadata in the JSON body (Content-Type: application/json);"
                            + " query parameters are not read for them.");
        }
        return u;
    }

    /** The {@code metadata} field: a JSON object, or {@code k=v,k2=v2} text; null when absent. */
    @CheckForNull
    static Map<String, String> metadata(JsonNode body) {
        JsonNode m = body.get("metadata");
        if (m == null || m.isNull()) {
            return null;
        }
        return OrgMetadata.parse(m.isTextual() ? m.asText() : m.toString(), "metadata");
    }

    /** The string field {@code name}, else the field {@code alias} (another name the same value is accepted under). */
    @CheckForNull
    static String text(JsonNode body, String name, String alias) {
        String v = text(body, name);
        return v != null ? v : text(body, alias);
    }

    /** A string field, stripped; null when absent, null or blank. Numbers and booleans are read as text. */
    @CheckForNull
    static String text(JsonNode body, String name) {
        JsonNode v = body == null ? null : body.get(name);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s.strip();
    }

    @CheckForNull
    static Boolean bool(JsonNode body, String name, @CheckForNull String alias) {
        JsonNode v = body.get(name);
        if ((v == null || v.isNull()) && alias != null) {
            name = alias;
            v = body.get(alias);
        }
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String s = v.asText().strip();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.valueOf(s);
        }
        throw SalesforceAuthException.of(
                Reason.BAD_INPUT, "'" + name + "' is not true or false: '" + s + "'.", "Use true or false.");
    }
}
