package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrlRecord;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.devHubRecord;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.failsWith;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.jitRecord;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrgRecordTest {

    @Test
    void aRecordKeepsWhatItWasGivenInNormalForm() {
        OrgRecord r = OrgRecord.builder(" prod ", CredentialType.AUTH_URL)
                .username(" admin@acme.com ")
                .instanceUrl("https://acme.my.salesforce.com/")
                .orgId("00D000000000001")
                .orgType(OrgType.PRODUCTION)
                .devHub(true)
                .defaultDevHub(true)
                .allowAuthUrlExport(true)
                .metadata(Map.of("team", " core ", " env", "ci"))
                .description("Production")
                .build();
        assertThat(r.id(), is("prod"));
        assertThat(r.credentialType(), is(CredentialType.AUTH_URL));
        assertThat(r.username(), is("admin@acme.com"));
        assertThat(r.instanceUrl(), is("https://acme.my.salesforce.com"));
        assertThat(r.orgId(), is("00D000000000001EAA"));
        assertThat(r.orgType(), is(OrgType.PRODUCTION));
        assertThat(r.devHub(), is(true));
        assertThat(r.defaultDevHub(), is(true));
        assertThat(r.allowAuthUrlExport(), is(true));
        assertThat(r.metadata(), is(Map.of("env", "ci", "team", "core")));
        assertThat(r.description(), is("Production"));
        assertThat(r.sandboxName(), is(nullValue()));
        assertThat(r.productionOrgId(), is(nullValue()));
    }

    @Test
    void discoveredFieldsMayBeMissingUntilTheFirstConnection() {
        OrgRecord r =
                OrgRecord.builder("from-casc", CredentialType.AUTH_URL).username("  ").build();
        assertThat(r.username(), is(nullValue()));
        assertThat(r.orgId(), is(nullValue()));
        assertThat(r.orgType(), is(nullValue()));
        assertThat(r.instanceUrl(), is(nullValue()));
        assertThat(r.isProductionOrg(), is(false));
    }

    @Test
    void metadataIsSortedByKeyAndUnmodifiable() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("zeta", "1");
        given.put("alpha", "2");
        given.put("mid", "");
        OrgRecord r = authUrlRecord("prod", "admin@acme.com").metadata(given).build();
        given.put("late", "x");
        assertThat(r.metadata().keySet(), contains("alpha", "mid", "zeta"));
        assertThrows(UnsupportedOperationException.class, () -> r.metadata().put("x", "y"));
    }

    @Test
    void aJitSandboxIsAlwaysASandboxWithoutSecretFlags() {
        OrgRecord r = jitRecord("uat", "UAT", "prod").build();
        assertThat(r.orgType(), is(OrgType.SANDBOX));
        assertThat(r.isJitSandbox(), is(true));
        assertThat(r.credentialType().hasSecret(), is(false));
        assertThat(r.isProductionOrg(), is(false));
        assertThat(r.username(), is(nullValue()));
        assertThat(r.describe(), is("'uat' (JIT sandbox UAT of 'prod')"));
    }

    @Test
    void withCopiesChangeOneFieldAndLeaveTheOriginalAlone() {
        OrgRecord hub = devHubRecord("hub", "hub@acme.com")
                .metadata(Map.of("team", "core"))
                .build();
        OrgRecord copy =
                hub.withDefaultDevHub(true).withMetadata(Map.of("team", "web")).withDescription("Hub");
        assertThat(hub.defaultDevHub(), is(false));
        assertThat(hub.metadata(), is(Map.of("team", "core")));
        assertThat(copy.defaultDevHub(), is(true));
        assertThat(copy.metadata(), is(Map.of("team", "web")));
        assertThat(copy.description(), is("Hub"));
        assertThat(copy.id(), is("hub"));
        assertThat(copy, is(not(hub)));
        assertThat(
                copy.withDefaultDevHub(false)
                        .withMetadata(Map.of("team", "core"))
                        .withDescription(null),
                is(hub));
        assertThat(hub.withUsername("other@acme.com").username(), is("other@acme.com"));
        assertThat(hub.withInstanceUrl("https://x.my.salesforce.com").instanceUrl(), is("https://x.my.salesforce.com"));
        assertThat(hub.withOrgId("00D000000000009AAA").orgId(), is("00D000000000009AAA"));
        assertThat(hub.withOrgType(OrgType.DEVELOPER_EDITION).orgType(), is(OrgType.DEVELOPER_EDITION));
        assertThat(hub.withDevHub(false).devHub(), is(false));
        assertThat(hub.withAllowAuthUrlExport(true).allowAuthUrlExport(), is(true));
    }

    @Test
    void withCopiesAreValidatedToo() {
        OrgRecord prod = authUrlRecord("prod", "admin@acme.com").build();
        failsWith(Reason.BAD_INPUT, () -> prod.withDefaultDevHub(true), "'defaultDevHub'", "Fix:");
        failsWith(Reason.BAD_INPUT, () -> prod.withUsername("not a user"), "'username'");
        OrgRecord defaultHub =
                devHubRecord("hub", "hub@acme.com").defaultDevHub(true).build();
        failsWith(Reason.BAD_INPUT, () -> defaultHub.withDevHub(false), "'defaultDevHub'");
    }

    @Test
    void describeNamesTheIdAndTheUser() {
        assertThat(authUrlRecord("prod", "admin@acme.com").build().describe(), is("'prod' (admin@acme.com)"));
        assertThat(OrgRecord.builder("casc", CredentialType.AUTH_URL).build().describe(), is("'casc'"));
    }

    @Test
    void toStringShowsTheFieldsAndTheDescription() {
        String s = jitRecord("uat", "uat", "prod").description("QA").build().toString();
        assertThat(s, containsString("sandboxName=uat"));
        assertThat(s, containsString("productionOrgId=prod"));
        assertThat(s, containsString("description=QA"));
    }

    static Stream<Arguments> invalidRecords() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("team", null);
        return Stream.of(
                invalid(
                        "a blank id",
                        "'id'",
                        () -> OrgRecord.builder(" ", CredentialType.AUTH_URL).build()),
                invalid(
                        "no id",
                        "'id'",
                        () -> OrgRecord.builder(null, CredentialType.AUTH_URL).build()),
                invalid(
                        "a JWT org without username",
                        "'username'",
                        () -> OrgRecord.builder("j", CredentialType.JWT).build()),
                invalid(
                        "a username that is not an email",
                        "'username'",
                        () -> authUrlRecord("p", "admin").build()),
                invalid(
                        "a username with a space",
                        "'username'",
                        () -> authUrlRecord("p", "ad min@acme.com").build()),
                invalid(
                        "an instance URL without scheme",
                        "'instanceUrl'",
                        () -> authUrlRecord("p", "a@b.c")
                                .instanceUrl("acme.my.salesforce.com")
                                .build()),
                invalid(
                        "an ftp instance URL",
                        "'instanceUrl'",
                        () -> authUrlRecord("p", "a@b.c")
                                .instanceUrl("ftp://acme.my.salesforce.com")
                                .build()),
                invalid(
                        "an instance URL with a query",
                        "'instanceUrl'",
                        () -> authUrlRecord("p", "a@b.c")
                                .instanceUrl("https://acme.my.salesforce.com?x=1")
                                .build()),
                invalid(
                        "an instance URL with a user",
                        "'instanceUrl'",
                        () -> authUrlRecord("p", "a@b.c")
                                .instanceUrl("https://u@acme.my.salesforce.com")
                                .build()),
                invalid(
                        "a malformed org id",
                        "'orgId'",
                        () -> authUrlRecord("p", "a@b.c").orgId("12345").build()),
                invalid(
                        "a blank metadata key",
                        "'metadata'",
                        () -> authUrlRecord("p", "a@b.c")
                                .metadata(Map.of(" ", "v"))
                                .build()),
                invalid(
                        "a metadata key with =",
                        "'metadata'",
                        () -> authUrlRecord("p", "a@b.c")
                                .metadata(Map.of("a=b", "v"))
                                .build()),
                invalid(
                        "a metadata key with a comma",
                        "'metadata'",
                        () -> authUrlRecord("p", "a@b.c")
                                .metadata(Map.of("a,b", "v"))
                                .build()),
                invalid(
                        "a metadata key starting with {",
                        "'metadata'",
                        () -> authUrlRecord("p", "a@b.c")
                                .metadata(Map.of("{a", "v"))
                                .build()),
                invalid(
                        "a metadata key without value",
                        "'metadata'",
                        () -> authUrlRecord("p", "a@b.c").metadata(nullValue).build()),
                invalid(
                        "a metadata key given twice",
                        "'metadata'",
                        () -> authUrlRecord("p", "a@b.c")
                                .metadata(Map.of("team", "a", " team", "b"))
                                .build()),
                invalid(
                        "a default Dev Hub that is not a Dev Hub",
                        "'defaultDevHub'",
                        () -> authUrlRecord("p", "a@b.c").defaultDevHub(true).build()),
                invalid(
                        "a sandbox marked Dev Hub",
                        "'devHub'",
                        () -> authUrlRecord("p", "a@b.c")
                                .orgType(OrgType.SANDBOX)
                                .devHub(true)
                                .build()),
                invalid(
                        "a scratch org marked Dev Hub",
                        "'devHub'",
                        () -> authUrlRecord("p", "a@b.c")
                                .orgType(OrgType.SCRATCH)
                                .devHub(true)
                                .build()),
                invalid(
                        "auth URL export on a JWT org",
                        "'allowAuthUrlExport'",
                        () -> OrgRecord.builder("j", CredentialType.JWT)
                                .username("a@b.c")
                                .allowAuthUrlExport(true)
                                .build()),
                invalid(
                        "auth URL export on a JIT sandbox",
                        "'allowAuthUrlExport'",
                        () -> jitRecord("s", "uat", "prod")
                                .allowAuthUrlExport(true)
                                .build()),
                invalid(
                        "a JIT sandbox without name",
                        "'sandboxName'",
                        () -> jitRecord("s", null, "prod").build()),
                invalid(
                        "a JIT sandbox name of 11 characters",
                        "'sandboxName'",
                        () -> jitRecord("s", "abcdefghijk", "prod").build()),
                invalid(
                        "a JIT sandbox name with a dash",
                        "'sandboxName'",
                        () -> jitRecord("s", "qa-1", "prod").build()),
                invalid(
                        "a JIT sandbox without production org",
                        "'productionOrgId'",
                        () -> jitRecord("s", "uat", " ").build()),
                invalid(
                        "a JIT sandbox hanging off itself",
                        "'productionOrgId'",
                        () -> jitRecord("s", "uat", "s").build()),
                invalid(
                        "a JIT sandbox of type Production",
                        "'orgType'",
                        () -> jitRecord("s", "uat", "prod")
                                .orgType(OrgType.PRODUCTION)
                                .build()),
                invalid(
                        "a JIT sandbox marked Dev Hub",
                        "'devHub'",
                        () -> jitRecord("s", "uat", "prod").devHub(true).build()),
                invalid(
                        "a sandbox name on an auth URL org",
                        "'sandboxName'",
                        () -> authUrlRecord("p", "a@b.c").sandboxName("uat").build()),
                invalid(
                        "a production org on an auth URL org",
                        "'productionOrgId'",
                        () -> authUrlRecord("p", "a@b.c")
                                .productionOrgId("prod")
                                .build()));
    }

    private static Arguments invalid(String what, String field, Executable build) {
        return Arguments.of(what, field, build);
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @MethodSource("invalidRecords")
    void invalidRecordsAreRefusedNamingTheFieldAndTheFix(String what, String field, Executable build) {
        failsWith(Reason.BAD_INPUT, build, field, " Fix: ");
    }

    @Test
    void sandboxNamesOfOneToTenLettersAndDigitsAreAccepted() {
        for (String name : new String[] {"a", "uat", "DEV2", "abcdefghij", "0123456789"}) {
            assertThat(jitRecord("s", name, "prod").build().sandboxName(), is(name));
        }
    }
}
