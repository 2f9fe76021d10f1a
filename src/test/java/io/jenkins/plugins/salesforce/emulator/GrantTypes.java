package io.jenkins.plugins.salesforce.emulator;

import java.util.Locale;

/** The {@code grant_type} values the token endpoint knows. */
public final class GrantTypes {
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public static final String AUTHORIZATION_CODE = "authorization_code";
    public static final String CLIENT_CREDENTIALS = "client_credentials";

    private GrantTypes() {}

    /** Accepts the short forms {@code jwt} and {@code jwt-bearer} for the JWT grant; anything else as is. */
    static String normalise(String grantType) {
        if (grantType == null) {
            return null;
        }
        String g = grantType.toLowerCase(Locale.ROOT);
        return g.equals("jwt") || g.equals("jwt-bearer") ? JWT_BEARER : grantType;
    }
}
