package io.jenkins.plugins.salesforce.core;

import java.util.List;
import java.util.Locale;

/**
 * Salesforce's own domains: the host suffixes that serve Salesforce's API, which {@link SalesforceHosts#defaults()}
 * trusts without an administrator's help, and the Lightning Experience domains, which serve only the UI.
 *
 * <p>Matching is on a dot boundary and in any case: {@code acme.my.salesforce.com} is a Salesforce host, while
 * {@code evilsalesforce.com}, {@code salesforce.com.evil.com} and the bare {@code salesforce.com} are not.
 */
public final class SalesforceDomains {

    /** The host suffixes the plugin trusts without an administrator's help. */
    public static final List<String> SALESFORCE_SUFFIXES = List.of(
            ".salesforce.com",
            ".force.com",
            ".cloudforce.com",
            ".salesforce.mil",
            ".crmforce.mil",
            ".sfcrmproducts.cn");

    private static final List<String> LIGHTNING_SUFFIXES =
            List.of(".lightning.force.com", ".lightning.crmforce.mil", ".lightning.sfcrmapps.cn");

    /** Each Lightning suffix and the My Domain suffix that serves the same org's API. */
    private static final List<String[]> LIGHTNING_TO_API = List.of(
            new String[] {".lightning.force.com", ".my.salesforce.com"},
            new String[] {".lightning.crmforce.mil", ".my.salesforce.mil"},
            new String[] {".lightning.sfcrmapps.cn", ".my.sfcrmproducts.cn"});

    private SalesforceDomains() {}

    /** Whether the host ends, on a dot boundary and in any case, with one of {@link #SALESFORCE_SUFFIXES}. */
    public static boolean isSalesforceHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String suffix : SALESFORCE_SUFFIXES) {
            if (h.endsWith(suffix) && h.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the host is a Lightning Experience domain ({@code *.lightning.force.com},
     * {@code *.lightning.crmforce.mil}, {@code *.lightning.sfcrmapps.cn}), which cannot serve the API. Case does not
     * matter; a port is ignored; null gives false.
     */
    public static boolean isLightningDomain(String host) {
        if (host == null) {
            return false;
        }
        String h = stripPort(host.strip().toLowerCase(Locale.ROOT));
        for (String suffix : LIGHTNING_SUFFIXES) {
            if (h.endsWith(suffix) || h.equals(suffix.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The API host (My Domain) of the org a Lightning domain belongs to, for example {@code acme.my.salesforce.com}
     * for {@code acme.lightning.force.com}; null when the host is not a Lightning domain or names no org.
     */
    static String apiHostForLightning(String host) {
        String h = stripPort(host.toLowerCase(Locale.ROOT));
        for (String[] pair : LIGHTNING_TO_API) {
            if (h.endsWith(pair[0]) && h.length() > pair[0].length()) {
                return h.substring(0, h.length() - pair[0].length()) + pair[1];
            }
        }
        return null;
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            return host;
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
