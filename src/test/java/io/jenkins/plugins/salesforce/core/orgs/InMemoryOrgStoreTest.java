package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrlRecord;
import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.withSecret;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryOrgStoreTest extends OrgStoreContract {

    @Override
    protected OrgStore newStore() {
        return new InMemoryOrgStore();
    }

    @Test
    void listsOrgsInTheOrderTheyWereFirstAddedAndUpdatesKeepTheirPlace() {
        store.save(withSecret(authUrlRecord("b", "b@acme.com").build()));
        store.save(withSecret(authUrlRecord("a", "a@acme.com").build()));
        store.save(withSecret(authUrlRecord("c", "c@acme.com").build()));
        store.save(withSecret(
                authUrlRecord("x", "B@acme.com").metadata(Map.of("v", "2")).build()));
        assertThat(store.list().stream().map(OrgRecord::id).toList(), contains("b", "a", "c"));
    }
}
