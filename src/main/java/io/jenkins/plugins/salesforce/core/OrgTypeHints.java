package io.jenkins.plugins.salesforce.core;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Guesses of an org's type from its URL or instance name, after the old sfdx heuristics. sfdx-core dropped URL-based
 * sandbox detection because it is not deterministic; the Organization query decides the org type
 * ({@link OrgType#classify}). Use these hints only to choose a default (a login URL, a JWT audience). Each gives false
 * for null.
 */
public final class OrgTypeHints {

    private static final Pattern CS_INSTANCE = Pattern.compile("(?:^|\\.)cs\\d+(?:\\.my)?\\.salesforce\\.com$");
    private static final Pattern CS_FORCE = Pattern.compile("(?:^|\\.)cs\\d+\\.force\\.com$");
    private static final Pattern DOUBLE_DASH_MY_DOMAIN =
            Pattern.compile("^[a-z0-9-]+--[a-z0-9-]+\\.my\\.salesforce\\.com$");
    private static final Pattern FALCON =
            Pattern.compile("(?:^|\\.)[a-z]{3}\\d+s\\.sfdc-[a-z0-9-]+\\.(?:salesforce|force)\\.com$");

    private OrgTypeHints() {}

    /**
     * A <em>hint</em> that the URL belongs to a sandbox: a {@code .sandbox.my.salesforce.com} or {@code
     * .sandbox.my.salesforce.mil} host, {@code csNN(.my).salesforce.com}, {@code csNN.force.com}, {@code
     * <word>--<word>.my.salesforce.com}, a Falcon {@code xxxNNs.sfdc-*} host, or {@code test.salesforce.com}.
     */
    public static boolean isSandboxHint(URI url) {
        String h = hostOf(url);
        if (h == null) {
            return false;
        }
        return h.endsWith(".sandbox.my.salesforce.com")
                || h.endsWith(".sandbox.my.salesforce.mil")
                || h.equals("test.salesforce.com")
                || CS_INSTANCE.matcher(h).find()
                || CS_FORCE.matcher(h).find()
                || DOUBLE_DASH_MY_DOMAIN.matcher(h).matches()
                || FALCON.matcher(h).find();
    }

    /**
     * A <em>hint</em> that an org with this instance name (for example {@code CS42} or {@code USA2S}) is a sandbox:
     * the name starts with {@code cs} or ends with {@code s}.
     */
    public static boolean isSandboxInstanceNameHint(String instanceName) {
        if (instanceName == null || instanceName.isBlank()) {
            return false;
        }
        String n = instanceName.strip().toLowerCase(Locale.ROOT);
        return n.startsWith("cs") || n.endsWith("s");
    }

    /** A <em>hint</em> that the URL belongs to a scratch org: its host ends with {@code .scratch.my.salesforce.com}. */
    public static boolean isScratchHint(URI url) {
        String h = hostOf(url);
        return h != null && h.endsWith(".scratch.my.salesforce.com");
    }

    /**
     * A <em>hint</em> that the URL belongs to a Developer Edition org: its host ends with
     * {@code .develop.my.salesforce.com}.
     */
    public static boolean isDeveloperEditionHint(URI url) {
        String h = hostOf(url);
        return h != null && h.endsWith(".develop.my.salesforce.com");
    }

    private static String hostOf(URI url) {
        return url == null || url.getHost() == null ? null : url.getHost().toLowerCase(Locale.ROOT);
    }
}
