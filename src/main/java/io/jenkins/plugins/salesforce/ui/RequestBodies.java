package io.jenkins.plugins.salesforce.ui;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.core.orgs.JitSandboxRequest;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.core.orgs.SecretInput;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The JSON bodies of the REST actions, bound by Jackson; the CLI builds the same records from its options. Only the
 * shape is read here; every rule about the values is the core's ({@link RegistrationRequest},
 * {@link JitSandboxRequest}, {@link OrgMetadata}). sfp-server's names are accepted too; where both are given, the
 * documented name wins.
 *
 * <p>The actions read their body with {@link #read} after their permission check, not with Stapler's
 * {@code @JsonBody}, which binds the body before the web method runs: a caller without the rights would learn from a
 * 400 that the body was parsed, and a malformed body would get Stapler's HTML error page instead of a JSON error.
 */
@Restricted(NoExternalUse.class)
public final class RequestBodies {
    private RequestBodies() {}

    /**
     * {@code org}, {@code accessToken}, {@code testConnection}, {@code defaultDevHub}, {@code setDefaultDevHub},
     * {@code remove}; {@code username} is sfp-server's name for {@code org}.
     */
    public record OrgRef(String org, String authType, Boolean devHub, String username) {
        /** The org named in the body, else in the query ({@code org}, else {@code username}); null when none is. */
        @CheckForNull
        String given(@CheckForNull String queryOrg, @CheckForNull String queryUsername) {
            String inBody = either(org, username);
            return inBody != null ? inBody : either(queryOrg, queryUsername);
        }

        /** {@link #given}, required: BAD_INPUT naming {@code org} when no org is named. */
        @NonNull
        String ref(@CheckForNull String queryOrg, @CheckForNull String queryUsername) {
            return RestAnswers.required(given(queryOrg, queryUsername), null, "org");
        }
    }

    /**
     * {@code register}: an org of any type with a secret ({@link SecretInput} names the types and their fields);
     * {@code result} is what {@code sf org auth show-sfdx-auth-url --json} prints around the URL.
     */
    public record Registration(
            String type,
            String sfdxAuthUrl,
            String clientId,
            String loginUrl,
            String privateKey,
            String passphrase,
            String audience,
            String clientSecret,
            String myDomainUrl,
            String id,
            String username,
            Boolean devHub,
            Boolean defaultDevHub,
            Boolean allowAuthUrlExport,
            JsonNode metadata,
            String description,
            JsonNode result,
            @JsonProperty("isDevHub") Boolean sfpDevHub,
            @JsonProperty("isDefault") Boolean sfpDefault) {
        public Registration {
            devHub = devHub != null ? devHub : sfpDevHub;
            defaultDevHub = defaultDevHub != null ? defaultDevHub : sfpDefault;
        }

        /** The request's body as the core's request; the whole body may be what the sf CLI prints. */
        static RegistrationRequest read(StaplerRequest2 req) {
            JsonNode tree = tree(req);
            return RequestBodies.read(tree, Registration.class).toRequest(tree);
        }

        /** The core's request; {@code body} is the whole body, for the sf CLI's JSON sent as it is. */
        public RegistrationRequest toRequest(@CheckForNull JsonNode body) {
            String authUrl = text(sfdxAuthUrl);
            if (authUrl == null && result != null && body != null) {
                authUrl = body.toString(); // the core reads the URL out of sf's JSON
            }
            SecretInput secret = SecretInput.ofType(type)
                    .sfdxAuthUrl(SecretText.ofNullable(authUrl))
                    .clientId(clientId)
                    .loginUrl(loginUrl)
                    .privateKey(SecretText.ofNullable(privateKey))
                    .passphrase(SecretText.ofNullable(passphrase))
                    .audience(audience)
                    .clientSecret(SecretText.ofNullable(clientSecret))
                    .myDomainUrl(myDomainUrl);
            return new RegistrationRequest(
                    text(id),
                    secret.toSecret(),
                    text(username),
                    devHub,
                    defaultDevHub,
                    allowAuthUrlExport,
                    metadataOf(metadata),
                    text(description));
        }
    }

    /** {@code registerJitSandbox}. */
    public record JitSandbox(
            String sandboxName,
            String productionOrg,
            String id,
            JsonNode metadata,
            String description,
            String productionUsername) {
        public JitSandbox {
            productionOrg = either(productionOrg, productionUsername);
        }

        public JitSandboxRequest toRequest() {
            return new JitSandboxRequest(
                    text(sandboxName), text(productionOrg), text(id), metadataOf(metadata), text(description));
        }
    }

    /** {@code update}: each field null when not given (keep); {@code username} is sfp-server's name for {@code org}. */
    public record Update(
            String org,
            String username,
            Boolean devHub,
            Boolean defaultDevHub,
            JsonNode metadata,
            @JsonProperty("isDevHub") Boolean sfpDevHub,
            @JsonProperty("isDefault") Boolean sfpDefault) {
        public Update {
            devHub = devHub != null ? devHub : sfpDevHub;
            defaultDevHub = defaultDevHub != null ? defaultDevHub : sfpDefault;
        }

        /** The metadata to set; an update that changes nothing is refused, so that a misplaced field is not lost. */
        @CheckForNull
        public Map<String, String> checkedMetadata() {
            Map<String, String> m = metadataOf(metadata);
            if (devHub == null && defaultDevHub == null && m == null) {
                throw SalesforceAuthException.of(
                        Reason.BAD_INPUT,
                        "The update names nothing to change.",
                        "Send devHub, defaultDevHub or metadata in the JSON body (Content-Type: application/json);"
                                + " query parameters are not read for them.");
            }
            return m;
        }
    }

    /** {@code frontdoor}. */
    public record Frontdoor(
            String target,
            String repository,
            String productionOrg,
            boolean classic,
            String startPath,
            boolean redirect,
            String prodOrg) {
        public Frontdoor {
            productionOrg = either(productionOrg, prodOrg);
        }
    }

    /** {@code sandboxAuthenticate}. */
    public record SandboxAuth(String sandboxName, String productionOrg, boolean frontdoor, String productionUsername) {
        public SandboxAuth {
            productionOrg = either(productionOrg, productionUsername);
        }
    }

    /** {@code scratchAuthenticate}. */
    public record ScratchAuth(String username, String devHub, String devHubUsername) {
        public ScratchAuth {
            devHub = either(devHub, devHubUsername);
        }
    }

    /**
     * The request's JSON body as a tree: an empty object when there is none or it is not {@code application/json}
     * (a GET, or query parameters only).
     *
     * @throws SalesforceAuthException BAD_INPUT when the body is not a JSON object
     */
    @NonNull
    static JsonNode tree(StaplerRequest2 req) {
        String type = req.getContentType();
        JsonNode node = null;
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            try {
                node = Json.mapper().readTree(req.getReader());
            } catch (IOException e) {
                throw notAnObject(); // the parser's message may quote the body: not repeated
            }
        }
        if (node == null || node.isMissingNode()) {
            return Json.mapper().createObjectNode();
        }
        if (!node.isObject()) {
            throw notAnObject();
        }
        return node;
    }

    /** The request's body bound to one of the records above: see {@link #read(JsonNode, Class)}. */
    @NonNull
    static <T> T read(StaplerRequest2 req, Class<T> type) {
        return read(tree(req), type);
    }

    /** A body bound to one of the records above; unknown fields are ignored. */
    @NonNull
    static <T> T read(JsonNode tree, Class<T> type) {
        try {
            return Json.mapper()
                    .readerFor(type)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(tree);
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(0).getFieldName();
            String expected = e.getTargetType() == Boolean.class || e.getTargetType() == boolean.class
                    ? "true or false"
                    : "a "
                            + (e.getTargetType() == null
                                    ? "value"
                                    : e.getTargetType().getSimpleName());
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT, "'" + field + "' is not valid.", "Give " + expected + " for " + field + ".");
        } catch (IOException e) {
            throw notAnObject();
        }
    }

    /**
     * A yes/no choice of a page's form ({@code true}, {@code false}); null when not given or blank (keep, or as
     * Salesforce says).
     *
     * @throws SalesforceAuthException BAD_INPUT naming the field for any other value
     */
    @CheckForNull
    static Boolean choice(@CheckForNull String value, String field) {
        String v = text(value);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default ->
                throw SalesforceAuthException.badField(
                        field, "'" + field + "' is neither true nor false.", "Give true or false for " + field + ".");
        };
    }

    /** Whether the request's URL (not its body) has the parameter: a secret there would be logged. */
    static boolean inQuery(StaplerRequest2 req, String name) {
        String query = req.getQueryString();
        return query != null
                && Arrays.stream(query.split("&"))
                        .map(p -> URLDecoder.decode(p.split("=", 2)[0], StandardCharsets.UTF_8))
                        .anyMatch(name::equals);
    }

    /** The documented field, else the other name the same value is accepted under; stripped, null when blank. */
    @CheckForNull
    static String either(@CheckForNull String documented, @CheckForNull String other) {
        return text(documented) != null ? text(documented) : text(other);
    }

    /** A text field as the core wants it: stripped, null when absent or blank. */
    @CheckForNull
    public static String text(@CheckForNull String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The {@code metadata} field: a JSON object, or {@code k=v,k2=v2} text; null when absent. */
    @CheckForNull
    static Map<String, String> metadataOf(@CheckForNull JsonNode m) {
        if (m == null || m.isNull()) {
            return null;
        }
        return OrgMetadata.parse(m.isTextual() ? m.asText() : m.toString(), "metadata");
    }

    private static SalesforceAuthException notAnObject() {
        return SalesforceAuthException.of(
                Reason.BAD_INPUT,
                "The request body is not a JSON object.",
                "Send a JSON object with Content-Type: application/json, for example {\"org\": \"prod\"}.");
    }
}
