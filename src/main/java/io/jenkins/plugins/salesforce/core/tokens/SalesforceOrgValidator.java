package io.jenkins.plugins.salesforce.core.tokens;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SalesforceHosts;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.api.OrgDiscovery;
import io.jenkins.plugins.salesforce.core.api.SalesforceApi;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.oauth.Audience;
import io.jenkins.plugins.salesforce.core.oauth.ClientCredentialsGrant;
import io.jenkins.plugins.salesforce.core.oauth.JwtBearerGrant;
import io.jenkins.plugins.salesforce.core.oauth.PemKeys;
import io.jenkins.plugins.salesforce.core.oauth.RefreshTokenGrant;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.ClientCredentialsSecret;
import io.jenkins.plugins.salesforce.core.orgs.DiscoveredOrg;
import io.jenkins.plugins.salesforce.core.orgs.JwtSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgValidator;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's {@link OrgValidator} over the real client: an auth URL is parsed against the allowed hosts and its
 * refresh token exchanged; a JWT key is read and the JWT bearer grant run (the audience guessed from the login URL,
 * with the grant's one fallback); a client credentials app's key and secret are sent to its My Domain; then the org is discovered from the new token. Any failure propagates as the grant or
 * discovery reported it, so {@code OrgRegistry.register} writes nothing.
 *
 * <p>Also the grant code the {@link TokenService} uses, so that validation and token minting cannot drift apart.
 */
final class SalesforceOrgValidator implements OrgValidator {
    private final SalesforceHosts hosts;
    private final RefreshTokenGrant refreshGrant;
    private final JwtBearerGrant jwtGrant;
    private final ClientCredentialsGrant clientCredentialsGrant;
    private final OrgDiscovery discovery;
    /** Auth URLs whose refresh token Salesforce rotated during a validation, to the URL with the new token. */
    private final Map<SecretText, AuthUrlSecret> rotatedDuringValidation = new ConcurrentHashMap<>();

    SalesforceOrgValidator(SalesforceHttp http, SalesforceHosts hosts, Clock clock) {
        Objects.requireNonNull(http, "http");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(clock, "clock");
        this.refreshGrant = new RefreshTokenGrant(http, hosts::isAllowed, clock);
        this.jwtGrant = new JwtBearerGrant(http, hosts::isAllowed, clock);
        this.clientCredentialsGrant = new ClientCredentialsGrant(http, hosts::isAllowed, clock);
        this.discovery = new OrgDiscovery(new SalesforceApi(http, hosts::isAllowed));
    }

    @Override
    public DiscoveredOrg validate(OrgSecret secret, String username) {
        Objects.requireNonNull(secret, "secret");
        AccessToken token =
                switch (secret) {
                    case AuthUrlSecret a -> {
                        SfdxAuthUrl url = parse(a);
                        AccessToken t = refreshGrant.refresh(
                                url.loginUrl(), url.clientId(), url.clientSecret(), url.refreshToken());
                        // With rotation on, the refresh token just used is dead: remember its successor until the
                        // token service has stored it (it reads it through successorOf before its first grant).
                        t.rotatedRefreshToken()
                                .ifPresent(r -> rotatedDuringValidation.put(a.authUrl(), rotated(url, r)));
                        yield t;
                    }
                    case JwtSecret j -> jwt(j, username, null);
                    case ClientCredentialsSecret c -> clientCredentials(c);
                };
        return discover(token.requireOpaque("the org being registered"));
    }

    /**
     * The auth URL to use instead of a stored one whose refresh token Salesforce rotated while it was being
     * validated (the registry stores what the user gave, which is dead by then); the stored one when there was none.
     */
    AuthUrlSecret successorOf(AuthUrlSecret stored) {
        return rotatedDuringValidation.getOrDefault(stored.authUrl(), stored);
    }

    /** Forgets a rotation once its successor is stored. */
    void successorStored(AuthUrlSecret old) {
        rotatedDuringValidation.remove(old.authUrl());
    }

    /** Discovers the org behind a token (identity, API version, Organization, Dev Hub check). */
    DiscoveredOrg discover(AccessToken token) {
        return discovery.discover(token);
    }

    /** The refresh grant, which the token service runs with a stored auth URL ({@link #parse}). */
    RefreshTokenGrant refreshGrant() {
        return refreshGrant;
    }

    /**
     * An auth URL as the user handed it in, as it is stored: the bare URL, also when the user pasted what the sf CLI
     * prints ({@code sf org auth show-sfdx-auth-url --json}, an older {@code sf org display --verbose --json}); the
     * CLI's redacted output is refused with the command to run instead ({@link SfdxAuthUrl#read}).
     */
    AuthUrlSecret asGiven(AuthUrlSecret secret) {
        String text = secret.authUrl().reveal().strip();
        if (text.startsWith("force://")) {
            return secret;
        }
        return new AuthUrlSecret(SecretText.of(SfdxAuthUrl.read(text, hosts).format()));
    }

    /** The stored auth URL, parsed and checked against the allowed hosts. */
    SfdxAuthUrl parse(AuthUrlSecret secret) {
        return SfdxAuthUrl.parse(secret.authUrl().reveal(), hosts);
    }

    /**
     * Runs the JWT bearer grant with a stored key.
     *
     * @param username the user to sign in as
     * @param orgType the org's type when known, which picks the JWT audience unless the secret sets one; null to guess
     *     it from the login URL
     */
    AccessToken jwt(JwtSecret secret, String username, OrgType orgType) {
        PrivateKey key = PemKeys.readRsaPrivateKey(secret.privateKey(), secret.passphrase());
        return jwtGrant.exchange(
                hosts.requireAllowed(secret.loginUrl(), "loginUrl"),
                secret.clientId(),
                username,
                key,
                secret.audience() != null ? secret.audience() : orgType == null ? null : Audience.forOrgType(orgType));
    }

    /**
     * Runs the client credentials grant at the secret's My Domain: login and test are refused before the allowed-hosts
     * check, so that the message names the real mistake.
     */
    AccessToken clientCredentials(ClientCredentialsSecret secret) {
        return clientCredentialsGrant.exchange(
                hosts.requireAllowed(secret.myDomainUrl(), "myDomainUrl"), secret.clientId(), secret.clientSecret());
    }

    /** The same auth URL with the refresh token Salesforce rotated to. */
    AuthUrlSecret rotated(SfdxAuthUrl url, SecretText newRefreshToken) {
        return new AuthUrlSecret(
                SecretText.of(SfdxAuthUrl.of(url.clientId(), url.clientSecret(), newRefreshToken, url.host(), hosts)
                        .format()));
    }

    @Override
    public String toString() {
        return "SalesforceOrgValidator[hosts=" + hosts + "]";
    }
}
