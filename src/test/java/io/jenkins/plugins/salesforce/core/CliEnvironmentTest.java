package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The variables and map keys a build receives for an org. */
class CliEnvironmentTest {
    private static final String TOKEN = "00D5g000004FAKE!AQ4AQ.with$dollar'quote";

    private static TokenResult token(String username, String orgId, OrgType type) {
        return new TokenResult(
                SecretText.of(TOKEN),
                URI.create("https://acme.my.salesforce.com/"),
                username,
                orgId,
                type,
                Instant.parse("2026-11-23T14:00:00Z"));
    }

    @Test
    void theTokenIsBothTheAccessTokenAndTheTargetOrgAndNothingElse() {
        Map<String, SecretText> secrets = CliEnvironment.secrets(token("a@b.c", "00D000000000001AAA", OrgType.SANDBOX));
        assertThat(secrets.keySet(), contains("SF_ACCESS_TOKEN", "SF_TARGET_ORG"));
        assertThat(secrets.get("SF_TARGET_ORG").reveal(), is(TOKEN));
        assertThat(secrets.keySet(), is(CliEnvironment.SECRET_VARIABLES));
    }

    @Test
    void aBlockAskedForADevHubAlsoGetsTheTokenAsTheDefaultDevHub() {
        TokenResult hub = token("a@b.c", "00D000000000001AAA", OrgType.PRODUCTION);
        Map<String, SecretText> secrets = CliEnvironment.secrets(hub, true);
        assertThat(secrets.keySet(), contains("SF_ACCESS_TOKEN", "SF_TARGET_ORG", "SF_TARGET_DEV_HUB"));
        assertThat(secrets.get("SF_TARGET_DEV_HUB").reveal(), is(TOKEN));
        assertThat(secrets.keySet(), is(CliEnvironment.DEV_HUB_SECRET_VARIABLES));
        assertThat(
                "an org not asked for as a Dev Hub",
                CliEnvironment.secrets(hub, false),
                not(hasKey("SF_TARGET_DEV_HUB")));
        assertThat(CliEnvironment.secrets(hub), is(CliEnvironment.secrets(hub, false)));
    }

    @Test
    void theInstanceUrlIsSetUnderTheNameSfdxCoreReadsAndUnderTheOldName() {
        Map<String, String> facts = CliEnvironment.facts(token("a@b.c", "00D000000000001AAA", OrgType.PRODUCTION));
        assertThat(facts, hasEntry("SF_ORG_INSTANCE_URL", "https://acme.my.salesforce.com"));
        assertThat(facts, hasEntry("SF_INSTANCE_URL", "https://acme.my.salesforce.com"));
        assertThat(CliEnvironment.ALL_VARIABLES.containsAll(facts.keySet()), is(true));
        assertThat(CliEnvironment.ALL_VARIABLES.containsAll(CliEnvironment.DEV_HUB_SECRET_VARIABLES), is(true));
    }

    @Test
    void factsHoldNoTokenAndLeaveUnknownFactsUnset() {
        Map<String, String> known =
                CliEnvironment.facts(token("a@b.c", "00D000000000001AAA", OrgType.DEVELOPER_EDITION));
        assertThat(known, hasEntry("SF_INSTANCE_URL", "https://acme.my.salesforce.com"));
        assertThat(known, hasEntry("SF_ORG_TYPE", "Developer Edition"));
        assertThat(
                "when the token stops being handed out",
                known,
                hasEntry("SF_TOKEN_EXPIRES_AT", "2026-11-23T14:00:00Z"));
        assertThat(known.values().contains(TOKEN), is(false));
        Map<String, String> unknown = CliEnvironment.facts(token(null, null, null));
        assertThat(unknown, not(hasKey("SF_USERNAME")));
        assertThat(unknown, not(hasKey("SF_ORG_TYPE")));
    }

    @Test
    void theTokenMapHasItsSixKeysInOrder() {
        Map<String, String> m = CliEnvironment.tokenMap(token("a@b.c", "00D000000000001AAA", null));
        assertThat(m.keySet(), contains("accessToken", "instanceUrl", "username", "orgId", "orgType", "expiresAt"));
        assertThat(m.get("orgType"), nullValue());
        assertThat(m.get("expiresAt"), is("2026-11-23T14:00:00Z"));
    }

    @Test
    void readTakesTheBareUrlOrTheSfJsonAndQuotesNeither() {
        SalesforceHosts hosts = SalesforceHosts.defaults();
        String url = "force://PlatformCLI::5Aep861FAKErefresh.token_1@acme.my.salesforce.com";
        assertThat(SfdxAuthUrl.read("  " + url + "\n", hosts).host(), is("acme.my.salesforce.com"));
        String json = "{\"status\":0,\"result\":{\"username\":\"a@b.c\",\"sfdxAuthUrl\":\"" + url + "\"}}";
        assertThat(SfdxAuthUrl.read(json, hosts).host(), is("acme.my.salesforce.com"));
        SalesforceAuthException e = assertThrows(
                SalesforceAuthException.class, () -> SfdxAuthUrl.read("{\"result\":{\"x\":\"5Aep861FAKE\"}}", hosts));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(e.getMessage().contains("5Aep861FAKE"), is(false));
    }
}
