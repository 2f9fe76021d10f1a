package io.jenkins.plugins.salesforce.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code /services/oauth2/*}, {@code /id/...}, {@code /secur/frontdoor.jsp} and the login page. Lock held. */
final class OAuthEndpoints {
    static final String LOGIN_AUD = "https://login.salesforce.com";
    static final String TEST_AUD = "https://test.salesforce.com";
    private static final String EXPIRED_TOKEN = "expired access/refresh token";
    private static final String NOT_APPROVED = "user hasn't approved this consumer";

    private final SalesforceEmulator em;

    OAuthEndpoints(SalesforceEmulator em) {
        this.em = em;
    }

    // ---------------------------------------------------------------- token

    Responses token(Call call) {
        if (!"POST".equals(call.method)) {
            return Responses.oauthError("invalid_request", "Must use HTTP POST");
        }
        String grant = call.form().get("grant_type");
        if (GrantTypes.REFRESH_TOKEN.equals(grant)) {
            return refreshGrant(call);
        }
        if (GrantTypes.JWT_BEARER.equals(grant)) {
            return jwtGrant(call);
        }
        if (GrantTypes.AUTHORIZATION_CODE.equals(grant)) {
            return codeGrant(call);
        }
        if (GrantTypes.CLIENT_CREDENTIALS.equals(grant)) {
            return ClientCredentialsEndpoint.grant(em, this, call);
        }
        return Responses.oauthError("unsupported_grant_type", "grant type not supported");
    }

    private Responses refreshGrant(Call call) {
        Map<String, String> f = call.form();
        ConnectedApp app = em.findApp(f.get("client_id"));
        if (app == null) {
            return Responses.oauthError("invalid_client_id", "client identifier invalid");
        }
        String secret = f.get("client_secret");
        if (secret != null ? !secret.equals(app.secret()) : app.requiresSecretForRefresh()) {
            return Responses.oauthError("invalid_client", "invalid client credentials");
        }
        Instant now = em.clock().instant();
        RefreshToken token = em.refreshToken(f.get("refresh_token"));
        if (token != null && app.revokesFamilyOnReuse() && "rotated".equals(token.revokedBecause())) {
            em.revokeFamily(token.family());
        }
        if (token == null || token.app() != app || !token.isUsableAt(now) || !hostServes(call, token.org())) {
            return Responses.oauthError("invalid_grant", EXPIRED_TOKEN);
        }
        Responses refused = refuseLogin(token.user(), app);
        if (refused != null) {
            return refused;
        }
        token.markUsed(now);
        RefreshToken rotated = null;
        if (app.rotatesRefreshTokens()) {
            rotated = em.newRefreshToken(token.user(), app, null, false).rotatedFrom(token);
            em.revoke(token, "rotated");
        }
        AccessToken access =
                em.newAccessToken(token.user(), app, rotated != null ? rotated : token, GrantTypes.REFRESH_TOKEN);
        return tokenResponse(access, rotated, "refresh_token web api");
    }

    private Responses codeGrant(Call call) {
        Map<String, String> f = call.form();
        ConnectedApp app = em.findApp(f.get("client_id"));
        if (app == null) {
            return Responses.oauthError("invalid_client_id", "client identifier invalid");
        }
        String secret = f.get("client_secret");
        if (secret != null ? !secret.equals(app.secret()) : app.hasSecret()) {
            return Responses.oauthError("invalid_client", "invalid client credentials");
        }
        AuthCode code = em.authCode(f.get("code"));
        if (code == null
                || code.isUsed()
                || code.app() != app
                || !hostServes(call, code.user().org())) {
            if (code != null) {
                code.markUsed();
            }
            return Responses.oauthError("invalid_grant", "invalid authorization code");
        }
        code.markUsed();
        if (!code.redirectUri().equals(f.get("redirect_uri"))) {
            return Responses.oauthError("redirect_uri_mismatch", "redirect_uri must match configuration");
        }
        if (!em.clock().instant().isBefore(code.expiresAt())) {
            return Responses.oauthError("invalid_grant", "expired authorization code");
        }
        Responses refused = refuseLogin(code.user(), app);
        if (refused != null) {
            return refused;
        }
        RefreshToken refresh = em.newRefreshToken(code.user(), app, null, true);
        AccessToken access = em.newAccessToken(code.user(), app, refresh, GrantTypes.AUTHORIZATION_CODE);
        return tokenResponse(access, refresh, "refresh_token web api");
    }

    private Responses jwtGrant(Call call) {
        Jwt jwt = Jwt.parse(call.form().get("assertion"));
        if (jwt == null || !"RS256".equals(jwt.alg)) {
            return Responses.oauthError("invalid_grant", "invalid assertion");
        }
        ConnectedApp app = em.findApp(jwt.iss);
        if (app == null) {
            return Responses.oauthError("invalid_client_id", "client identifier invalid");
        }
        if (!jwt.verifies(app.certificate())) {
            return Responses.oauthError("invalid_grant", "invalid assertion");
        }
        if (jwt.exp == null) {
            return Responses.oauthError("invalid_grant", "invalid assertion");
        }
        double nowSeconds = em.clock().instant().toEpochMilli() / 1000.0;
        if (jwt.exp < nowSeconds - 30) {
            return Responses.oauthError("invalid_grant", "expired authorization code");
        }
        if (em.strictJwtExpiry() && jwt.exp > nowSeconds + 300) {
            return Responses.oauthError("invalid_grant", "invalid assertion");
        }
        User user;
        if (call.host.isInstance()) {
            Org org = call.host.org();
            if (org.jwtAudience() != null
                    ? !jwt.aud.contains(org.jwtAudience())
                    : !audienceFits(jwt.aud, org.isProductionKind())) {
                return Responses.oauthError("invalid_grant", NOT_APPROVED);
            }
            user = org.findUserHere(jwt.sub);
        } else {
            boolean loginHost = SalesforceEmulator.Host.LOGIN.equals(call.host.role());
            if (!audienceFits(jwt.aud, loginHost)) {
                return Responses.oauthError("invalid_grant", "audience is invalid");
            }
            user = em.findUser(jwt.sub);
            if (user != null && user.org().isProductionKind() != loginHost) {
                user = null;
            }
        }
        if (user == null) {
            return Responses.oauthError("invalid_grant", "authentication failure");
        }
        Responses refused = refuseLogin(user, app);
        if (refused != null) {
            return refused;
        }
        if (user.org().replicationDelayApplies() || !user.isPreAuthorized(app)) {
            return Responses.oauthError("invalid_grant", NOT_APPROVED);
        }
        AccessToken access = em.newAccessToken(user, app, null, GrantTypes.JWT_BEARER);
        return tokenResponse(access, null, "web api");
    }

    /** Org, IP, user and installation checks every grant makes; null when the user may log in. */
    Responses refuseLogin(User user, ConnectedApp app) {
        Org org = user.org();
        if (org.status() != Org.Status.ACTIVE) {
            return Responses.oauthError("invalid_grant", "inactive organization");
        }
        if (org.isIpRestricted()) {
            return Responses.oauthError("invalid_grant", "ip restricted");
        }
        if (!user.canLogIn()) {
            return Responses.oauthError("invalid_grant", "inactive user");
        }
        if (!app.isInstalledIn(org)) {
            return app.isExternalClientApp()
                    ? Responses.oauthError("app_not_found", "External client app is not installed in this org")
                    : Responses.oauthError("invalid_client_id", "client identifier invalid");
        }
        return null;
    }

    /** The audience must name the login authorisation server (production orgs) or the test one (sandbox, scratch). */
    private boolean audienceFits(List<String> audiences, boolean production) {
        for (String a : audiences) {
            String aud = a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
            if (production
                    ? aud.equals(LOGIN_AUD) || aud.equals(em.loginUrl())
                    : aud.equals(TEST_AUD) || aud.equals(em.testUrl())) {
                return true;
            }
        }
        return false;
    }

    /** Login host: production-type orgs; test host: sandboxes and scratch orgs; instance host: its own org. */
    static boolean hostServes(Call call, Org org) {
        if (call.host.isInstance()) {
            return call.host.org() == org;
        }
        return org.isProductionKind() == SalesforceEmulator.Host.LOGIN.equals(call.host.role());
    }

    Responses tokenResponse(AccessToken access, RefreshToken refresh, String scope) {
        User user = access.user();
        String id = user.identityUrl();
        String issuedAt = Long.toString(access.issuedAt().toEpochMilli());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", access.value());
        if (refresh != null) {
            m.put("refresh_token", refresh.value());
        }
        m.put("signature", signature(access.app(), id + issuedAt));
        m.put("scope", scope);
        m.put("instance_url", user.org().instanceUrl());
        m.put("id", id);
        m.put("token_type", "Bearer");
        m.put("issued_at", issuedAt);
        return Responses.json(200, m);
    }

    /** Base64 HMAC-SHA256 keyed with the client secret (an empty secret is the all-zero HMAC key). */
    static String signature(ConnectedApp app, String data) {
        // Looking the algorithm up for every token was most of the signature's cost: reuse the Mac objects (one per
        // concurrent signer; handlers run on new virtual threads, so a thread-local would not be reused).
        Mac mac = MACS.poll();
        try {
            if (mac == null) {
                mac = Mac.getInstance("HmacSHA256");
            }
            byte[] key = app.hasSecret() ? app.secret().getBytes(StandardCharsets.UTF_8) : new byte[1];
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String signature = Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
            MACS.offer(mac);
            return signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final java.util.Queue<Mac> MACS = new java.util.concurrent.ConcurrentLinkedQueue<>();

    // ---------------------------------------------------------------- revoke, introspect

    Responses revoke(Call call) {
        String value = call.param("token");
        if (value == null || value.isEmpty()) {
            return Responses.oauthError("unsupported_token_type", "this token type is not supported");
        }
        RefreshToken refresh = em.refreshToken(value);
        if (refresh != null) {
            em.revoke(refresh, "revoke endpoint");
            return Responses.empty(200);
        }
        AccessToken access = em.accessToken(value);
        if (access != null) {
            access.revoke();
            return Responses.empty(200);
        }
        return Responses.oauthError("invalid_token", "invalid token");
    }

    Responses introspect(Call call) {
        if (!"POST".equals(call.method)) {
            return Responses.oauthError("invalid_request", "Must use HTTP POST");
        }
        ConnectedApp app = em.findApp(call.form().get("client_id"));
        if (app == null) {
            return Responses.oauthError("invalid_client_id", "client identifier invalid");
        }
        if (!app.hasSecret() || !app.secret().equals(call.form().get("client_secret"))) {
            return Responses.oauthError("invalid_client", "invalid client credentials");
        }
        String value = call.form().get("token");
        Instant now = em.clock().instant();
        Map<String, Object> m = new LinkedHashMap<>();
        AccessToken access = em.accessToken(value);
        RefreshToken refresh = em.refreshToken(value);
        if (access != null && sessionValid(access)) {
            m.put("active", true);
            m.put("scope", access.refreshToken() != null ? "refresh_token web api" : "web api");
            m.put("client_id", access.app().consumerKey());
            m.put("username", access.user().username());
            m.put("sub", access.user().identityUrl());
            m.put("token_type", "access_token");
            m.put("exp", access.expiresAt().getEpochSecond());
            m.put("iat", access.issuedAt().getEpochSecond());
            m.put("nbf", access.issuedAt().getEpochSecond());
        } else if (refresh != null
                && refresh.isUsableAt(now)
                && refresh.user().canLogIn()
                && refresh.org().status() == Org.Status.ACTIVE) {
            m.put("active", true);
            m.put("scope", "refresh_token web api");
            m.put("client_id", refresh.app().consumerKey());
            m.put("username", refresh.user().username());
            m.put("sub", refresh.user().identityUrl());
            m.put("token_type", "refresh_token");
            if (refresh.expiresAt() != null) {
                m.put("exp", refresh.expiresAt().getEpochSecond());
            }
            m.put("iat", refresh.issuedAt().getEpochSecond());
            m.put("nbf", refresh.issuedAt().getEpochSecond());
        } else {
            m.put("active", false);
        }
        return Responses.json(200, m);
    }

    // ---------------------------------------------------------------- identity, userinfo

    /** The session of a Bearer (or {@code oauth_token}) token, valid now, usable on this host; else null. */
    AccessToken session(Call call, boolean allowQueryToken) {
        String value = call.authorizationToken();
        if (value == null && allowQueryToken) {
            value = call.query.get("oauth_token");
        }
        AccessToken t = em.accessToken(value);
        if (t == null || !sessionValid(t)) {
            return null;
        }
        if (call.host.isInstance() && call.host.org() != t.org()) {
            return null;
        }
        return t;
    }

    boolean sessionValid(AccessToken t) {
        return t.isValidAt(em.clock().instant())
                && t.user().canLogIn()
                && t.org().status() == Org.Status.ACTIVE;
    }

    Responses userinfo(Call call) {
        AccessToken t = session(call, true);
        if (t == null) {
            return Responses.badOAuthToken();
        }
        User u = t.user();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sub", u.identityUrl());
        m.put("user_id", u.id());
        m.put("organization_id", u.org().id());
        m.put("preferred_username", u.username());
        m.put("nickname", nickname(u));
        m.put("name", u.displayName());
        m.put("email", u.email());
        m.put("email_verified", true);
        m.put("given_name", u.firstName());
        m.put("family_name", u.lastName());
        m.put("zoneinfo", "Europe/London");
        m.put("active", true);
        m.put("user_type", "STANDARD");
        m.put("language", "en_US");
        m.put("locale", "en_GB");
        m.put("utcOffset", 0);
        m.put("updated_at", "2026-11-01T10:00:00Z");
        m.put("urls", urls(u.org(), call.query.get("version")));
        return Responses.json(200, m);
    }

    Responses identity(Call call) {
        AccessToken t = session(call, true);
        if (t == null) {
            return Responses.badOAuthToken();
        }
        String[] parts = call.path.split("/");
        Org org = em.org(parts[2]);
        if (org != t.org()) {
            return Responses.badOAuthToken();
        }
        User u = null;
        for (User candidate : org.users()) {
            if (candidate.id().equals(parts[3]) || Ids.to15(candidate.id()).equals(parts[3])) {
                u = candidate;
            }
        }
        if (u == null) {
            return Responses.text(404, Fault.TEXT, "Bad_Id");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.identityUrl());
        m.put("asserted_user", u == t.user());
        m.put("user_id", u.id());
        m.put("organization_id", org.id());
        m.put("username", u.username());
        m.put("nick_name", nickname(u));
        m.put("display_name", u.displayName());
        m.put("email", u.email());
        m.put("email_verified", true);
        m.put("first_name", u.firstName());
        m.put("last_name", u.lastName());
        m.put("timezone", "Europe/London");
        m.put("active", u.isActive());
        m.put("user_type", "STANDARD");
        m.put("language", "en_US");
        m.put("locale", "en_GB");
        m.put("utcOffset", 0);
        m.put("last_modified_date", "2026-11-01T10:00:00.000+0000");
        m.put("is_app_installed", true);
        m.put("urls", urls(org, call.query.get("version")));
        return Responses.json(200, m);
    }

    private static String nickname(User u) {
        String name = u.username();
        int at = name.indexOf('@');
        return at > 0 ? name.substring(0, at) : name;
    }

    private static Map<String, Object> urls(Org org, String version) {
        String v = "{version}";
        if ("latest".equals(version)) {
            v = DataEndpoints.latestVersion(org);
        } else if (version != null && version.matches("\\d+\\.\\d")) {
            v = version;
        }
        String base = org.instanceUrl();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enterprise", base + "/services/Soap/c/" + v + "/" + Ids.to15(org.id()));
        m.put("metadata", base + "/services/Soap/m/" + v + "/" + Ids.to15(org.id()));
        m.put("rest", base + "/services/data/v" + v + "/");
        m.put("sobjects", base + "/services/data/v" + v + "/sobjects/");
        m.put("search", base + "/services/data/v" + v + "/search/");
        m.put("query", base + "/services/data/v" + v + "/query/");
        m.put("tooling_rest", base + "/services/data/v" + v + "/tooling/");
        m.put("tooling_soap", base + "/services/Soap/T/" + v + "/" + Ids.to15(org.id()));
        m.put("profile", base + "/" + org.id15());
        m.put("custom_domain", base);
        return m;
    }

    // ---------------------------------------------------------------- frontdoor

    Responses singleaccess(Call call) {
        if (!"GET".equals(call.method) && !"POST".equals(call.method)) {
            return Responses.text(405, Fault.TEXT, "Method Not Allowed");
        }
        AccessToken t = session(call, false);
        if (t == null) {
            return Responses.badOAuthToken();
        }
        String redirect = call.param("redirect_uri");
        SingleAccessOtp otp = em.newOtp(t, redirect);
        String uri = t.org().instanceUrl() + "/secur/frontdoor.jsp?otp=" + otp.value()
                + (redirect == null ? "" : "&startURL=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8));
        return Responses.json(200, Map.of("frontdoor_uri", uri));
    }

    Responses frontdoor(Call call) {
        String origin = em.origin(call.port);
        String otpValue = call.query.get("otp");
        String sid = call.query.get("sid");
        AccessToken session = null;
        String startUrl = call.query.get("retURL");
        if (otpValue != null) {
            SingleAccessOtp otp = em.otp(otpValue);
            if (otp != null
                    && !otp.isUsed()
                    && em.clock().instant().isBefore(otp.expiresAt())
                    && sessionValid(otp.session())
                    && (!call.host.isInstance()
                            || call.host.org() == otp.session().org())) {
                otp.markUsed();
                session = otp.session();
                startUrl = otp.startUrl();
            } else if (otp != null) {
                otp.markUsed();
            }
        } else if (sid != null) {
            AccessToken t = em.accessToken(sid);
            if (t != null && sessionValid(t) && (!call.host.isInstance() || call.host.org() == t.org())) {
                session = t;
            }
        }
        if (session == null) {
            return Responses.redirect(
                    origin + "/?ec=302&startURL=" + URLEncoder.encode("/secur/frontdoor.jsp", StandardCharsets.UTF_8));
        }
        String html =
                "<!DOCTYPE html><html><head><title>" + escape(session.org().name())
                        + " | Salesforce emulator</title></head><body><h1>Logged in</h1><p>You are logged in to "
                        + escape(session.org().name()) + " (" + session.org().id() + ") as "
                        + escape(session.user().username())
                        + ".</p><p>Start URL: " + escape(startUrl == null ? "/" : startUrl) + "</p></body></html>";
        return Responses.text(200, Fault.HTML, html);
    }

    Responses loginPage(Call call) {
        String who = call.host.isInstance() ? call.host.org().name() : call.host.role();
        return Responses.text(
                200,
                Fault.HTML,
                "<!DOCTYPE html><html><head><title>Login | Salesforce emulator</title>"
                        + "</head><body><h1>Login</h1><p>Salesforce emulator, " + escape(who)
                        + " host. Interactive login is "
                        + "not emulated.</p></body></html>");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
