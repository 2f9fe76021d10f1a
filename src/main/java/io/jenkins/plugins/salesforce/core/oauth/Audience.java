package io.jenkins.plugins.salesforce.core.oauth;

import io.jenkins.plugins.salesforce.core.OrgType;
import java.net.URI;
import java.util.Locale;

/**
 * The {@code aud} of a JWT bearer assertion: always one of the two authorization servers, never the My Domain or
 * instance URL.
 */
public enum Audience {
    /** Production, Developer Edition, Dev Hub, trial. */
    LOGIN("https://login.salesforce.com"),
    /** Sandbox and scratch org. */
    TEST("https://test.salesforce.com");

    private final URI uri;

    Audience(String uri) {
        this.uri = URI.create(uri);
    }

    public URI uri() {
        return uri;
    }

    /** The other one, which the grant tries once after {@code audience is invalid}. */
    public Audience other() {
        return this == LOGIN ? TEST : LOGIN;
    }

    /** The audience for a known org type: test for sandboxes and scratch orgs, login for all others. */
    public static Audience forOrgType(OrgType type) {
        return type == OrgType.SANDBOX || type == OrgType.SCRATCH ? TEST : LOGIN;
    }

    /**
     * A best guess from the login URL, for when the org type is not known yet: test for {@code test.salesforce.com}
     * and for hosts shaped like sandboxes or scratch orgs ({@code *.sandbox.my.salesforce.com},
     * {@code *.scratch.my.salesforce.com}, {@code name--sandbox.*.my.salesforce.com}, legacy {@code csNN} hosts);
     * login for everything else. A host name is only a hint of the org type, which is why the grant falls back once.
     */
    public static Audience forLoginUrl(URI loginUrl) {
        String host = loginUrl == null || loginUrl.getHost() == null
                ? ""
                : loginUrl.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("test.salesforce.com")
                || host.contains(".sandbox.my.salesforce.")
                || host.contains(".scratch.my.salesforce.")
                || host.matches("[a-z0-9-]+--[a-z0-9-]+\\.(?:[a-z0-9]+\\.)?my\\.salesforce\\.com")
                || host.matches("(?:[a-z0-9-]+\\.)?cs\\d+\\.(?:my\\.)?salesforce\\.com")) {
            return TEST;
        }
        return LOGIN;
    }
}
