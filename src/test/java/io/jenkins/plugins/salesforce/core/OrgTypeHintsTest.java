package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Guesses of an org's type from its URL or instance name. */
class OrgTypeHintsTest {

    @ParameterizedTest(name = "{0}: sandbox hint {1}")
    @CsvSource({
        "https://acme--uat.sandbox.my.salesforce.com, true",
        "https://acme--uat.sandbox.my.salesforce.mil, true",
        "https://cs42.salesforce.com, true",
        "https://cs42.my.salesforce.com, true",
        "https://acme--uat.cs42.my.salesforce.com, true",
        "https://cs7.force.com, true",
        "https://acme--uat.my.salesforce.com, true",
        "https://usa2s.sfdc-yfeipo.salesforce.com, true",
        "https://usa2s.sfdc-yfeipo.force.com, true",
        "https://test.salesforce.com, true",
        "https://TEST.SALESFORCE.COM, true",
        "https://login.salesforce.com, false",
        "https://acme.my.salesforce.com, false",
        "https://fun-cat-1234.scratch.my.salesforce.com, false",
        "https://na139.salesforce.com, false",
        "https://usa2.sfdc-yfeipo.salesforce.com, false"
    })
    void sandboxHintFollowsTheOldSfdxHeuristics(String url, boolean sandbox) {
        assertThat(OrgTypeHints.isSandboxHint(URI.create(url)), is(sandbox));
    }

    @ParameterizedTest(name = "{0}: scratch {1}, developer edition {2}")
    @CsvSource({
        "https://fun-cat-1234.scratch.my.salesforce.com, true, false",
        "https://acme-dev-ed.develop.my.salesforce.com, false, true",
        "https://acme.my.salesforce.com, false, false",
        "https://scratch.my.salesforce.com.evil.com, false, false"
    })
    void scratchAndDeveloperEditionHintsComeFromTheMyDomainSuffix(String url, boolean scratch, boolean developer) {
        assertThat(OrgTypeHints.isScratchHint(URI.create(url)), is(scratch));
        assertThat(OrgTypeHints.isDeveloperEditionHint(URI.create(url)), is(developer));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"CS42, true", "USA2S, true", "NA139, false", "'', false"})
    void instanceNameHintIsCsPrefixOrSSuffix(String instanceName, boolean sandbox) {
        assertThat(OrgTypeHints.isSandboxInstanceNameHint(instanceName), is(sandbox));
    }

    @Test
    void hintsAreFalseForNull() {
        assertThat(OrgTypeHints.isSandboxHint(null), is(false));
        assertThat(OrgTypeHints.isScratchHint(null), is(false));
        assertThat(OrgTypeHints.isDeveloperEditionHint(null), is(false));
        assertThat(OrgTypeHints.isSandboxInstanceNameHint(null), is(false));
    }
}
