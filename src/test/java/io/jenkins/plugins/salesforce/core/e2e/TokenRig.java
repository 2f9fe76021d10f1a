package io.jenkins.plugins.salesforce.core.e2e;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.oauth.TestKeys;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.JwtSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.tokens.JitSandboxTokens;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import io.jenkins.plugins.salesforce.core.tokens.TokenServiceBuilder;
import io.jenkins.plugins.salesforce.emulator.Endpoint;
import io.jenkins.plugins.salesforce.emulator.User;
import java.net.URI;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A {@link TokenService} over an {@link EmulatedOrgs} emulator and an in-memory store, wired as the Jenkins layer
 * will wire it: the emulator's clock, the emulator's loopback origin allowed, a recording sleeper for retries.
 */
final class TokenRig implements AutoCloseable {
    final EmulatedOrgs sf;
    final OrgStore store;
    final TokenService tokens;

    TokenRig() {
        this(new EmulatedOrgs(), new InMemoryOrgStore(), UnaryOperator.identity());
    }

    static TokenRig withJit(EmulatedOrgs sf, JitSandboxTokens jit) {
        return new TokenRig(sf, new InMemoryOrgStore(), b -> b.jitSandboxes(jit));
    }

    TokenRig(EmulatedOrgs sf, OrgStore store, UnaryOperator<TokenServiceBuilder> more) {
        this.sf = sf;
        this.store = store;
        this.tokens = more.apply(TokenService.builder()
                        .store(store)
                        .http(sf.http)
                        .hosts(sf.hosts)
                        .clock(sf.emulator.clock()))
                .build();
    }

    /** Stores an auth URL org for the user as registration leaves it: every discovered field filled in. */
    OrgRecord authUrlOrg(String id, User user) {
        return authUrlOrg(id, user, sf.emulator.authUrlFor(user, sf.app), Map.of());
    }

    OrgRecord authUrlOrg(String id, User user, String authUrl, Map<String, String> metadata) {
        OrgRecord record = OrgRecord.builder(id, CredentialType.AUTH_URL)
                .username(user.username())
                .orgId(user.org().id())
                .orgType(user.org().type())
                .instanceUrl(user.org().instanceUrl())
                .devHub(user.org().isDevHub())
                .metadata(metadata)
                .build();
        return store.save(new RegisteredOrg(record, new AuthUrlSecret(SecretText.of(authUrl))));
    }

    /** Stores an auth URL org as configuration as code loads it: an id and the auth URL, nothing discovered. */
    OrgRecord undiscoveredAuthUrlOrg(String id, String authUrl) {
        return store.save(new RegisteredOrg(
                OrgRecord.builder(id, CredentialType.AUTH_URL).build(), new AuthUrlSecret(SecretText.of(authUrl))));
    }

    /** Stores a JWT org for the user, at the emulator's login host, with the connected app's key. */
    OrgRecord jwtOrg(String id, User user) {
        OrgRecord record = OrgRecord.builder(id, CredentialType.JWT)
                .username(user.username())
                .orgId(user.org().id())
                .orgType(user.org().type())
                .instanceUrl(user.org().instanceUrl())
                .build();
        return store.save(new RegisteredOrg(record, jwtSecret()));
    }

    static JwtSecret jwtSecretAt(String loginUrl) {
        return new JwtSecret(
                EmulatedOrgs.CONSUMER_KEY,
                loginUrl,
                SecretText.of(TestKeys.pkcs8(EmulatedOrgs.KEY.getPrivate())),
                null);
    }

    JwtSecret jwtSecret() {
        return jwtSecretAt(sf.emulator.loginUrl());
    }

    /** The stored auth URL of an org. */
    String storedAuthUrl(String id) {
        return ((AuthUrlSecret) store.findRegistered(id).orElseThrow().secret())
                .authUrl()
                .reveal();
    }

    int tokenRequests() {
        return sf.emulator.requests().count(Endpoint.TOKEN);
    }

    /** The result as an {@link AccessToken}, to call the REST API with it. */
    AccessToken asAccessToken(TokenResult r, User user) {
        return new AccessToken(
                r.accessToken(),
                r.instanceUrl(),
                URI.create(user.identityUrl()),
                r.orgId(),
                user.id(),
                sf.emulator.clock().instant(),
                "",
                null);
    }

    static OrgType typeOf(User user) {
        return user.org().type();
    }

    @Override
    public void close() {
        sf.close();
    }
}
