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
