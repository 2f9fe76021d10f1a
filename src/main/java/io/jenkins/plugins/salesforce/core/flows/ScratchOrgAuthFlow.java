package io.jenkins.plugins.salesforce.core.flows;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.api.ApiVersion;
import io.jenkins.plugins.salesforce.core.api.SalesforceApi;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.core.http.ResponseClassifier;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.oauth.Audience;
import io.jenkins.plugins.salesforce.core.oauth.PemKeys;
import io.jenkins.plugins.salesforce.core.orgs.JwtSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgResolver;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Scratch-org auth for a scratch org that is not registered: a short-lived token from the Dev Hub's {@code
 * ScratchOrgInfo} record, nothing stored.
 *
 * <ol>
 *   <li>A registered org with that username is refused (NOT_ALLOWED, pointing to {@code salesforceAccessToken}).
 *   <li>The Dev Hub named, or every registered Dev Hub (the default first, then by id), is asked for {@code
 *       ScratchOrgInfo} rows of the signup username, newest first. A hub without ScratchOrgInfo ({@code
 *       INVALID_TYPE}) is not a Dev Hub: WRONG_ORG_TYPE when named, skipped when searching. A hub without the custom
 *       field {@code SfdxAuthUrl__c} ({@code INVALID_FIELD}) is asked again without it, and JWT is used.
 *   <li>The newest {@code Active} row is used. Without one, the newest row says why: {@code Deleted} and {@code
 *       Error} are INACTIVE_ORG, {@code New}/{@code Creating} NOT_READY; no row at all is NOT_FOUND.
 *   <li>A valid {@code SfdxAuthUrl__c} (not {@code undefined}, a Salesforce host) is used with the refresh grant.
 *       Otherwise, or when that refresh token is refused, the JWT grant runs with the Dev Hub's JWT credential:
 *       its client id and key, {@code sub} = the signup username, token host = {@code LoginUrl} (when it is an
 *       allowed host, else test.salesforce.com) and {@code aud} = https://test.salesforce.com. A Dev Hub registered
 *       with an auth URL has no key: then a clear BAD_INPUT says what is needed.
 *   <li>The token's org id must start with the row's 15-character {@code ScratchOrg}, compared case-sensitively
 *       (SOQL compares case-insensitively, so the client checks exactly).
 * </ol>
 *
 * <p>For a scratch org created less than ten minutes ago, NOT_APPROVED is retried with backoff for up to five minutes
 * ({@link NewOrgRetry}). An expired Dev Hub session is evicted and the query sent once more.
 */
public final class ScratchOrgAuthFlow {
    private static final Pattern USERNAME = Pattern.compile("[^@\\s]{1,80}@[^@\\s]{1,80}");
    static final String FIELDS =
            "Id, SignupUsername, LoginUrl, ScratchOrg, Status, ErrorCode, ExpirationDate, CreatedDate";
    static final String CUSTOM_FIELD = "SfdxAuthUrl__c";

    private final FlowContext context;
    private final OrgResolver resolver;
    private final SalesforceApi api;

    public ScratchOrgAuthFlow(FlowContext context, OrgResolver resolver) {
        this.context = Objects.requireNonNull(context, "context");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.api = context.api();
    }

    /**
     * @param username the scratch org's signup username
     * @param devHubRef the Dev Hub (id or username), or null to try every registered Dev Hub
     */
    public ScratchOrgAuthResult scratchOrgAuth(String username, String devHubRef) {
        String user = checkUsername(username);
        Optional<OrgRecord> registered = resolver.findRegisteredScratchOrg(user);
        if (registered.isPresent()) {
            String id = registered.get().id();
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED,
                    "scratch org '" + user + "' is registered as '" + id + "': use salesforceAccessToken(org: '" + id
                            + "').",
                    "Ask for the registered org's token (salesforceAccessToken or withSalesforceOrg with org: '" + id
                            + "'); scratch-org auth is for scratch orgs that are not registered.");
        }
        if (devHubRef != null && !devHubRef.isBlank()) {
            RegisteredOrg hub = resolver.resolveRegistered(devHubRef.strip());
            if (hub.record().isJitSandbox()) {
                throw notADevHub(hub.record());
            }
            return context.unregisteredTokens()
                    .get(UnregisteredTokens.SCRATCH, hub, user, context, () -> authOn(hub, user))
                    .result();
        }
        List<OrgRecord> hubs = resolver.devHubs();
        return context.unregisteredTokens()
                .firstOf(UnregisteredTokens.SCRATCH, hubs, resolver, user, context, () -> authOnAny(hubs, user))
                .result();
    }

    /** A result with the token it was built from, for the frontdoor. */
    record Authenticated(ScratchOrgAuthResult result, AccessToken token) {}

    /** Tries the Dev Hubs in order; used by the frontdoor lookup of a repository's pool as well. */
    Authenticated authOnAny(List<OrgRecord> hubs, String user) {
        if (hubs.isEmpty()) {
            throw SalesforceAuthException.of(
                    Reason.NOT_FOUND,
                    "scratch org '" + user + "' cannot be looked up: no Dev Hub is registered.",
                    "Register the Dev Hub the scratch org was created from (devHub: true), or name it with devHub.");
        }
        List<String> attempts = new ArrayList<>();
        SalesforceAuthException firstOther = null;
        for (OrgRecord hub : hubs) {
            RegisteredOrg registeredHub = resolver.resolveRegistered(hub.id());
            Row row;
            try {
                row = find(registeredHub, user);
            } catch (SalesforceAuthException e) {
                if (e.reason() == Reason.INACTIVE_ORG || e.reason() == Reason.NOT_READY) {
                    throw e; // the hub knows the scratch org: that is the answer
                }
                attempts.add("'" + hub.id() + "' (" + SandboxDiscovery.name(hub) + "): " + e.detail());
                if (firstOther == null && e.reason() != Reason.NOT_FOUND && e.reason() != Reason.WRONG_ORG_TYPE) {
                    firstOther = e;
                }
                continue;
            }
            return authenticate(registeredHub, row);
        }
        String tried = "scratch org '" + user + "' was not found in any registered Dev Hub. Tried: "
                + String.join("; ", attempts);
        if (firstOther != null) {
            throw firstOther.withDetail(tried);
        }
        throw SalesforceAuthException.of(
                Reason.NOT_FOUND,
                tried,
                "Check the username (the scratch org's signup username, not an alias), and register the Dev Hub it was"
                        + " created from.");
    }

    Authenticated authOn(RegisteredOrg hub, String user) {
        return authenticate(hub, find(hub, user));
    }

    /** The ScratchOrgInfo query's answer and the API version it was asked with. */
    private record Queried(JsonNode doc, ApiVersion version) {}

    /** One ScratchOrgInfo row, read at once; {@link #toString()} hides the auth URL. */
    private record Row(
            String id,
            ApiVersion version,
            String signupUsername,
            String loginUrl,
            String scratchOrg,
            String status,
            String errorCode,
            String expirationDate,
            Instant createdDate,
            String sfdxAuthUrl) {
        @Override
        public String toString() {
            return "Row[" + signupUsername + ", " + status + ", SfdxAuthUrl__c=****]";
        }
    }

    private Row find(RegisteredOrg hub, String user) {
        OrgRecord h = hub.record();
        Queried queried = Sessions.withToken(context.tokens(), hub, token -> {
            ApiVersion version = api.latestApiVersion(token);
            try {
                return new Queried(query(token, version, user, true), version);
            } catch (SalesforceAuthException e) {
                String code = ResponseClassifier.errorCode(e).orElse("");
                if ("INVALID_TYPE".equalsIgnoreCase(code)) {
                    throw SalesforceAuthException.fromSalesforce(
                            Reason.WRONG_ORG_TYPE,
                            "The provided dev hub username " + SandboxDiscovery.name(h) + " is not a valid dev hub"
                                    + " (ScratchOrgInfo is not supported there).",
                            "Enable Dev Hub in that org (Setup > Dev Hub), or name the Dev Hub the scratch org was"
                                    + " created from.",
                            e.salesforceError());
                }
                if ("INVALID_FIELD".equalsIgnoreCase(code)) {
                    return new Queried(query(token, version, user, false), version);
                }
                throw e;
            }
        });
        JsonNode doc = queried.doc();
        JsonNode records = doc.get("records");
        List<Row> rows = new ArrayList<>();
        if (records != null && records.isArray()) {
            for (JsonNode r : records) {
                String signup = Json.text(r, "SignupUsername");
                if (signup == null || !signup.equalsIgnoreCase(user)) {
                    continue;
                }
                rows.add(new Row(
                        Json.text(r, "Id"),
                        queried.version(),
                        signup,
                        Json.text(r, "LoginUrl"),
                        Json.text(r, "ScratchOrg"),
                        Json.text(r, "Status"),
                        Json.text(r, "ErrorCode"),
                        Json.text(r, "ExpirationDate"),
                        Sessions.dateTime(Json.text(r, "CreatedDate")),
                        Json.text(r, CUSTOM_FIELD)));
            }
        }
        String where = "in Dev Hub '" + SandboxDiscovery.name(h) + "'";
        Optional<Row> active =
                rows.stream().filter(r -> "Active".equalsIgnoreCase(r.status())).findFirst();
        if (active.isPresent()) {
            return active.get();
        }
        if (rows.isEmpty()) {
            throw SalesforceAuthException.of(
                    Reason.NOT_FOUND,
                    "No ScratchOrgInfo for scratch org '" + user + "' " + where + ".",
                    "Check the signup username, and that the scratch org was created from this Dev Hub.");
        }
        Row newest = rows.get(0);
        String status = newest.status() == null ? "" : newest.status().toLowerCase(Locale.ROOT);
        throw switch (status) {
            case "deleted" ->
                SalesforceAuthException.of(
                        Reason.INACTIVE_ORG,
                        "Scratch org '" + user + "' " + where
                                + " has been deleted, so you can't connect to it anymore.",
                        "Create a new scratch org (or take one from the pool).");
            case "error" ->
                SalesforceAuthException.of(
                        Reason.INACTIVE_ORG,
                        "Scratch org '" + user + "' " + where + " failed to be created (status Error, error code "
                                + Sessions.plain(newest.errorCode()) + ").",
                        "Create a new scratch org; look the error code up in the Salesforce scratch-org error list.");
            case "new", "creating" ->
                SalesforceAuthException.of(
                        Reason.NOT_READY,
                        "Scratch org '" + user + "' " + where + " is still being created (status "
                                + Sessions.plain(newest.status()) + ").",
                        "Wait until its ScratchOrgInfo status is Active, then try again.");
            default ->
                SalesforceAuthException.of(
                        Reason.NOT_READY,
                        "Scratch org '" + user + "' " + where + " is not active (status "
                                + Sessions.plain(newest.status()) + ").",
                        "Wait until its ScratchOrgInfo status is Active, or create a new scratch org.");
        };
    }

    /**
     * Writes the auth URL with the refresh token Salesforce rotated to back to the ScratchOrgInfo: the one there is
     * dead now, and the pool (and the next build) reads it from there. If that fails, the grant fails saying so.
     */
    private void writeBack(RegisteredOrg hub, Row row, SfdxAuthUrl used, SecretText rotated) {
        String where =
                "scratch org '" + row.signupUsername() + "' in Dev Hub '" + SandboxDiscovery.name(hub.record()) + "'";
        try {
            if (row.id() == null) {
                throw SalesforceAuthException.of(
                        Reason.BAD_RESPONSE, "the ScratchOrgInfo query gave no Id.", "Report this with the log.");
            }
            SecretText next = SecretText.of(
                    SfdxAuthUrl.of(used.clientId(), used.clientSecret(), rotated, used.host(), context.hosts())
                            .format());
            Sessions.withToken(context.tokens(), hub, token -> {
                api.patchSecretField(
                        token,
                        row.version(),
                        "ScratchOrgInfo",
                        row.id(),
                        CUSTOM_FIELD,
                        next,
                        "Writing back SfdxAuthUrl__c");
                return null;
            });
        } catch (SalesforceAuthException e) {
            throw SalesforceAuthException.of(
                    Reason.INVALID_GRANT,
                    "Salesforce rotated the refresh token of " + where + ", but writing the new auth URL back to its"
                            + " ScratchOrgInfo failed (" + e.detail() + "); the SfdxAuthUrl__c there no longer works.",
                    "Give the Dev Hub's user edit access to ScratchOrgInfo.SfdxAuthUrl__c and store a new auth URL"
                            + " there (sf org auth show-sfdx-auth-url for the scratch org), or turn off refresh token"
                            + " rotation on the app the pool's auth URLs use.");
        }
    }

    private JsonNode query(AccessToken token, ApiVersion version, String user, boolean withCustomField) {
        String soql = "SELECT " + FIELDS + (withCustomField ? ", " + CUSTOM_FIELD : "")
                + " FROM ScratchOrgInfo WHERE SignupUsername = '" + escape(user) + "' ORDER BY CreatedDate DESC";
        return api.query(token, version, soql, "The ScratchOrgInfo query");
    }

    private Authenticated authenticate(RegisteredOrg hub, Row row) {
        OrgRecord h = hub.record();
        String user = row.signupUsername();
        SfdxAuthUrl authUrl = null;
        if (row.sfdxAuthUrl() != null && !row.sfdxAuthUrl().isBlank()) {
            try {
                authUrl = SfdxAuthUrl.parse(row.sfdxAuthUrl(), context.hosts());
            } catch (SalesforceAuthException invalid) {
                authUrl = null; // 'undefined', garbage or a foreign host: JWT instead, never the text in a message
            }
        }
        JwtSecret jwt = hub.secret() instanceof JwtSecret j ? j : null;
        AccessToken token;
        ScratchOrgAuthResult.Method method;
        if (authUrl != null) {
            SfdxAuthUrl url = authUrl;
            try {
                token = NewOrgRetry.run(context, row.createdDate(), () -> context.refreshGrant()
                        .refresh(url.loginUrl(), url.clientId(), url.clientSecret(), url.refreshToken()));
                if (token.rotatedRefreshToken().isPresent()) {
                    writeBack(hub, row, url, token.rotatedRefreshToken().get());
                }
                method = ScratchOrgAuthResult.Method.SFDX_AUTH_URL;
            } catch (SalesforceAuthException e) {
                if (jwt == null || e.reason() != Reason.INVALID_GRANT) {
                    throw e.withDetail("The SfdxAuthUrl__c of scratch org '" + user + "' in Dev Hub '"
                            + SandboxDiscovery.name(h) + "' did not work: " + e.detail());
                }
                token = jwt(jwt, row);
                method = ScratchOrgAuthResult.Method.JWT;
            }
        } else if (jwt != null) {
            token = jwt(jwt, row);
            method = ScratchOrgAuthResult.Method.JWT;
        } else {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "Scratch org '" + user + "' was found in Dev Hub '" + SandboxDiscovery.name(h) + "', but the"
                            + " plugin cannot log in to it: its ScratchOrgInfo has no usable SfdxAuthUrl__c, and the"
                            + " Dev Hub, registered " + h.credentialType().registeredWith() + ", cannot sign a JWT.",
                    "Register the Dev Hub with a JWT key (a connected app with a certificate, pre-authorised for the"
                            + " scratch org users; see docs/jwt.md), or have the pool store SfdxAuthUrl__c on"
                            + " ScratchOrgInfo (sfp pools do).");
        }
        AccessToken clean = JitLogin.withoutRefreshToken(token).requireOpaque("scratch org '" + user + "'");
        if (row.scratchOrg() != null && !clean.orgId().startsWith(row.scratchOrg())) {
            throw SalesforceAuthException.of(
                    Reason.BAD_RESPONSE,
                    "The token for scratch org '" + user + "' is for org " + clean.orgId() + ", but ScratchOrgInfo in"
                            + " Dev Hub '" + SandboxDiscovery.name(h) + "' names org "
                            + Sessions.plain(row.scratchOrg())
                            + ".",
                    "The SfdxAuthUrl__c on the ScratchOrgInfo record belongs to another org: fix or clear it.");
        }
        TokenResult result = new TokenResult(
                clean.value(),
                clean.instanceUrl(),
                user,
                clean.orgId(),
                OrgType.SCRATCH,
                clean.issuedAt().plus(context.sessionTimeout()));
        return new Authenticated(
                new ScratchOrgAuthResult(result, h.id(), h.username(), method, row.expirationDate()), clean);
    }

    private AccessToken jwt(JwtSecret jwt, Row row) {
        URI loginUrl = context.testLoginUrl();
        if (row.loginUrl() != null && !row.loginUrl().isBlank()) {
            try {
                loginUrl = context.hosts().requireAllowed(row.loginUrl(), "the ScratchOrgInfo LoginUrl");
            } catch (SalesforceAuthException notAllowed) {
                loginUrl = context.testLoginUrl();
            }
        }
        URI host = loginUrl;
        var key = PemKeys.readRsaPrivateKey(jwt.privateKey(), jwt.passphrase());
        return NewOrgRetry.run(context, row.createdDate(), () -> context.jwtGrant()
                .exchange(host, jwt.clientId(), row.signupUsername(), key, Audience.TEST));
    }

    private static SalesforceAuthException notADevHub(OrgRecord r) {
        return SalesforceAuthException.of(
                Reason.WRONG_ORG_TYPE,
                "Org " + r.describe() + " is a JIT sandbox, not a Dev Hub.",
                "Name the Dev Hub the scratch org was created from, or leave devHub out to try every registered Dev"
                        + " Hub.");
    }

    static String checkUsername(String username) {
        String u = username == null ? "" : username.strip();
        if (!USERNAME.matcher(u).matches()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "'username' is not a Salesforce username (name@domain, no spaces).",
                    "Give the scratch org's signup username, for example test-abc@example.com (not its alias).");
        }
        return u;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }
}
