package io.jenkins.plugins.salesforce.core;

import static io.jenkins.plugins.salesforce.core.SfdxAuthUrl.MAX_LENGTH;
import static io.jenkins.plugins.salesforce.core.SfdxAuthUrlParser.EXPORT_COMMAND;
import static io.jenkins.plugins.salesforce.core.SfdxAuthUrlParser.FIX_REEXPORT;
import static io.jenkins.plugins.salesforce.core.SfdxAuthUrlParser.bad;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Objects;

/**
 * Finds the auth URL in what the sf CLI prints or writes: the JSON of {@code sf org auth show-sfdx-auth-url --json}
 * (and of older CLIs' {@code sf org display --verbose --json}), the file {@code sf org login sfdx-url} reads, or a bare
 * auth URL. Recognises the {@code [REDACTED]} placeholder today's CLI prints instead of the URL and names the command to
 * run instead. Errors never quote the text.
 */
final class SfCliOutput {

    /** How the CLI writes a secret it hides: {@code [REDACTED] Use 'sf org auth show-sfdx-auth-url' to view}. */
    static final String REDACTED = "[REDACTED]";

    private static final String FIX_REDACTED =
            "Run `" + EXPORT_COMMAND + "` instead and give its whole output, or" + " only the force:// URL in it.";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SfCliOutput() {}

    /** See {@link SfdxAuthUrl#read(String, SalesforceHosts)}. */
    static SfdxAuthUrl read(String text, SalesforceHosts hosts) {
        if (text != null && text.strip().startsWith("{")) {
            return fromSfdxJson(text, hosts);
        }
        if (text != null && text.length() <= MAX_LENGTH * 2 && text.contains(REDACTED)) {
            throw bad(
                    "The text holds no auth URL: the sf CLI replaced it by " + REDACTED + " (today's `sf org display"
                            + " --verbose` no longer prints it).",
                    FIX_REDACTED);
        }
        return SfdxAuthUrlParser.parse(text, hosts);
    }

    /** See {@link SfdxAuthUrl#fromSfdxJson(String, SalesforceHosts)}. */
    static SfdxAuthUrl fromSfdxJson(String json, SalesforceHosts hosts) {
        Objects.requireNonNull(hosts, "hosts");
        if (json == null || json.isBlank()) {
            throw bad("The sfdx JSON is empty.", FIX_REEXPORT);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException | RuntimeException e) {
            // No cause and no message from Jackson: both would quote the document, auth URL included.
            throw bad(
                    "The sfdx JSON could not be read: it is not one well-formed JSON document (or it repeats a key).",
                    "Paste the whole output of `" + EXPORT_COMMAND + "`, or only the auth URL itself.");
        }
        if (root == null || !root.isObject()) {
            throw bad("The sfdx JSON is not a JSON object.", FIX_REEXPORT);
        }
        String where = "result.sfdxAuthUrl";
        JsonNode value = root.path("result").path("sfdxAuthUrl");
        if (value.isMissingNode() || value.isNull()) {
            where = "sfdxAuthUrl";
            value = root.path("sfdxAuthUrl");
        }
        if (value.isMissingNode() || value.isNull()) {
            JsonNode status = root.path("status");
            String failed = status.isNumber() && status.asInt() != 0
                    ? " It is the output of a failed sf command (status " + status.asInt() + ")."
                    : "";
            throw bad(
                    "The sfdx JSON has no sfdxAuthUrl (looked at result.sfdxAuthUrl and sfdxAuthUrl)." + failed,
                    "Run `" + EXPORT_COMMAND + "`: an org has an auth URL only if it was authorised by web login"
                            + " (`sf org login web`), not by JWT.");
        }
        if (!value.isTextual()) {
            throw bad("The sfdx JSON's " + where + " is not a string.", FIX_REEXPORT);
        }
        if (value.textValue().strip().startsWith(REDACTED)) {
            throw bad(
                    "The sfdx JSON's " + where + " is " + REDACTED + ": the sf CLI hid the auth URL (today's `sf org"
                            + " display --verbose --json` no longer prints it).",
                    FIX_REDACTED);
        }
        try {
            return SfdxAuthUrlParser.parse(value.textValue(), hosts);
        } catch (SalesforceAuthException e) {
            throw e.withDetail("In the sfdx JSON's " + where + ": " + e.detail());
        }
    }
}
