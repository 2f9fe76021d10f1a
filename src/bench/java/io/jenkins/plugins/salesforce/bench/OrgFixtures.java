package io.jenkins.plugins.salesforce.bench;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgFilter;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgResolver;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.util.Map;

/**
 * A registry of many orgs for the list/filter benchmark: no Salesforce involved, the records are stored directly.
 * Org {@code i} has type Production, Sandbox, Scratch or Developer Edition in turn (every 8th Production org is a Dev
 * Hub), and metadata {@code repository=acme/repo-<i % 50>}, {@code team=t<i % 7>}. Ids are zero-padded, inserted in
 * a scrambled order so that the registry's sort by id has work to do.
 */
final class OrgFixtures {
    /** Sandboxes of one repository: about 1 org in 200 of the store. */
    static final OrgFilter SANDBOXES_OF_ONE_REPO =
            new OrgFilter(OrgType.SANDBOX, null, Map.of("repository", "acme/repo-7"));
    /** The Dev Hubs: about 1 org in 32. */
    static final OrgFilter DEV_HUBS = new OrgFilter(null, Boolean.TRUE, null);

    private static final OrgType[] TYPES = {
        OrgType.PRODUCTION, OrgType.SANDBOX, OrgType.SCRATCH, OrgType.DEVELOPER_EDITION
    };

    private OrgFixtures() {}

    static OrgResolver registryOf(int orgs) {
        InMemoryOrgStore store = new InMemoryOrgStore();
        for (int k = 0; k < orgs; k++) {
            int i = (int) ((k * 7919L) % orgs); // a permutation of 0..orgs-1 when orgs is not a multiple of 7919
            store.save(new RegisteredOrg(record(i), secret(i)));
        }
        if (store.list().size() != orgs) {
            throw new IllegalStateException(
                    "expected " + orgs + " orgs, stored " + store.list().size());
        }
        return new OrgResolver(store);
    }

    private static OrgRecord record(int i) {
        OrgType type = TYPES[i % TYPES.length];
        return OrgRecord.builder(String.format("org-%05d", i), CredentialType.AUTH_URL)
                .username("ci" + i + "@acme.example.com")
                .orgId(String.format("00D%012d", i))
                .orgType(type)
                .instanceUrl("https://acme" + i + ".my.salesforce.com")
                .devHub(type == OrgType.PRODUCTION && i % 8 == 0)
                .metadata(Map.of("repository", "acme/repo-" + (i % 50), "team", "t" + (i % 7)))
                .build();
    }

    private static AuthUrlSecret secret(int i) {
        return new AuthUrlSecret(
                SecretText.of("force://PlatformCLI::5Aep861BENCH" + i + "@acme" + i + ".my.salesforce.com"));
    }
}
