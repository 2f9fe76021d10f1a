package io.jenkins.plugins.salesforce.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.htmlunit.HttpMethod;

/**
 * Every page and REST action of a Salesforce Orgs page (Jenkins' or a folder's), with the permission each needs: the
 * list both permission matrices walk, so that an action added to {@link OrgsAction} is added to both at once.
 */
final class OrgsActionCalls {
    private OrgsActionCalls() {}

    /** What a call needs: Credentials/View, Credentials/UseItem, or the rights to change credentials. */
    enum Needs {
        VIEW,
        USE,
        WRITE
    }

    /**
     * A call, the permission it needs, and whether it succeeds once allowed (2xx; a page's form answers 303 to the page
     * that shows its change), with the test's fixtures. The body is JSON, or a form's fields ({@code a=b&c=d}).
     */
    record Call(HttpMethod method, String path, String body, Needs needs, boolean succeeds) {
        Call(HttpMethod method, String path, String body, Needs needs) {
            this(method, path, body, needs, true);
        }

        /** Whether it is a form of the pages, which answers 303 (to the page that shows its change) when it succeeds. */
        boolean form() {
            return method == HttpMethod.POST && (path.startsWith("entry/") || path.equals("createOrg"));
        }

        /** Whether an answer is this call's success: 303 for a form, else 2xx. */
        boolean succeededWith(int status) {
            return form() ? status == 303 : status / 100 == 2;
        }

        /** The same call with a body that is not JSON, to show that its permission is checked before parsing. */
        Call malformed() {
            return new Call(method, path, MALFORMED, needs, false);
        }

        @Override
        public String toString() {
            return method + " " + path + (MALFORMED.equals(body) ? " (malformed body)" : "");
        }
    }

    /** A request body that is not JSON: answered 400 to a caller allowed the call, and 403 to anyone else. */
    static final String MALFORMED = "{\"org\": ";

    /** Every call that reads a JSON request body (the REST POSTs), each with a malformed body. */
    static List<Call> malformed(List<Call> calls) {
        return calls.stream()
                .filter(c -> c.method() == HttpMethod.POST
                        && c.body() != null
                        && c.body().startsWith("{"))
                .map(Call::malformed)
                .toList();
    }

    /**
     * Every call on a page whose registered org {@code org} is there to be used, changed and removed, whose default Dev
     * Hub is {@code hub} (null: none, so the Dev Hub calls are refused once allowed), and where registering
     * {@code authUrl} succeeds. No sandbox {@code uat} and no scratch org {@code s@example.com} exist.
     */
    static List<Call> every(String org, String hub, String authUrl) {
        String body = "{\"org\": \"" + org + "\"}";
        return List.of(
                new Call(HttpMethod.GET, "", null, Needs.VIEW),
                new Call(HttpMethod.GET, "api/json?depth=2", null, Needs.VIEW),
                new Call(HttpMethod.GET, "entry/" + org + "/", null, Needs.VIEW),
                new Call(HttpMethod.GET, "orgs", null, Needs.VIEW),
                new Call(HttpMethod.GET, "org?org=" + org, null, Needs.VIEW),
                new Call(HttpMethod.GET, "defaultDevHub", null, Needs.VIEW, hub != null),
                new Call(HttpMethod.GET, "org?username=" + org, null, Needs.VIEW),
                new Call(
                        HttpMethod.POST, "org", "{\"org\": \"" + org + "\", \"authType\": \"accessToken\"}", Needs.USE),
                new Call(
                        HttpMethod.POST,
                        "org",
                        "{\"org\": \"" + org + "\", \"authType\": \"sfdxAuthUrl\"}",
                        Needs.USE,
                        false),
                new Call(HttpMethod.POST, "accessToken", body, Needs.USE),
                new Call(HttpMethod.POST, "accessToken", "{\"devHub\": true}", Needs.USE, hub != null),
                new Call(HttpMethod.POST, "testConnection", body, Needs.USE),
                new Call(HttpMethod.POST, "frontdoor", "{\"target\": \"" + org + "\"}", Needs.USE),
                new Call(HttpMethod.GET, "frontdoor?target=" + org, null, Needs.USE),
                new Call(HttpMethod.POST, "openFrontdoor?target=" + org, null, Needs.USE, false),
                new Call(HttpMethod.POST, "defaultDevHub", "{\"authType\": \"accessToken\"}", Needs.USE, hub != null),
                new Call(HttpMethod.POST, "sandboxAuthenticate", "{\"sandboxName\": \"uat\"}", Needs.USE, false),
                new Call(HttpMethod.POST, "scratchAuthenticate", "{\"username\": \"s@example.com\"}", Needs.USE, false),
                new Call(HttpMethod.POST, "register", "{\"sfdxAuthUrl\": \"" + authUrl + "\"}", Needs.WRITE),
                new Call(
                        HttpMethod.POST,
                        "registerJitSandbox",
                        "{\"sandboxName\": \"uat\", \"productionOrg\": \"" + org + "\"}",
                        Needs.WRITE,
                        false),
                new Call(
                        HttpMethod.POST,
                        "update",
                        "{\"org\": \"" + org + "\", \"metadata\": {\"a\": \"b\"}}",
                        Needs.WRITE),
                new Call(
                        HttpMethod.POST,
                        "setDefaultDevHub",
                        "{\"org\": \"" + (hub == null ? org : hub) + "\"}",
                        Needs.WRITE,
                        hub != null),
                // the page's forms, for browsers (form fields, not JSON; a change answers 303 to the page showing it)
                new Call(HttpMethod.GET, "newOrg", null, Needs.WRITE),
                new Call(HttpMethod.POST, "createOrg", "sfdxAuthUrl=" + encode(authUrl), Needs.WRITE),
                new Call(HttpMethod.POST, "entry/" + org + "/testConnection", null, Needs.USE),
                new Call(HttpMethod.POST, "entry/" + org + "/update", "metadata=a%3Db", Needs.WRITE),
                new Call(
                        HttpMethod.POST,
                        "entry/" + (hub == null ? org : hub) + "/makeDefaultDevHub",
                        null,
                        Needs.WRITE,
                        hub != null),
                new Call(HttpMethod.GET, "entry/" + org + "/remove", null, Needs.WRITE),
                new Call(HttpMethod.POST, "remove", body, Needs.WRITE),
                // after the removal above: allowed, they answer 404
                new Call(HttpMethod.DELETE, "org?username=" + org, null, Needs.WRITE, false),
                new Call(HttpMethod.POST, "entry/" + org + "/remove", null, Needs.WRITE, false));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
