package io.jenkins.plugins.salesforce.core.orgs;

/**
 * The secret part of a registered org: what the token service needs to get a token, and nothing a listing may show.
 * A JIT sandbox has none (tokens come through its production org). No implementation's {@code toString()} shows any
 * part of the secret.
 */
public sealed interface OrgSecret permits AuthUrlSecret, JwtSecret, ClientCredentialsSecret {

    /** The kind of org this secret authenticates. */
    CredentialType credentialType();
}
