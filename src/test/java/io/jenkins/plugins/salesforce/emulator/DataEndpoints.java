package io.jenkins.plugins.salesforce.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /services/data} and the versioned REST and Tooling endpoints. Lock held. */
final class DataEndpoints {
    private static final Pattern VERSIONED = Pattern.compile("^/services/data/v([^/]+)(/.*)?$");
    static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private static final List<String> ORGANIZATION_FIELDS = List.of(
            "Id",
            "Name",
            "InstanceName",
            "IsSandbox",
            "TrialExpirationDate",
            "NamespacePrefix",
            "OrganizationType",
            "PrimaryContact",
            "Country",
            "LanguageLocaleKey",
            "CreatedDate");
    private static final List<String> SCRATCH_ORG_INFO_FIELDS = List.of(
            "Id",
            "OwnerId",
            "CreatedById",
            "CreatedDate",
            "LastModifiedDate",
            "IsDeleted",
            "SignupUsername",
            "SignupEmail",
            "SignupInstance",
            "LoginUrl",
            "ScratchOrg",
            "Status",
            "ErrorCode",
            "ExpirationDate",
            "DurationDays",
            "Edition",
            "OrgName",
            "AuthCode",
            "ConnectedAppConsumerKey",
            "ConnectedAppCallbackUrl",
            "Namespace",
            "Features");
    static final List<String> SCRATCH_ORG_INFO_CUSTOM_FIELDS =
            List.of("SfdxAuthUrl__c", "Pooltag__c", "Password__c", "Allocation_status__c");
    private static final List<String> ACTIVE_SCRATCH_ORG_FIELDS = List.of(
            "Id",
            "SignupUsername",
            "ScratchOrg",
            "ScratchOrgInfoId",
            "ExpirationDate",
            "CreatedDate",
            "Edition",
            "OrgName",
            "OwnerId");
    private static final List<String> SANDBOX_PROCESS_FIELDS = List.of(
            "Id",
            "Status",
            "SandboxName",
            "SandboxInfoId",
            "LicenseType",
            "CreatedDate",
            "CreatedById",
            "CopyProgress",
            "SandboxOrganization",
            "SourceId",
            "Description",
            "StartDate",
            "EndDate",
            "Features");
    private static final List<String> SANDBOX_INFO_FIELDS = List.of(
            "Id",
            "IsDeleted",
            "CreatedDate",
            "CreatedById",
            "LastModifiedDate",
            "LastModifiedById",
            "SandboxName",
            "LicenseType",
            "TemplateId",
            "HistoryDays",
            "CopyChatter",
            "AutoActivate",
            "ApexClassId",
            "Description",
            "SourceId",
            "ActivationUserGroupId",
            "Features",
            "PostCopyConfig");

    private final SalesforceEmulator em;
    private final OAuthEndpoints oauth;

    DataEndpoints(SalesforceEmulator em) {
        this.em = em;
        this.oauth = new OAuthEndpoints(em);
    }

    static String latestVersion(Org org) {
        String best = null;
        double max = -1;
        for (String v : org.apiVersions()) {
            try {
                double d = Double.parseDouble(v);
                if (d > max) {
                    max = d;
                    best = v;
                }
            } catch (NumberFormatException e) {
                // not a version: skip
            }
        }
        return best;
    }

    Responses versions(Call call) {
        List<String> versions = call.host.isInstance() ? call.host.org().apiVersions() : Org.DEFAULT_API_VERSIONS;
        List<Map<String, Object>> out = new ArrayList<>();
        for (String v : versions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", label(v));
            m.put("url", "/services/data/v" + v);
            m.put("version", v);
            out.add(m);
        }
        return Responses.json(200, out);
    }

    /** A release name in Salesforce's pattern: 67.0 is Winter '27, 66.0 Summer '26, 65.0 Spring '26, and so on. */
    static String label(String version) {
        int v;
        try {
            v = (int) Double.parseDouble(version);
        } catch (NumberFormatException e) {
            return version;
        }
        int k = 67 - v;
        int cycle = Math.floorDiv(k, 3);
        int r = Math.floorMod(k, 3);
        int year = (r == 0 ? 27 : 26) - cycle;
        String season = r == 0 ? "Winter" : r == 1 ? "Summer" : "Spring";
        return season + " '" + String.format("%02d", Math.floorMod(year, 100));
    }

    Responses rest(Call call) {
        if (!call.host.isInstance()) {
            return Responses.restError(
                    404,
                    "NOT_FOUND",
                    "The requested resource does not exist (the emulator serves "
                            + "the REST API on instance hosts only: use the instance_url)");
        }
        Org org = call.host.org();
        Matcher m = VERSIONED.matcher(call.path);
        if (!m.matches() || !org.apiVersions().contains(m.group(1))) {
            return Responses.notFound();
        }
        String version = m.group(1);
        AccessToken session = oauth.session(call, false);
        if (session == null) {
            return Responses.invalidSession();
        }
        String allowed = allowedMethods(call);
        if (!List.of(allowed.split(",")).contains(call.method)) {
            return Responses.restError(
                    405,
                    "METHOD_NOT_ALLOWED",
                    "HTTP Method '" + call.method + "' not allowed. Allowed are " + allowed);
        }
        return switch (call.endpoint) {
            case API_RESOURCES -> resources(version, session);
            case LIMITS -> limits(org);
            case QUERY -> "true".equals(call.query.get("columns"))
                    ? columns(call, org, version, false)
                    : query(call, org, version, false);
            case TOOLING_QUERY -> "true".equals(call.query.get("columns"))
                    ? columns(call, org, version, true)
                    : query(call, org, version, true);
            case USER_RECORD -> userRecord(call, org, version);
            case SCRATCH_ORG_INFO -> switch (call.method) {
                case "POST" -> createScratchOrgInfo(call, org, session);
                case "PATCH" -> updateScratchOrgInfo(call, org);
                default -> scratchOrgInfoRecord(call, org, version);
            };
            case SCRATCH_ORG_INFO_DESCRIBE -> describeScratchOrgInfo(org);
            case SANDBOX_AUTH -> sandboxAuth(call, org, session);
            default -> Responses.notFound();
        };
    }

    /** The methods an endpoint takes, as Salesforce lists them in a 405. */
    private static String allowedMethods(Call call) {
        if (call.endpoint == Endpoint.SANDBOX_AUTH) {
            return "POST";
        }
        if (call.endpoint == Endpoint.SCRATCH_ORG_INFO) {
            return isScratchOrgInfoCollection(call) ? "GET,HEAD,POST" : "GET,HEAD,PATCH,DELETE";
        }
        return "GET,HEAD";
    }

    private static boolean isScratchOrgInfoCollection(Call call) {
        return call.path.replaceAll("/+$", "").endsWith("/sobjects/ScratchOrgInfo");
    }

    // ---------------------------------------------------------------- version root, limits

    /**
     * {@code GET /services/data/vXX.X}: the resources of the version, relative URLs but for the caller's identity
     * URL, which is on the org's own host here (token responses name the login host). Lists the resources the
     * emulator serves; Salesforce lists more (chatter, composite, ...).
     */
    private static Responses resources(String version, AccessToken session) {
        String base = "/services/data/v" + version;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tooling", base + "/tooling");
        m.put("identity", session.org().instanceUrl() + "/id/" + session.org().id() + "/" + session.user().id());
        m.put("limits", base + "/limits");
        m.put("query", base + "/query");
        m.put("sobjects", base + "/sobjects");
        return Responses.json(200, m);
    }

    /**
     * {@code GET /services/data/vXX.X/limits}: the org's limits as {@code {"Name":{"Max":n,"Remaining":n}}}.
     * DailyApiRequests counts the REST requests the emulator has seen for the org; the scratch org limits count the
     * Dev Hub's active scratch orgs (Dev Hubs only, as in Salesforce); the rest are full.
     */
    private Responses limits(Org org) {
        long restCalls = em.requests().all().stream()
                .filter(r -> r.endpoint().isRest() && org.id().equals(r.orgId()))
                .count();
        Map<String, Object> m = new LinkedHashMap<>();
        if (org.isDevHub()) {
            long active = org.scratchOrgInfos().stream()
                    .filter(s -> "Active".equals(s.status()))
                    .count();
            m.put("ActiveScratchOrgs", limit(200, 200 - active));
        }
        m.put("DailyApiRequests", limit(100_000, 100_000 - restCalls));
        m.put("DailyAsyncApexExecutions", limit(250_000, 250_000));
        m.put("DailyBulkV2QueryJobs", limit(10_000, 10_000));
        if (org.isDevHub()) {
            m.put("DailyScratchOrgs", limit(400, 400 - org.scratchOrgInfos().size()));
        }
        m.put("DataStorageMB", limit(1024, 1024));
        m.put("FileStorageMB", limit(10_240, 10_240));
        m.put("HourlyODataCallout", limit(20_000, 20_000));
        m.put("SingleEmailMessages", limit(5_000, 5_000));
        return Responses.json(200, m);
    }

    private static Map<String, Object> limit(long max, long remaining) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Max", max);
        m.put("Remaining", Math.max(0, remaining));
        return m;
    }

    // ---------------------------------------------------------------- query

    /**
     * {@code query?q=...&columns=true}: what the query would return, without running it. The CLI asks for it to lay
     * out {@code sf data query}'s table (and its JSON).
     */
    private Responses columns(Call call, Org org, String version, boolean tooling) {
        String soql = call.query.get("q");
        try {
            Soql.Query q = Soql.parse(soql);
            Soql.Table table = table(q, org, version, tooling);
            List<String> columns = Soql.columns(q, table);
            Map<String, Object> sample = table.rows().isEmpty() ? Map.of() : table.rows().get(0);
            List<Map<String, Object>> metadata = new ArrayList<>();
            for (String c : columns) {
                String apexType = apexType(c, sample.get(c));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("aggregate", false);
                m.put("apexType", apexType);
                m.put("booleanType", apexType.equals("Boolean"));
                m.put("columnName", c);
                m.put("custom", c.endsWith("__c"));
                m.put("displayName", c);
                m.put("foreignKeyName", null);
                m.put("insertable", !c.equals("Id") && !table.object().equals("Organization"));
                m.put("joinColumns", List.of());
                m.put("numberType", apexType.equals("Integer") || apexType.equals("Double"));
                m.put("textType", apexType.equals("String"));
                m.put("updatable", !c.equals("Id"));
                metadata.add(m);
            }
            Object firstId = sample.get("Id");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("columnMetadata", metadata);
            out.put("entityName", table.object());
            out.put("groupBy", false);
            out.put("idSelected", columns.contains("Id"));
            out.put("keyPrefix", firstId instanceof String id && id.length() >= 3 ? id.substring(0, 3) : null);
            return Responses.json(200, out);
        } catch (Soql.SoqlException e) {
            return Responses.restError(400, e.errorCode, e.getMessage());
        }
    }

    private static String apexType(String column, Object value) {
        if (column.equals("Id")) {
            return "Id";
        }
        if (value instanceof Boolean) {
            return "Boolean";
        }
        if (value instanceof Integer || value instanceof Long) {
            return "Integer";
        }
        if (value instanceof Number) {
            return "Double";
        }
        if (column.endsWith("Date") && value instanceof String text) {
            return text.contains("T") ? "Datetime" : "Date";
        }
        return "String";
    }

    private Responses query(Call call, Org org, String version, boolean tooling) {
        String soql = call.query.get("q");
        try {
            Soql.Query q = Soql.parse(soql);
            Soql.Table table = table(q, org, version, tooling);
            List<Map<String, Object>> rows = Soql.run(q, table);
            String base =
                    "/services/data/v" + version + (tooling ? "/tooling" : "") + "/sobjects/" + table.object() + "/";
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Map<String, Object> r = new LinkedHashMap<>();
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("type", table.object());
                attributes.put("url", base + ids(table).get(rows.get(i), table, i));
                r.put("attributes", attributes);
                r.putAll(rows.get(i));
                records.add(r);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            if (tooling) {
                out.put("size", records.size());
            }
            out.put("totalSize", records.size());
            out.put("done", true);
            if (tooling) {
                out.put("queryLocator", null);
                out.put("entityTypeName", table.object());
            }
            out.put("records", records);
            return Responses.json(200, out);
        } catch (Soql.SoqlException e) {
            return Responses.restError(400, e.errorCode, e.getMessage());
        }
    }

    /** The record id for the {@code attributes.url} even when {@code Id} was not selected. */
    private interface IdLookup {
        Object get(Map<String, Object> projectedRow, Soql.Table table, int index);
    }

    private static IdLookup ids(Soql.Table table) {
        return (row, t, i) -> {
            Object id = row.get("Id");
            return id != null ? id : "";
        };
    }

    private Soql.Table table(Soql.Query q, Org org, String version, boolean tooling) {
        String object = q.object();
        if (tooling) {
            if (object.equalsIgnoreCase("SandboxProcess") && org.isProductionKind()) {
                return sandboxProcessTable(org);
            }
            if (object.equalsIgnoreCase("SandboxInfo") && org.isProductionKind()) {
                return sandboxInfoTable(org);
            }
        } else {
            if (object.equalsIgnoreCase("Organization")) {
                return organizationTable(org);
            }
            if (object.equalsIgnoreCase("ScratchOrgInfo") && org.isDevHub()) {
                return scratchOrgInfoTable(org, version);
            }
            if (object.equalsIgnoreCase("ActiveScratchOrg") && org.isDevHub()) {
                return activeScratchOrgTable(org);
            }
        }
        throw Soql.located(q.text(), q.objectPos(), "INVALID_TYPE", Responses.invalidTypeMessage(object));
    }

    private static Soql.Table organizationTable(Org org) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Id", org.id());
        r.put("Name", org.name());
        r.put("InstanceName", org.instanceName());
        r.put("IsSandbox", org.isSandbox());
        r.put("TrialExpirationDate", org.trialExpirationDate());
        r.put("NamespacePrefix", org.namespacePrefix());
        r.put("OrganizationType", org.organizationType());
        r.put(
                "PrimaryContact",
                org.users().isEmpty() ? null : org.users().get(0).displayName());
        r.put("Country", "GB");
        r.put("LanguageLocaleKey", "en_US");
        r.put("CreatedDate", format(org.createdAt()));
        return new Soql.Table("Organization", ORGANIZATION_FIELDS, List.of(r));
    }

    /**
     * ScratchOrgInfo rows for a query, which may also select {@code CreatedBy.Username}: {@code sf org display} and
     * {@code sf org list} ask the Dev Hub for it about every scratch org they know.
     */
    private static Soql.Table scratchOrgInfoTable(Org hub, String version) {
        List<String> fields = new ArrayList<>(SCRATCH_ORG_INFO_FIELDS);
        boolean custom = hub.hasScratchOrgInfoCustomFields();
        if (custom) {
            fields.addAll(SCRATCH_ORG_INFO_CUSTOM_FIELDS);
        }
        fields.add("CreatedBy.Username");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ScratchOrgInfo s : hub.scratchOrgInfos()) {
            Map<String, Object> row = scratchOrgInfoRow(s, custom);
            row.put("CreatedBy", userReference(s.owner(), version));
            rows.add(row);
        }
        return new Soql.Table("ScratchOrgInfo", fields, rows);
    }

    /** A related User record as a query nests it: its attributes and the fields a query may select; null for none. */
    private static Map<String, Object> userReference(User user, String version) {
        if (user == null) {
            return null;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("type", "User");
        attributes.put("url", "/services/data/v" + version + "/sobjects/User/" + user.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attributes", attributes);
        m.put("Username", user.username());
        return m;
    }

    private static Map<String, Object> scratchOrgInfoRow(ScratchOrgInfo s, boolean custom) {
        Map<String, Object> r = new LinkedHashMap<>();
        String owner = s.owner() == null ? null : s.owner().id();
        r.put("Id", s.id());
        r.put("OwnerId", owner);
        r.put("CreatedById", owner);
        r.put("CreatedDate", format(s.createdDate()));
        r.put("LastModifiedDate", format(s.createdDate()));
        r.put("IsDeleted", false);
        r.put("SignupUsername", s.signupUsername());
        r.put("SignupEmail", s.user().email());
        r.put("SignupInstance", s.org().instanceName());
        r.put("LoginUrl", s.loginUrl());
        r.put("ScratchOrg", s.org().id15());
        r.put("Status", s.status());
        r.put("ErrorCode", s.errorCode());
        r.put(
                "ExpirationDate",
                s.expirationDate() == null ? null : s.expirationDate().toString());
        r.put("DurationDays", 7);
        r.put("Edition", s.edition());
        r.put("OrgName", s.org().name());
        r.put("AuthCode", s.authCode() == null ? null : s.authCode().value());
        r.put("ConnectedAppConsumerKey", s.connectedAppConsumerKey());
        r.put("ConnectedAppCallbackUrl", s.connectedAppCallbackUrl());
        r.put("Namespace", s.org().namespacePrefix());
        r.put("Features", null);
        if (custom) {
            r.put("SfdxAuthUrl__c", s.sfdxAuthUrl());
            r.put("Pooltag__c", s.pooltag());
            r.put("Password__c", s.password());
            r.put("Allocation_status__c", s.allocationStatus());
        }
        return r;
    }

    private Soql.Table activeScratchOrgTable(Org hub) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int n = 0;
        for (ScratchOrgInfo s : hub.scratchOrgInfos()) {
            n++;
            if (!"Active".equals(s.status()) || s.org().status() == Org.Status.DELETED) {
                continue;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("Id", Ids.to18("0Ak" + s.id().substring(3, 15)));
            r.put("SignupUsername", s.signupUsername());
            r.put("ScratchOrg", s.org().id15());
            r.put("ScratchOrgInfoId", s.id());
            r.put(
                    "ExpirationDate",
                    s.expirationDate() == null ? null : s.expirationDate().toString());
            r.put("CreatedDate", format(s.createdDate()));
            r.put("Edition", s.edition());
            r.put("OrgName", s.org().name());
            r.put("OwnerId", s.owner() == null ? null : s.owner().id());
            rows.add(r);
        }
        return new Soql.Table("ActiveScratchOrg", ACTIVE_SCRATCH_ORG_FIELDS, rows);
    }

    private static Soql.Table sandboxProcessTable(Org production) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Sandbox s : production.sandboxes()) {
            for (SandboxProcess p : s.processes()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("Id", p.id());
                r.put("Status", p.status());
                r.put("SandboxName", s.name());
                r.put("SandboxInfoId", s.sandboxInfoId());
                r.put("LicenseType", s.licenseType());
                r.put("CreatedDate", format(p.createdDate()));
                r.put(
                        "CreatedById",
                        p.createdBy() == null ? null : p.createdBy().id());
                r.put("CopyProgress", p.copyProgress());
                r.put("SandboxOrganization", p.sandboxOrganization());
                r.put("SourceId", null);
                r.put("Description", s.description());
                r.put("StartDate", format(p.createdDate()));
                r.put("EndDate", format(p.endDate()));
                r.put("Features", null);
                rows.add(r);
            }
        }
        return new Soql.Table("SandboxProcess", SANDBOX_PROCESS_FIELDS, rows);
    }

    private static Soql.Table sandboxInfoTable(Org production) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Sandbox s : production.sandboxes()) {
            String creator = s.createdBy() == null ? null : s.createdBy().id();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("Id", s.sandboxInfoId());
            r.put("IsDeleted", s.isInfoDeleted());
            r.put("CreatedDate", format(s.infoCreatedDate()));
            r.put("CreatedById", creator);
            r.put("LastModifiedDate", format(s.infoCreatedDate()));
            r.put("LastModifiedById", creator);
            r.put("SandboxName", s.name());
            r.put("LicenseType", s.licenseType());
            r.put("TemplateId", null);
            r.put("HistoryDays", 0);
            r.put("CopyChatter", false);
            r.put("AutoActivate", true);
            r.put("ApexClassId", null);
            r.put("Description", s.description());
            r.put("SourceId", null);
            r.put("ActivationUserGroupId", null);
            r.put("Features", null);
            r.put("PostCopyConfig", null);
            rows.add(r);
        }
        return new Soql.Table("SandboxInfo", SANDBOX_INFO_FIELDS, rows);
    }

    static String format(Instant t) {
        return t == null ? null : DATE_TIME.format(t);
    }

    // ---------------------------------------------------------------- sobjects

    private Responses userRecord(Call call, Org org, String version) {
        String id = call.path.substring(call.path.lastIndexOf("/User/") + 6).replace("/", "");
        for (User u : org.users()) {
            if (u.id().equals(id) || Ids.to15(u.id()).equals(id)) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("type", "User");
                attributes.put("url", "/services/data/v" + version + "/sobjects/User/" + u.id());
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("attributes", attributes);
                r.put("Id", u.id());
                r.put("Username", u.username());
                r.put("LastName", u.lastName());
                r.put("FirstName", u.firstName());
                r.put("Name", u.displayName());
                r.put("Email", u.email());
                r.put("IsActive", u.isActive());
                r.put("UserType", "Standard");
                r.put("TimeZoneSidKey", "Europe/London");
                r.put("LocaleSidKey", "en_GB");
                r.put("LanguageLocaleKey", "en_US");
                return Responses.json(200, r);
            }
        }
        return Responses.notFound();
    }

    /** {@code PATCH .../sobjects/ScratchOrgInfo/{id}}: writes {@code SfdxAuthUrl__c} (the only field the plugin writes). */
    private static Responses updateScratchOrgInfo(Call call, Org hub) {
        if (isScratchOrgInfoCollection(call) || !hub.isDevHub()) {
            return Responses.notFound();
        }
        String id = call.path.replaceAll("/+$", "");
        id = id.substring(id.lastIndexOf('/') + 1);
        JsonNode body;
        try {
            body = Responses.MAPPER.readTree(call.body());
        } catch (Exception e) {
            return Responses.restError(400, "JSON_PARSER_ERROR", "The request body is not valid JSON");
        }
        for (ScratchOrgInfo s : hub.scratchOrgInfos()) {
            if (s.id().equals(id) || Ids.to15(s.id()).equals(id)) {
                if (!hub.hasScratchOrgInfoCustomFields() || hub.isScratchOrgInfoReadOnly()) {
                    return Responses.restError(
                            400,
                            "INVALID_FIELD_FOR_INSERT_UPDATE",
                            "Unable to create/update fields: SfdxAuthUrl__c. Please check the security settings of"
                                    + " this field and verify that it is read/write for your profile or permission set.");
                }
                if (body != null && body.has("SfdxAuthUrl__c")) {
                    s.sfdxAuthUrl(body.get("SfdxAuthUrl__c").asText());
                }
                return Responses.empty(204);
            }
        }
        return Responses.notFound();
    }

    /**
     * {@code POST sobjects/ScratchOrgInfo}: a scratch org signup. Salesforce creates the org in the background (New,
     * then Creating, then Active); the emulator creates it at once, so the row is {@code Active} when the client
     * first reads it. The signup username is the body's {@code Username}, else a generated
     * {@code test-<random>@example.com}; {@code Edition}, the connected app ({@code ConnectedAppConsumerKey}, else the
     * caller's) and {@code ConnectedAppCallbackUrl} (else the app's first callback URL) are recorded. Like a completed
     * Salesforce signup, the row carries an {@code AuthCode} for the new org's user and that app and callback, which a
     * client that waits for the org (not {@code --async}) exchanges at {@code LoginUrl} to log in to the new org. A
     * signup that names no callback URL for an app without one gets no code.
     */
    private Responses createScratchOrgInfo(Call call, Org hub, AccessToken session) {
        if (!isScratchOrgInfoCollection(call)) {
            return Responses.notFound();
        }
        if (!hub.isDevHub()) {
            return Responses.restError(404, "NOT_FOUND", Responses.invalidTypeMessage("ScratchOrgInfo"));
        }
        JsonNode body;
        try {
            body = Responses.MAPPER.readTree(call.body());
        } catch (Exception e) {
            return Responses.restError(400, "JSON_PARSER_ERROR", "The request body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            return Responses.restError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object");
        }
        String edition = text(body, "Edition");
        if (edition == null || edition.isBlank()) {
            return Responses.restError(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [Edition]");
        }
        String username = text(body, "Username");
        if (username == null || username.isBlank()) {
            username = "test-" + Long.toString(em.clock().millis(), 36) + em.orgs().size() + "@example.com";
        }
        if (em.findUser(username) != null) {
            return Responses.restError(
                    400,
                    "DUPLICATE_USERNAME",
                    "The username already exists in this or another Salesforce organization. Usernames must be"
                            + " unique across all Salesforce organizations.");
        }
        ScratchOrgInfo info = hub.scratchOrg(username.toLowerCase(java.util.Locale.ROOT)).edition(edition);
        ConnectedApp named = em.findApp(text(body, "ConnectedAppConsumerKey"));
        ConnectedApp app = named != null ? named : session.app();
        String callbackUrl = text(body, "ConnectedAppCallbackUrl");
        if (callbackUrl == null || callbackUrl.isBlank()) {
            info.createdWith(app);
        } else {
            info.createdWith(app, callbackUrl);
        }
        if (info.connectedAppCallbackUrl() != null) {
            info.withAuthCode();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", info.id());
        m.put("success", true);
        m.put("errors", List.of());
        return Responses.json(201, m);
    }

    /** {@code GET sobjects/ScratchOrgInfo/{id}}: one row of this Dev Hub, every field. */
    private static Responses scratchOrgInfoRecord(Call call, Org hub, String version) {
        if (isScratchOrgInfoCollection(call) || !hub.isDevHub()) {
            return Responses.notFound();
        }
        String id = call.path.replaceAll("/+$", "");
        id = id.substring(id.lastIndexOf('/') + 1);
        for (ScratchOrgInfo s : hub.scratchOrgInfos()) {
            if (s.id().equals(id) || Ids.to15(s.id()).equals(id)) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("type", "ScratchOrgInfo");
                attributes.put("url", "/services/data/v" + version + "/sobjects/ScratchOrgInfo/" + s.id());
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("attributes", attributes);
                r.putAll(scratchOrgInfoRow(s, hub.hasScratchOrgInfoCustomFields()));
                return Responses.json(200, r);
            }
        }
        return Responses.notFound();
    }

    private static Responses describeScratchOrgInfo(Org org) {
        if (!org.isDevHub()) {
            return Responses.notFound();
        }
        List<Map<String, Object>> fields = new ArrayList<>();
        for (String f : SCRATCH_ORG_INFO_FIELDS) {
            fields.add(describeField(f, false));
        }
        if (org.hasScratchOrgInfoCustomFields()) {
            for (String f : SCRATCH_ORG_INFO_CUSTOM_FIELDS) {
                fields.add(describeField(f, true));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "ScratchOrgInfo");
        m.put("label", "Scratch Org Info");
        m.put("labelPlural", "Scratch Org Infos");
        m.put("keyPrefix", "2SR");
        m.put("custom", false);
        m.put("queryable", true);
        m.put("createable", true);
        m.put("fields", fields);
        return Responses.json(200, m);
    }

    private static Map<String, Object> describeField(String name, boolean custom) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("label", name.replace("__c", "").replace('_', ' '));
        String type =
                switch (name) {
                    case "Id" -> "id";
                    case "OwnerId", "CreatedById" -> "reference";
                    case "CreatedDate", "LastModifiedDate" -> "datetime";
                    case "ExpirationDate" -> "date";
                    case "IsDeleted" -> "boolean";
                    case "DurationDays" -> "int";
                    case "Status", "Edition", "Allocation_status__c" -> "picklist";
                    case "LoginUrl", "SfdxAuthUrl__c", "ConnectedAppCallbackUrl" -> "url";
                    default -> "string";
                };
        m.put("type", type);
        m.put("custom", custom);
        m.put("nillable", !name.equals("Id"));
        return m;
    }

    // ---------------------------------------------------------------- sandboxAuth

    private Responses sandboxAuth(Call call, Org production, AccessToken session) {
        JsonNode body;
        try {
            body = Responses.MAPPER.readTree(call.body());
        } catch (Exception e) {
            return Responses.restError(400, "JSON_PARSER_ERROR", "The request body is not valid JSON");
        }
        String clientId = text(body, "clientId");
        String sandboxName = text(body, "sandboxName");
        String callbackUrl = text(body, "callbackUrl");
        if (clientId == null || sandboxName == null || callbackUrl == null) {
            return Responses.restError(400, "INVALID_INPUT", "clientId, sandboxName and callbackUrl are required");
        }
        ConnectedApp app = em.findApp(clientId);
        if (app == null || !app.isInstalledIn(production)) {
            return Responses.restError(400, "INVALID_INPUT", "Invalid clientId: " + clientId);
        }
        if (!app.callbackUrls().contains(callbackUrl)) {
            return Responses.restError(
                    400,
                    "INVALID_INPUT",
                    "The callbackUrl does not match a callback URL of the " + "connected app " + clientId);
        }
        User caller = session.user();
        Sandbox sandbox = null;
        if (production.isProductionKind()) {
            for (Sandbox s : production.sandboxes()) {
                if (s.name().equalsIgnoreCase(sandboxName)) {
                    sandbox = s;
                }
            }
        }
        String notFound = "No sandbox named '" + sandboxName + "' created by " + caller.username() + " was found";
        if (sandbox == null
                || sandbox.processes().isEmpty()
                || sandbox.isInfoDeleted()
                || sandbox.org().status() == Org.Status.DELETED) {
            return Responses.restError(404, "NOT_FOUND", notFound);
        }
        if (sandbox.createdBy() != caller) {
            return Responses.restError(404, "NOT_FOUND", notFound);
        }
        SandboxProcess p = sandbox.currentProcess();
        if (!"Completed".equals(p.status()) || p.endDate() == null || !sandbox.isAuthReady()) {
            return Responses.restError(400, "INVALID_STATUS", Responses.INVALID_STATUS_MESSAGE);
        }
        User sandboxUser = sandbox.userFor(caller);
        if (sandboxUser == null) {
            return Responses.restError(
                    404,
                    "NOT_FOUND",
                    "The sandbox " + sandbox.name() + " has no copy of the user " + caller.username());
        }
        AuthCode code = em.newAuthCode(sandboxUser, app, callbackUrl);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("authUserName", sandboxUser.username());
        m.put("authCode", code.value());
        m.put("instanceUrl", sandbox.org().instanceUrl());
        m.put(
                "loginUrl",
                sandbox.sandboxAuthReturnsTestLoginUrl()
                        ? em.testUrl()
                        : sandbox.org().instanceUrl());
        return Responses.json(200, m);
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
