package io.jenkins.plugins.salesforce.core.oauth;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code aud} of a JWT bearer assertion: the authorization server the assertion is for. Usually one of the two
 * Salesforce login servers ({@link #LOGIN}, {@link #TEST}), never the My Domain or instance URL; an administrator can
 * set another ({@link #of}) where Salesforce expects one, as the sf CLI's {@code SF_AUDIENCE_URL} does: an Experience
 * Cloud site's URL, or the login server that a Government Cloud or other separate instance names.
 */
public final class Audience {
    /** Production, Developer Edition, Dev Hub, trial. */
    public static final Audience LOGIN = new Audience(URI.create("https://login.salesforce.com"));

    /** Sandbox and scratch org. */
    public static final Audience TEST = new Audience(URI.create("https://test.salesforce.com"));

    private static final String FIX = "Leave 'audience' empty to let the plugin choose https://login.salesforce.com or"
            + " https://test.salesforce.com, or enter the authorization server URL that Salesforce names for your org,"
            + " such as an Experience Cloud site URL (https://acme.my.site.com/customers).";

    private final URI uri;

    private Audience(URI uri) {
        this.uri = uri;
    }

    /**
     * An audience an administrator set: an absolute {@code https} URL without user info, query or fragment; one
     * trailing slash is dropped. The two login servers come back as {@link #LOGIN} and {@link #TEST}.
     *
     * @throws SalesforceAuthException BAD_INPUT naming the field {@code audience}
     */
    public static Audience of(String url) {
        String text = url == null ? "" : url.strip();
        if (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        URI parsed;
        try {
            parsed = new URI(text);
        } catch (URISyntaxException e) {
            throw bad("'audience' is not a URL.");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") || parsed.getHost() == null) {
            throw bad("'audience' must be an https URL with a host.");
        }
        if (parsed.getRawUserInfo() != null || parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw bad("'audience' must not have a user name, a query or a fragment.");
        }
        for (Audience known : new Audience[] {LOGIN, TEST}) {
            if (known.uri.toString().equalsIgnoreCase(text)) {
                return known;
            }
        }
        return new Audience(parsed);
    }

    private static SalesforceAuthException bad(String detail) {
        return SalesforceAuthException.badField("audience", detail, FIX);
    }

    public URI uri() {
        return uri;
    }

    /**
     * The other login server, which the grant tries once after {@code audience is invalid}; empty for an audience an
     * administrator set, which is used as it is.
     */
    public Optional<Audience> other() {
        if (this == LOGIN) {
            return Optional.of(TEST);
        }
        return this == TEST ? Optional.of(LOGIN) : Optional.empty();
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Audience other && uri.equals(other.uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
