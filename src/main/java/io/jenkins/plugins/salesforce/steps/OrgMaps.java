package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The one shape of an org and of a connection test, as plain serializable maps, never with a secret: what the steps
 * return, and what the REST actions, the CLI's JSON and {@code api/json} ({@code ui.OrgView}, which adds where the org
 * is registered and its last test) show. A JIT sandbox's production org is {@code productionOrg} (its credentials
 * id); URLs have no trailing slash.
 */
@Restricted(NoExternalUse.class)
public final class OrgMaps {
    private OrgMaps() {}

    public static Map<String, Object> of(OrgRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("credentialType", r.credentialType().label());
        m.put("username", r.username());
        m.put("instanceUrl", url(r.instanceUrl()));
        m.put("orgId", r.orgId());
        m.put("orgType", r.orgType() == null ? null : r.orgType().label());
        m.put("devHub", r.devHub());
        m.put("defaultDevHub", r.defaultDevHub());
        m.put("allowAuthUrlExport", r.allowAuthUrlExport());
        m.put("jitSandbox", r.isJitSandbox());
        m.put("sandboxName", r.sandboxName());
        m.put("productionOrg", r.productionOrgId());
        m.put("metadata", new LinkedHashMap<>(r.metadata()));
        m.put("description", r.description());
        return m;
    }

    public static Map<String, Object> of(ConnectionTest t) {
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

    /** A URL as every answer writes it: without a trailing slash. */
    @CheckForNull
    public static String url(@CheckForNull Object url) {
        String s = url == null ? null : url.toString();
        return s != null && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
