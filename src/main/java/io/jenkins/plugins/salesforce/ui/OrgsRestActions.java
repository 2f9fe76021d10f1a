package io.jenkins.plugins.salesforce.ui;

import static io.jenkins.plugins.salesforce.ui.RestAnswers.json;
import static io.jenkins.plugins.salesforce.ui.RestAnswers.required;
import static io.jenkins.plugins.salesforce.ui.SecretAnswers.frontdoor;
import static io.jenkins.plugins.salesforce.ui.SecretAnswers.handedOut;
import static io.jenkins.plugins.salesforce.ui.SecretAnswers.withSecret;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.salesforce.SalesforceFlows;
import io.jenkins.plugins.salesforce.core.CliEnvironment;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.flows.FrontdoorUrl;
import io.jenkins.plugins.salesforce.core.flows.SandboxAuthResult;
import io.jenkins.plugins.salesforce.core.flows.ScratchOrgAuthResult;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.WebMethod;
import org.kohsuke.stapler.verb.DELETE;
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
 * {@code {error, message, salesforceError?}} with the status of their reason ({@link RestAnswers#statusOf}).
 */
public abstract class OrgsRestActions {
    /** The orgs where the actions work, for the current caller. */
    @NonNull
    abstract Orgs orgs();

    /** {@code GET orgs?type=&devHub=&metadata=} (sfp-server's {@code devhub=} too): the matching orgs, a JSON array. */
    @GET
    public HttpResponse doOrgs(
            @QueryParameter String type,
            @QueryParameter String devHub,
            @QueryParameter String metadata,
            @QueryParameter("devhub") String sfpDevHub) {
        return answer(Orgs::checkView, orgs -> {
            OrgFilter filter = OrgFilter.parse(type, RequestBodies.either(devHub, sfpDevHub), metadata);
            return json(200, orgs.list(filter).stream().map(OrgView::toMap).toList());
        });
    }

    /**
     * {@code GET org?org=<id|username|sandbox name>} (sfp-server's {@code username=} too): one org, never a secret;
     * {@code authType} is refused here, so that a client written for sfp-server's GET learns to POST (secrets: {@link
     * #doOrgSecret}).
     */
    @GET
    public HttpResponse doOrg(
            @QueryParameter String org, @QueryParameter String username, @QueryParameter String authType) {
        return answer(Orgs::checkView, orgs -> {
            if (RequestBodies.text(authType) != null) {
                throw SalesforceAuthException.badField(
                        "authType",
                        "GET org answers no secret, so it takes no 'authType'.",
                        "POST org with {\"org\": ..., \"authType\": \"" + RequestBodies.text(authType)
                                + "\"} in a JSON body: a token or an auth URL is only answered to a POST.");
            }
            return json(
                    200,
                    orgs.get(required(null, RequestBodies.either(org, username), "org"))
                            .toMap());
        });
    }

    /**
     * {@code POST org} {@code {org, authType}}: the org with a fresh short-lived token ({@code accessToken}) or its
     * auth URL ({@code sfdxAuthUrl}, only where the credential allows export).
     */
    @POST
    @WebMethod(name = "org")
    public HttpResponse doOrgSecret(StaplerRequest2 req, @QueryParameter String org, @QueryParameter String username) {
        return answer(Orgs::checkUse, orgs -> {
            OrgRef body = RequestBodies.read(req, OrgRef.class);
            String ref = body.ref(org, username);
            return json(200, withSecret(req, orgs, orgs.get(ref), ref, body.authType(), "POST org"));
        });
    }

    /**
     * {@code DELETE org?org=} (or sfp-server's {@code username=}): removes the org, as {@code POST remove} does. Only
     * with an {@code Authorization} header (an API token): a browser's session removes through a POST with a crumb.
     */
    @DELETE
    @WebMethod(name = "org")
    public HttpResponse doDeleteOrg(StaplerRequest2 req, @QueryParameter String org, @QueryParameter String username) {
        return answer(orgs -> orgs.checkStore(CredentialsProvider.DELETE), orgs -> {
            if (req.getHeader("Authorization") == null) {
                throw SalesforceAuthException.of(
                        Reason.NOT_ALLOWED,
                        "DELETE org needs an API token in the Authorization header.",
                        "Call it with an API token (curl -u user:token -X DELETE ...), or POST remove with a crumb.");
            }
            return removed(orgs.remove(required(null, RequestBodies.either(org, username), "org")));
        });
    }

    /**
     * {@code POST accessToken} {@code {org}} or {@code {devHub: true}}: a short-lived access token, its instance URL,
     * username, org id, type and expiry. {@code devHub: true} is the context's default Dev Hub (the nearest store's).
     */
    @POST
    public HttpResponse doAccessToken(
            StaplerRequest2 req, @QueryParameter String org, @QueryParameter String username) {
        return answer(Orgs::checkUse, orgs -> {
            OrgRef body = RequestBodies.read(req, OrgRef.class);
            TokenResult t = body.given(org, username) == null && Boolean.TRUE.equals(body.devHub())
                    ? orgs.tokens().defaultDevHubToken()
                    : orgs.tokens().token(body.ref(org, username));
            handedOut(req, orgs, t.orgId(), t.username(), t.username(), "accessToken", "POST accessToken");
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
        return answer(
                Orgs::checkRegister,
                orgs -> json(201, orgs.register(Registration.read(req)).toMap()));
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
    public HttpResponse doUpdate(StaplerRequest2 req, @QueryParameter String org, @QueryParameter String username) {
        return answer(orgs -> orgs.checkStore(CredentialsProvider.UPDATE), orgs -> {
            Update u = RequestBodies.read(req, Update.class);
            Map<String, String> metadata = u.checkedMetadata();
            String ref =
                    required(RequestBodies.either(u.org(), u.username()), RequestBodies.either(org, username), "org");
            return json(
                    200,
                    orgs.update(ref, u.devHub(), u.defaultDevHub(), metadata).toMap());
        });
    }

    /**
     * {@code POST testConnection} {@code {org}}: a fresh grant; {@code ok} and, on failure, the core's reason,
     * message, Salesforce's error and the fix. The result becomes the org's status on the pages.
     */
    @POST
    public HttpResponse doTestConnection(
            StaplerRequest2 req, @QueryParameter String org, @QueryParameter String username) {
        return answer(Orgs::checkUse, orgs -> {
            OrgRef body = RequestBodies.read(req, OrgRef.class);
            return json(200, OrgMaps.of(orgs.test(orgs.resolve(body.ref(org, username)))));
        });
    }

    /** {@code GET defaultDevHub}: the context's default Dev Hub, the nearest store's (404 when none is set). */
    @GET
    public HttpResponse doDefaultDevHub() {
        return answer(Orgs::checkView, orgs -> json(200, orgs.defaultDevHub().toMap()));
    }

    /**
     * {@code POST defaultDevHub} {@code {authType}}: the context's default Dev Hub with a fresh token or its auth URL,
     * as {@code POST org} answers an org (sfp-server's default Dev Hub with {@code authType}).
     */
    @POST
    @WebMethod(name = "defaultDevHub")
    public HttpResponse doDefaultDevHubSecret(StaplerRequest2 req) {
        return answer(Orgs::checkUse, orgs -> {
            OrgRef body = RequestBodies.read(req, OrgRef.class);
            OrgView hub = orgs.defaultDevHub();
            return json(200, withSecret(req, orgs, hub, hub.getId(), body.authType(), "POST defaultDevHub"));
        });
    }

    /** {@code POST setDefaultDevHub} {@code {org}}: makes a Dev Hub of the context's own store its default. */
    @POST
    public HttpResponse doSetDefaultDevHub(
            StaplerRequest2 req, @QueryParameter String org, @QueryParameter String username) {
        return answer(orgs -> orgs.checkStore(CredentialsProvider.UPDATE), orgs -> {
            OrgRef body = RequestBodies.read(req, OrgRef.class);
            return json(200, orgs.setDefaultDevHub(body.ref(org, username)).toMap());
        });
    }

    /** {@code POST remove} {@code {org}}: removes the credential of an org of the context's own store. */
    @POST
    public HttpResponse doRemove(StaplerRequest2 req, @QueryParameter String org, @QueryParameter String username) {
        return answer(orgs -> orgs.checkStore(CredentialsProvider.DELETE), orgs -> {
            OrgRef body = RequestBodies.read(req, OrgRef.class);
            return removed(orgs.remove(body.ref(org, username)));
        });
    }

    /** The answer to a removal, in sfp-server's words. */
    private static HttpResponse removed(OrgRecord r) {
        return json(200, Map.of("id", r.id(), "message", "Organization successfully deleted"));
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
            FrontdoorUrl url =
                    frontdoor(orgs, b.target(), b.repository(), b.productionOrg(), b.classic(), b.startPath());
            handedOut(req, orgs, url.orgId(), url.username(), url.via(), "frontdoor", "POST frontdoor: " + b.target());
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
     * {@code GET frontdoor?target=&repository=&productionOrg=&classic=&startPath=} (sfp-server's link; {@code prodOrg}
     * too): a page that names what it would open and asks to confirm. Its button POSTs {@link #doOpenFrontdoor} with a
     * crumb, so the link can be pasted in a pull request: opening it (or a preview fetching it) logs no one in, and
     * nothing is looked up or sent to Salesforce before the click. Needs Credentials/UseItem, checked first.
     */
    @GET
    @WebMethod(name = "frontdoor")
    public HttpResponse doFrontdoorPage() {
        orgs().checkUse();
        return HttpResponses.forwardToView(this, "frontdoor");
    }

    /** {@code POST openFrontdoor} (the confirmation page's form fields): redirects the browser to the frontdoor URL. */
    @POST
    public HttpResponse doOpenFrontdoor(
            StaplerRequest2 req,
            @QueryParameter String target,
            @QueryParameter String repository,
            @QueryParameter String productionOrg,
            @QueryParameter boolean classic,
            @QueryParameter String startPath) {
        return answer(Orgs::checkUse, orgs -> {
            FrontdoorUrl url = frontdoor(orgs, target, repository, productionOrg, classic, startPath);
            handedOut(req, orgs, url.orgId(), url.username(), url.via(), "frontdoor", "frontdoor link: " + target);
            return HttpResponses.redirectTo(url.url().reveal());
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
            OrgRecord production = r.productionOrg();
            handedOut(
                    req,
                    orgs,
                    production.orgId(),
                    production.username(),
                    production.id(),
                    "sandbox accessToken",
                    "POST sandboxAuthenticate: sandbox " + r.sandboxName());
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
            OrgView hub = orgs.get(r.devHubId());
            handedOut(
                    req,
                    orgs,
                    hub.getOrgId(),
                    hub.getUsername(),
                    hub.getId(),
                    "scratch org accessToken",
                    "POST scratchAuthenticate: " + r.token().username());
            return json(200, o);
        });
    }

    /** Runs an action's permission check as the caller, then the action as the system; refusals become JSON. */
    private HttpResponse answer(Consumer<Orgs> check, Function<Orgs, HttpResponse> action) {
        return RestAnswers.answer(this::orgs, check, action);
    }
}
