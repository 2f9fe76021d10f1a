package io.jenkins.plugins.salesforce.core.api;

import io.jenkins.plugins.salesforce.core.OrgType;

/** The Organization record, the fields the plugin reads from Salesforce's {@code Organization} object. */
public record Organization(
        String id,
        String name,
        String instanceName,
        boolean isSandbox,
        String trialExpirationDate,
        String namespacePrefix,
        String organizationType) {

    /** The plugin's org type, by the rule of {@link OrgType#classify}. */
    public OrgType orgType() {
        return OrgType.classify(isSandbox, trialExpirationDate, organizationType);
    }
}
