package io.jenkins.plugins.salesforce.core;

import java.util.Locale;
import java.util.Set;

/**
 * The client credentials flow's rule for the login URL: it must be the org's My Domain. Salesforce answers the grant
 * only there; on {@code login.salesforce.com} or {@code test.salesforce.com} it refuses it with {@code invalid_grant:
 * request not supported on this domain}, because those hosts cannot tell which org's app is meant. The plugin refuses
 * those two hosts itself, before anything (the client secret above all) is sent.
 */
public final class MyDomainRule {
    private static final Set<String> SHARED_LOGIN_HOSTS = Set.of("login.salesforce.com", "test.salesforce.com");

    private MyDomainRule() {}

    /** Whether the host (any case, a trailing dot ignored) is {@code login.salesforce.com} or {@code test.salesforce.com}. */
    public static boolean isSharedLoginHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return SHARED_LOGIN_HOSTS.contains(h);
    }

    /**
     * Refuses login and test as the URL of a client credentials grant: {@link Reason#BAD_INPUT} naming the field.
     *
     * @param host the host of the URL given
     * @param field the field the URL was given in, for example {@code myDomainUrl}
     */
    public static void requireMyDomain(String host, String field) {
        if (isSharedLoginHost(host)) {
            throw SalesforceAuthException.badField(
                    field,
                    "Client credentials need your My Domain URL, not "
                            + host.strip().toLowerCase(Locale.ROOT)
                            + ": Salesforce answers the client credentials flow only on the org's own domain.",
                    "Set '" + field + "' to the org's My Domain URL (Setup > My Domain), for example"
                            + " https://acme.my.salesforce.com, or https://acme--uat.sandbox.my.salesforce.com for a"
                            + " sandbox.");
        }
    }
}
