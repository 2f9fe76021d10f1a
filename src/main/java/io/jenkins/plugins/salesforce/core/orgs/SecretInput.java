package io.jenkins.plugins.salesforce.core.orgs;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.core.oauth.Audience;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The secret of an org to register, as an entry point receives it: the REST body, the CLI's options and stdin, the
 * registration step's workspace files and credentials. Each entry point only collects the fields; this class decides
 * which credential type they make and builds its {@link OrgSecret}, so that every entry point accepts the same
 * types with the same names and refuses the same mistakes.
 *
 * <p>The type is {@code authUrl}, {@code jwt} or {@code clientCredentials} ({@link #TYPES}; case, {@code -} and
 * {@code _} do not matter, so the CLI's {@code client-credentials} is the same). Without a type, the secret given
 * decides: an auth URL, a private key or a client secret. A field of another type is refused rather than ignored,
 * naming the field: a private key sent with {@code type: clientCredentials} is a mistake the user wants to hear of.
 *
 * <pre>{@code
 * OrgSecret s = SecretInput.ofType("jwt").clientId(id).loginUrl(url).privateKey(pem).toSecret();
 * }</pre>
 */
public final class SecretInput {
    /** The type names, as documented. */
    public static final List<String> TYPES = List.of("authUrl", "jwt", "clientCredentials");

    /** The fields whose values are secrets, held as {@link SecretText}. */
    private static final Set<String> SECRET_FIELDS = Set.of("sfdxAuthUrl", "privateKey", "passphrase", "clientSecret");
    /** Every field, in the order the types list them. */
    private static final List<String> FIELDS = List.of(
            "sfdxAuthUrl",
            "clientId",
            "loginUrl",
            "privateKey",
            "passphrase",
            "audience",
            "clientSecret",
            "myDomainUrl");

    private String type;
    private final Map<String, Object> given = new LinkedHashMap<>();

    private SecretInput(String type) {
        this.type = type == null || type.isBlank() ? null : type.strip();
    }

    /** An input of the given type name, or, when null or blank, of the type its secret shows. */
    public static SecretInput ofType(String type) {
        return new SecretInput(type);
    }

    /** The SFDX auth URL, or what {@code sf org auth show-sfdx-auth-url --json} prints around it. */
    public SecretInput sfdxAuthUrl(SecretText value) {
        return put("sfdxAuthUrl", value);
    }

    /** The consumer key of the app (JWT and client credentials). */
    public SecretInput clientId(String value) {
        return put("clientId", value);
    }

    /** JWT: login, test or the org's My Domain URL. */
    public SecretInput loginUrl(String value) {
        return put("loginUrl", value);
    }

    /** JWT: the PEM private key. */
    public SecretInput privateKey(SecretText value) {
        return put("privateKey", value);
    }

    /** JWT: the passphrase of an encrypted private key. */
    public SecretInput passphrase(SecretText value) {
        return put("passphrase", value);
    }

    /** JWT: the {@code aud} to sign with, when an administrator set one. */
    public SecretInput audience(String value) {
        return put("audience", value);
    }

    /** Client credentials: the consumer secret. */
    public SecretInput clientSecret(SecretText value) {
        return put("clientSecret", value);
    }

    /** Client credentials: the org's My Domain URL. */
    public SecretInput myDomainUrl(String value) {
        return put("myDomainUrl", value);
    }

    /**
     * The secret given as one text, as the CLI reads it from stdin, after the other fields. A JSON object of this
     * class's fields and {@code type} (an encrypted key with its passphrase, say) sets those fields. Any other text,
     * including what {@code sf org auth show-sfdx-auth-url --json} prints, is the type's secret: the auth URL, the
     * PEM private key or the consumer secret; without a type, a PEM key is a JWT key and anything else an auth URL.
     *
     * @throws SalesforceAuthException BAD_INPUT naming a field given both in the JSON object and otherwise
     */
    public SecretInput secretText(String text) {
        String secret = text == null ? "" : text.strip();
        JsonNode json = secret.startsWith("{")
                ? Json.parse(secret).filter(JsonNode::isObject).orElse(null)
                : null;
        if (json != null && !json.has("result")) {
            String jsonType = Json.text(json, "type");
            if (jsonType != null && !jsonType.isBlank()) {
                if (type != null) {
                    throw givenTwice("type");
                }
                type = jsonType.strip();
            }
            for (String field : FIELDS) {
                String v = Json.text(json, field);
                if (v != null && !v.isBlank()) {
                    if (given.containsKey(field)) {
                        throw givenTwice(field);
                    }
                    put(field, SECRET_FIELDS.contains(field) ? SecretText.of(v) : v);
                }
            }
            return this;
        }
        CredentialType kind = type == null
                ? secret.startsWith("-----BEGIN") ? CredentialType.JWT : CredentialType.AUTH_URL
                : credentialType();
        String field =
                switch (kind) {
                    case JWT -> "privateKey";
                    case CLIENT_CREDENTIALS -> "clientSecret";
                    default -> "sfdxAuthUrl";
                };
        if (given.containsKey(field)) {
            throw givenTwice(field);
        }
        return put(field, SecretText.of(secret));
    }

    private static SalesforceAuthException givenTwice(String field) {
        return SalesforceAuthException.badField(
                field,
                "'" + field + "' is given twice.",
                "Give " + field + " once: in the JSON object or as an option.");
    }

    private SecretInput put(String field, Object value) {
        boolean blank = value == null
                || (value instanceof String s && s.isBlank())
                || (value instanceof SecretText t && t.reveal().isBlank());
        if (blank) {
            given.remove(field);
        } else {
            given.put(field, value instanceof String s ? s.strip() : value);
        }
        return this;
    }

    /** The credential type these fields make; see the class comment. */
    public CredentialType credentialType() {
        if (type != null) {
            return switch (type.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
                case "authurl", "sfdxauthurl" -> CredentialType.AUTH_URL;
                case "jwt" -> CredentialType.JWT;
                case "clientcredentials" -> CredentialType.CLIENT_CREDENTIALS;
                default ->
                    throw SalesforceAuthException.badField(
                            "type",
                            "'type' is '" + type + "', which is not a credential type the plugin registers.",
                            "Use " + String.join(", ", TYPES) + "; a JIT sandbox has its own registration.");
            };
        }
        if (given.containsKey("sfdxAuthUrl")) {
            return CredentialType.AUTH_URL;
        }
        if (given.containsKey("privateKey")) {
            return CredentialType.JWT;
        }
        if (given.containsKey("clientSecret")) {
            return CredentialType.CLIENT_CREDENTIALS;
        }
        throw SalesforceAuthException.badField(
                "sfdxAuthUrl",
                "No secret was given to register the org with.",
                "Give the org's SFDX auth URL (sfdxAuthUrl); or, with type jwt, the connected app's clientId, loginUrl"
                        + " and privateKey; or, with type clientCredentials, the app's clientId, clientSecret and"
                        + " myDomainUrl.");
    }

    /**
     * The secret, checked: the fields of its type are there (the type's own record names a missing one), and no
     * field of another type was given.
     *
     * @throws SalesforceAuthException BAD_INPUT naming the field to fix
     */
    public OrgSecret toSecret() {
        CredentialType t = credentialType();
        List<String> own =
                switch (t) {
                    case AUTH_URL -> List.of("sfdxAuthUrl");
                    case JWT -> List.of("clientId", "loginUrl", "privateKey", "passphrase", "audience");
                    case CLIENT_CREDENTIALS -> List.of("clientId", "clientSecret", "myDomainUrl");
                    case JIT_SANDBOX -> throw new IllegalStateException("not a type with a secret");
                };
        List<String> foreign = new ArrayList<>(given.keySet());
        foreign.removeAll(own);
        if (!foreign.isEmpty()) {
            String field = foreign.get(0);
            throw SalesforceAuthException.badField(
                    field,
                    "'" + field + "' is not part of a registration " + t.registeredWith() + ".",
                    "Leave " + field + " out, or set type to " + typeOf(field) + " if that is the kind of org you"
                            + " meant to register.");
        }
        return switch (t) {
            case AUTH_URL -> {
                SecretText url = secret("sfdxAuthUrl");
                if (url == null) {
                    throw SalesforceAuthException.badField(
                            "sfdxAuthUrl",
                            "'sfdxAuthUrl' is missing.",
                            "Give the org's SFDX auth URL (force://...), as printed by 'sf org auth"
                                    + " show-sfdx-auth-url --target-org <alias> --json'.");
                }
                yield new AuthUrlSecret(url);
            }
            case JWT ->
                new JwtSecret(
                        text("clientId"),
                        text("loginUrl"),
                        secret("privateKey"),
                        secret("passphrase"),
                        text("audience") == null ? null : Audience.of(text("audience")));
            case CLIENT_CREDENTIALS ->
                new ClientCredentialsSecret(text("clientId"), secret("clientSecret"), text("myDomainUrl"));
            case JIT_SANDBOX -> throw new IllegalStateException("not a type with a secret");
        };
    }

    private static String typeOf(String field) {
        return switch (field) {
            case "sfdxAuthUrl" -> "authUrl";
            case "clientSecret", "myDomainUrl" -> "clientCredentials";
            default -> "jwt";
        };
    }

    private String text(String field) {
        return (String) given.get(field);
    }

    private SecretText secret(String field) {
        return (SecretText) given.get(field);
    }

    /** Names the type and the fields given, never their values. */
    @Override
    public String toString() {
        return "SecretInput[type=" + type + ", fields=" + given.keySet() + "]";
    }
}
