package io.jenkins.plugins.salesforce.core.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * The core's one JSON reader. Source-in-location is off, so that a parser error can never quote the document it
 * failed on; even so, parser exceptions are never attached to a {@code SalesforceAuthException}.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /** The shared mapper (thread-safe once built). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses a complete JSON document. Empty, truncated or malformed text, trailing garbage, and documents beyond
     * Jackson's nesting and size limits all give an empty result; the parser's own error is dropped on purpose.
     */
    public static Optional<JsonNode> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The text of a field, or null when it is absent, null, or not a string. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
