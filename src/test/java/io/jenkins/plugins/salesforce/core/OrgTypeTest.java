package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plugin's org-type decision table, one row per case, first match wins. */
class OrgTypeTest {

    @ParameterizedTest(name = "IsSandbox={0}, TrialExpirationDate={1}, OrganizationType={2} -> {3}")
    @CsvSource(
            nullValues = "null",
            value = {
                // IsSandbox, TrialExpirationDate, OrganizationType, expected
                "true,  2026-12-01T00:00:00.000+0000, Developer Edition,  SCRATCH",
                "true,  2026-12-01T00:00:00.000+0000, Enterprise Edition, SCRATCH",
                "true,  null,                         Enterprise Edition, SANDBOX",
                "true,  null,                         Developer Edition,  SANDBOX",
                "false, null,                         Developer Edition,  DEVELOPER_EDITION",
                "false, 2026-12-01T00:00:00.000+0000, Developer Edition,  DEVELOPER_EDITION",
                "false, 2026-12-01T00:00:00.000+0000, Enterprise Edition, TRIAL",
                "false, null,                         Enterprise Edition, PRODUCTION",
                "false, null,                         Unlimited Edition,  PRODUCTION",
                "false, null,                         null,               PRODUCTION",
            })
    void classifiesByTheDecisionTable(boolean isSandbox, String trial, String organizationType, OrgType expected) {
        assertThat(OrgType.classify(isSandbox, trial, organizationType), is(expected));
    }

    @ParameterizedTest
    @CsvSource({
        "sandbox, SANDBOX",
        "Developer Edition, DEVELOPER_EDITION",
        "developer_edition, DEVELOPER_EDITION",
        "PRODUCTION, PRODUCTION",
        " scratch , SCRATCH",
        "developer-edition, DEVELOPER_EDITION"
    })
    void parsesWhatUsersWrite(String text, OrgType expected) {
        assertThat(OrgType.parse(text), is(expected));
    }

    @org.junit.jupiter.api.Test
    void anUnknownTypeNamesTheValidOnes() {
        SalesforceAuthException e = assertThrows(SalesforceAuthException.class, () -> OrgType.parse("Prod"));
        assertThat(e.reason(), is(Reason.BAD_INPUT));
        assertThat(
                e.getMessage(), containsString("Use one of: Production, Sandbox, Scratch, Developer Edition, Trial."));
    }
}
