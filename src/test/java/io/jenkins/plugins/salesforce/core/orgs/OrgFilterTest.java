package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrlRecord;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.devHubRecord;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.failsWith;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.jitRecord;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filters of the salesforceOrgs step and the REST list: {@code type}, {@code devHub} and {@code metadata} as
 * strings, in both metadata syntaxes.
 */
class OrgFilterTest {
    private static final String PAIRS_EXAMPLE = "team=core,env=ci";
    private static final String JSON_EXAMPLE = "{\"team\":\"core\",\"env\":\"ci\"}";

    // ------------------------------------------------------------------------------------------------ parsing

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void blankParametersMatchEveryOrg(String blank) {
        OrgFilter f = OrgFilter.parse(blank, blank, blank);
        assertThat(f, is(OrgFilter.ANY));
        assertThat(f.isAny(), is(true));
        assertThat(f.type(), is(nullValue()));
        assertThat(f.devHub(), is(nullValue()));
        assertThat(f.metadata(), is(anEmptyMap()));
        assertThat(f.toString(), is("any org"));
    }

    @ParameterizedTest
    @CsvSource({
        "Production, PRODUCTION",
        "sandbox, SANDBOX",
        "Developer Edition, DEVELOPER_EDITION",
        "developer_edition, DEVELOPER_EDITION",
        "SCRATCH, SCRATCH",
        "trial, TRIAL"
    })
    void typeIsReadAsUsersWriteIt(String text, OrgType expected) {
        assertThat(OrgFilter.parse(text, null, null).type(), is(expected));
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "' true ', true", "false, false", "False, false"})
    void devHubIsTrueOrFalseInAnyCase(String text, boolean expected) {
        assertThat(OrgFilter.parse(null, text, null).devHub(), is(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "team=core,env=ci",
                "env=ci,team=core",
                " team = core , env = ci ",
                "{\"team\":\"core\",\"env\":\"ci\"}",
                "  { \"env\" : \"ci\" ,\n \"team\" : \"core\" }  ",
            })
    void metadataIsReadInBothForms(String text) {
        assertThat(OrgFilter.parse(null, null, text).metadata(), is(Map.of("team", "core", "env", "ci")));
    }

    @Test
    void pairValuesMayBeEmptyOrHoldAnEqualsSign() {
        assertThat(
                OrgMetadata.parse("team=,url=https://x?a=b", "metadata"),
                is(Map.of("team", "", "url", "https://x?a=b")));
    }

    @Test
    void jsonNumbersAndBooleansAreComparedAsWritten() {
        Map<String, String> m = OrgMetadata.parse(
                "{\"n\":1,\"f\":1.0,\"e\":1e3,\"neg\":-2,\"yes\":true,\"no\":false,\"s\":\"text, with comma\"}",
                "metadata");
        assertThat(
                m,
                is(Map.of(
                        "n",
                        "1",
                        "f",
                        "1.0",
                        "e",
                        "1e3",
                        "neg",
                        "-2",
                        "yes",
                        "true",
                        "no",
                        "false",
                        "s",
                        "text, with comma")));
    }

    @Test
    void anEmptyJsonObjectIsNoCondition() {
        assertThat(OrgFilter.parse(null, null, "{}").isAny(), is(true));
    }

    @ParameterizedTest(name = "[{index}] metadata {0} is refused: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"team\":                  | is not valid JSON",
                "{\"team\" \"core\"}         | is not valid JSON (line 1",
                "{team:core}                 | is not valid JSON",
                "{\"team\":'core'}           | is not valid JSON",
                "{\"a\":{\"b\":\"c\"}}       | has a nested object under 'a'",
                "{\"a\":[1,2]}               | has a nested array under 'a'",
                "{\"a\":null}                | has null under 'a'",
                "{\"a\":\"b\"} x             | is not valid JSON",
                "{\"a\":\"b\"}{}             | has text after the JSON object",
                "{\"a\":\"1\",\"a\":\"2\"}   | gives the key 'a' twice",
                "{\"\":\"x\"}                | has the key ''",
                "{\" \":\"x\"}               | has the key ' '",
                "{\"a=b\":\"x\"}             | has the key 'a=b'",
                "{\"a,b\":\"x\"}             | has the key 'a,b'",
                "team=core,,env=ci           | has an empty pair",
                "team=core,                  | has an empty pair",
                ",team=core                  | has an empty pair",
                "team=core, ,env=ci          | has an empty pair",
                "team                        | has 'team' without '='",
                "team=core,env               | has 'env' without '='",
                "[1,2]                       | has '[1' without '=' in '[1,2]'",
                "{\"{a\":\"x\"}              | has the key '{a'",
                "=core                       | has an empty key in '=core'",
                "team=core, =ci              | has an empty key in '=ci'",
                "team=a,team=b               | gives the key 'team' twice",
            })
    void malformedMetadataNamesTheParameterAndShowsBothForms(String text, String problem) {
        failsWith(
                Reason.BAD_INPUT,
                () -> OrgFilter.parse(null, null, text),
                "Parameter 'metadata' " + problem,
                PAIRS_EXAMPLE,
                JSON_EXAMPLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Prod", "Enterprise Edition", "devhub", "*"})
    void anUnknownTypeNamesTheParameterAndTheValidTypes(String text) {
        failsWith(
                Reason.BAD_INPUT,
                () -> OrgFilter.parse(text, null, null),
                "Parameter 'type' is not valid: Unknown org type '" + text + "'.",
                "Production, Sandbox, Scratch, Developer Edition, Trial");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "1", "0", "on", "truee", "null"})
    void devHubOtherThanTrueOrFalseNamesTheParameterAndTheAcceptedValues(String text) {
        failsWith(
                Reason.BAD_INPUT,
                () -> OrgFilter.parse(null, text, null),
                "Parameter 'devHub' is not valid: '" + text + "'.",
                "Use true",
                "false",
                "empty");
    }

    @Test
    void aFilterBuiltInCodeFollowsTheMetadataRules() {
        failsWith(Reason.BAD_INPUT, () -> new OrgFilter(null, null, Map.of("a=b", "c")), "'metadata'");
    }

    @Test
    void toStringSaysWhatIsSelected() {
        assertThat(
                OrgFilter.parse("sandbox", "false", "team=core").toString(),
                is("type=Sandbox, devHub=false, metadata={team=core}"));
        assertThat(OrgFilter.parse(null, "true", null).toString(), is("devHub=true"));
    }

    // ----------------------------------------------------------------------------------------------- matching

    private final OrgRecord coreHub = devHubRecord("hub", "hub@acme.com")
            .metadata(Map.of("team", "core", "env", "ci", "repository", "acme/billing"))
            .build();
    private final OrgRecord webProd = authUrlRecord("prod", "admin@acme.com")
            .metadata(Map.of("team", "web", "env", "prod"))
            .build();
    private final OrgRecord uat =
            jitRecord("uat", "uat", "prod").metadata(Map.of("team", "core")).build();
    private final OrgRecord undiscovered =
            OrgRecord.builder("casc", CredentialType.AUTH_URL).build();

    @Test
    void anyMatchesEveryOrgEvenUndiscoveredOnes() {
        for (OrgRecord r : new OrgRecord[] {coreHub, webProd, uat, undiscovered}) {
            assertThat(r.id(), OrgFilter.ANY.matches(r), is(true));
        }
    }

    @Test
    void typeMatchesTheOrgTypeAndNeverAnUndiscoveredOne() {
        OrgFilter production = OrgFilter.parse("production", null, null);
        assertThat(production.matches(coreHub), is(true));
        assertThat(production.matches(uat), is(false));
        assertThat(production.matches(undiscovered), is(false));
        assertThat(OrgFilter.parse("sandbox", null, null).matches(uat), is(true));
    }

    @Test
    void devHubMatchesTheFlagBothWays() {
        assertThat(OrgFilter.parse(null, "true", null).matches(coreHub), is(true));
        assertThat(OrgFilter.parse(null, "true", null).matches(webProd), is(false));
        assertThat(OrgFilter.parse(null, "false", null).matches(webProd), is(true));
        assertThat(OrgFilter.parse(null, "false", null).matches(coreHub), is(false));
    }

    @Test
    void metadataMatchesWhenEveryGivenPairIsPresentWithAnEqualValue() {
        assertThat(OrgFilter.parse(null, null, "team=core").matches(coreHub), is(true));
        assertThat(OrgFilter.parse(null, null, "team=core").matches(uat), is(true));
        assertThat(OrgFilter.parse(null, null, "team=core,env=ci").matches(coreHub), is(true));
        assertThat(OrgFilter.parse(null, null, "team=core,env=ci").matches(uat), is(false)); // env missing
        assertThat(OrgFilter.parse(null, null, "team=core").matches(webProd), is(false)); // other value
        assertThat(OrgFilter.parse(null, null, "team=Core").matches(coreHub), is(false)); // values are case-sensitive
        assertThat(OrgFilter.parse(null, null, "Team=core").matches(coreHub), is(false)); // keys too
        assertThat(OrgFilter.parse(null, null, "team=").matches(coreHub), is(false));
    }

    @Test
    void allConditionsMustHold() {
        assertThat(OrgFilter.parse("production", "true", JSON_EXAMPLE).matches(coreHub), is(true));
        assertThat(OrgFilter.parse("sandbox", "true", JSON_EXAMPLE).matches(coreHub), is(false));
        assertThat(OrgFilter.parse("production", "false", JSON_EXAMPLE).matches(coreHub), is(false));
        assertThat(OrgFilter.parse("production", "true", "team=core,env=prod").matches(coreHub), is(false));
    }

    @Test
    void aJsonNumberMatchesTheSameTextInMetadata() {
        OrgRecord versioned = authUrlRecord("v", "v@acme.com")
                .metadata(Map.of("release", "2", "ratio", "1.0"))
                .build();
        assertThat(OrgFilter.parse(null, null, "{\"release\":2,\"ratio\":1.0}").matches(versioned), is(true));
        assertThat(OrgFilter.parse(null, null, "{\"ratio\":1}").matches(versioned), is(false));
    }
}
