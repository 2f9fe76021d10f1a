package io.jenkins.plugins.salesforce.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The names under which a build receives an org: the environment variables the {@code sf} CLI reads, and the keys of
 * the map that {@code salesforceAccessToken} returns. One place, so that the block step, the credentials binding, the
 * declarative {@code credentials()} handler and the docs agree.
 *
 * <p>{@code SF_TARGET_ORG} is the access token itself: {@code sf} accepts an access token as the target org when the
 * config value {@code org-instance-url} is set, which {@code SF_ORG_INSTANCE_URL} does (the name sfdx-core documents;
 * {@code SF_INSTANCE_URL} is set too, for scripts and older tools, and today's CLI still reads it as the deprecated
 * {@code instanceUrl}). So no login step is needed. {@code SF_ACCESS_TOKEN} is what {@code sf org login access-token
 * --no-prompt} reads, the fallback for commands that need a stored org. A block asked for a Dev Hub also gets {@code
 * SF_TARGET_DEV_HUB}, the token again, so that {@code sf org create scratch} and friends find the Dev Hub without
 * {@code --target-dev-hub}.
 */
public final class CliEnvironment {
    public static final String ACCESS_TOKEN = "SF_ACCESS_TOKEN";
    public static final String TARGET_ORG = "SF_TARGET_ORG";
    /** The token as the default Dev Hub; set only for a block that asked for a Dev Hub. */
    public static final String TARGET_DEV_HUB = "SF_TARGET_DEV_HUB";
    /** The instance URL under the name sfdx-core reads ({@code org-instance-url}). */
    public static final String ORG_INSTANCE_URL = "SF_ORG_INSTANCE_URL";
    /** The instance URL under the name the plugin set first; kept for scripts that read it. */
    public static final String INSTANCE_URL = "SF_INSTANCE_URL";

    public static final String USERNAME = "SF_USERNAME";
    public static final String ORG_ID = "SF_ORG_ID";
    public static final String ORG_TYPE = "SF_ORG_TYPE";
    /**
     * When the token stops being handed out as valid (ISO-8601, UTC): its issue time plus the configured session
     * timeout. Salesforce does not say; a session can end sooner (an administrator logs the user out).
     */
    public static final String TOKEN_EXPIRES_AT = "SF_TOKEN_EXPIRES_AT";

    /** The variables that hold the token in every block: both must be masked. */
    public static final Set<String> SECRET_VARIABLES = Set.of(ACCESS_TOKEN, TARGET_ORG);

    /** The variables that hold the token in a block asked for a Dev Hub: all three must be masked. */
    public static final Set<String> DEV_HUB_SECRET_VARIABLES = Set.of(ACCESS_TOKEN, TARGET_ORG, TARGET_DEV_HUB);

    /** Every variable a block may set, secret or not, in a stable order ({@link #TARGET_DEV_HUB} for Dev Hubs only). */
    public static final Set<String> ALL_VARIABLES =
            Collections.unmodifiableSet(new java.util.LinkedHashSet<>(java.util.List.of(
                    ACCESS_TOKEN,
                    TARGET_ORG,
                    TARGET_DEV_HUB,
                    ORG_INSTANCE_URL,
                    INSTANCE_URL,
                    USERNAME,
                    ORG_ID,
                    ORG_TYPE,
                    TOKEN_EXPIRES_AT)));

    private CliEnvironment() {}

    /** The secret variables: the access token under {@link #ACCESS_TOKEN} and {@link #TARGET_ORG}. */
    public static Map<String, SecretText> secrets(TokenResult token) {
        return secrets(token, false);
    }

    /**
     * The secret variables of a block: the access token under {@link #ACCESS_TOKEN} and {@link #TARGET_ORG}, and
     * under {@link #TARGET_DEV_HUB} too when the block asked for the org as a Dev Hub ({@code devHub: true}).
     */
    public static Map<String, SecretText> secrets(TokenResult token, boolean devHub) {
        Objects.requireNonNull(token, "token");
        Map<String, SecretText> m = new LinkedHashMap<>();
        m.put(ACCESS_TOKEN, token.accessToken());
        m.put(TARGET_ORG, token.accessToken());
        if (devHub) {
            m.put(TARGET_DEV_HUB, token.accessToken());
        }
        return m;
    }

    /**
     * The public variables: the instance URL (as {@link #ORG_INSTANCE_URL} and {@link #INSTANCE_URL}, without a
     * trailing {@code /}), username, org id and org type when known (unknown ones are unset), and {@link
     * #TOKEN_EXPIRES_AT}.
     */
    public static Map<String, String> facts(TokenResult token) {
        Objects.requireNonNull(token, "token");
        Map<String, String> m = new LinkedHashMap<>();
        String instanceUrl = stripSlash(token.instanceUrl().toString());
        m.put(ORG_INSTANCE_URL, instanceUrl);
        m.put(INSTANCE_URL, instanceUrl);
        putIfKnown(m, USERNAME, token.username());
        putIfKnown(m, ORG_ID, token.orgId());
        putIfKnown(m, ORG_TYPE, token.orgType() == null ? null : token.orgType().label());
        m.put(TOKEN_EXPIRES_AT, token.expiresAt().toString());
        return m;
    }

    /**
     * The map {@code salesforceAccessToken} returns: {@code accessToken} (secret), {@code instanceUrl}, {@code
     * username}, {@code orgId}, {@code orgType} (label, or null when not known yet) and {@code expiresAt} (ISO-8601).
     */
    public static Map<String, String> tokenMap(TokenResult token) {
        Objects.requireNonNull(token, "token");
        Map<String, String> m = new LinkedHashMap<>();
        m.put("accessToken", token.accessToken().reveal());
        m.put("instanceUrl", stripSlash(token.instanceUrl().toString()));
        m.put("username", token.username());
        m.put("orgId", token.orgId());
        m.put("orgType", token.orgType() == null ? null : token.orgType().label());
        m.put("expiresAt", token.expiresAt().toString());
        return m;
    }

    private static void putIfKnown(Map<String, String> m, String key, String value) {
        if (value != null && !value.isBlank()) {
            m.put(key, value);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
