package io.jenkins.plugins.salesforce.ui;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Api;
import hudson.model.RootAction;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.Permission;
import io.jenkins.plugins.salesforce.SalesforceFlows;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
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
import java.util.function.Supplier;
import jenkins.model.Jenkins;
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
 * The "Salesforce Orgs" page at {@code /salesforce-orgs/}: the orgs registered in the system credential store, with
 * their type, Dev Hub flags, metadata and last connection test, filterable with the query parameters {@code type},
 * {@code devHub} and {@code metadata} (as {@link OrgFilter#parse}); its {@code api/json}; and the REST actions, the
 * Jenkins counterpart of sfp-server's {@code /auth/salesforce/*} (docs/rest-api.md).
 *
 * <p><b>Why a root action, not a management link.</b> The REST actions are for pipelines' service accounts and
 * developers with an API token, who may use credentials without managing Jenkins; {@code /manage} is for
 * administrators. The page shows in the side panel only to users who may see or use credentials.
 *
 * <p><b>Permissions</b> (on the Jenkins root, all checked before any call to Salesforce):
 * <ul>
 *   <li>page, {@code api/json}, {@code orgs}, {@code org} without {@code authType}, {@code defaultDevHub}:
 *       {@link CredentialsProvider#VIEW} or {@link CredentialsProvider#USE_ITEM};
 *   <li>{@code accessToken}, {@code org} with {@code authType}, {@code testConnection}, {@code frontdoor},
 *       {@code sandboxAuthenticate}, {@code scratchAuthenticate}:
 *       {@link CredentialsProvider#USE_ITEM} (held at the root by users who may configure every job, who could use
 *       the credential from a pipeline anyway);
 *   <li>{@code register}: {@link CredentialsProvider#CREATE} and {@link CredentialsProvider#UPDATE} on the system
 *       store (a registration of a known username updates it); {@code registerSandbox}: the same and
 *       {@link CredentialsProvider#USE_ITEM} (it calls Salesforce as the production org);
 *   <li>{@code update}, {@code setDefaultDevHub}: {@link CredentialsProvider#UPDATE}; {@code remove}:
 *       {@link CredentialsProvider#DELETE}.
 * </ul>
 * Every state-changing or secret-returning action is POST (a crumb, or an API token). Answers are JSON; errors are
 * {@code {error, message}} ({@link JsonResponse}).
 */
@Extension
@ExportedBean
public class SalesforceOrgsAction implements RootAction {
    /** The URL of the page, under the Jenkins root. */
    public static final String URL_NAME = "salesforce-orgs";
    /** Request bodies larger than this are refused. */
    static final int MAX_BODY = 64 * 1024;

    @CheckForNull
    @Override
    public String getIconFileName() {
        return canView() ? "symbol-credentials plugin-credentials" : null;
    }

    @Override
    public String getDisplayName() {
        return Messages.SalesforceOrgsAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    // ----------------------------------------------------------------------------------------- permissions

    /** Whether the current user may see the page (no secrets on it). */
    public boolean canView() {
        Jenkins j = Jenkins.get();
        return j.hasAnyPermission(CredentialsProvider.VIEW, CredentialsProvider.USE_ITEM);
    }

    static void checkView() {
        Jenkins.get().checkAnyPermission(CredentialsProvider.VIEW, CredentialsProvider.USE_ITEM);
    }

    static void checkUse() {
        Jenkins.get().checkPermission(CredentialsProvider.USE_ITEM);
    }

    @NonNull
    static CredentialsStore systemStore() {
        CredentialsStore store = SalesforceService.storeOf(Jenkins.get());
        if (store == null) {
            throw JsonResponse.error(409, Reason.NOT_ALLOWED.name(), "Jenkins has no system credential store.");
        }
        return store;
    }

    static CredentialsStore checkStore(Permission... permissions) {
        CredentialsStore store = systemStore();
        for (Permission p : permissions) {
            store.checkPermission(p);
        }
        return store;
    }

    // ----------------------------------------------------------------------------------------------- the page

    /** The permissions of the page, any of which lets a user see it. */
    @Restricted(NoExternalUse.class)
    public Permission[] getViewPermissions() {
        return new Permission[] {CredentialsProvider.VIEW, CredentialsProvider.USE_ITEM};
    }

    public Api getApi() {
        checkView();
        return new Api(this);
    }

    /**
     * The orgs of the system credential store that the request's filter ({@code type}, {@code devHub},
     * {@code metadata} query parameters) selects, sorted by id; never a secret.
     */
    @Exported(name = "orgs", inline = true)
    @NonNull
    public List<OrgView> getOrgs() {
        checkView();
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        OrgFilter filter;
        try {
            filter = req == null
                    ? OrgFilter.ANY
                    : OrgFilter.parse(req.getParameter("type"), req.getParameter("devHub"), req.getParameter("metadata"));
        } catch (SalesforceAuthException e) {
            throw JsonResponse.of(e);
        }
        OrgFilter f = filter;
        return system(() -> Orgs.list(f));
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

    /** The page of one org ({@code entry/<id>/}): its fields, its last test, and the runs that used it. */
    @CheckForNull
    public OrgView getEntry(String id) {
        checkView();
        return system(() -> Orgs.find(id));
    }

    // ----------------------------------------------------------------------------------------------- REST

    /** {@code GET orgs?type=&devHub=&metadata=}: the matching orgs as a JSON array. */
    public HttpResponse doOrgs(StaplerRequest2 req) {
        return answer(SalesforceOrgsAction::checkView, () -> {
            OrgFilter filter =
                    OrgFilter.parse(req.getParameter("type"), req.getParameter("devHub"), req.getParameter("metadata"));
            ArrayNode a = Json.mapper().createArrayNode();
            Orgs.list(filter).forEach(o -> a.add(o.toJson()));
            return JsonResponse.ok(a);
        });
    }

    /**
     * {@code GET org?org=<id|username|sandbox name>}: one org. With {@code authType=accessToken} (a fresh short-lived
     * token) or {@code authType=sfdxAuthUrl} (the auth URL, only where the credential allows export), POST only.
     */
    public HttpResponse doOrg(StaplerRequest2 req) {
        return answer(() -> {
            if (param(req, body(req), "authType") == null) {
                checkView();
            } else if (!"POST".equals(req.getMethod())) {
                throw JsonResponse.error(405, "METHOD_NOT_ALLOWED", "authType returns a secret: use POST.");
            } else {
                checkUse();
            }
        }, () -> {
            JsonNode body = body(req);
            String authType = param(req, body, "authType");
            if (authType == null) {
                return JsonResponse.ok(Orgs.get(required(req, body, "org")).toJson());
            }
            String ref = required(req, body, "org");
            ObjectNode o = Orgs.get(ref).toJson();
            switch (authType) {
                case "accessToken" -> putToken(o, Orgs.tokens().token(ref));
                case "sfdxAuthUrl" -> o.put("sfdxAuthUrl", Orgs.tokens().authUrl(ref).reveal());
                default -> throw SalesforceAuthException.of(
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
     * username, org id, type and expiry.
     */
    @POST
    public HttpResponse doAccessToken(StaplerRequest2 req) {
        return answer(SalesforceOrgsAction::checkUse, () -> {
            JsonNode body = body(req);
            String ref = param(req, body, "org");
            boolean devHub = "true".equalsIgnoreCase(param(req, body, "devHub"));
            TokenResult t = ref == null && devHub
                    ? Orgs.tokens().defaultDevHubToken()
                    : Orgs.tokens().token(required(req, body, "org"));
            ObjectNode o = Json.mapper().createObjectNode();
            putToken(o, t);
            return JsonResponse.ok(o);
        });
    }

    /**
     * {@code POST register} {@code {sfdxAuthUrl, id?, username?, devHub?, defaultDevHub?, allowAuthUrlExport?,
     * metadata?, description?}}: validated with Salesforce first; the same username updates. 201 with the org.
     */
    @POST
    public HttpResponse doRegister(StaplerRequest2 req) {
        return answer(() -> checkStore(CredentialsProvider.CREATE, CredentialsProvider.UPDATE), () -> {
            CredentialsStore store = systemStore();
            OrgRecord r = SalesforceService.get().register(store, Requests.registration(body(req)));
            return JsonResponse.created(Orgs.get(r.id()).toJson());
        });
    }

    /**
     * {@code POST registerSandbox} {@code {sandboxName, productionOrg, id?, metadata?, description?}}: a JIT sandbox,
     * checked through the production org first. 201 with the org.
     */
    @POST
    public HttpResponse doRegisterSandbox(StaplerRequest2 req) {
        return answer(() -> {
            checkStore(CredentialsProvider.CREATE, CredentialsProvider.UPDATE);
            checkUse();
        }, () -> {
            CredentialsStore store = systemStore();
            OrgRecord r = SalesforceService.get().tokensIn(store).registry()
                    .registerJitSandbox(Requests.jitSandbox(body(req)));
            return JsonResponse.created(Orgs.get(r.id()).toJson());
        });
    }

    /**
     * {@code POST update} {@code {org, metadata?, devHub?, defaultDevHub?}}: changes what the user chose, without
     * calling Salesforce. Metadata replaces the whole map.
     */
    @POST
    public HttpResponse doUpdate(StaplerRequest2 req) {
        return answer(() -> checkStore(CredentialsProvider.UPDATE), () -> {
            CredentialsStore store = systemStore();
            JsonNode body = body(req);
            Requests.Update u = Requests.update(body);
            OrgRecord r = SalesforceService.get().tokensIn(store).registry()
                    .updateMetadata(required(req, body, "org"), u.devHub(), u.defaultDevHub(), u.metadata());
            return JsonResponse.ok(Orgs.get(r.id()).toJson());
        });
    }

    /**
     * {@code POST testConnection} {@code {org}}: a fresh grant; {@code ok} and, on failure, the core's reason,
     * message, Salesforce's error and the fix. The result becomes the org's status on the page.
     */
    @POST
    public HttpResponse doTestConnection(StaplerRequest2 req) {
        return answer(SalesforceOrgsAction::checkUse, () -> {
            String ref = required(req, body(req), "org");
            OrgRecord org = Orgs.tokens().registry().resolve(ref);
            ConnectionTest t = Orgs.test(org.id());
            ObjectNode o = new OrgView.Status(t).toJson();
            o.put("org", org.id());
            return JsonResponse.ok(o);
        });
    }

    /** {@code GET defaultDevHub}: the default Dev Hub (404 when none is set). */
    public HttpResponse doDefaultDevHub() {
        return answer(SalesforceOrgsAction::checkView, () -> {
            return JsonResponse.ok(Orgs.get(Orgs.tokens().registry().resolveDefaultDevHub().id()).toJson());
        });
    }

    /** {@code POST setDefaultDevHub} {@code {org}}: makes a Dev Hub the default, clearing the old default. */
    @POST
    public HttpResponse doSetDefaultDevHub(StaplerRequest2 req) {
        return answer(() -> checkStore(CredentialsProvider.UPDATE), () -> {
            CredentialsStore store = systemStore();
            OrgRecord r = SalesforceService.get().tokensIn(store).registry()
                    .setDefaultDevHub(required(req, body(req), "org"));
            return JsonResponse.ok(Orgs.get(r.id()).toJson());
        });
    }

    /** {@code POST remove} {@code {org}}: removes the org's credential (JIT sandboxes first, see the core). */
    @POST
    public HttpResponse doRemove(StaplerRequest2 req) {
        return answer(() -> checkStore(CredentialsProvider.DELETE), () -> {
            CredentialsStore store = systemStore();
            OrgRecord r = SalesforceService.get().tokensIn(store).registry().remove(required(req, body(req), "org"));
            OrgHealth.get().forget(Orgs.healthKey(r.id()));
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
        return answer(SalesforceOrgsAction::checkUse, () -> {
            JsonNode body = body(req);
            String production = param(req, body, "productionOrg");
            FrontdoorRequest request = new FrontdoorRequest(
                    param(req, body, "target"),
                    param(req, body, "repository"),
                    production != null ? production : param(req, body, "prodOrg"),
                    "true".equalsIgnoreCase(param(req, body, "classic")),
                    param(req, body, "startPath"));
            FrontdoorUrl url = SalesforceFlows.get().frontdoor(Orgs.tokens(), request);
            if ("true".equalsIgnoreCase(param(req, body, "redirect"))) {
                throw new Redirect(url.url().reveal());
            }
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("url", url.url().reveal());
            o.put("source", url.source().name());
            o.put("via", url.via());
            o.put("username", url.username());
            o.put("orgId", url.orgId());
            o.put("instanceUrl", url.instanceUrl() == null ? null : url.instanceUrl().toString());
            o.put("classic", url.classic());
            return JsonResponse.ok(o);
        });
    }

    /**
     * {@code POST sandboxAuthenticate} {@code {sandboxName, productionOrg?, frontdoor?}}: a token for a sandbox that
     * is not registered, through the named production org or every registered one; nothing is stored.
     */
    @POST
    public HttpResponse doSandboxAuthenticate(StaplerRequest2 req) {
        return answer(SalesforceOrgsAction::checkUse, () -> {
            JsonNode body = body(req);
            String production = param(req, body, "productionOrg");
            SandboxAuthResult r = SalesforceFlows.get().sandboxAuth(
                    Orgs.tokens(),
                    required(req, body, "sandboxName"),
                    production != null ? production : param(req, body, "productionUsername"),
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
     * from the ScratchOrgInfo of the named Dev Hub or of every registered Dev Hub (the default first).
     */
    @POST
    public HttpResponse doScratchAuthenticate(StaplerRequest2 req) {
        return answer(SalesforceOrgsAction::checkUse, () -> {
            JsonNode body = body(req);
            String hub = param(req, body, "devHub");
            ScratchOrgAuthResult r = SalesforceFlows.get().scratchOrgAuth(
                    Orgs.tokens(),
                    required(req, body, "username"),
                    hub != null ? hub : param(req, body, "devHubUsername"));
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
     * Runs an action: its permission check as the caller, then the action itself as the system (the credential
     * stores show their credentials to the system only; the caller was allowed); refusals and the core's failures
     * become JSON errors.
     */
    static HttpResponse answer(Runnable check, Supplier<JsonResponse> action) {
        try {
            check.run();
            return system(action);
        } catch (JsonResponse | Redirect r) {
            return (HttpResponse) r;
        } catch (AccessDeniedException e) {
            return JsonResponse.error(403, "FORBIDDEN", e.getMessage());
        } catch (SalesforceAuthException e) {
            return JsonResponse.of(e);
        }
    }

    /**
     * Whether the caller of the action under way may use SYSTEM-scoped credentials. Those are for Jenkins itself;
     * like a job, a caller who only holds Credentials/UseItem must not get their tokens. Set by {@link #system}
     * from the caller's own permissions before it switches to the system; false wherever it was not set.
     */
    private static final ThreadLocal<Boolean> CALLER_IS_ADMINISTRATOR = ThreadLocal.withInitial(() -> false);

    /** Runs work as the system, after the caller's permission check (call it as the caller). */
    @SuppressWarnings("try")
    static <T> T system(Supplier<T> work) {
        boolean administrator = Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        Boolean outer = CALLER_IS_ADMINISTRATOR.get();
        CALLER_IS_ADMINISTRATOR.set(administrator);
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            return work.get();
        } finally {
            CALLER_IS_ADMINISTRATOR.set(outer);
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
        if (!"POST".equals(req.getMethod()) || type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
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
            node = text.isBlank() ? Json.mapper().createObjectNode() : Json.parse(text).orElse(null);
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

    /** The orgs of the root context (the system store), read as the system after the caller's check. */
    static final class Orgs {
        private Orgs() {}

        /**
         * The token service of the root context for the caller of the action under way: SYSTEM-scoped credentials
         * are in it only for an administrator ({@link #CALLER_IS_ADMINISTRATOR}).
         */
        static io.jenkins.plugins.salesforce.core.TokenService tokens() {
            return SalesforceService.get().tokens(Jenkins.get(), ACL.SYSTEM2, CALLER_IS_ADMINISTRATOR.get());
        }

        static String healthKey(String id) {
            return SalesforceService.get().orgs(Jenkins.get(), ACL.SYSTEM2).tokenCacheKey(id);
        }

        static List<OrgView> list(OrgFilter filter) {
            SalesforceService s = SalesforceService.get();
            var store = s.orgs(Jenkins.get(), ACL.SYSTEM2);
            return s.list(Jenkins.get(), ACL.SYSTEM2, filter).stream()
                    .map(r -> new OrgView(r, OrgHealth.get().lastOf(store.tokenCacheKey(r.id())), null))
                    .toList();
        }

        @CheckForNull
        static OrgView find(String id) {
            var store = SalesforceService.get().orgs(Jenkins.get(), ACL.SYSTEM2);
            return store.findById(id)
                    .map(r -> new OrgView(
                            r, OrgHealth.get().lastOf(store.tokenCacheKey(r.id())), credentials(r.id())))
                    .orElse(null);
        }

        /** The credential of an org of the system store, for its fingerprint. */
        @CheckForNull
        static SalesforceOrgCredentials credentials(String id) {
            return CredentialsProvider.lookupCredentialsInItemGroup(
                            SalesforceOrgCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of())
                    .stream()
                    .filter(c -> c.getId().equals(id))
                    .findFirst()
                    .orElse(null);
        }

        /** The org a reference (id, username, JIT sandbox name) names; NOT_FOUND otherwise. */
        static OrgView get(String ref) {
            OrgRecord r = tokens().registry().resolve(ref);
            return new OrgView(r, OrgHealth.get().lastOf(healthKey(r.id())), null);
        }

        /** Tests an org of the root context and records the result. */
        static ConnectionTest test(String id) {
            ConnectionTest t = tokens().testConnection(id);
            OrgHealth.get().record(healthKey(id), "system", id, t);
            return t;
        }
    }
}
