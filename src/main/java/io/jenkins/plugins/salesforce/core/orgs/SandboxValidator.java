package io.jenkins.plugins.salesforce.core.orgs;

/**
 * Checks, through a production org, that a sandbox exists and is ready for JIT auth (a {@code SandboxProcess} that is
 * {@code Completed}, with an {@code EndDate} and a {@code SandboxOrganization}), and finds what registering it records.
 * The client implements it; the registry calls it outside any store lock.
 */
@FunctionalInterface
public interface SandboxValidator {

    /**
     * What a registration records about a sandbox.
     *
     * @param orgId the sandbox's org id, 15 or 18 characters ({@code SandboxOrganization} is the 15-character form)
     * @param username the sandbox user JIT logins are for ({@code admin@acme.com.uat}), or null when not known
     * @param instanceUrl the sandbox's instance URL, or null when not known
     */
    record Sandbox(String orgId, String username, String instanceUrl) {}

    /**
     * Finds the sandbox through the production org.
     *
     * @param productionOrg the registered production org with its secret
     * @param sandboxName the sandbox name (case-insensitive in Salesforce)
     * @throws io.jenkins.plugins.salesforce.core.SalesforceAuthException NOT_FOUND when there is no such sandbox,
     *     NOT_READY when it is still being created or refreshed, WRONG_ORG_TYPE when the org cannot manage sandboxes,
     *     or whatever the authentication with the production org failed with
     */
    Sandbox validateSandbox(RegisteredOrg productionOrg, String sandboxName);
}
