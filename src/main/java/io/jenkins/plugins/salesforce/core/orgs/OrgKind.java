package io.jenkins.plugins.salesforce.core.orgs;

/**
 * How the plugin gets tokens for a registered org, which decides the kind of secret it stores
 * ({@link OrgSecret}).
 */
public enum OrgKind {
    /** A stored SFDX auth URL (refresh token): {@link AuthUrlSecret}. */
    AUTH_URL("SFDX auth URL"),
    /** A connected app's private key used with the JWT bearer grant: {@link JwtSecret}. */
    JWT("JWT bearer"),
    /**
     * A JIT sandbox: no stored secret; tokens are minted on demand through the production org it hangs off.
     */
    JIT_SANDBOX("JIT sandbox");

    private final String label;

    OrgKind(String label) {
        this.label = label;
    }

    /** The name users see, for example {@code JIT sandbox}. */
    public String label() {
        return label;
    }

    /** Whether a registered org of this kind stores a secret. */
    public boolean hasSecret() {
        return this != JIT_SANDBOX;
    }
}
