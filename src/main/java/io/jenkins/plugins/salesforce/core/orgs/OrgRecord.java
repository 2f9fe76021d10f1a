package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Map;
import java.util.Objects;

/**
 * The non-secret description of a registered org: what lists, filters, pages and the {@code api/json} show. Its
 * secret ({@link OrgSecret}) travels separately, in a {@link RegisteredOrg}, and only to the token service.
 *
 * <p>Immutable; {@link #builder} validates ({@link OrgRecordRules}), and every {@code with...} copy validates again.
 * Validation errors are {@link Reason#BAD_INPUT} naming the field and the fix. The rules:
 * <ul>
 *   <li>{@code id} (the credentials id in Jenkins, unique in a store) is not blank; surrounding spaces are dropped.
 *   <li>{@code username} has the form of an email address. It is required for {@link CredentialType#JWT} (it is the
 *       assertion's subject) and optional otherwise: a JIT sandbox learns it on first use, and an auth URL org loaded
 *       from configuration as code without one learns it on its first successful connection. A blank username is
 *       treated as absent.
 *   <li>{@code instanceUrl}, {@code orgId}, {@code orgType} are discovered from Salesforce and may be absent until
 *       then. {@code orgId} is kept in its 18-character form (a 15-character id is converted, see {@link OrgIds}).
 *       The instance URL must be an absolute http(s) URL; whether its host is an allowed Salesforce host is decided
 *       where URLs enter the plugin ({@code SalesforceHosts}), not here.
 *   <li>Only a Dev Hub can be the default Dev Hub; a sandbox or scratch org cannot be a Dev Hub.
 *   <li>{@code allowAuthUrlExport} only for {@link CredentialType#AUTH_URL} orgs (the others have no auth URL).
 *   <li>A {@link CredentialType#JIT_SANDBOX} names its sandbox (1-10 letters and digits, as Salesforce allows) and the
 *       production org it hangs off ({@code productionOrgId}: the {@link #id()} of that production org's record, not a
 *       Salesforce org id); its type is {@link OrgType#SANDBOX}. Other kinds have neither.
 *   <li>{@code metadata} follows {@link OrgMetadata}'s rules and is sorted and unmodifiable.
 * </ul>
 */
public final class OrgRecord {
    private final String id;
    private final CredentialType credentialType;
    private final String username;
    private final String instanceUrl;
    private final String orgId;
    private final OrgType orgType;
    private final boolean devHub;
    private final boolean defaultDevHub;
    private final Map<String, String> metadata;
    private final boolean allowAuthUrlExport;
    private final String sandboxName;
    private final String productionOrgId;
    private final String description;

    private OrgRecord(Builder b) {
        this.id = OrgRecordRules.requireText(b.id, "id", "Give the org a credentials id, for example 'prod'.");
        this.credentialType = Objects.requireNonNull(b.credentialType, "credentialType");
        this.username = OrgRecordRules.checkUsername(OrgRecordRules.blankToNull(b.username), credentialType);
        this.instanceUrl = OrgRecordRules.checkInstanceUrl(OrgRecordRules.blankToNull(b.instanceUrl));
        this.orgId = b.orgId == null || b.orgId.isBlank() ? null : OrgIds.toEighteen(b.orgId.strip(), "orgId");
        this.orgType = OrgRecordRules.checkOrgType(b.orgType, credentialType);
        this.devHub = b.devHub;
        this.defaultDevHub = b.defaultDevHub;
        this.metadata = OrgMetadata.copyOf(b.metadata, "metadata");
        this.allowAuthUrlExport = b.allowAuthUrlExport;
        this.sandboxName = OrgRecordRules.blankToNull(b.sandboxName);
        this.productionOrgId = OrgRecordRules.blankToNull(b.productionOrgId);
        this.description = b.description == null || b.description.isBlank() ? null : b.description;
    }

    /** A builder for a new record; {@code id} and {@code credentialType} are the two fields every record has. */
    public static Builder builder(String id, CredentialType credentialType) {
        return new Builder(id, credentialType);
    }

    /** A builder holding this record's values, to change several fields at once. */
    public Builder toBuilder() {
        Builder b = new Builder(id, credentialType);
        b.username = username;
        b.instanceUrl = instanceUrl;
        b.orgId = orgId;
        b.orgType = orgType;
        b.devHub = devHub;
        b.defaultDevHub = defaultDevHub;
        b.metadata = metadata;
        b.allowAuthUrlExport = allowAuthUrlExport;
        b.sandboxName = sandboxName;
        b.productionOrgId = productionOrgId;
        b.description = description;
        return b;
    }

    /** The credentials id: unique in its store, the first thing an {@code org:} reference is matched against. */
    public String id() {
        return id;
    }

    public CredentialType credentialType() {
        return credentialType;
    }

    /** The Salesforce username, or null while not yet discovered. Salesforce usernames are case-insensitive. */
    public String username() {
        return username;
    }

    /** The org's instance URL without a trailing slash, or null while not yet discovered. */
    public String instanceUrl() {
        return instanceUrl;
    }

    /** The 18-character Salesforce org id, or null while not yet discovered. */
    public String orgId() {
        return orgId;
    }

    /** The org's type, or null while not yet discovered; always {@link OrgType#SANDBOX} for a JIT sandbox. */
    public OrgType orgType() {
        return orgType;
    }

    /** Whether the org is used as a Dev Hub (scratch-org auth tries it). */
    public boolean devHub() {
        return devHub;
    }

    /** Whether the org is its store's default Dev Hub (at most one per store, see {@link OrgStore}). */
    public boolean defaultDevHub() {
        return defaultDevHub;
    }

    /** Sorted by key, unmodifiable, never null. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Whether the long-lived auth URL may leave the controller ({@code authType: 'sfdxAuthUrl'}). */
    public boolean allowAuthUrlExport() {
        return allowAuthUrlExport;
    }

    /** For a JIT sandbox, the sandbox name as registered; null otherwise. Compare it case-insensitively. */
    public String sandboxName() {
        return sandboxName;
    }

    /** For a JIT sandbox, the {@link #id()} of the production org record it hangs off; null otherwise. */
    public String productionOrgId() {
        return productionOrgId;
    }

    /** A free description, or null. */
    public String description() {
        return description;
    }

    public boolean isJitSandbox() {
        return credentialType == CredentialType.JIT_SANDBOX;
    }

    /**
     * Whether this org can be the production org of a JIT sandbox or of sandbox auth: a stored secret and a type
     * that is not a sandbox or scratch org (Production, Developer Edition or Trial: {@code IsSandbox=false}). An org
     * whose type is not yet discovered is not counted.
     */
    public boolean isProductionOrg() {
        return credentialType.hasSecret() && orgType != null && orgType != OrgType.SANDBOX && orgType != OrgType.SCRATCH;
    }

    /** How messages name this org: {@code 'prod' (admin@acme.com)} or {@code 'uat' (JIT sandbox uat of 'prod')}. */
    public String describe() {
        if (isJitSandbox()) {
            return "'" + id + "' (JIT sandbox " + sandboxName + " of '" + productionOrgId + "')";
        }
        return username == null ? "'" + id + "'" : "'" + id + "' (" + username + ")";
    }

    public OrgRecord withUsername(String newUsername) {
        return toBuilder().username(newUsername).build();
    }

    public OrgRecord withInstanceUrl(String newInstanceUrl) {
        return toBuilder().instanceUrl(newInstanceUrl).build();
    }

    public OrgRecord withOrgId(String newOrgId) {
        return toBuilder().orgId(newOrgId).build();
    }

    public OrgRecord withOrgType(OrgType newOrgType) {
        return toBuilder().orgType(newOrgType).build();
    }

    public OrgRecord withDevHub(boolean newDevHub) {
        return toBuilder().devHub(newDevHub).build();
    }

    public OrgRecord withDefaultDevHub(boolean newDefaultDevHub) {
        return toBuilder().defaultDevHub(newDefaultDevHub).build();
    }

    public OrgRecord withMetadata(Map<String, String> newMetadata) {
        return toBuilder().metadata(newMetadata).build();
    }

    public OrgRecord withAllowAuthUrlExport(boolean allow) {
        return toBuilder().allowAuthUrlExport(allow).build();
    }

    public OrgRecord withDescription(String newDescription) {
        return toBuilder().description(newDescription).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrgRecord r
                && devHub == r.devHub
                && defaultDevHub == r.defaultDevHub
                && allowAuthUrlExport == r.allowAuthUrlExport
                && id.equals(r.id)
                && credentialType == r.credentialType
                && Objects.equals(username, r.username)
                && Objects.equals(instanceUrl, r.instanceUrl)
                && Objects.equals(orgId, r.orgId)
                && orgType == r.orgType
                && metadata.equals(r.metadata)
                && Objects.equals(sandboxName, r.sandboxName)
                && Objects.equals(productionOrgId, r.productionOrgId)
                && Objects.equals(description, r.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, credentialType, username, orgId);
    }

    @Override
    public String toString() {
        StringBuilder s =
                new StringBuilder("OrgRecord[id=").append(id).append(", credentialType=").append(credentialType);
        s.append(", username=").append(username).append(", instanceUrl=").append(instanceUrl);
        s.append(", orgId=").append(orgId).append(", orgType=").append(orgType);
        s.append(", devHub=").append(devHub).append(", defaultDevHub=").append(defaultDevHub);
        s.append(", metadata=").append(metadata).append(", allowAuthUrlExport=").append(allowAuthUrlExport);
        if (isJitSandbox()) {
            s.append(", sandboxName=")
                    .append(sandboxName)
                    .append(", productionOrgId=")
                    .append(productionOrgId);
        }
        if (description != null) {
            s.append(", description=").append(description);
        }
        return s.append(']').toString();
    }

    /** Collects the fields of an {@link OrgRecord}; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private String id;
        private CredentialType credentialType;
        private String username;
        private String instanceUrl;
        private String orgId;
        private OrgType orgType;
        private boolean devHub;
        private boolean defaultDevHub;
        private Map<String, String> metadata;
        private boolean allowAuthUrlExport;
        private String sandboxName;
        private String productionOrgId;
        private String description;

        private Builder(String id, CredentialType credentialType) {
            this.id = id;
            this.credentialType = credentialType;
        }

        public Builder id(String value) {
            this.id = value;
            return this;
        }

        public Builder username(String value) {
            this.username = value;
            return this;
        }

        public Builder instanceUrl(String value) {
            this.instanceUrl = value;
            return this;
        }

        /** The 15- or 18-character org id. */
        public Builder orgId(String value) {
            this.orgId = value;
            return this;
        }

        public Builder orgType(OrgType value) {
            this.orgType = value;
            return this;
        }

        public Builder devHub(boolean value) {
            this.devHub = value;
            return this;
        }

        public Builder defaultDevHub(boolean value) {
            this.defaultDevHub = value;
            return this;
        }

        public Builder metadata(Map<String, String> value) {
            this.metadata = value;
            return this;
        }

        public Builder allowAuthUrlExport(boolean value) {
            this.allowAuthUrlExport = value;
            return this;
        }

        public Builder sandboxName(String value) {
            this.sandboxName = value;
            return this;
        }

        public Builder productionOrgId(String value) {
            this.productionOrgId = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        /** @throws SalesforceAuthException BAD_INPUT naming the first invalid field and its fix */
        public OrgRecord build() {
            OrgRecord record = new OrgRecord(this);
            OrgRecordRules.checkCombination(record);
            return record;
        }
    }
}
