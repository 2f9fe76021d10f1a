package io.jenkins.plugins.salesforce.ui;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Action;
import hudson.model.Api;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.OrgFilter;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.core.orgs.SecretInput;
import java.util.List;
import jenkins.security.stapler.StaplerNotDispatchable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.WebMethod;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.verb.GET;
import org.kohsuke.stapler.verb.POST;

/**
 * A "Salesforce Orgs" page and its {@code api/json}, with the REST actions of {@link OrgsRestActions}, over one
 * {@link Orgs}: Jenkins at {@code /salesforce-orgs/} ({@link SalesforceOrgsAction}), or a folder at
 * {@code /job/<folder>/salesforce-orgs/} ({@link FolderOrgsAction}).
 *
 * <p>The page lists the orgs a job in the context sees (at the root: the system credentials), with their type, Dev
 * Hub flags, metadata, the store they live in and the last connection test, filterable with the query parameters
 * {@code type}, {@code devHub} and {@code metadata} (as {@link OrgFilter#parse}). The page, {@code api/json} and
 * {@code entry/<id>/} need {@link CredentialsProvider#VIEW} or {@link CredentialsProvider#USE_ITEM} on the context.
 */
@ExportedBean
public abstract class OrgsAction extends OrgsRestActions implements Action, AccessControlled {
    /** The URL of the page, under Jenkins or a folder. */
    public static final String URL_NAME = "salesforce-orgs";

    @CheckForNull
    @Override
    public String getIconFileName() {
        return orgs().canView() ? "symbol-credentials plugin-credentials" : null;
    }

    @Override
    public String getDisplayName() {
        return Messages.SalesforceOrgsAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    @NonNull
    @Override
    public ACL getACL() {
        return orgs().acl().getACL();
    }

    /** The folder of the page, or null for Jenkins' page. */
    @CheckForNull
    @Restricted(NoExternalUse.class)
    public Item getFolder() {
        return orgs().folder();
    }

    // ----------------------------------------------------------------------------------------------- the page

    /** The permissions of the page, any of which lets a user see it. */
    @Restricted(NoExternalUse.class)
    public Permission[] getViewPermissions() {
        return new Permission[] {CredentialsProvider.VIEW, CredentialsProvider.USE_ITEM};
    }

    public Api getApi() {
        orgs().checkView();
        return new Api(this);
    }

    /**
     * The orgs that the request's filter ({@code type}, {@code devHub}, {@code metadata} query parameters) selects,
     * sorted by id: at the root the system store's, at a folder those a job in the folder sees (its own, its parents',
     * Jenkins'); never a secret.
     *
     * <p>Empty, rather than refused, for a user who may not see the page: the page and {@link #getApi()} refuse such
     * a user, and a folder's own {@code api/json} (with {@code depth}) lists the folder's actions, this one among
     * them, for every reader of the folder.
     */
    @Exported(name = "orgs", inline = true)
    @NonNull
    public List<OrgView> getOrgs() {
        Orgs orgs = orgs();
        if (!orgs.canView()) {
            return List.of();
        }
        OrgFilter filter = requestFilter();
        return orgs.run(o -> o.list(filter));
    }

    /** The filter of the current request; {@link OrgFilter#ANY} outside a request, a 400 when it is not valid. */
    @NonNull
    static OrgFilter requestFilter() {
        try {
            return parseFilter(Stapler.getCurrentRequest2());
        } catch (SalesforceAuthException e) {
            throw HttpResponses.errorWithoutStack(400, e.getMessage());
        }
    }

    private static OrgFilter parseFilter(@CheckForNull StaplerRequest2 req) {
        return req == null
                ? OrgFilter.ANY
                : OrgFilter.parse(req.getParameter("type"), req.getParameter("devHub"), req.getParameter("metadata"));
    }

    /** Why the current request's filter is not valid, for the page; null when it is. */
    @CheckForNull
    @Restricted(NoExternalUse.class)
    public String getFilterError() {
        try {
            parseFilter(Stapler.getCurrentRequest2());
            return null;
        } catch (SalesforceAuthException e) {
            return e.getMessage();
        }
    }

    /**
     * The default Dev Hub of the context as the page shows it (the nearest store's, the one jobs here get with
     * {@code devHub: true}), or null when none is set or the user may not see it.
     */
    @CheckForNull
    @Restricted(NoExternalUse.class)
    @StaplerNotDispatchable // for the page; the org's own page (and its forms) is entry/<id>/
    public OrgView getEffectiveDefaultDevHub() {
        Orgs orgs = orgs();
        orgs.checkView();
        return orgs.run(o -> {
            try {
                return o.defaultDevHub();
            } catch (SalesforceAuthException e) {
                return null;
            }
        });
    }

    /**
     * Whether the page offers its Register form: the caller may create and update credentials in the context's own
     * store, as {@code POST register} needs.
     */
    @Restricted(NoExternalUse.class)
    public boolean isRegistrable() {
        return orgs().hasStorePermission(CredentialsProvider.CREATE, CredentialsProvider.UPDATE);
    }

    /** {@code GET newOrg}: the form that registers an org from its auth URL or the sf CLI's JSON. */
    @GET
    @WebMethod(name = "newOrg")
    public HttpResponse doNewOrg() {
        orgs().checkRegister();
        return HttpResponses.forwardToView(this, "newOrg");
    }

    /**
     * {@code POST createOrg} (the fields of {@code newOrg}): registers an org as {@code POST register} does, with its
     * permissions, then shows the org's page; a refusal shows the form again with the message, the secret not
     * repeated. {@code sfdxAuthUrl} is the auth URL or what {@code sf org auth show-sfdx-auth-url --json} prints;
     * {@code devHub} and {@code allowAuthUrlExport} are {@code true}, {@code false} or empty, and empty fields are
     * left out as in a JSON body: a new org gets the defaults (Dev Hub as Salesforce says, no export, no metadata), a
     * registered username keeps what it has.
     */
    @POST
    public HttpResponse doCreateOrg(
            StaplerRequest2 req,
            @QueryParameter String sfdxAuthUrl,
            @QueryParameter String id,
            @QueryParameter String devHub,
            @QueryParameter boolean defaultDevHub,
            @QueryParameter String allowAuthUrlExport,
            @QueryParameter String metadata,
            @QueryParameter String description) {
        return FormAnswers.submit(
                orgs(),
                Orgs::checkRegister,
                orgs -> {
                    if (RequestBodies.inQuery(req, "sfdxAuthUrl")) {
                        throw SalesforceAuthException.badField(
                                "sfdxAuthUrl",
                                "The auth URL was sent in the URL, where access logs and browser history keep it.",
                                "Send it in the body of the POST, as the form does (or POST register with JSON).");
                    }
                    RegistrationRequest request = RegistrationRequest.of(SecretInput.ofType(null)
                                    .sfdxAuthUrl(SecretText.ofNullable(RequestBodies.text(sfdxAuthUrl)))
                                    .toSecret())
                            .withId(RequestBodies.text(id))
                            .withDevHub(RequestBodies.choice(devHub, "devHub"))
                            .withDefaultDevHub(defaultDevHub ? Boolean.TRUE : null)
                            .withAllowAuthUrlExport(RequestBodies.choice(allowAuthUrlExport, "allowAuthUrlExport"))
                            .withMetadata(OrgMetadata.given(RequestBodies.text(metadata), "metadata"))
                            .withDescription(RequestBodies.text(description));
                    return FormAnswers.redirect(
                            "entry/" + Util.rawEncode(orgs.register(request).getId()) + "/");
                },
                this,
                "newOrg");
    }

    /** The page of one org ({@code entry/<id>/}): its fields, its last test, and the runs that used it. */
    @CheckForNull
    public OrgView getEntry(String id) {
        Orgs orgs = orgs();
        orgs.checkView();
        return orgs.run(o -> o.find(id));
    }
}
