package io.jenkins.plugins.salesforce.ui;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.salesforce.SalesforceFlows;
import io.jenkins.plugins.salesforce.core.CliEnvironment;
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
import io.jenkins.plugins.salesforce.steps.OrgMaps;
import io.jenkins.plugins.salesforce.ui.RequestBodies.Frontdoor;
import io.jenkins.plugins.salesforce.ui.RequestBodies.JitSandbox;
import io.jenkins.plugins.salesforce.ui.RequestBodies.OrgRef;
import io.jenkins.plugins.salesforce.ui.RequestBodies.Registration;
import io.jenkins.plugins.salesforce.ui.RequestBodies.SandboxAuth;
import io.jenkins.plugins.salesforce.ui.RequestBodies.ScratchAuth;
import io.jenkins.plugins.salesforce.ui.RequestBodies.Update;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.WebMethod;
import org.kohsuke.stapler.verb.GET;
import org.kohsuke.stapler.verb.POST;

/**
 * The REST actions of a Salesforce Orgs page (the Jenkins counterpart of sfp-server's {@code /auth/salesforce/*},
 * docs/rest-api.md); {@link OrgsAction} adds the page itself.
 *
 * <p><b>Permissions</b>, on Jenkins or the folder, all checked before the body is read and before any call to
 * Salesforce:
 * <ul>
 *   <li>{@code orgs}, {@code org} (GET), {@code defaultDevHub}: {@link CredentialsProvider#VIEW} or
 *       {@link CredentialsProvider#USE_ITEM};
 *   <li>{@code accessToken}, {@code org} (POST, with {@code authType}), {@code testConnection}, {@code frontdoor},
 *       {@code sandboxAuthenticate}, {@code scratchAuthenticate}: {@link CredentialsProvider#USE_ITEM} (implied by
 *       Job/Configure: such a user could use the credential from a pipeline in the context anyway);
 *   <li>{@code register}: {@link CredentialsProvider#CREATE} and {@link CredentialsProvider#UPDATE} on the context's
 *       own store (a registration of a known username updates it); {@code registerJitSandbox}: the same and
 *       {@link CredentialsProvider#USE_ITEM} (it calls Salesforce as the production org);
 *   <li>{@code update}, {@code setDefaultDevHub}: {@link CredentialsProvider#UPDATE}; {@code remove}:
 *       {@link CredentialsProvider#DELETE}; all on the context's own store, the only one they change.
 * </ul>
 * Reads are {@link GET}, and every state-changing or secret-returning action is {@link POST} (a crumb, or an API
 * token). Each action checks its permission first (a refusal is Jenkins' own 403), then reads its body
 * ({@link RequestBodies}), then works as the system ({@link Orgs#run}). The core's refusals are
 * {@code {error, message, salesforceError?}} with the status of their reason ({@link #statusOf}).
 */
public abstract class OrgsRestActions {
    /** The orgs where the actions work, for the current caller. */
    @NonNull
    abstract Orgs orgs();

    /** {@code GET orgs?type=&devHub=&metadata=}: the matching orgs as a JSON array. */
    @GET
    public HttpResponse doOrgs(
            @QueryParameter String type, @QueryParameter String devHub, @QueryParameter String metadata) {
        return answer(Orgs::checkView, orgs -> {
            OrgFilter filter = OrgFilter.parse(type, devHub, metadata);
            return json(200, orgs.list(filter).stream().map(OrgView::toMap).toList());
        });
    }

    /** {@code GET org?org=<id|username|sandbox name>}: one org, never a secret (secrets: {@link #doOrgSecret}). */
    @GET
    public HttpResponse doOrg(@QueryParameter String org) {
        return answer(Orgs::checkView, orgs -> json(200, orgs.get(required(null, org, "org")).toMap()));
    }

    /**
     * {@code POST org} {@code {org, authType}}: the org with a fresh short-lived token ({@code accessToken}) or its
     * auth URL ({@code sfdxAuthUrl}, only where the credential allows export).
     */
    @POST
    @WebMethod(name = "org")
    public HttpResponse doOrgSecret(StaplerRequest2 req, @QueryParameter String org) {
        return answer(Orgs::checkUse, orgs -> {
            OrgRef body = RequestBodies.read(req, OrgRef.class);
            String ref = required(body.org(), org, "org");
            Map<String, Object> o = orgs.get(ref).toMap();
            String authType = RequestBodies.text(body.authType());
            if ("accessToken".equals(authType)) {
                o.putAll(CliEnvironment.tokenMap(orgs.tokens().token(ref)));
            } else if ("sfdxAuthUrl".equals(authType)) {
                o.put("sfdxAuthUrl", orgs.tokens().authUrl(ref).reveal());
            } else {
                throw SalesforceAuthException.of(
                        Reason.BAD_INPUT,
                        authType == null ? "'authType' is missing." : "'authType' is not valid: '" + authType + "'.",
                        "Use accessToken (a short-lived token) or sfdxAuthUrl (the auth URL, where the credential"
                                + " allows export); GET org answers the org without a secret.");
            }
            return json(200, o);
        });
    }

    /**
     * {@code POST accessToken} {@code {org}} or {@code {devHub: true}}: a short-lived access token, its instance URL,
     * username, org id, type and expiry. {@code devHub: true} is the context's default Dev Hub (the nearest store's).
     */
    @POST
    public HttpResponse doAccessToken(StaplerRequest2 req, @QueryParameter String org) {
        return answer(Orgs::checkUse, orgs -> {
            OrgRef body = RequestBodies.read(req, OrgRef.class);
            TokenResult t = RequestBodies.either(body.org(), org) == null && Boolean.TRUE.equals(body.devHub())
                    ? orgs.tokens().defaultDevHubToken()
                    : orgs.tokens().token(required(body.org(), org, "org"));
            return json(200, CliEnvironment.tokenMap(t));
        });
    }

    /**
     * {@code POST register} {@code {sfdxAuthUrl, id?, username?, devHub?, defaultDevHub?, allowAuthUrlExport?,
     * metadata?, description?}}: validated with Salesforce first, then saved in the context's own store; the same
     * username in that store updates. 201 with the org.
     */
    @POST
    public HttpResponse doRegister(StaplerRequest2 req) {
        return answer(Orgs::checkRegister, orgs -> json(201, orgs.register(Registration.read(req)).toMap()));
    }

    /**
     * {@code POST registerJitSandbox} {@code {sandboxName, productionOrg, id?, metadata?, description?}}: a JIT sandbox
     * of a production org of the context's own store, checked through that org first. 201 with the org.
     */
    @POST
    public HttpResponse doRegisterJitSandbox(StaplerRequest2 req) {
        return answer(Orgs::checkRegisterJitSandbox, orgs -> {
            JitSandbox body = RequestBodies.read(req, JitSandbox.class);
            return json(201, orgs.registerJitSandbox(body.toRequest()).toMap());
        });
    }

    /**
     * {@code POST update} {@code {org, metadata?, devHub?, defaultDevHub?}}: changes what the user chose about an org
     * of the context's own store, without calling Salesforce. Metadata replaces the whole map.
     */
    @POST
    public HttpResponse doUpdate(StaplerRequest2 req, @QueryParameter String org) {
        return answer(orgs -> orgs.checkStore(CredentialsProvider.UPDATE), orgs -> {
            Update u = RequestBodies.read(req, Update.class);
            Map<String, String> metadata = u.checkedMetadata();
            OrgRecord found = orgs.resolveLocal(required(u.org(), org, "org"));
            OrgRecord r = orgs.local().registry().updateMetadata(found.id(), u.devHub(), u.defaultDevHub(), metadata);
            return json(200, orgs.localView(r).toMap());
        });
    }

    /**
     * {@code POST testConnection} {@code {org}}: a fresh grant; {@code ok} and, on failure, the core's reason,
     * message, Salesforce's error and the fix. The result becomes the org's status on the pages.
     */
    @POST
    public HttpResponse doTestConnection(StaplerRequest2 req, @QueryParameter String org) {
        return answer(Orgs::checkUse, orgs -> {
            OrgRef body = RequestBodies.read(req, OrgRef.class);
            return json(200, OrgMaps.of(orgs.test(orgs.resolve(required(body.org(), org, "org")))));
        });
    }

    /** {@code GET defaultDevHub}: the context's default Dev Hub, the nearest store's (404 when none is set). */
    @GET
    public HttpResponse doDefaultDevHub() {
        return answer(Orgs::checkView, orgs -> json(200, orgs.defaultDevHub().toMap()));
    }

    /** {@code POST setDefaultDevHub} {@code {org}}: makes a Dev Hub of the context's own store its default. */
    @POST
    public HttpResponse doSetDefaultDevHub(StaplerRequest2 req, @QueryParameter String org) {
        return answer(orgs -> orgs.checkStore(CredentialsProvider.UPDATE), orgs -> {
            OrgRef body = RequestBodies.read(req, OrgRef.class);
            OrgRecord found = orgs.resolveLocal(required(body.org(), org, "org"));
            return json(200, orgs.localView(orgs.local().registry().setDefaultDevHub(found.id())).toMap());
        });
    }

    /** {@code POST remove} {@code {org}}: removes the credential of an org of the context's own store. */
    @POST
    public HttpResponse doRemove(StaplerRequest2 req, @QueryParameter String org) {
        return answer(orgs -> orgs.checkStore(CredentialsProvider.DELETE), orgs -> {
            OrgRef body = RequestBodies.read(req, OrgRef.class);
            OrgRecord r = orgs.remove(required(body.org(), org, "org"));
            return json(200, Map.of("id", r.id(), "message", "Organization successfully deleted"));
        });
    }

    /**
     * {@code POST frontdoor} {@code {target, repository?, productionOrg?, classic?, startPath?, redirect?}}: a
     * frontdoor (one-click login) URL, looked up as the core does (registered org, the repository's pool, a sandbox
     * through a production org). JSON by default; {@code redirect: true} answers 302 to the URL. The URL is a secret.
     */
    @POST
    public HttpResponse doFrontdoor(StaplerRequest2 req) {
        return answer(Orgs::checkUse, orgs -> {
            Frontdoor b = RequestBodies.read(req, Frontdoor.class);
            FrontdoorUrl url = SalesforceFlows.get()
                    .frontdoor(
                            orgs.tokens(),
                            new FrontdoorRequest(
                                    RequestBodies.text(b.target()),
                                    RequestBodies.text(b.repository()),
                                    RequestBodies.text(b.productionOrg()),
                                    b.classic(),
                                    RequestBodies.text(b.startPath())));
            if (b.redirect()) {
                return HttpResponses.redirectTo(url.url().reveal());
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("url", url.url().reveal());
            o.put("source", url.source().name());
            o.put("via", url.via());
            o.put("username", url.username());
            o.put("orgId", url.orgId());
            o.put("instanceUrl", OrgMaps.url(url.instanceUrl()));
            o.put("classic", url.classic());
            return json(200, o);
        });
    }

    /**
     * {@code POST sandboxAuthenticate} {@code {sandboxName, productionOrg?, frontdoor?}}: a token for a sandbox that
     * is not registered, through the named production org or every production org of the context; nothing is stored.
     */
    @POST
    public HttpResponse doSandboxAuthenticate(StaplerRequest2 req) {
        return answer(Orgs::checkUse, orgs -> {
            SandboxAuth b = RequestBodies.read(req, SandboxAuth.class);
            SandboxAuthResult r = SalesforceFlows.get()
                    .sandboxAuth(
                            orgs.tokens(),
                            required(b.sandboxName(), null, "sandboxName"),
                            RequestBodies.text(b.productionOrg()),
                            b.frontdoor());
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("sandboxName", r.sandboxName());
            o.put("sandboxUsername", r.sandboxUsername());
            o.putAll(CliEnvironment.tokenMap(r.token()));
            r.frontdoor().ifPresent(f -> o.put("frontDoorUrl", f.reveal()));
            o.put("productionOrg", OrgMaps.of(r.productionOrg()));
            return json(201, o);
        });
    }

    /**
     * {@code POST scratchAuthenticate} {@code {username, devHub?}}: a token for a scratch org that is not registered,
     * from the ScratchOrgInfo of the named Dev Hub or of every Dev Hub of the context (the default first).
     */
    @POST
    public HttpResponse doScratchAuthenticate(StaplerRequest2 req) {
        return answer(Orgs::checkUse, orgs -> {
            ScratchAuth b = RequestBodies.read(req, ScratchAuth.class);
            ScratchOrgAuthResult r = SalesforceFlows.get()
                    .scratchOrgAuth(
                            orgs.tokens(), required(b.username(), null, "username"), RequestBodies.text(b.devHub()));
            Map<String, Object> o = new LinkedHashMap<>(CliEnvironment.tokenMap(r.token()));
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("id", r.devHubId());
            h.put("username", r.devHubUsername());
            o.put("devHub", h);
            o.put("method", r.method().name());
            o.put("expirationDate", r.expirationDate());
            return json(200, o);
        });
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Runs an action's permission check as the caller, then the action as the system; refusals become JSON. */
    private HttpResponse answer(Consumer<Orgs> check, Function<Orgs, HttpResponse> action) {
        try {
            Orgs orgs = orgs();
            check.accept(orgs);
            return orgs.run(action);
        } catch (SalesforceAuthException e) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("error", e.reason().name());
            o.put("message", e.getMessage());
            if (e.salesforceError() != null) {
                o.put("salesforceError", e.salesforceError());
            }
            return json(statusOf(e.reason()), o);
        }
    }

    /** The HTTP status of a failure reason (the REST rendering of the core's reasons). */
    static int statusOf(@NonNull Reason reason) {
        return switch (reason) {
            case BAD_INPUT -> HttpServletResponse.SC_BAD_REQUEST;
            case NOT_FOUND -> HttpServletResponse.SC_NOT_FOUND;
            case NOT_ALLOWED, WRONG_ORG_TYPE, NOT_READY -> HttpServletResponse.SC_CONFLICT;
            default -> HttpServletResponse.SC_BAD_GATEWAY;
        };
    }

    private static HttpResponse json(int status, Object value) {
        return new JsonAnswer(status, value);
    }

    /** A JSON answer (an object or an array), never cached: some hold a token. */
    private record JsonAnswer(int status, Object value) implements HttpResponse {
        @Override
        public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException {
            rsp.setStatus(status);
            rsp.setContentType("application/json;charset=UTF-8");
            rsp.setHeader("Cache-Control", "no-store");
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(rsp.getWriter(), value);
        }

        @Override
        public String toString() {
            return "JsonAnswer[" + status + "]"; // the value may hold a token
        }
    }

    /** The body's field, else the query parameter; BAD_INPUT naming the field when neither is given. */
    @NonNull
    private static String required(@CheckForNull String body, @CheckForNull String query, String name) {
        String v = RequestBodies.either(body, query);
        if (v == null) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "'" + name + "' is missing.",
                    "org".equals(name)
                            ? "Give the org's credentials id, its Salesforce username, or the name of a registered JIT"
                                    + " sandbox."
                            : "Send " + name + " in the JSON body (Content-Type: application/json).");
        }
        return v;
    }
}
