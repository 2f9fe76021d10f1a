package io.jenkins.plugins.salesforce.credentials;

import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgStoreContract;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.BeforeEach;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The core's {@link OrgStoreContract}, run against the Jenkins system credential store. */
@WithJenkins
class CredentialsOrgStoreContractTest extends OrgStoreContract {
    private JenkinsRule j;

    /** Starts Jenkins (the extension starts it when the rule is first asked for). */
    @BeforeEach
    void jenkins(JenkinsRule j) {
        this.j = j;
    }

    /**
     * The contract creates its store in its own {@code @BeforeEach}, which runs before this class's, so before Jenkins
     * exists: the store is bound to the system credential store on its first call.
     */
    @Override
    protected OrgStore newStore() {
        OrgStore[] real = new OrgStore[1];
        return (OrgStore) Proxy.newProxyInstance(
                OrgStore.class.getClassLoader(), new Class<?>[] {OrgStore.class}, (proxy, method, args) -> {
                    if (real[0] == null) {
                        real[0] = new CredentialsOrgStore(EmulatedSalesforce.systemStore(), false);
                    }
                    try {
                        return method.invoke(real[0], args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
