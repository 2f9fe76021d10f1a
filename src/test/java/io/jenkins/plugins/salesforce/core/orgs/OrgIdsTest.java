package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.failsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.salesforce.core.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OrgIdsTest {

    @Test
    void theSuffixIsTheCaseChecksumSalesforcePublishes() {
        // Salesforce's documented example: 001A0000006Vm9r is 001A0000006Vm9rIAC.
        assertThat(OrgIds.suffix("001A0000006Vm9r"), is("IAC"));
    }

    @ParameterizedTest
    @CsvSource({
        "00D000000000001, 00D000000000001EAA",
        "00DA0000000ZWQr, 00DA0000000ZWQrMAO",
        "00Dxx0000001gPF, 00Dxx0000001gPFEAY",
    })
    void aFifteenCharacterOrgIdGetsItsSuffix(String id15, String id18) {
        assertThat(OrgIds.toEighteen(id15, "orgId"), is(id18));
    }

    @Test
    void anEighteenCharacterOrgIdIsKeptAsSalesforceSentIt() {
        // The emulator's ids do not carry a true checksum; the registry must not rewrite them.
        assertThat(OrgIds.toEighteen("00D000000000001AAA", "orgId"), is("00D000000000001AAA"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "00D00000000001",
                "00D000000000001AA",
                "001000000000001AAA",
                "00D00000000000-AAA",
                "00D 00000000001"
            })
    void somethingElseIsRefusedNamingTheField(String id) {
        failsWith(Reason.BAD_INPUT, () -> OrgIds.toEighteen(id, "orgId"), "'orgId'", "starts with 00D");
    }

    @Test
    void fifteenAndEighteenCharacterFormsNameTheSameOrg() {
        assertThat(OrgIds.sameOrg("00D000000000001", "00D000000000001EAA"), is(true));
        assertThat(OrgIds.sameOrg("00D000000000001AAA", "00D000000000001EAA"), is(true));
        assertThat(OrgIds.sameOrg("00D00000000000a", "00D00000000000A"), is(false));
        assertThat(OrgIds.sameOrg(null, "00D000000000001"), is(false));
        assertThat(OrgIds.sameOrg("00D", "00D"), is(false));
    }
}
