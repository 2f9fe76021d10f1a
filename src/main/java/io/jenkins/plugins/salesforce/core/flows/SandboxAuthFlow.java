package io.jenkins.plugins.salesforce.core.flows;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgResolver;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sandbox auth for a sandbox that is not registered: a short-lived token minted through a registered production org by
 * the JIT sequence ({@link JitLogin}), nothing stored.
 *
 * <ul>
 *   <li>A sandbox that is registered (a JIT sandbox of that name, or an org of type Sandbox whose username is the
 *       production username plus {@code .<name>}) is refused with NOT_ALLOWED, pointing to {@code
 *       salesforceAccessToken(org: '<id>')}: a registered org has its own, cached, audited way.
 *   <li>With a production org named, only that org is asked; it must be a production org (WRONG_ORG_TYPE).
 *   <li>Without, every registered production org is asked in the registry's order (by id). An org that does not have
 *       the sandbox (NOT_FOUND) or cannot manage sandboxes (WRONG_ORG_TYPE) is skipped; the first that has it wins.
 *       A NOT_READY ends the search at once (that org has the sandbox; it is just not ready). Any other failure (the
 *       org's own credential is revoked, Salesforce is down) is remembered and the search goes on. When no org has
 *       it, the error lists every attempt with its outcome: NOT_FOUND if all said not found, else the reason of the
 *       first other failure.
 * </ul>
 */
public final class SandboxAuthFlow {
    private final FlowContext context;
    private final OrgResolver resolver;
    private final JitLogin authenticator;
    private final FrontdoorUrls frontdoors;

    public SandboxAuthFlow(FlowContext context, OrgResolver resolver) {
        this.context = Objects.requireNonNull(context, "context");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.authenticator = new JitLogin(context);
        this.frontdoors = new FrontdoorUrls(context);
    }

    /**
     * @param sandboxName the sandbox name, 1-10 letters and digits
     * @param productionRef the production org (id or username), or null to try every registered production org
     * @param withFrontdoor also make a single-use frontdoor URL for the sandbox
     */
    public SandboxAuthResult sandboxAuth(String sandboxName, String productionRef, boolean withFrontdoor) {
        String name = SandboxDiscovery.checkName(sandboxName);
        String prodRef = productionRef == null || productionRef.isBlank() ? null : productionRef.strip();
        Optional<OrgRecord> registered = resolver.findRegisteredSandbox(name, prodRef);
        if (registered.isPresent()) {
            String id = registered.get().id();
            String shown =
                    registered.get().sandboxName() != null ? registered.get().sandboxName() : name;
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED,
                    "sandbox '" + shown + "' is registered as '" + id + "': use salesforceAccessToken(org: '" + id
                            + "').",
                    "Ask for the registered org's token (salesforceAccessToken or withSalesforceOrg with org: '" + id
                            + "'); sandbox auth is for sandboxes that are not registered.");
        }
        UnregisteredTokens kept = context.unregisteredTokens();
        SandboxLogin login;
        if (prodRef != null) {
            RegisteredOrg production = named(prodRef);
            login = kept.get(
                    UnregisteredTokens.SANDBOX, production, name, context, () -> loginThrough(production, name));
        } else {
            List<OrgRecord> productions = resolver.productionOrgs();
            login = kept.firstOf(
                    UnregisteredTokens.SANDBOX, productions, resolver, name, context, () -> loginThroughAny(name));
        }
        return result(login, withFrontdoor);
    }

    /** Logs in through every registered production org in turn; used by the frontdoor lookup as well. */
    SandboxLogin loginThroughAny(String name) {
        List<OrgRecord> productions = resolver.productionOrgs();
        if (productions.isEmpty()) {
            throw SalesforceAuthException.of(
                    Reason.NOT_FOUND,
                    "sandbox '" + name + "' cannot be looked up: no production org is registered.",
                    "Register the production org the sandbox was created from (with its auth URL or JWT key), or name"
                            + " it with productionOrg.");
        }
        List<String> attempts = new ArrayList<>();
        SalesforceAuthException firstOther = null;
        for (OrgRecord production : productions) {
            try {
                return loginThrough(resolver.resolveRegistered(production.id()), name);
            } catch (SalesforceAuthException e) {
                if (e.reason() == Reason.NOT_READY) {
                    throw e;
                }
                attempts.add("'" + production.id() + "' (" + SandboxDiscovery.name(production) + "): " + e.detail());
                if (firstOther == null && e.reason() != Reason.NOT_FOUND && e.reason() != Reason.WRONG_ORG_TYPE) {
                    firstOther = e;
                }
            }
        }
        String tried = "sandbox '" + name + "' was not found through any registered production org. Tried: "
                + String.join("; ", attempts);
        if (firstOther != null) {
            throw firstOther.withDetail(tried);
        }
        throw SalesforceAuthException.of(
                Reason.NOT_FOUND,
                tried,
                "Check the sandbox name, and register the production org it was created from (the sandbox must be"
                        + " created or refreshed by that org's user).");
    }

    SandboxLogin loginThrough(RegisteredOrg production, String name) {
        return authenticator.login(production, name);
    }

    RegisteredOrg named(String prodRef) {
        RegisteredOrg production = resolver.resolveRegistered(prodRef);
        OrgRecord r = production.record();
        if (!r.credentialType().hasSecret() || r.orgType() == OrgType.SANDBOX || r.orgType() == OrgType.SCRATCH) {
            throw SalesforceAuthException.of(
                    Reason.WRONG_ORG_TYPE,
                    "Org " + r.describe() + " is "
                            + (r.isJitSandbox()
                                    ? "a JIT sandbox"
                                    : "a " + r.orgType().label() + " org")
                            + ", not a production org, so it cannot authorise sandboxes.",
                    "Name the production (or Developer Edition) org the sandbox was created from, or leave"
                            + " productionOrg out to try every registered production org.");
        }
        return production;
    }

    private SandboxAuthResult result(SandboxLogin login, boolean withFrontdoor) {
        AccessToken t = login.accessToken().requireOpaque("sandbox '" + login.sandboxName() + "'");
        TokenResult token = new TokenResult(
                t.value(),
                t.instanceUrl(),
                login.username(),
                t.orgId(),
                OrgType.SANDBOX,
                t.issuedAt().plus(context.sessionTimeout()));
        SecretText frontdoor = withFrontdoor ? frontdoors.singleAccess(() -> t, null, null) : null;
        return new SandboxAuthResult(login.sandboxName(), login.username(), token, login.production(), frontdoor);
    }
}
