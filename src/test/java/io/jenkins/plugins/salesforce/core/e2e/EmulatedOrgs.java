package io.jenkins.plugins.salesforce.core.e2e;

import io.jenkins.plugins.salesforce.core.SalesforceHosts;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.api.OrgDiscovery;
import io.jenkins.plugins.salesforce.core.api.SalesforceApi;
import io.jenkins.plugins.salesforce.core.http.RecordingSleeper;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.oauth.AccessToken;
import io.jenkins.plugins.salesforce.core.oauth.Audience;
import io.jenkins.plugins.salesforce.core.oauth.AuthorizationCodeGrant;
import io.jenkins.plugins.salesforce.core.oauth.JwtBearerGrant;
import io.jenkins.plugins.salesforce.core.oauth.RefreshTokenGrant;
import io.jenkins.plugins.salesforce.core.oauth.TestKeys;
import io.jenkins.plugins.salesforce.emulator.AuthCode;
import io.jenkins.plugins.salesforce.emulator.ConnectedApp;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.SalesforceEmulator;
import io.jenkins.plugins.salesforce.emulator.Sandbox;
import io.jenkins.plugins.salesforce.emulator.User;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

/**
 * The client wired to a fresh emulator the way the Jenkins layer will wire it: a real {@link HttpClient} through
 * {@link SalesforceHttp#configure}, the {@link SalesforceHosts} allowlist with the emulator's loopback origin added by
 * "an administrator", the emulator's clock, and a recording sleeper so retries are counted but never waited for.
 *
 * <p>Seeds: production Dev Hub {@code acme} with {@code admin@acme.com}, its sandbox {@code uat}, one connected app
 * with a secret, a callback URL and the test key's certificate, pre-authorised for both users.
 */
final class EmulatedOrgs implements AutoCloseable {
    static final String CONSUMER_KEY = "3MVG9FAKEconsumerKey.x1";
    static final String CALLBACK = "http://localhost:1717/OauthRedirect";
    static final KeyPair KEY = TestKeys.rsa();

    final SalesforceEmulator emulator = SalesforceEmulator.start();
    final SalesforceHosts hosts = SalesforceHosts.defaults().withAdditional(List.of("http://127.0.0.1"));
    final RecordingSleeper sleeper = new RecordingSleeper();
    final HttpClient client = SalesforceHttp.configure(HttpClient.newBuilder())
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    final SalesforceHttp http;
    final Org prod;
    final User admin;
    final Sandbox uat;
    final User uatAdmin;
    final ConnectedApp app;

    EmulatedOrgs() {
        this(Duration.ofSeconds(5));
    }

    EmulatedOrgs(Duration requestTimeout) {
        http = new SalesforceHttp(client, requestTimeout, sleeper.policy());
        prod = emulator.productionOrg("acme").devHub(true);
        app = emulator.connectedApp(CONSUMER_KEY)
                .secret("FAKESECRET123")
                .callbackUrls(CALLBACK)
                .certificate(KEY.getPublic());
        admin = prod.user("admin@acme.com").preAuthorize(app);
        uat = prod.sandbox("uat");
        uatAdmin = uat.userFor(admin).preAuthorize(app);
    }

    RefreshTokenGrant refreshGrant() {
        return new RefreshTokenGrant(http, hosts::isAllowed, emulator.clock());
    }

    JwtBearerGrant jwtGrant() {
        return new JwtBearerGrant(http, hosts::isAllowed, emulator.clock());
    }

    AuthorizationCodeGrant codeGrant() {
        return new AuthorizationCodeGrant(http, hosts::isAllowed, emulator.clock());
    }

    SalesforceApi api() {
        return new SalesforceApi(http, hosts::isAllowed);
    }

    OrgDiscovery discovery() {
        return new OrgDiscovery(api());
    }

    /** The refresh grant, driven from an auth URL exactly as a credential stores it. */
    AccessToken refresh(String authUrl) {
        SfdxAuthUrl url = SfdxAuthUrl.parse(authUrl, hosts);
        return refreshGrant().refresh(url.loginUrl(), url.clientId(), url.clientSecret(), url.refreshToken());
    }

    AccessToken refresh(User user) {
        return refresh(emulator.authUrlFor(user, app));
    }

    AccessToken jwt(String loginUrl, User user, Audience audience) {
        return jwtGrant().exchange(URI.create(loginUrl), CONSUMER_KEY, user.username(), KEY.getPrivate(), audience);
    }

    AccessToken code(User user) {
        AuthCode code = emulator.issueAuthCode(user, app, CALLBACK);
        return codeGrant()
                .exchange(
                        URI.create(user.org().loginUrl()),
                        CONSUMER_KEY,
                        SecretText.of("FAKESECRET123"),
                        SecretText.of(code.value()),
                        CALLBACK);
    }

    @Override
    public void close() {
        client.shutdownNow(); // not close(): that would wait for requests a slow fault keeps open
        emulator.close();
    }
}
