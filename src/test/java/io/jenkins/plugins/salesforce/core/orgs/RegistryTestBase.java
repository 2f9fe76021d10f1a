package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrl;

import io.jenkins.plugins.salesforce.core.OrgType;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;

/** A registry over an in-memory store and a fake Salesforce; new ids are org-1, org-2, ... */
abstract class RegistryTestBase {
    InMemoryOrgStore store;
    FakeSalesforce salesforce;
    OrgRegistry registry;
    OrgResolver resolver;
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger orgIds = new AtomicInteger(100);

    @BeforeEach
    void createRegistry() {
        store = new InMemoryOrgStore();
        salesforce = new FakeSalesforce();
        registry = new OrgRegistry(store, salesforce, salesforce, () -> "org-" + ids.incrementAndGet());
        resolver = new OrgResolver(store);
    }

    /** A fresh 18-character org id. */
    String nextOrgId() {
        return String.format("00D%012dAAA", orgIds.incrementAndGet());
    }

    /** Makes Salesforce know an auth URL named {@code name} for this user and registers it with the id {@code name}. */
    OrgRecord registered(String name, String username, OrgType type, boolean devHub) {
        AuthUrlSecret secret = authUrl(name);
        salesforce.org(secret, FakeSalesforce.discovered(nextOrgId(), username, type, devHub));
        return registry.register(RegistrationRequest.of(secret).withId(name));
    }

    /** Resets the call counters, so that a test can assert what its own step called. */
    void forgetCalls() {
        salesforce.validations.set(0);
        salesforce.sandboxValidations.set(0);
    }
}
