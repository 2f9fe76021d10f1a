package io.jenkins.plugins.salesforce.core.flows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgResolver;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.OrgTokens;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One-click login URLs. The target is looked up in this order:
 *
 * <ol>
 *   <li><b>A registered org</b>: the target is resolved as an id, a username or a JIT sandbox name (or a sandbox
 *       registered with its own auth URL, by its name). Its token comes from {@link OrgTokens}.
 *   <li><b>A pool instance</b>, when a repository ({@code org/repo}) is given: pools are scratch orgs in the Dev Hubs
 *       of that repository (registered orgs whose metadata {@code repository} names it, Dev Hubs only). The target is
 *       the scratch org's username; scratch-org auth ({@link ScratchOrgAuthFlow}) runs on those hubs, default first.
 *       A registered org of the repository that is not a Dev Hub was already found in step 1 when it matches.
 *   <li><b>A sandbox that is not registered</b>, when the target is a sandbox name: sandbox auth through the named
 *       production org or every registered one ({@link SandboxAuthFlow}).
 * </ol>
 *
 * <p>The URL is single use ({@code singleaccess}) unless the classic one is asked for. singleaccess answers 403
 * {@code Bad_OAuth_Token} rather than 401 when a cached token has expired, so for a registered org the cached token
 * is evicted and singleaccess asked once more with a fresh one. Tokens minted in steps 2 and 3 are fresh already.
 *
 * <p><b>Classic URLs</b> ({@code secur/frontdoor.jsp?sid=}) embed the access token: anyone who sees the URL, in a
 * browser history, a build log or a proxy log, has the session until it ends. They are made only when {@link
 * FrontdoorRequest#classic()} is set.
 */
public final class Frontdoor {
    private static final Pattern SANDBOX_NAME = Pattern.compile("[A-Za-z0-9]{1,10}");
    private static final Pattern USERNAME = Pattern.compile("[^@\\s]{1,80}@[^@\\s]{1,80}");

    private final FlowContext context;
    private final OrgResolver resolver;
    private final FrontdoorUrls urls;
    private final ScratchOrgAuthFlow scratch;
    private final SandboxAuthFlow sandboxes;

    public Frontdoor(FlowContext context, OrgResolver resolver) {
        this.context = Objects.requireNonNull(context, "context");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.urls = new FrontdoorUrls(context);
        this.scratch = new ScratchOrgAuthFlow(context, resolver);
        this.sandboxes = new SandboxAuthFlow(context, resolver);
    }

    /**
     * A frontdoor URL for the target, looked up in the order above.
     *
     * @throws SalesforceAuthException NOT_FOUND naming every step tried; or the failure of the step that found the
     *     org (an expired credential, a sandbox not ready, ...)
     */
    public FrontdoorUrl frontdoor(FrontdoorRequest request) {
        Objects.requireNonNull(request, "request");
        String target = request.target();
        List<String> tried = new ArrayList<>();

        Optional<OrgRecord> registered = registered(target, request.productionOrg());
        if (registered.isPresent()) {
            return forRegistered(resolver.resolveRegistered(registered.get().id()), request);
        }
        tried.add("no registered org has it as id, username or JIT sandbox name");

        if (request.repository() != null) {
            List<OrgRecord> hubs = resolver.findByRepository(request.repository()).stream()
                    .filter(OrgRecord::devHub)
                    .toList();
            if (hubs.isEmpty()) {
                tried.add("no registered Dev Hub has the metadata repository=" + request.repository());
            } else if (!USERNAME.matcher(target).matches()) {
                tried.add("it is not a username, so not a scratch org of the pool of " + request.repository());
            } else {
                try {
                    ScratchOrgAuthFlow.Authenticated found = scratch.authOnAny(hubs, target);
                    return make(
                            FrontdoorUrl.Source.POOL_INSTANCE,
                            found.result().devHubId(),
                            target,
                            found.token(),
                            null,
                            request);
                } catch (SalesforceAuthException e) {
                    if (e.reason() != Reason.NOT_FOUND) {
                        throw e;
                    }
                    tried.add("not in the pool of " + request.repository() + " (" + e.detail() + ")");
                }
            }
        }

        if (SANDBOX_NAME.matcher(target).matches()) {
            try {
                SandboxLogin login = request.productionOrg() != null
                        ? sandboxes.loginThrough(sandboxes.named(request.productionOrg()), target)
                        : sandboxes.loginThroughAny(target);
                return make(
                        FrontdoorUrl.Source.SANDBOX_AUTH,
                        login.production().id(),
                        login.username(),
                        login.accessToken(),
                        null,
                        request);
            } catch (SalesforceAuthException e) {
                if (e.reason() != Reason.NOT_FOUND) {
                    throw e;
                }
                tried.add(e.detail());
            }
        } else {
            tried.add("it is not a sandbox name (1-10 letters and digits)");
        }
        throw SalesforceAuthException.of(
                Reason.NOT_FOUND,
                "No org found to open for '" + target + "': " + String.join("; ", tried) + ".",
                "Give a registered org's id or username, a JIT sandbox name, a pool scratch org's username with the"
                        + " repository (org/repo), or the name of a sandbox of a registered production org.");
    }

    private Optional<OrgRecord> registered(String target, String productionRef) {
        try {
            return Optional.of(resolver.resolve(target));
        } catch (SalesforceAuthException e) {
            if (e.reason() != Reason.NOT_FOUND) {
                throw e;
            }
        }
        if (SANDBOX_NAME.matcher(target).matches()) {
            try {
                return resolver.findRegisteredSandbox(target, productionRef);
            } catch (SalesforceAuthException e) {
                if (e.reason() != Reason.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return Optional.empty();
    }

    private FrontdoorUrl forRegistered(RegisteredOrg org, FrontdoorRequest request) {
        OrgTokens tokens = context.tokens();
        AccessToken token = tokens.accessToken(org);
        Supplier<AccessToken> fresh = () -> {
            tokens.evict(org);
            return tokens.accessToken(org);
        };
        return make(FrontdoorUrl.Source.REGISTERED_ORG, org.id(), org.record().username(), token, fresh, request);
    }

    private FrontdoorUrl make(
            FrontdoorUrl.Source source,
            String via,
            String username,
            AccessToken token,
            Supplier<AccessToken> fresh,
            FrontdoorRequest request) {
        SecretText url = request.classic()
                ? urls.classic(token, request.startPath())
                : urls.singleAccess(() -> token, fresh, request.startPath());
        URI instance = token.instanceUrl();
        return new FrontdoorUrl(url, source, via, username, token.orgId(), instance, request.classic());
    }
}
