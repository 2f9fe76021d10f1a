package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for Salesforce behind the registry's two ports: it knows which auth URLs and JWT users sign in to which
 * org, which sandboxes each production org has, and counts the calls. Thread-safe.
 */
final class FakeSalesforce implements OrgValidator, SandboxValidator {
    private final Map<String, Object> orgsBySecret = new ConcurrentHashMap<>();
    private final Map<String, Object> sandboxes = new ConcurrentHashMap<>();
    final AtomicInteger validations = new AtomicInteger();
    final AtomicInteger sandboxValidations = new AtomicInteger();

    /** The org this auth URL signs in to. */
    FakeSalesforce org(AuthUrlSecret secret, DiscoveredOrg org) {
        orgsBySecret.put(secret.authUrl().reveal(), org);
        return this;
    }

    /** The org a JWT grant for this user signs in to. */
    FakeSalesforce org(JwtSecret secret, DiscoveredOrg org) {
        orgsBySecret.put(jwtKey(secret, org.username()), org);
        return this;
    }

    /** The org whose app's Run As user this client credentials secret signs in as. */
    FakeSalesforce org(ClientCredentialsSecret secret, DiscoveredOrg org) {
        orgsBySecret.put("cc:" + secret.clientId() + "@" + secret.myDomainUrl(), org);
        return this;
    }

    /** This auth URL fails as given (for example INVALID_GRANT after the refresh token was revoked). */
    FakeSalesforce failing(AuthUrlSecret secret, SalesforceAuthException failure) {
        orgsBySecret.put(secret.authUrl().reveal(), failure);
        return this;
    }

    /**
     * The production org (by record id) has a ready sandbox with this org id (15 or 18 characters), whose user and
     * instance URL the validator does not find.
     */
    FakeSalesforce sandbox(String productionId, String sandboxName, String sandboxOrgId) {
        return sandbox(productionId, sandboxName, new SandboxValidator.Sandbox(sandboxOrgId, null, null));
    }

    /** The production org (by record id) has a ready sandbox, as the validator finds it. */
    FakeSalesforce sandbox(String productionId, String sandboxName, SandboxValidator.Sandbox found) {
        sandboxes.put(sandboxKey(productionId, sandboxName), found);
        return this;
    }

    /** Asking the production org for this sandbox fails as given (NOT_READY, WRONG_ORG_TYPE...). */
    FakeSalesforce sandboxFailing(String productionId, String sandboxName, SalesforceAuthException failure) {
        sandboxes.put(sandboxKey(productionId, sandboxName), failure);
        return this;
    }

    @Override
    public DiscoveredOrg validate(OrgSecret secret, String username) {
        validations.incrementAndGet();
        String key =
                switch (secret) {
                    case AuthUrlSecret a -> a.authUrl().reveal();
                    case JwtSecret j -> jwtKey(j, username);
                    case ClientCredentialsSecret c -> "cc:" + c.clientId() + "@" + c.myDomainUrl();
                };
        Object answer = orgsBySecret.get(key);
        if (answer instanceof SalesforceAuthException e) {
            throw e;
        }
        if (answer == null) {
            throw SalesforceAuthException.of(
                    Reason.INVALID_GRANT, "Salesforce refused the credential.", "Check the credential.");
        }
        return (DiscoveredOrg) answer;
    }

    @Override
    public SandboxValidator.Sandbox validateSandbox(RegisteredOrg productionOrg, String sandboxName) {
        sandboxValidations.incrementAndGet();
        if (productionOrg.secret() == null) {
            throw new AssertionError("the registry must pass the production org with its secret");
        }
        Object answer = sandboxes.get(sandboxKey(productionOrg.id(), sandboxName));
        if (answer instanceof SalesforceAuthException e) {
            throw e;
        }
        if (answer == null) {
            throw SalesforceAuthException.of(
                    Reason.NOT_FOUND, "Sandbox '" + sandboxName + "' not found.", "Check the sandbox name.");
        }
        return (SandboxValidator.Sandbox) answer;
    }

    static DiscoveredOrg discovered(String orgId, String username, OrgType type, boolean devHub) {
        return new DiscoveredOrg(
                orgId,
                username,
                "https://" + username.replaceAll("[^a-z0-9]", "") + ".my.salesforce.com",
                type,
                devHub);
    }

    private static String jwtKey(JwtSecret secret, String username) {
        return "jwt:" + secret.clientId() + ":" + (username == null ? "" : username.toLowerCase(Locale.ROOT));
    }

    private static String sandboxKey(String productionId, String sandboxName) {
        return productionId + "/" + sandboxName.toLowerCase(Locale.ROOT);
    }
}
