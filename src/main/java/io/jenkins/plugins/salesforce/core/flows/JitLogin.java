package io.jenkins.plugins.salesforce.core.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.api.ApiVersion;
import io.jenkins.plugins.salesforce.core.api.SalesforceApi;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.core.http.ResponseClassifier;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.oauth.Audience;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.SandboxValidator;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Mints a sandbox access token through its production org, storing nothing (the JIT sequence). The token service calls
 * it for registered JIT sandboxes; {@link SandboxAuthFlow} for unregistered ones.
 *
 * <ol>
 *   <li>The production org's token comes from {@link io.jenkins.plugins.salesforce.core.tokens.OrgTokens} (cached).
 *   <li>{@link SandboxDiscovery}: the sandbox's SandboxProcess row must be ready (NOT_FOUND, NOT_READY,
 *       WRONG_ORG_TYPE otherwise).
 *   <li>{@code POST /services/data/v{ver}/tooling/sandboxAuth} with {@code clientId} = the production credential's
 *       consumer key (from its auth URL, or the JWT client id), the sandbox name and the callback URL (the sf CLI's
 *       {@code http://localhost:1717/OauthRedirect} unless the context names another, {@link FlowContext#callbackUrl}).
 *   <li>A JWT production credential: the JWT bearer grant with {@code sub=authUserName} and the test audience at the
 *       returned {@code loginUrl}. Otherwise: the code exchange at {@code loginUrl} with the same client id, its
 *       secret, and {@code redirect_uri} = the callback URL. The {@code loginUrl} must pass the host allowlist, or
 *       nothing is sent there. The refresh token the exchange returns never leaves this controller's memory: the
 *       next login to the sandbox refreshes it instead of exchanging a new code ({@link SandboxSessions}), so that the
 *       sandbox user keeps one OAuth approval of the app.
 *   <li>The org id of the new token must match {@code SandboxOrganization} (first 15 characters, case-sensitive).
 * </ol>
 *
 * <p>When the production org's session turns out to be expired (401 {@code INVALID_SESSION_ID}), its token is
 * evicted and steps 2-3 run once more. A JWT login to a sandbox that finished copying less than ten minutes ago is
 * retried while Salesforce says the user has not approved the app ({@link NewOrgRetry}).
 */
public final class JitLogin implements SandboxValidator {
    private final FlowContext context;
    private final SalesforceApi api;
    private final SandboxDiscovery discovery;

    public JitLogin(FlowContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.api = context.api();
        this.discovery = new SandboxDiscovery(context);
    }

    /**
     * Logs in to a sandbox of a registered production org.
     *
     * @param production the production (or Developer Edition) org with its secret
     * @param sandboxName the sandbox name, 1-10 letters and digits
     * @throws SalesforceAuthException NOT_FOUND (no such sandbox, or not created by the production user), NOT_READY
     *     (still copying, or sandboxAuth not ready: INVALID_STATUS), WRONG_ORG_TYPE (not a production org),
     *     BAD_RESPONSE (a loginUrl that is not a Salesforce host, the wrong org), or whatever a grant failed with
     */
    public SandboxLogin login(RegisteredOrg production, String sandboxName) {
        Objects.requireNonNull(production, "production");
        String name = SandboxDiscovery.checkName(sandboxName);
        OrgRecord prod = production.record();
        if (production.secret() == null || prod.orgType() == OrgType.SANDBOX || prod.orgType() == OrgType.SCRATCH) {
            throw SalesforceAuthException.of(
                    Reason.WRONG_ORG_TYPE,
                    "Org " + prod.describe() + " is not a production org with a stored credential, so it cannot"
                            + " authorise sandbox '" + name + "'.",
                    "Use the production (or Developer Edition) org the sandbox was created from.");
        }
        AppCredentials app = AppCredentials.of(production, context.hosts());
        // Only a code exchange opens a session (a JWT grant returns no refresh token), so a JWT login never finds one.
        Optional<SandboxLogin> again = context.sandboxSessions().refresh(production, name, app, context);
        if (again.isPresent()) {
            return checked(again.get(), prod);
        }
        Authorised auth = Sessions.withToken(context.tokens(), production, token -> {
            ApiVersion version = api.latestApiVersion(token);
            SandboxProcessRow row = discovery.findReady(token, version, prod, name);
            return sandboxAuth(token, version, prod, row, app);
        });
        AccessToken token = app.isJwt()
                ? NewOrgRetry.run(context, auth.row.endDate(), () -> context.jwtGrant()
                        .exchange(auth.loginUrl, app.clientId(), auth.username, app.privateKey(), Audience.TEST))
                : context.codeGrant()
                        .exchange(auth.loginUrl, app.clientId(), app.clientSecret(), auth.code, context.callbackUrl());
        context.sandboxSessions().keep(production, auth.username, auth.loginUrl, token, auth.row);
        return checked(
                new SandboxLogin(auth.row.sandboxName(), auth.username, withoutRefreshToken(token), prod, auth.row),
                prod);
    }

    /**
     * What registering a JIT sandbox records, found through its production org without logging in to the sandbox:
     * the checks of {@link SandboxDiscovery#checkSandbox} (ready; created or last refreshed by the production org's
     * user), then {@code sandboxAuth}, whose answer shows that Salesforce would authorise the sandbox and names its
     * user and instance URL (sfp-server checks the same at registration). The authorization code it returns is
     * dropped unused: no code is exchanged, so no session is opened and no refresh token issued.
     */
    @Override
    public Sandbox validateSandbox(RegisteredOrg production, String sandboxName) {
        Objects.requireNonNull(production, "production");
        String name = SandboxDiscovery.checkName(sandboxName);
        OrgRecord prod = production.record();
        AppCredentials app = AppCredentials.of(production, context.hosts());
        Authorised auth = Sessions.withToken(context.tokens(), production, token -> {
            ApiVersion version = api.latestApiVersion(token);
            SandboxProcessRow row = discovery.checkSandbox(token, version, prod, name);
            return sandboxAuth(token, version, prod, row, app);
        });
        return new Sandbox(auth.row.sandboxOrganization(), auth.username, recordable(auth.instanceUrl));
    }

    /**
     * The instance URL sandboxAuth named, as an origin, when it is an allowed Salesforce host; else null, and the
     * first login records the instance URL of its token (nothing is sent to this one).
     */
    private String recordable(String instanceUrl) {
        if (instanceUrl == null || instanceUrl.isBlank()) {
            return null;
        }
        try {
            return context.hosts()
                    .requireAllowed(instanceUrl, "the instanceUrl that sandboxAuth returned")
                    .toString();
        } catch (SalesforceAuthException e) {
            return null;
        }
    }

    /** The login, once its token is known to be for the sandbox's org (a refreshed sandbox is another org). */
    private static SandboxLogin checked(SandboxLogin login, OrgRecord prod) {
        String expected = login.process().sandboxOrganization();
        String actual = login.accessToken().orgId();
        if (expected != null && !actual.startsWith(expected)) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "The token for sandbox '" + login.sandboxName() + "' of production org '"
                            + SandboxDiscovery.name(prod) + "' is for org " + actual + ", but the sandbox is org "
                            + expected + ".",
                    "The sandbox was probably refreshed while the plugin logged in: try again.");
        }
        return login;
    }

    /** What sandboxAuth answered, read at once so the code never lives in a JSON tree for long. */
    private record Authorised(
            SandboxProcessRow row, String username, SecretText code, URI loginUrl, String instanceUrl) {
        @Override
        public String toString() {
            return "Authorised[" + username + ", code=****]";
        }
    }

    private Authorised sandboxAuth(
            AccessToken token, ApiVersion version, OrgRecord prod, SandboxProcessRow row, AppCredentials app) {
        ObjectNode body = Json.mapper()
                .createObjectNode()
                .put("clientId", app.clientId())
                .put("sandboxName", row.sandboxName())
                .put("callbackUrl", context.callbackUrl());
        JsonNode doc;
        try {
            doc = api.postTooling(token, version, "sandboxAuth", body.toString(), "The sandboxAuth call");
        } catch (SalesforceAuthException e) {
            throw sandboxAuthFailure(e, prod, row.sandboxName());
        }
        String username = Json.text(doc, "authUserName");
        if (username == null || username.isBlank()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "The sandbox '" + row.sandboxName() + "' does not have an authorized username (sandboxAuth on"
                            + " production org '" + SandboxDiscovery.name(prod) + "' returned none).",
                    "Check that the production user exists in the sandbox (it is copied when the sandbox is created or"
                            + " refreshed), then try again.");
        }
        SecretText code = SecretText.ofNullable(Json.text(doc, "authCode"));
        if (code == null && !app.isJwt()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "sandboxAuth on production org '" + SandboxDiscovery.name(prod) + "' returned no authorization code"
                            + " for sandbox '" + row.sandboxName() + "'.",
                    "Try again; if it repeats, register the production org with a JWT key, which needs no code.");
        }
        String instanceUrl = Json.text(doc, "instanceUrl");
        String login = Json.text(doc, "loginUrl");
        if (login == null || login.isBlank()) {
            login = instanceUrl;
        }
        URI loginUrl;
        try {
            loginUrl = context.hosts().requireAllowed(login, "the loginUrl that sandboxAuth returned");
        } catch (SalesforceAuthException e) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "sandboxAuth on production org '" + SandboxDiscovery.name(prod) + "' returned a login URL that is"
                            + " not an allowed Salesforce host (" + e.detail() + "); nothing was sent there.",
                    "Check that the production org's instance URL really is Salesforce's; if the host is a legitimate"
                            + " Salesforce host, an administrator can allow it.");
        }
        return new Authorised(row, username.strip(), code, loginUrl, instanceUrl);
    }

    private SalesforceAuthException sandboxAuthFailure(SalesforceAuthException e, OrgRecord prod, String name) {
        String user = SandboxDiscovery.name(prod);
        String code = ResponseClassifier.errorCode(e).orElse("");
        if (e.reason() == Reason.NOT_FOUND) {
            return SalesforceAuthException.fromSalesforce(
                    Reason.NOT_FOUND,
                    "sandbox '" + name + "' not found or not created by " + user + " (sandboxAuth refused it).",
                    "A sandbox can be authorised only through the production user who created or last refreshed it:"
                            + " refresh it as " + user + ", or register the production org of that user.",
                    e.salesforceError());
        }
        if (e.reason() == Reason.NOT_READY || "INVALID_STATUS".equalsIgnoreCase(code)) {
            return SalesforceAuthException.fromSalesforce(
                    Reason.NOT_READY,
                    "The sandbox '" + name + "' completed, but the authentication endpoint is not ready yet"
                            + " (INVALID_STATUS from sandboxAuth on production org '" + user + "').",
                    "Wait a few minutes after the sandbox is activated and try again.",
                    e.salesforceError());
        }
        if ("INVALID_INPUT".equalsIgnoreCase(code)) {
            return SalesforceAuthException.fromSalesforce(
                    Reason.BAD_INPUT,
                    "sandboxAuth on production org '" + user + "' refused the request for sandbox '" + name + "': "
                            + e.salesforceError() + ".",
                    "The production credential's connected app must be installed in the production org and have the"
                            + " callback URL " + context.callbackUrl() + " among its callback URLs.",
                    e.salesforceError());
        }
        return e;
    }

    /** The same token without the refresh token a code exchange returns: JIT stores and hands on no secret. */
    static AccessToken withoutRefreshToken(AccessToken t) {
        if (t.rotatedRefreshToken().isEmpty()) {
            return t;
        }
        return new AccessToken(
                t.value(), t.instanceUrl(), t.identityUrl(), t.orgId(), t.userId(), t.issuedAt(), t.scope(), null);
    }
}
