package io.jenkins.plugins.salesforce.ui;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.Permission;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.SalesforceUsage;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.orgs.CredentialExpiry;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.UsageLog;
import io.jenkins.plugins.salesforce.credentials.AbstractSecretOrgCredentials;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import io.jenkins.plugins.salesforce.credentials.OrgCredentialsMapping;
import io.jenkins.plugins.salesforce.steps.OrgMaps;
import io.jenkins.plugins.salesforce.ui.health.OrgHealth;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import jenkins.model.Jenkins;
import jenkins.security.stapler.StaplerAccessibleType;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.WebMethod;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.verb.GET;
import org.kohsuke.stapler.verb.POST;

/**
 * One org as the Salesforce Orgs page, its {@code api/json}, the REST actions and the CLI show it: the org's record
 * (never its secret) in the steps' shape ({@link OrgMaps}, the same names), where it is registered ({@code folder}) and
 * its last connection test ({@code status}). Its own page ({@code entry/<id>/}) adds the runs that used the credential.
 */
@ExportedBean(defaultVisibility = 2)
@StaplerAccessibleType
@Restricted(NoExternalUse.class)
public final class OrgView {
    /** At most this many runs on the usage list. */
    static final int MAX_RUNS = 50;

    private final OrgRecord org;
    private final ConnectionTest status;
    private final transient SalesforceOrgCredentials credentials;
    private final transient Item folder;
    private final transient Instant lastGrantedAt;
    private final transient CredentialExpiry expiry;
    private final transient Orgs orgs;
    private final transient boolean local;

    /**
     * @param store the credential store that holds the org, when known
     * @param c the org's credential, for its usage list
     */
    OrgView(@NonNull OrgRecord org, @CheckForNull CredentialsStore store, @CheckForNull SalesforceOrgCredentials c) {
        this(org, store, c, null);
    }

    /**
     * @param orgs the page's orgs, as the caller sees them: the page of the org has its forms only with them
     */
    OrgView(
            @NonNull OrgRecord org,
            @CheckForNull CredentialsStore store,
            @CheckForNull SalesforceOrgCredentials c,
            @CheckForNull Orgs orgs) {
        this.org = org;
        this.orgs = orgs;
        this.local = orgs != null && store != null && store.getContext() == orgs.context();
        this.status = store == null ? null : OrgHealth.get().lastOf(store, org.id());
        this.credentials = c;
        this.folder = store != null && store.getContext() instanceof Item i ? i : null;
        CredentialsOrgStore held = store == null ? null : new CredentialsOrgStore(store);
        this.lastGrantedAt = held == null ? null : held.lastGrantedAt(org.id());
        this.expiry = held == null || c == null
                ? null
                : OrgCredentialsMapping.expiryOf(c, org, lastGrantedAt).orElse(null);
    }

    @Exported
    public String getId() {
        return org.id();
    }

    /** How tokens are obtained: {@code SFDX auth URL}, {@code JWT bearer} or {@code JIT sandbox}. */
    @Exported
    public String getCredentialType() {
        return org.credentialType().label();
    }

    @Exported
    public String getUsername() {
        return org.username();
    }

    @Exported
    public String getInstanceUrl() {
        return OrgMaps.url(org.instanceUrl());
    }

    @Exported
    public String getOrgId() {
        return org.orgId();
    }

    @Exported
    public String getOrgType() {
        return org.orgType() == null ? null : org.orgType().label();
    }

    @Exported
    public boolean isDevHub() {
        return org.devHub();
    }

    @Exported
    public boolean isDefaultDevHub() {
        return org.defaultDevHub();
    }

    @Exported
    public boolean isAllowAuthUrlExport() {
        return org.allowAuthUrlExport();
    }

    @Exported
    public boolean isJitSandbox() {
        return org.isJitSandbox();
    }

    @Exported
    public String getSandboxName() {
        return org.sandboxName();
    }

    /** For a JIT sandbox, the id of its production org. */
    @Exported
    public String getProductionOrg() {
        return org.productionOrgId();
    }

    @Exported
    public Map<String, String> getMetadata() {
        return org.metadata();
    }

    @Exported
    public String getDescription() {
        return org.description();
    }

    /** The full name of the folder whose credentials hold the org, or null for the system credentials. */
    @Exported
    @CheckForNull
    public String getFolder() {
        return folder == null ? null : folder.getFullName();
    }

    /** The folder whose credentials hold the org, or null for the system credentials (for links on the pages). */
    @CheckForNull
    public Item getFolderItem() {
        return folder;
    }

    /** The last connection test, in the shape of {@link OrgMaps#of(ConnectionTest)}, or null when never tested. */
    @Exported
    @CheckForNull
    public Map<String, Object> getStatus() {
        return status == null ? null : OrgMaps.of(status);
    }

    /** When the last test ran, as the pages show it ("3 min 2 sec ago"), or null when never tested. */
    @CheckForNull
    public String getTestedAgo() {
        return status == null
                ? null
                : Messages.OrgView_TestedAgo(Util.getTimeSpanString(
                        Duration.between(status.checkedAt(), Instant.now()).toMillis()));
    }

    /** When the secret held now was registered (ISO instant, or as given), or null when unknown. */
    @CheckForNull
    public String getRegisteredAt() {
        return credentials instanceof AbstractSecretOrgCredentials s ? s.getRegisteredAt() : null;
    }

    /** When the plugin last stored a refresh token Salesforce rotated, or null when never. */
    @CheckForNull
    public String getLastRotatedAt() {
        return credentials instanceof AbstractSecretOrgCredentials s ? s.getLastRotatedAt() : null;
    }

    /** When the secret was last used for a token, to within an hour, or null when unknown. */
    @CheckForNull
    public String getLastGrantedAt() {
        return lastGrantedAt == null ? null : lastGrantedAt.toString();
    }

    /** When and why the credential expires (the core's sentence), or null when not known. */
    @CheckForNull
    public String getExpiry() {
        return expiry == null ? null : expiry.describe(Instant.now());
    }

    /** The org as the REST actions and the CLI answer it, with the names of {@code api/json}. */
    @NonNull
    public Map<String, Object> toMap() {
        Map<String, Object> m = OrgMaps.of(org);
        m.put("folder", getFolder());
        m.put("status", getStatus());
        return m;
    }

    /**
     * The newest {@value #MAX_RUNS} runs that used the credential (its fingerprint, see {@link SalesforceUsage}), of
     * jobs the current user can read.
     */
    @NonNull
    public List<Run<?, ?>> getUsage() {
        return credentials == null ? List.of() : SalesforceUsage.runsUsing(credentials, MAX_RUNS);
    }

    /** Whether the current user may see and export the log of secrets handed out: administrators only. */
    public boolean isAuditVisible() {
        return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }

    /**
     * The newest {@value #MAX_RUNS} secrets handed out for this org (by runs and through the REST API, see {@link
     * SalesforceUsage}), newest first; empty for anyone but an administrator.
     */
    @NonNull
    public List<UsageLog.Event> getHandedOut() {
        if (!isAuditVisible()) {
            return List.of();
        }
        return SalesforceUsage.handedOut(org.orgId(), org.username(), org.id(), MAX_RUNS);
    }

    /**
     * {@code GET entry/<id>/usage.csv}: the whole log of secrets handed out for this org, as CSV, for administrators.
     * It holds no secret: what was handed out is named, not its value.
     */
    @GET
    @WebMethod(name = "usage.csv")
    public HttpResponse doUsageCsv() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String csv = UsageLog.csv(SalesforceUsage.handedOut(
                org.orgId(), org.username(), org.id(), SalesforceService.USAGE_EVENTS_KEPT * 2));
        String filename = "salesforce-org-" + org.id() + "-usage.csv";
        return new HttpResponse() {
            @Override
            public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException {
                rsp.setContentType("text/csv;charset=UTF-8");
                rsp.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
                rsp.setHeader("Cache-Control", "no-store");
                rsp.getWriter().write(csv);
            }
        };
    }

    // ------------------------------------------------------------------------ the page's forms, for people who click

    /** Whether the page offers Test connection: the caller may use credentials in the page's context. */
    public boolean isTestable() {
        return orgs != null && orgs.acl().hasPermission(CredentialsProvider.USE_ITEM);
    }

    /**
     * Whether the page offers its forms that change the org: the org is in the page's own store (not inherited from a
     * parent folder or Jenkins) and the caller may update that store's credentials.
     */
    public boolean isEditable() {
        return local && orgs.hasStorePermission(CredentialsProvider.UPDATE);
    }

    /** Whether the page offers Remove: as {@link #isEditable()}, with the permission to delete credentials. */
    public boolean isRemovable() {
        return local && orgs.hasStorePermission(CredentialsProvider.DELETE);
    }

    /** The metadata as the page's form shows it, in a text {@link OrgMetadata#parse} reads back to the same. */
    public String getMetadataText() {
        return OrgMetadata.text(org.metadata());
    }

    /**
     * {@code POST entry/<id>/testConnection} (the page's button; Credentials/UseItem, as {@code POST testConnection}):
     * a fresh grant, whose result becomes the status the page shows.
     */
    @POST
    public HttpResponse doTestConnection() {
        return form(
                Orgs::checkUse,
                o -> {
                    o.test(o.resolve(org.id()));
                    return FormAnswers.redirect(".");
                },
                "index");
    }

    /** {@code POST entry/<id>/makeDefaultDevHub} (Credentials/Update, as {@code POST setDefaultDevHub}). */
    @POST
    public HttpResponse doMakeDefaultDevHub() {
        return change(CredentialsProvider.UPDATE, o -> o.setDefaultDevHub(org.id()), ".", "index");
    }

    /**
     * {@code POST entry/<id>/update} with the form fields {@code metadata} (as {@link OrgMetadata#parse} reads it;
     * replaces the whole map, empty clears it) and {@code devHub} ({@code true} or {@code false}), each absent to
     * keep: Credentials/Update, as {@code POST update}.
     */
    @POST
    public HttpResponse doUpdate(@QueryParameter String metadata, @QueryParameter String devHub) {
        return change(
                CredentialsProvider.UPDATE,
                o -> o.update(
                        org.id(),
                        RequestBodies.choice(devHub, "devHub"),
                        null,
                        OrgMetadata.given(metadata, "metadata")),
                ".",
                "index");
    }

    /** {@code GET entry/<id>/remove}: the page that asks to confirm the removal (Credentials/Delete). */
    @GET
    @WebMethod(name = "remove")
    public HttpResponse doRemovePage() {
        return form(
                o -> o.checkStore(CredentialsProvider.DELETE),
                o -> {
                    requireOwn(o);
                    return HttpResponses.forwardToView(this, "remove");
                },
                "index");
    }

    /**
     * {@code POST entry/<id>/remove} (its confirmation page's button; Credentials/Delete, as {@code POST remove}):
     * removes the org's credential, then shows the Salesforce Orgs page.
     */
    @POST
    public HttpResponse doRemove() {
        return change(CredentialsProvider.DELETE, o -> o.remove(org.id()), "../../", "remove");
    }

    /**
     * A form that changes the org: the permission on the page's own store, checked as the caller; then the org must be
     * in that store (an inherited one is changed where it is registered: the buttons are not shown for it, and a POST
     * is refused); then the change, and a redirect to {@code next}.
     */
    private HttpResponse change(Permission permission, Consumer<Orgs> change, String next, String view) {
        return form(
                o -> o.checkStore(permission),
                o -> {
                    requireOwn(o);
                    change.accept(o);
                    return FormAnswers.redirect(next);
                },
                view);
    }

    /** Refuses a change to an org the page only inherits; the org of the page is named by its exact id. */
    private void requireOwn(Orgs o) {
        if (!local) {
            throw o.inherited(org);
        }
    }

    /**
     * A form of the page: its permission check as the caller, then its work as the system; a refusal of the core
     * shows {@code view} again with the message.
     */
    private HttpResponse form(Consumer<Orgs> check, Function<Orgs, HttpResponse> work, String view) {
        if (orgs == null) {
            throw HttpResponses.notFound(); // only the page of an org has its forms
        }
        return FormAnswers.submit(orgs, check, work, this, view);
    }

    @Override
    public String toString() {
        return "OrgView[" + org.id() + "]";
    }
}
