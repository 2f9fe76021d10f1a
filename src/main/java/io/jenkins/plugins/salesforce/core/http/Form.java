package io.jenkins.plugins.salesforce.core.http;

import io.jenkins.plugins.salesforce.core.SecretText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An {@code application/x-www-form-urlencoded} body. Every value is held as {@link SecretText}, so a form never
 * shows a value in {@link #toString()}; only the field names are printed.
 */
public final class Form {
    private final Map<String, SecretText> fields = new LinkedHashMap<>();

    /** Adds a field whose value is not secret, such as {@code grant_type} or {@code client_id}. */
    public Form add(String name, String value) {
        return addSecret(name, SecretText.of(Objects.requireNonNull(value, name)));
    }

    /** Adds a field whose value is secret, such as {@code refresh_token}, {@code client_secret} or {@code code}. */
    public Form addSecret(String name, SecretText value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, name);
        fields.put(name, value);
        return this;
    }

    /** The field names, in the order they were added. */
    public Set<String> names() {
        return Set.copyOf(fields.keySet());
    }

    /** The values, for redacting them from anything Salesforce echoes back. */
    Collection<SecretText> values() {
        return List.copyOf(fields.values());
    }

    /** The encoded body. Only the transport calls this, at the moment the request is built. */
    String encode() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, SecretText> e : fields.entrySet()) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(e.getValue().reveal(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "Form" + fields.keySet();
    }
}
