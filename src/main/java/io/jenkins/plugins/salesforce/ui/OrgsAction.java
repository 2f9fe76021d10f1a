package io.jenkins.plugins.salesforce.ui;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Action;
import hudson.model.Api;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import io.jenkins.plugins.salesforce.SalesforceFlows;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.flows.FrontdoorRequest;
import io.jenkins.plugins.salesforce.core.flows.FrontdoorUrl;
import io.jenkins.plugins.salesforce.core.flows.SandboxAuthResult;
import io.jenkins.plugins.salesforce.core.flows.ScratchOrgAuthResult;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.core.orgs.OrgFilter;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.verb.POST;
import org.springframework.security.access.AccessDeniedException;

/**
 * A "Salesforce Orgs" page, its {@code api/json} and its REST actions (the Jenkins counterpart of sfp-server's
 * {@code /auth/salesforce/*}, docs/rest-api.md), over one {@link OrgsContext}: Jenkins at {@code /salesforce-orgs/}
 * ({@link SalesforceOrgsAction}), or a folder at {@code /job/<folder>/salesforce-orgs/} ({@link FolderOrgsAction}).
 *
 * <p>The page lists the orgs a job in the context sees (at the root: the system credentials), with their type, Dev
 * Hub flags, metadata, the store they live in and the last connection test, filterable with the query parameters
 * {@code type}, {@code devHub} and {@code metadata} (as {@link OrgFilter#parse}).
 *
 * <p><b>Permissions</b>, on the context (Jenkins, or the folder), all checked before any call to Salesforce:
 * <ul>
 *   <li>page, {@code api/json}, {@code entry/<id>/}, {@code orgs}, {@code org} without {@code authType},
 *       {@code defaultDevHub}: {@link CredentialsProvider#VIEW} or {@link CredentialsProvider#USE_ITEM};
 *   <li>{@code accessToken}, {@code org} with {@code authType}, {@code testConnection}, {@code frontdoor},
 *       {@code sandboxAuthenticate}, {@code scratchAuthenticate}: {@link CredentialsProvider#USE_ITEM} (implied by
 *       Job/Configure: such a user could use the credential from a pipeline in the context anyway);
 *   <li>{@code register}: {@link CredentialsProvider#CREATE} and {@link CredentialsProvider#UPDATE} on the context's
 *       own store (a registration of a known username updates it); {@code registerSandbox}: the same and
 *       {@link CredentialsProvider#USE_ITEM} (it calls Salesforce as the production org);
 *   <li>{@code update}, {@code setDefaultDevHub}: {@link CredentialsProvider#UPDATE}; {@code remove}:
 *       {@link CredentialsProvider#DELETE}; all on the context's own store, the only one they change.
 * </ul>
 * Every state-changing or secret-returning action is POST (a crumb, or an API token). Answers are JSON; errors are
 * {@code {error, message}} ({@link JsonResponse}).
 */
@ExportedBean
public abstract class OrgsAction implements Action, AccessControlled {
    /** The URL of the page, under Jenkins or a folder. */
    public static final String URL_NAME = "salesforce-orgs";
    /** Request bodies larger than this are refused. */
    static final int MAX_BODY = 64 * 1024;

    /** Where the page works. */
    @NonNull
    abstract OrgsContext context();

    @CheckForNull
    @Override
    public String getIconFileName() {
        return context().canView() ? "symbol-credentials plugin-credentials" : null;
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
        return context().acl().getACL();
    }

    /** Whether the current user may see the page (no secrets on it). */
    public boolean canView() {
        return context().canView();
    }

    /** The folder of the page, or null for Jenkins' page. */
    @CheckForNull
    @Restricted(NoExternalUse.class)
    public Item getFolder() {
        return context().folder();
    }

    // ----------------------------------------------------------------------------------------------- the page

    /** The permissions of the page, any of which lets a user see it. */
    @Restricted(NoExternalUse.class)
    public Permission[] getViewPermissions() {
        return new Permission[] {CredentialsProvider.VIEW, CredentialsProvider.USE_ITEM};
    }

    public Api getApi() {
        context().checkView();
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
        if (!context().canView()) {
            return List.of();
        }
        OrgFilter filter = requestFilter();
        Orgs orgs = context().orgs();
        return system(() -> orgs.list(filter));
    }

    /** The filter of the current request; {@link OrgFilter#ANY} outside a request. */
    @NonNull
    static OrgFilter requestFilter() {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        try {
            return req == null
                    ? OrgFilter.ANY
                    : OrgFilter.parse(
                            req.getParameter("type"), req.getParameter("devHub"), req.getParameter("metadata"));
        } catch (SalesforceAuthException e) {
            throw JsonResponse.of(e);
        }
    }

    /** The filter of the current request as the page shows it, or an error message. */
    @Restricted(NoExternalUse.class)
    public String getFilterError() {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        if (req == null) {
            return null;
        }
        try {
            OrgFilter.parse(req.getParameter("type"), req.getParameter("devHub"), req.getParameter("metadata"));
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
    public OrgView getEffectiveDefaultDevHub() {
        context().checkView();
        Orgs orgs = context().orgs();
        return system(() -> {
            try {
                return orgs.defaultDevHub();
            } catch (SalesforceAuthException e) {
                return null;
            }
        });
    }

    /** The page of one org ({@code entry/<id>/}): its fields, its last test, and the runs that used it. */
    @CheckForNull
    public OrgView getEntry(String id) {
        context().checkView();
        Orgs orgs = context().orgs();
        return system(() -> orgs.find(id));
    }

    // ----------------------------------------------------------------------------------------------- REST

    /** {@code GET orgs?type=&devHub=&metadata=}: the matching orgs as a JSON array. */
    public HttpResponse doOrgs(StaplerRequest2 req) {
        return answer(context()::checkView, orgs -> {
            OrgFilter filter =
                    OrgFilter.parse(req.getParameter("type"), req.getParameter("devHub"), req.getParameter("metadata"));
            ArrayNode a = Json.mapper().createArrayNode();
            orgs.list(filter).forEach(o -> a.add(o.toJson()));
            return JsonResponse.ok(a);
        });
    }

    /**
     * {@code GET org?org=<id|username|sandbox name>}: one org. With {@code authType=accessToken} (a fresh short-lived
     * token) or {@code authType=sfdxAuthUrl} (the auth URL, only where the credential allows export), POST only.
     */
    public HttpResponse doOrg(StaplerRequest2 req) {
        return answer(
                () -> {
                    // Who may read orgs at all is known before the body is read: a malformed body from a caller
                    // without rights is a 403, not a 400.
                    context().checkView();
                    if (param(req, body(req), "authType") != null) {
                        if (!"POST".equals(req.getMethod())) {
                            throw JsonResponse.error(405, "METHOD_NOT_ALLOWED", "authType returns a secret: use POST.");
                        }
                        context().checkUse();
                    }
                },
                orgs -> {
                    JsonNode body = body(req);
                    String authType = param(req, body, "authType");
                    if (authType == null) {
                        return JsonResponse.ok(
                                orgs.get(required(req, body, "org")).toJson());
                    }
                    String ref = required(req, body, "org");
                    ObjectNode o = orgs.get(ref).toJson();
                    switch (authType) {
                        case "accessToken" -> putToken(o, orgs.tokens().token(ref));
                        case "sfdxAuthUrl" ->
                            o.put("sfdxAuthUrl", orgs.tokens().authUrl(ref).reveal());
                        default ->
                            throw SalesforceAuthException.of(
                                    Reason.BAD_INPUT,
                                    "'authType' is not valid: '" + authType + "'.",
                                    "Use accessToken (a short-lived token) or sfdxAuthUrl (the auth URL, where the credential"
                                            + " allows export), or leave it out.");
                    }
                    return JsonResponse.ok(o);
                });
    }

    /**
     * {@code POST accessToken} {@code {org}} or {@code {devHub: true}}: a short-lived access token, its instance URL,
     * username, org id, type and expiry. {@code devHub: true} is the context's default Dev Hub (the nearest store's).
     */
    @POST
    public HttpResponse doAccessToken(StaplerRequest2 req) {
        return answer(context()::checkUse, orgs -> {
            JsonNode body = body(req);
            String ref = param(req, body, "org");
            boolean devHub = "true".equalsIgnoreCase(param(req, body, "devHub"));
            TokenResult t = ref == null && devHub
                    ? orgs.tokens().defaultDevHubToken()
                    : orgs.tokens().token(required(req, body, "org"));
            ObjectNode o = Json.mapper().createObjectNode();
            putToken(o, t);
            return JsonResponse.ok(o);
        });
    }

    /**
     * {@code POST register} {@code {sfdxAuthUrl, id?, username?, devHub?, defaultDevHub?, allowAuthUrlExport?,
     * metadata?, description?}}: validated with Salesforce first, then saved in the context's own store; the same
     * username in that store updates. 201 with the org.
     */
    @POST
    public HttpResponse doRegister(StaplerRequest2 req) {
        return answer(() -> context().checkStore(CredentialsProvider.CREATE, CredentialsProvider.UPDATE), orgs -> {
            CredentialsStore store = context().store();
            OrgRecord r = SalesforceService.get().register(store, Requests.registration(body(req)));
            return JsonResponse.created(orgs.localView(r).toJson());
        });
    }

    /**
     * {@code POST registerSandbox} {@code {sandboxName, productionOrg, id?, metadata?, description?}}: a JIT sandbox
     * of a production org of the context's own store, checked through that org first. 201 with the org.
     */
    @POST
    public HttpResponse doRegisterSandbox(StaplerRequest2 req) {
        return answer(
                () -> {
                    context().checkStore(CredentialsProvider.CREATE, CredentialsProvider.UPDATE);
                    context().checkUse();
                },
                orgs -> {
                    OrgRecord r = orgs.registerJitSandbox(Requests.jitSandbox(body(req)));
                    return JsonResponse.created(orgs.localView(r).toJson());
                });
    }

    /**
     * {@code POST update} {@code {org, metadata?, devHub?, defaultDevHub?}}: changes what the user chose about an org
     * of the context's own store, without calling Salesforce. Metadata replaces the whole map.
     */
    @POST
    public HttpResponse doUpdate(StaplerRequest2 req) {
        return answer(() -> context().checkStore(CredentialsProvider.UPDATE), orgs -> {
            JsonNode body = body(req);
            Requests.Update u = Requests.update(body);
            OrgRecord org = orgs.resolveLocal(required(req, body, "org"));
            OrgRecord r = orgs.local().registry().updateMetadata(org.id(), u.devHub(), u.defaultDevHub(), u.metadata());
            return JsonResponse.ok(orgs.localView(r).toJson());
        });
    }

    /**
     * {@code POST testConnection} {@code {org}}: a fresh grant; {@code ok} and, on failure, the core's reason,
     * message, Salesforce's error and the fix. The result becomes the org's status on the pages.
     */
    @POST
    public HttpResponse doTestConnection(StaplerRequest2 req) {
        return answer(context()::checkUse, orgs -> {
            OrgRecord org = orgs.resolve(required(req, body(req), "org"));
            ConnectionTest t = orgs.test(org);
            ObjectNode o = new OrgView.Status(t).toJson();
            o.put("org", org.id());
            return JsonResponse.ok(o);
        });
    }

    /** {@code GET defaultDevHub}: the context's default Dev Hub, the nearest store's (404 when none is set). */
    public HttpResponse doDefaultDevHub() {
        return answer(
                context()::checkView,
                orgs -> JsonResponse.ok(orgs.defaultDevHub().toJson()));
    }

    /**
     * {@code POST setDefaultDevHub} {@code {org}}: makes a Dev Hub of the context's own store its default, clearing
     * the store's old default.
     */
    @POST
    public HttpResponse doSetDefaultDevHub(StaplerRequest2 req) {
        return answer(() -> context().checkStore(CredentialsProvider.UPDATE), orgs -> {
            OrgRecord org = orgs.resolveLocal(required(req, body(req), "org"));
            OrgRecord r = orgs.local().registry().setDefaultDevHub(org.id());
            return JsonResponse.ok(orgs.localView(r).toJson());
        });
    }

    /**
     * {@code POST remove} {@code {org}}: removes the credential of an org of the context's own store (JIT sandboxes
     * first, see the core).
     */
    @POST
    public HttpResponse doRemove(StaplerRequest2 req) {
        return answer(() -> context().checkStore(CredentialsProvider.DELETE), orgs -> {
            OrgRecord org = orgs.resolveLocal(required(req, body(req), "org"));
            OrgRecord r = orgs.local().registry().remove(org.id());
            orgs.forget(r.id());
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("id", r.id());
            o.put("message", "Organization successfully deleted");
            return JsonResponse.ok(o);
        });
    }

    /**
     * {@code POST frontdoor} {@code {target, repository?, productionOrg?, classic?, startPath?, redirect?}}: a
     * frontdoor (one-click login) URL, looked up as the core does (registered org, the repository's pool, a sandbox
     * through a production org). JSON by default; {@code redirect: true} answers 302 to the URL. The URL is a secret.
     */
    @POST
    public HttpResponse doFrontdoor(StaplerRequest2 req) {
        return answer(context()::checkUse, orgs -> {
            JsonNode body = body(req);
            FrontdoorRequest request = new FrontdoorRequest(
                    param(req, body, "target"),
                    param(req, body, "repository"),
                    param(req, body, "productionOrg", "prodOrg"),
                    "true".equalsIgnoreCase(param(req, body, "classic")),
                    param(req, body, "startPath"));
            FrontdoorUrl url = SalesforceFlows.get().frontdoor(orgs.tokens(), request);
            if ("true".equalsIgnoreCase(param(req, body, "redirect"))) {
                throw new Redirect(url.url().reveal());
            }
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("url", url.url().reveal());
            o.put("source", url.source().name());
            o.put("via", url.via());
            o.put("username", url.username());
            o.put("orgId", url.orgId());
            o.put(
                    "instanceUrl",
                    url.instanceUrl() == null ? null : url.instanceUrl().toString());
            o.put("classic", url.classic());
            return JsonResponse.ok(o);
        });
    }

    /**
     * {@code POST sandboxAuthenticate} {@code {sandboxName, productionOrg?, frontdoor?}}: a token for a sandbox that
     * is not registered, through the named production org or every production org of the context; nothing is stored.
     */
    @POST
    public HttpResponse doSandboxAuthenticate(StaplerRequest2 req) {
        return answer(context()::checkUse, orgs -> {
            JsonNode body = body(req);
            SandboxAuthResult r = SalesforceFlows.get()
                    .sandboxAuth(
                            orgs.tokens(),
                            required(req, body, "sandboxName"),
                            param(req, body, "productionOrg", "productionUsername"),
                            "true".equalsIgnoreCase(param(req, body, "frontdoor")));
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("sandboxName", r.sandboxName());
            o.put("sandboxUsername", r.sandboxUsername());
            putToken(o, r.token());
            r.frontdoor().ifPresent(f -> o.put("frontDoorUrl", f.reveal()));
            ObjectNode p = o.putObject("productionOrg");
            p.put("id", r.productionOrg().id());
            p.put("username", r.productionOrg().username());
            p.put("orgId", r.productionOrg().orgId());
            p.put("instanceUrl", r.productionOrg().instanceUrl());
            return JsonResponse.created(o);
        });
    }

    /**
     * {@code POST scratchAuthenticate} {@code {username, devHub?}}: a token for a scratch org that is not registered,
     * from the ScratchOrgInfo of the named Dev Hub or of every Dev Hub of the context (the default first).
     */
    @POST
    public HttpResponse doScratchAuthenticate(StaplerRequest2 req) {
        return answer(context()::checkUse, orgs -> {
            JsonNode body = body(req);
            ScratchOrgAuthResult r = SalesforceFlows.get()
                    .scratchOrgAuth(
                            orgs.tokens(),
                            required(req, body, "username"),
                            param(req, body, "devHub", "devHubUsername"));
            ObjectNode o = Json.mapper().createObjectNode();
            putToken(o, r.token());
            ObjectNode h = o.putObject("devHub");
            h.put("id", r.devHubId());
            h.put("username", r.devHubUsername());
            o.put("method", r.method().name());
            o.put("expirationDate", r.expirationDate());
            return JsonResponse.ok(o);
        });
    }

    /** A redirect that ends an action (the frontdoor's {@code redirect: true}). */
    private static final class Redirect extends RuntimeException implements HttpResponse {
        private static final long serialVersionUID = 1L;
        private final transient String url;

        Redirect(String url) {
            super(null, null, false, false);
            this.url = url;
        }

        @Override
        public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException {
            rsp.setHeader("Cache-Control", "no-store");
            rsp.sendRedirect(302, url);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Runs an action: its permission check as the caller, then the action itself as the system over the context's
     * orgs for that caller (the credential stores show their credentials to the system only; the caller was
     * allowed); refusals and the core's failures become JSON errors.
     */
    HttpResponse answer(Runnable check, Function<Orgs, JsonResponse> action) {
        try {
            check.run();
            Orgs orgs = context().orgs();
            return system(() -> action.apply(orgs));
        } catch (JsonResponse | Redirect r) {
            return (HttpResponse) r;
        } catch (AccessDeniedException e) {
            return JsonResponse.error(403, "FORBIDDEN", e.getMessage());
        } catch (SalesforceAuthException e) {
            return JsonResponse.of(e);
        }
    }

    /** Runs work as the system, after the caller's permission check (call it as the caller). */
    @SuppressWarnings("try")
    static <T> T system(Supplier<T> work) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            return work.get();
        }
    }

    private static void putToken(ObjectNode o, TokenResult t) {
        o.put("accessToken", t.accessToken().reveal());
        o.put("instanceUrl", t.instanceUrl().toString());
        o.put("username", t.username());
        o.put("orgId", t.orgId());
        o.put("orgType", t.orgType() == null ? null : t.orgType().label());
        o.put("expiresAt", t.expiresAt().toString());
    }

    /** The request's JSON object body, or an empty object when there is none (GET, or parameters only). */
    @NonNull
    static JsonNode body(StaplerRequest2 req) {
        Object cached = req.getAttribute(OrgView.class.getName() + ".body");
        if (cached instanceof JsonNode n) {
            return n;
        }
        JsonNode node;
        String type = req.getContentType();
        if (!"POST".equals(req.getMethod())
                || type == null
                || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            node = Json.mapper().createObjectNode();
        } else {
            String text;
            try (InputStream in = req.getInputStream()) {
                byte[] b = in.readNBytes(MAX_BODY + 1);
                if (b.length > MAX_BODY) {
                    throw SalesforceAuthException.of(
                            Reason.BAD_INPUT, "The request body is larger than " + MAX_BODY + " bytes.", null);
                }
                text = new String(b, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw SalesforceAuthException.of(Reason.BAD_INPUT, "The request body could not be read.", null);
            }
            node = text.isBlank()
                    ? Json.mapper().createObjectNode()
                    : Json.parse(text).orElse(null);
            if (node == null || !node.isObject()) {
                throw SalesforceAuthException.of(
                        Reason.BAD_INPUT,
                        "The request body is not a JSON object.",
                        "Send a JSON object with Content-Type: application/json, for example {\"org\": \"prod\"}.");
            }
        }
        req.setAttribute(OrgView.class.getName() + ".body", node);
        return node;
    }

    /** A field of the body, else the query parameter of that name; null when absent or blank. */
    @CheckForNull
    static String param(StaplerRequest2 req, JsonNode body, String name) {
        String v = Requests.text(body, name);
        if (v == null) {
            v = req.getParameter(name);
        }
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** The field {@code name}, else the field {@code alias} (another name the same value is accepted under). */
    @CheckForNull
    static String param(StaplerRequest2 req, JsonNode body, String name, String alias) {
        String v = param(req, body, name);
        return v != null ? v : param(req, body, alias);
    }

    @NonNull
    static String required(StaplerRequest2 req, JsonNode body, String name) {
        String v = param(req, body, name);
        if (v == null) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "'" + name + "' is missing.",
                    "Give the org's credentials id, its Salesforce username, or the name of a registered JIT sandbox.");
        }
        return v;
    }
}
