package io.jenkins.plugins.salesforce.ui;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceConfiguration;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.http.Json;
import io.jenkins.plugins.salesforce.credentials.SalesforceAuthUrlCredentialsImpl;
import io.jenkins.plugins.salesforce.emulator.ConnectedApp;
import io.jenkins.plugins.salesforce.emulator.MutableClock;
import io.jenkins.plugins.salesforce.emulator.Org;
import io.jenkins.plugins.salesforce.emulator.SalesforceEmulator;
import io.jenkins.plugins.salesforce.emulator.User;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The Salesforce emulator seeded for the page's tests, with its loopback hosts allowed in the configuration:
 * production Dev Hub {@code acme} ({@code admin@acme.com}), Developer Edition {@code devorg} ({@code dev@acme.com},
 * not a Dev Hub), one connected app; and an HTTP client for the REST actions. The periodic health check is off.
 */
public final class Emulated implements AutoCloseable {
    public final SalesforceEmulator emulator =
            SalesforceEmulator.builder().clock(MutableClock.ticking()).start();
    public final ConnectedApp app;
    public final Org acme;
    public final User admin;
    public final Org dev;
    public final User devUser;
    private final JenkinsRule j;

    public Emulated(JenkinsRule j) {
        this.j = j;
        app = emulator.connectedApp("3MVG9FAKEjenkins.ui")
                .secret("FAKESECRET123")
                .callbackUrls(ConnectedApp.PLATFORM_CLI_CALLBACK); // sandboxAuth's code exchange
        acme = emulator.productionOrg("acme").devHub(true);
        admin = acme.user("admin@acme.com").preAuthorize(app);
        dev = emulator.developerEdition("devorg");
        devUser = dev.user("dev@acme.com").preAuthorize(app);
        SalesforceConfiguration.get().setAllowedHosts("http://127.0.0.1");
        // The periodic health check tests every new org at a random moment within a minute of startup: its calls
        // would land in the tests' request counts. Tests of the health check turn it back on and run it themselves.
        SalesforceConfiguration.get().setHealthCheckIntervalMinutes(0);
    }

    public String authUrl(User user) {
        return emulator.authUrlFor(user, app);
    }

    /**
     * Adds, unchecked, a credential with the System scope to the system store: an org for Jenkins itself, which no job
     * may use and only administrators see through the pages.
     */
    public void addSystemScoped(String id, User user) throws IOException {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            SalesforceService.storeOf(Jenkins.get())
                    .addCredentials(
                            Domain.global(),
                            new SalesforceAuthUrlCredentialsImpl(
                                    CredentialsScope.SYSTEM, id, "Jenkins' own org", Secret.fromString(authUrl(user))));
        }
    }

    public int calls() {
        return emulator.requests().total();
    }

    /** An answer: the status and the body. */
    public record Answer(int status, String text) {
        public JsonNode json() {
            return Json.parse(text).orElseThrow(() -> new AssertionError("not JSON: " + text));
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    /** Calls {@code /salesforce-orgs/<path>} as a user (with an API token; anonymous with a crumb). */
    public Answer call(String user, HttpMethod method, String path, String body) throws Exception {
        return callUrl(user, method, SalesforceOrgsAction.URL_NAME + "/" + path, body);
    }

    /** Calls a folder's {@code /job/<folder>/salesforce-orgs/<path>}, as {@link #call}. */
    public Answer callIn(String folder, String user, HttpMethod method, String path, String body) throws Exception {
        return callUrl(
                user, method, "job/" + folder.replace("/", "/job/") + "/" + OrgsAction.URL_NAME + "/" + path, body);
    }

    /** GET in a folder, as {@link #callIn}. */
    public Answer getIn(String folder, String user, String path) throws Exception {
        return callIn(folder, user, HttpMethod.GET, path, null);
    }

    /** POST in a folder, as {@link #callIn}. */
    public Answer postIn(String folder, String user, String path, String body) throws Exception {
        return callIn(folder, user, HttpMethod.POST, path, body);
    }

    /**
     * Calls {@code <Jenkins URL><path>} as a user (with an API token; anonymous with a crumb). The body is sent as JSON
     * when it starts with <code>{</code>, else as a browser's form fields ({@code a=b&c=d}, URL-encoded).
     */
    public Answer callUrl(String user, HttpMethod method, String path, String body) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient();
        wc.setThrowExceptionOnFailingStatusCode(false);
        wc.setRedirectEnabled(false);
        wc.getOptions().setJavaScriptEnabled(false);
        wc.setRefreshHandler((page, url, seconds) -> {}); // the 403 page's refresh to the login page
        if (user != null) {
            wc.withBasicApiToken(user);
        }
        WebRequest req = new WebRequest(new URI(j.getURL() + path).toURL(), method);
        if (body != null) {
            boolean form = !body.startsWith("{");
            req.setAdditionalHeader("Content-Type", form ? "application/x-www-form-urlencoded" : "application/json");
            req.setRequestBody(body);
            req.setCharset(StandardCharsets.UTF_8);
        }
        if (user == null && method == HttpMethod.POST) {
            var issuer = j.jenkins.getCrumbIssuer();
            req.setAdditionalHeader(
                    issuer.getCrumbRequestField(), issuer.getCrumb((jakarta.servlet.ServletRequest) null));
        }
        Page p = wc.getPage(req);
        return new Answer(p.getWebResponse().getStatusCode(), p.getWebResponse().getContentAsString());
    }

    public Answer get(String user, String path) throws Exception {
        return call(user, HttpMethod.GET, path, null);
    }

    public Answer post(String user, String path, String jsonBody) throws Exception {
        return call(user, HttpMethod.POST, path, jsonBody);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
