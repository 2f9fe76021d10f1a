package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrlRecord;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OrgFilterProperties {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Both syntaxes say the same thing: any metadata written as k=v pairs or as JSON reads back the same. */
    @Property
    void bothSyntaxesReadBackTheSameMetadata(@ForAll("metadata") Map<String, String> metadata)
            throws JsonProcessingException {
        String pairs = metadata.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        String json = JSON.writeValueAsString(metadata);
        Map<String, String> expected = OrgMetadata.copyOf(metadata, "metadata");
        assertThat(OrgMetadata.parse(pairs, "metadata"), is(expected));
        assertThat(OrgMetadata.parse(json, "metadata"), is(expected));
    }

    /**
     * The text a form shows for an org's metadata reads back to the same metadata, whatever its values hold (commas,
     * equals signs, quotes, braces): pairs where they can say it, JSON where they cannot.
     */
    @Property
    void theTextOfAnyMetadataReadsBackTheSame(@ForAll("metadata") Map<String, String> keys, @ForAll long seed) {
        String[] awkward = {"a,b", "x=y", "\"q\"", "{not json}", " padded ", "", "1.0"};
        Map<String, String> metadata = keys.keySet().stream()
                .collect(Collectors.toMap(k -> k, k -> awkward[Math.floorMod(k.hashCode() ^ seed, awkward.length)]));
        Map<String, String> expected = OrgMetadata.copyOf(metadata, "metadata");
        String text = OrgMetadata.text(metadata);
        assertThat(text, OrgMetadata.parse(text, "metadata"), is(expected));
        assertThat(
                "pairs unless a value holds a comma: " + text,
                text.startsWith("{"),
                is(expected.values().stream().anyMatch(v -> v.contains(","))));
    }

    /** An org matches a filter made of any part of its own metadata. */
    @Property
    void anOrgMatchesAnySubsetOfItsMetadata(@ForAll("metadata") Map<String, String> metadata, @ForAll long seed)
            throws JsonProcessingException {
        OrgRecord org = authUrlRecord("p", "p@acme.com").metadata(metadata).build();
        Map<String, String> subset = org.metadata().entrySet().stream()
                .filter(e -> ((e.getKey().hashCode() ^ seed) & 1) == 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(OrgFilter.parse(null, null, JSON.writeValueAsString(subset)).matches(org), is(true));
    }

    /** Whatever the text, parsing either succeeds or fails with the project's exception, never anything else. */
    @Property
    void anyTextParsesOrFailsWithBadInput(@ForAll("metadataLikeText") String text) {
        try {
            OrgMetadata.parse(text, "metadata");
        } catch (SalesforceAuthException e) {
            assertThat(e.getMessage(), e.getMessage().startsWith("Parameter 'metadata' "), is(true));
        }
    }

    @Provide
    Arbitrary<Map<String, String>> metadata() {
        Arbitrary<String> keys = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars('-', '_', '.', '/', ' ', 'é', '{', '"')
                .ofMinLength(1)
                .ofMaxLength(12)
                .map(String::strip)
                .filter(k -> !k.isEmpty() && !k.startsWith("{"));
        Arbitrary<String> values = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars('=', '/', ' ', ':', 'é', '"', '}', '{')
                .ofMaxLength(12)
                .map(String::strip);
        return Arbitraries.maps(keys, values).ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> metadataLikeText() {
        return Arbitraries.strings()
                .withChars('{', '}', '[', ']', '"', ':', ',', '=', 'a', 'b', ' ', '1', '.', 'e', '-', '\\', 'n')
                .ofMaxLength(24);
    }
}
