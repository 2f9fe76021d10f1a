package io.jenkins.plugins.salesforce.emulator;

import java.util.Map;

/**
 * {@code grant_type=client_credentials} on the token endpoint, with Salesforce's answers: on the login or test host
 * {@code invalid_grant: request not supported on this domain}; an unknown key {@code invalid_client_id}; a wrong or
 * missing secret {@code invalid_client: invalid client credentials}; an app without a Run As user in this org
 * ({@link ConnectedApp#clientCredentialsUser(User)}) {@code invalid_grant: no client credentials user enabled}. A
 * token runs as the Run As user; there is never a refresh token. Lock held.
 */
final class ClientCredentialsEndpoint {
    static final String NOT_ON_THIS_DOMAIN = "request not supported on this domain";
    static final String NO_USER = "no client credentials user enabled";

    private ClientCredentialsEndpoint() {}

    static Responses grant(SalesforceEmulator em, OAuthEndpoints endpoints, Call call) {
        if (!call.host.isInstance()) {
            return Responses.oauthError("invalid_grant", NOT_ON_THIS_DOMAIN);
        }
        Map<String, String> f = call.form();
        ConnectedApp app = em.findApp(f.get("client_id"));
        if (app == null) {
            return Responses.oauthError("invalid_client_id", "client identifier invalid");
        }
        String secret = f.get("client_secret");
        if (!app.hasSecret() || secret == null || !secret.equals(app.secret())) {
            return Responses.oauthError("invalid_client", "invalid client credentials");
        }
        User user = app.clientCredentialsUser();
        if (user == null || user.org() != call.host.org()) {
            return Responses.oauthError("invalid_grant", NO_USER);
        }
        Responses refused = endpoints.refuseLogin(user, app);
        if (refused != null) {
            return refused;
        }
        AccessToken access = em.newAccessToken(user, app, null, GrantTypes.CLIENT_CREDENTIALS);
        return endpoints.tokenResponse(access, null, "api");
    }
}
