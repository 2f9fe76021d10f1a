package io.jenkins.plugins.salesforce.emulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The endpoints the emulator serves; requests are counted and faults are injected per endpoint. */
public enum Endpoint {
    /** {@code POST /services/oauth2/token}: refresh_token, jwt-bearer and authorization_code grants. */
    TOKEN,
    /** {@code POST|GET /services/oauth2/revoke}. */
    REVOKE,
    /** {@code POST /services/oauth2/introspect}. */
    INTROSPECT,
    /** {@code GET /services/oauth2/userinfo}. */
    USERINFO,
    /** {@code GET /id/{orgId}/{userId}}. */
    IDENTITY,
    /** {@code GET|POST /services/oauth2/singleaccess}. */
    SINGLEACCESS,
    /** {@code GET /secur/frontdoor.jsp}. */
    FRONTDOOR,
    /** {@code GET /} (the login page frontdoor redirects to). */
    LOGIN_PAGE,
    /** {@code GET /services/data}. */
    API_VERSIONS,
    /** {@code GET /services/data/vXX.X}: the resources of one API version (the CLI's connection check). */
    API_RESOURCES,
    /** {@code GET /services/data/vXX.X/limits}. */
    LIMITS,
    /** {@code GET /services/data/vXX.X/query}, also with {@code columns=true} (the query's column metadata). */
    QUERY,
    /** {@code GET /services/data/vXX.X/sobjects/User/{id}}. */
    USER_RECORD,
    /**
     * {@code POST /services/data/vXX.X/sobjects/ScratchOrgInfo} (a scratch org signup on a Dev Hub) and {@code GET
     * .../sobjects/ScratchOrgInfo/{id}} (one row).
     */
    SCRATCH_ORG_INFO,
    /** {@code GET /services/data/vXX.X/sobjects/ScratchOrgInfo/describe}. */
    SCRATCH_ORG_INFO_DESCRIBE,
    /** {@code GET /services/data/vXX.X/tooling/query}. */
    TOOLING_QUERY,
    /** {@code POST /services/data/vXX.X/tooling/sandboxAuth}. */
    SANDBOX_AUTH,
    /** Anything else (answered 404). */
    OTHER;

    private static final Pattern VERSIONED = Pattern.compile("^/services/data/v([^/]+)(/.*)?$");
    private static final Pattern IDENTITY_PATH = Pattern.compile("^/id/[^/]+/[^/]+/?$");
    private static final Pattern USER_PATH = Pattern.compile("^/sobjects/User/[^/]+/?$");
    private static final Pattern SCRATCH_ORG_INFO_PATH = Pattern.compile("^/sobjects/ScratchOrgInfo(/[^/]+)?/?$");

    /** Classifies a request path (without query string). */
    static Endpoint of(String path) {
        switch (path) {
            case "/services/oauth2/token":
                return TOKEN;
            case "/services/oauth2/revoke":
                return REVOKE;
            case "/services/oauth2/introspect":
                return INTROSPECT;
            case "/services/oauth2/userinfo":
                return USERINFO;
            case "/services/oauth2/singleaccess":
                return SINGLEACCESS;
            case "/secur/frontdoor.jsp":
                return FRONTDOOR;
            case "/", "":
                return LOGIN_PAGE;
            case "/services/data", "/services/data/":
                return API_VERSIONS;
            default:
                break;
        }
        if (IDENTITY_PATH.matcher(path).matches()) {
            return IDENTITY;
        }
        Matcher m = VERSIONED.matcher(path);
        if (m.matches()) {
            String rest = m.group(2) == null ? "" : m.group(2);
            if (rest.isEmpty() || rest.equals("/")) {
                return API_RESOURCES;
            }
            if (rest.equals("/limits") || rest.equals("/limits/")) {
                return LIMITS;
            }
            if (rest.equals("/query") || rest.equals("/query/")) {
                return QUERY;
            }
            if (rest.equals("/tooling/query") || rest.equals("/tooling/query/")) {
                return TOOLING_QUERY;
            }
            if (rest.equals("/tooling/sandboxAuth") || rest.equals("/tooling/sandboxAuth/")) {
                return SANDBOX_AUTH;
            }
            if (rest.equals("/sobjects/ScratchOrgInfo/describe") || rest.equals("/sobjects/ScratchOrgInfo/describe/")) {
                return SCRATCH_ORG_INFO_DESCRIBE;
            }
            if (SCRATCH_ORG_INFO_PATH.matcher(rest).matches()) {
                return SCRATCH_ORG_INFO;
            }
            if (USER_PATH.matcher(rest).matches()) {
                return USER_RECORD;
            }
        }
        return OTHER;
    }

    /** Whether the endpoint is part of the versioned data/Tooling REST API (errors as a JSON array). */
    boolean isRest() {
        return this == API_VERSIONS
                || this == API_RESOURCES
                || this == LIMITS
                || this == QUERY
                || this == USER_RECORD
                || this == SCRATCH_ORG_INFO
                || this == SCRATCH_ORG_INFO_DESCRIBE
                || this == TOOLING_QUERY
                || this == SANDBOX_AUTH;
    }

    /** Whether the endpoint is an OAuth endpoint with the {@code {"error","error_description"}} envelope. */
    boolean isOAuth() {
        return this == TOKEN || this == REVOKE || this == INTROSPECT;
    }
}
