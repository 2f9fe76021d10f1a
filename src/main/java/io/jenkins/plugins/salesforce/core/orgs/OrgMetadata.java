package io.jenkins.plugins.salesforce.core.orgs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Org metadata: free key/value pairs an administrator attaches to a registered org (team, environment,
 * repository...) and that {@link OrgFilter} selects on.
 *
 * <p>Rules, the same wherever metadata comes from (record, registration, update, filter):
 * <ul>
 *   <li>keys are not blank, contain neither {@code =} nor {@code ,}, and do not start with <code>{</code> (so that
 *       every map can be written as {@code k=v,k2=v2}, and that text is never mistaken for JSON); values are any
 *       string, possibly empty;
 *   <li>spaces around keys and values are ignored;
 *   <li>keys and values are compared exactly (case-sensitive);
 *   <li>a map is kept sorted by key and unmodifiable.
 * </ul>
 *
 * <p>Text form ({@link #parse}): either {@code k=v,k2=v2} or a JSON object {@code {"k":"v","k2":2}} whose values are
 * strings, numbers or booleans (numbers and booleans are kept as written, so {@code 1.0} stays {@code "1.0"}).
 */
public final class OrgMetadata {
    /**
     * The metadata key that names the source repository an org serves, as {@code org/repo} (for example
     * {@code repository=acme/billing}). The frontdoor lookup finds the org for a repository's scratch-org pool by
     * it ({@link OrgResolver#findByRepository(String)}).
     */
    public static final String REPOSITORY = "repository";

    /** The accepted forms, for every error message about metadata text. */
    static final String ACCEPTED_FORMS = "Write metadata as key=value pairs separated by commas (team=core,env=ci) or"
            + " as a JSON object whose values are strings, numbers or booleans ({\"team\":\"core\",\"env\":\"ci\"}).";

    private static final JsonFactory JSON = new JsonFactory();

    private OrgMetadata() {}

    /** The empty metadata. */
    public static Map<String, String> empty() {
        return Collections.emptySortedMap();
    }

    /**
     * A validated, sorted, unmodifiable copy.
     *
     * @param field the name of the field the map came from, for error messages (for example {@code metadata})
     * @throws SalesforceAuthException BAD_INPUT naming the bad key
     */
    public static Map<String, String> copyOf(Map<String, String> metadata, String field) {
        if (metadata == null || metadata.isEmpty()) {
            return empty();
        }
        SortedMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = checkKey(e.getKey(), field);
            if (e.getValue() == null) {
                throw bad(field, "has no value for key '" + key + "'.", "Give every key a value (it may be empty).");
            }
            if (copy.put(key, e.getValue().strip()) != null) {
                throw duplicate(field, key);
            }
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /**
     * The metadata a registration or an update sets: null when the text is not given (keep what the org has; empty
     * for a new org), else the text as {@link #parse} reads it (blank text is the empty metadata).
     *
     * @throws SalesforceAuthException BAD_INPUT as {@link #parse}
     */
    public static Map<String, String> given(String text, String parameter) {
        return text == null ? null : parse(text, parameter);
    }

    /**
     * Reads metadata as a user writes it in a step, a REST query or a CLI option: {@code k=v,k2=v2} or a JSON object.
     * Null or blank text is the empty metadata.
     *
     * @param parameter the parameter's name, for error messages (for example {@code metadata})
     * @throws SalesforceAuthException BAD_INPUT naming the parameter, what is wrong and the accepted forms
     */
    public static Map<String, String> parse(String text, String parameter) {
        if (text == null || text.isBlank()) {
            return empty();
        }
        String trimmed = text.strip();
        return trimmed.startsWith("{") ? parseJson(trimmed, parameter) : parsePairs(trimmed, parameter);
    }

    private static Map<String, String> parsePairs(String text, String parameter) {
        SortedMap<String, String> pairs = new TreeMap<>();
        for (String pair : text.split(",", -1)) {
            if (pair.isBlank()) {
                throw badText(
                        parameter, "has an empty pair in '" + text + "' (two commas in a row, or a comma at an end).");
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw badText(parameter, "has '" + pair.strip() + "' without '=' in '" + text + "'.");
            }
            String key = pair.substring(0, eq).strip();
            if (key.isEmpty()) {
                throw badText(parameter, "has an empty key in '" + pair.strip() + "'.");
            }
            if (pairs.put(key, pair.substring(eq + 1).strip()) != null) {
                throw badText(parameter, "gives the key '" + key + "' twice.");
            }
        }
        return Collections.unmodifiableSortedMap(pairs);
    }

    private static Map<String, String> parseJson(String text, String parameter) {
        SortedMap<String, String> pairs = new TreeMap<>();
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw badText(parameter, "is not a JSON object.");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String rawKey = p.currentName();
                String key = rawKey.strip();
                if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf(',') >= 0 || key.startsWith("{")) {
                    throw badText(
                            parameter,
                            "has the key '" + rawKey
                                    + "'; keys must not be blank, contain '=' or ',', or start with '{'.");
                }
                JsonToken v = p.nextToken();
                String value =
                        switch (v) {
                            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
                                p.getText().strip();
                            case START_OBJECT, START_ARRAY ->
                                throw badText(
                                        parameter,
                                        "has a nested " + (v == JsonToken.START_OBJECT ? "object" : "array")
                                                + " under '" + key + "'; values must be strings, numbers or booleans.");
                            default ->
                                throw badText(
                                        parameter,
                                        "has " + p.getText() + " under '" + key
                                                + "'; values must be strings, numbers or booleans.");
                        };
                if (pairs.put(key, value) != null) {
                    throw badText(parameter, "gives the key '" + key + "' twice.");
                }
            }
            if (p.nextToken() != null) {
                throw badText(parameter, "has text after the JSON object.");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw badText(parameter, "is not valid JSON" + where + ".");
        } catch (IOException e) {
            // A String source does no I/O; keep the contract anyway.
            throw badText(parameter, "could not be read.");
        }
        return Collections.unmodifiableSortedMap(pairs);
    }

    /**
     * The metadata as text that {@link #parse} reads back to the same map, for a form to show and edit:
     * {@code k=v,k2=v2} when no value holds a comma, else a JSON object; empty for no metadata.
     */
    public static String text(Map<String, String> metadata) {
        Map<String, String> m = copyOf(metadata, "metadata");
        if (m.values().stream().noneMatch(v -> v.indexOf(',') >= 0)) {
            return m.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
        }
        StringWriter json = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : m.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does no I/O
        }
        return json.toString();
    }

    static String checkKey(String rawKey, String field) {
        String key = rawKey == null ? "" : rawKey.strip();
        if (key.isEmpty()) {
            throw bad(field, "has a blank key.", "Give every metadata key a name, for example team=core.");
        }
        if (key.indexOf('=') >= 0 || key.indexOf(',') >= 0 || key.startsWith("{")) {
            throw bad(
                    field,
                    "has the key '" + key + "', which contains '=' or ',' or starts with '{'.",
                    "Rename the key without '=' and ',' (they separate keys and values in filters) and not starting"
                            + " with '{' (that starts a JSON filter).");
        }
        return key;
    }

    private static SalesforceAuthException duplicate(String field, String key) {
        return bad(field, "gives the key '" + key + "' twice (spaces around keys are ignored).", "Keep one of them.");
    }

    private static SalesforceAuthException bad(String field, String what, String fix) {
        return SalesforceAuthException.badField(field, "'" + field + "' " + what, fix);
    }

    private static SalesforceAuthException badText(String parameter, String what) {
        return SalesforceAuthException.badField(parameter, "Parameter '" + parameter + "' " + what, ACCEPTED_FORMS);
    }
}
