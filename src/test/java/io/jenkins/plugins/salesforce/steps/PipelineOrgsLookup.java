package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.security.ACL;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
import java.util.List;
import jenkins.model.Jenkins;

/** The stored {@code prod} credential as it is now (its fingerprint changes when first use fills in its facts). */
final class PipelineOrgsLookup {
    private PipelineOrgsLookup() {}

    static SalesforceAuthUrlCredentialsImpl prod() {
        return CredentialsProvider.lookupCredentialsInItemGroup(
                        SalesforceAuthUrlCredentialsImpl.class, Jenkins.get(), ACL.SYSTEM2, List.of())
                .stream()
                .filter(c -> c.getId().equals("prod"))
                .findFirst()
                .orElseThrow();
    }
}
