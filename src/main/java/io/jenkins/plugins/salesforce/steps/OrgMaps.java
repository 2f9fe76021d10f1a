package io.jenkins.plugins.salesforce.steps;

import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** Registered orgs and connection tests as the maps the steps return: plain, serializable, never a secret. */
final class OrgMaps {
    private OrgMaps() {}

    static Map<String, Object> of(OrgRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind().label());
        m.put("username", r.username());
        m.put("instanceUrl", r.instanceUrl());
        m.put("orgId", r.orgId());
        m.put("orgType", r.orgType() == null ? null : r.orgType().label());
        m.put("devHub", r.devHub());
        m.put("defaultDevHub", r.defaultDevHub());
        m.put("metadata", new LinkedHashMap<>(r.metadata()));
        m.put("allowAuthUrlExport", r.allowAuthUrlExport());
        m.put("sandboxName", r.sandboxName());
        m.put("productionOrgId", r.productionOrgId());
        m.put("description", r.description());
        return m;
    }

    static Map<String, Object> of(ConnectionTest t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("org", t.org());
        m.put("ok", t.ok());
        m.put("checkedAt", t.checkedAt().toString());
        m.put("orgId", t.orgId());
        m.put("username", t.username());
        m.put("orgType", t.orgType() == null ? null : t.orgType().label());
        m.put("reason", t.reason() == null ? null : t.reason().name());
        m.put("message", t.message());
        m.put("salesforceError", t.salesforceError());
        m.put("fix", t.fix());
        m.put("summary", t.summary());
        return m;
    }
}
