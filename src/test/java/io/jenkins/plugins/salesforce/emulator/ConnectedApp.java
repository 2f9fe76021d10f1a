package io.jenkins.plugins.salesforce.emulator;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A connected app (or external client app), known to every org of the emulator by its consumer key. By default it is
 * installed in every org; {@link #installedOnlyIn(Org...)} narrows that. The setters return {@code this}.
 *
 * <p>{@link #toString()} never shows the consumer secret.
 */
public final class ConnectedApp {
    /** Consumer key of the Salesforce CLI's built-in app. */
    public static final String PLATFORM_CLI = "PlatformCLI";
    /** Callback URL of the Salesforce CLI's built-in app. */
    public static final String PLATFORM_CLI_CALLBACK = "http://localhost:1717/OauthRedirect";

    private final String consumerKey;
    private volatile String secret = "";
    private final List<String> callbackUrls = new CopyOnWriteArrayList<>();
    private volatile PublicKey certificate;
    private volatile RefreshTokenPolicy refreshTokenPolicy = RefreshTokenPolicy.validUntilRevoked();
    private volatile boolean rotateRefreshTokens;
    private volatile boolean externalClientApp;
    private volatile boolean revokeFamilyOnReuse;
    private volatile boolean jwtAccessTokens;
    private volatile Boolean requireSecretForRefresh;
    private volatile int maxApprovalsPerUser = 5;
    private volatile User clientCredentialsUser;
    private final Set<Org> installedOnlyIn = new CopyOnWriteArraySet<>();

    ConnectedApp(String consumerKey) {
        this.consumerKey = Objects.requireNonNull(consumerKey, "consumerKey");
    }

    /** Sets the consumer secret; empty means none (like {@code PlatformCLI}). */
    public ConnectedApp secret(String secret) {
        this.secret = secret == null ? "" : secret;
        return this;
    }

    /** Replaces the callback URLs; {@code redirect_uri} and sandboxAuth's {@code callbackUrl} must match one exactly. */
    public ConnectedApp callbackUrls(String... urls) {
        callbackUrls.clear();
        callbackUrls.addAll(List.of(urls));
        return this;
    }

    /** Uploads the certificate's public key, which JWT bearer assertions must be signed for. */
    public ConnectedApp certificate(PublicKey publicKey) {
        this.certificate = publicKey;
        return this;
    }

    /** Uploads an X.509 certificate (only its public key matters). */
    public ConnectedApp certificate(X509Certificate certificate) {
        return certificate(certificate.getPublicKey());
    }

    public ConnectedApp refreshTokenPolicy(RefreshTokenPolicy policy) {
        this.refreshTokenPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** Turns refresh-token rotation on: each refresh grant returns a new refresh token and revokes the one used. */
    public ConnectedApp rotateRefreshTokens(boolean on) {
        this.rotateRefreshTokens = on;
        return this;
    }

    /**
     * Whether the refresh grant must carry {@code client_secret}. By default it must when the app has a secret
     * (a wrong secret is always refused with {@code invalid_client}).
     */
    public ConnectedApp requireSecretForRefresh(boolean required) {
        this.requireSecretForRefresh = required;
        return this;
    }

    /** How many live refresh tokens (approvals) a user may hold for this app; the next one revokes the oldest. Default 5. */
    public ConnectedApp maxApprovalsPerUser(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        this.maxApprovalsPerUser = max;
        return this;
    }

    /**
     * Enables the client credentials flow with this "Run As" user: a {@code grant_type=client_credentials} with the
     * app's key and secret at the My Domain of the user's org gets a token for that user. Null turns the flow off
     * again ({@code invalid_grant: no client credentials user enabled}).
     */
    public ConnectedApp clientCredentialsUser(User user) {
        this.clientCredentialsUser = user;
        return this;
    }

    /** The client credentials flow's Run As user, or null when the flow is not enabled. */
    public User clientCredentialsUser() {
        return clientCredentialsUser;
    }

    /** Installs the app only in these orgs; in any other org its key gets {@code invalid_client_id}. */
    public ConnectedApp installedOnlyIn(Org... orgs) {
        installedOnlyIn.clear();
        installedOnlyIn.addAll(List.of(orgs));
        return this;
    }

    /**
     * With rotation on, makes the reuse of a rotated-out refresh token revoke its whole family (every token rotated
     * from the same first one), as Salesforce does to contain a stolen token.
     */
    public ConnectedApp revokeFamilyOnReuse(boolean on) {
        this.revokeFamilyOnReuse = on;
        return this;
    }

    public boolean revokesFamilyOnReuse() {
        return revokeFamilyOnReuse;
    }

    /**
     * Makes the app an External Client App: in an org it is not installed in, its key gets {@code app_not_found:
     * External client app is not installed in this org} instead of a connected app's {@code invalid_client_id}.
     */
    public ConnectedApp externalClientApp(boolean on) {
        this.externalClientApp = on;
        return this;
    }

    /**
     * Issues JWT-based access tokens ({@code eyJ...}, the app's "Issue JSON Web Token (JWT)-based access tokens for
     * named users"); the emulator's APIs accept them like opaque ones.
     */
    public ConnectedApp jwtAccessTokens(boolean on) {
        this.jwtAccessTokens = on;
        return this;
    }

    public boolean isExternalClientApp() {
        return externalClientApp;
    }

    public boolean issuesJwtAccessTokens() {
        return jwtAccessTokens;
    }

    /** Installs the app in every org again (the default). */
    public ConnectedApp installedEverywhere() {
        installedOnlyIn.clear();
        return this;
    }

    public String consumerKey() {
        return consumerKey;
    }

    /** The consumer secret, {@code ""} when the app has none. */
    public String secret() {
        return secret;
    }

    public boolean hasSecret() {
        return !secret.isEmpty();
    }

    public List<String> callbackUrls() {
        return List.copyOf(callbackUrls);
    }

    public PublicKey certificate() {
        return certificate;
    }

    public RefreshTokenPolicy refreshTokenPolicy() {
        return refreshTokenPolicy;
    }

    public boolean rotatesRefreshTokens() {
        return rotateRefreshTokens;
    }

    public boolean requiresSecretForRefresh() {
        Boolean r = requireSecretForRefresh;
        return r == null ? hasSecret() : r;
    }

    public int maxApprovalsPerUser() {
        return maxApprovalsPerUser;
    }

    public boolean isInstalledIn(Org org) {
        return installedOnlyIn.isEmpty() || installedOnlyIn.contains(org);
    }

    @Override
    public String toString() {
        return "ConnectedApp[" + consumerKey + (hasSecret() ? ", secret=****" : ", no secret")
                + (certificate != null ? ", certificate" : "") + ", " + refreshTokenPolicy
                + (rotateRefreshTokens ? ", rotation" : "") + "]";
    }
}
