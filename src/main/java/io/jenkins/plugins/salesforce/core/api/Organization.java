package io.jenkins.plugins.salesforce.core.api;

import io.jenkins.plugins.salesforce.core.OrgType;

/** The Organization record (SALESFORCE.md §6.3). */
public record Organization(
        String id,
        String name,
        String instanceName,
        boolean isSandbox,
        String trialExpirationDate,
        String namespacePrefix,
        String organizationType) {

    /** The plugin's org type by the §6.3 table. */
    public OrgType orgType() {
        return OrgType.classify(isSandbox, trialExpirationDate, organizationType);
    }
}
