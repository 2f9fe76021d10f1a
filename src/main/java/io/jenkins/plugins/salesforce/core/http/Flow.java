package io.jenkins.plugins.salesforce.core.http;

/**
 * Which Salesforce protocol a request speaks. The flow decides how an error answer is read: the OAuth token
 * endpoint answers {@code {"error": ..., "error_description": ...}} (every grant), the REST API and the identity
 * service answer an array of {@code {"errorCode": ..., "message": ...}} or a plain-text {@code Bad_OAuth_Token}. It
 * also decides which fix a message suggests.
 */
public enum Flow {
    /** {@code grant_type=refresh_token} on {@code /services/oauth2/token}. */
    REFRESH_TOKEN(true, "The refresh-token grant"),
    /** {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}. */
    JWT_BEARER(true, "The JWT bearer grant"),
    /** {@code grant_type=client_credentials}, only at an org's My Domain. */
    CLIENT_CREDENTIALS(true, "The client credentials grant"),
    /** {@code grant_type=authorization_code}. Codes are single use, so it is never sent twice. */
    AUTHORIZATION_CODE(true, "The authorization-code exchange"),
    /** The identity URL or {@code /services/oauth2/userinfo}. */
    IDENTITY(false, "The identity lookup"),
    /** Data or Tooling REST API, {@code /services/data/...}. */
    REST(false, "The REST call");

    private final boolean oauthEnvelope;
    private final String defaultWhat;

    Flow(boolean oauthEnvelope, String defaultWhat) {
        this.oauthEnvelope = oauthEnvelope;
        this.defaultWhat = defaultWhat;
    }

    /** Whether errors come in the OAuth {@code error}/{@code error_description} envelope. */
    public boolean isOAuth() {
        return oauthEnvelope;
    }

    /** How a message names a request of this flow when the caller gives no better name. */
    public String defaultWhat() {
        return defaultWhat;
    }
}
