package io.jenkins.plugins.salesforce.core.orgs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a registration or an update does with the metadata it is given, whatever the entry point. */
class OrgMetadataTest {
    @Test
    void metadataNotGivenKeepsWhatTheOrgHas() {
        assertThat(OrgMetadata.given(null, "metadata"), is(nullValue()));
    }

    @Test
    void blankMetadataGivenClearsIt() {
        assertThat(OrgMetadata.given("", "metadata"), is(Map.of()));
        assertThat(OrgMetadata.given("  ", "metadata"), is(Map.of()));
    }

    @Test
    void givenMetadataIsReadAsParseReadsIt() {
        assertThat(OrgMetadata.given("team=core, env=uat", "metadata"), is(Map.of("env", "uat", "team", "core")));
        assertThat(OrgMetadata.given("{\"team\": \"core\"}", "metadata"), is(Map.of("team", "core")));
        SalesforceAuthException e =
                assertThrows(SalesforceAuthException.class, () -> OrgMetadata.given("team", "meta"));
        assertThat(e.getMessage().startsWith("Parameter 'meta' has 'team' without '='"), is(true));
    }
}
