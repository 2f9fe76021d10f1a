package io.jenkins.plugins.salesforce.core.orgs;

/**
 * Which of the four credential types a registered org is: how the plugin gets its tokens, and which secret it
 * stores ({@link OrgSecret}).
 */
public enum CredentialType {
    /** A stored SFDX auth URL (refresh token): {@link AuthUrlSecret}. */
    AUTH_URL("SFDX auth URL"),
    /** A connected app's private key used with the JWT bearer grant: {@link JwtSecret}. */
    JWT("JWT bearer"),
    /**
     * An app's consumer key and secret used with the client credentials grant at the org's My Domain:
     * {@link ClientCredentialsSecret}. The token runs as the app's "Run As" user.
     */
    CLIENT_CREDENTIALS("client credentials"),
    /**
     * A JIT sandbox: no stored secret; tokens are minted on demand through the production org it hangs off.
     */
    JIT_SANDBOX("JIT sandbox");

    private final String label;

    CredentialType(String label) {
        this.label = label;
    }

    /** The name users see, for example {@code JIT sandbox}. */
    public String label() {
        return label;
    }

    /** How a message says an org of this type was registered, for example {@code with an SFDX auth URL}. */
    public String registeredWith() {
        return switch (this) {
            case AUTH_URL -> "with an SFDX auth URL";
            case JWT -> "with a JWT key";
            case CLIENT_CREDENTIALS -> "with client credentials";
            case JIT_SANDBOX -> "as a JIT sandbox";
        };
    }

    /** Whether a registered org of this credential type stores a secret. */
    public boolean hasSecret() {
        return this != JIT_SANDBOX;
    }
}
