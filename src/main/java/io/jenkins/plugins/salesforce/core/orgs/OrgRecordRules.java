package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules an {@link OrgRecord}'s fields follow (listed on that class): what each field accepts, how it is
 * normalised, which fields go together, and how usernames and sandbox names compare. Every refusal is
 * {@link Reason#BAD_INPUT} naming the field and the fix.
 */
final class OrgRecordRules {
    private static final Pattern SANDBOX_NAME = Pattern.compile("[A-Za-z0-9]{1,10}");
    private static final Pattern USERNAME = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private OrgRecordRules() {}

    /**
     * Checks the fields that must agree with each other: the Dev Hub flags with the type, auth URL export with the kind,
     * and the JIT sandbox fields with the kind.
     */
    static void checkCombination(OrgRecord r) {
        checkFlags(r);
        checkJitFields(r);
    }

    /** Case-insensitive comparison of Salesforce usernames (they are case-insensitive in Salesforce). */
    static boolean sameUsername(String a, String b) {
        return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    /** Case-insensitive comparison of sandbox names (SOQL compares them case-insensitively). */
    static boolean sameSandboxName(String a, String b) {
        return a != null && b != null && a.equalsIgnoreCase(b);
    }

    /** Refuses anything but 1-10 letters and digits, the names Salesforce allows for a sandbox. */
    static void checkSandboxName(String name, String field) {
        if (name == null || !SANDBOX_NAME.matcher(name).matches()) {
            throw SalesforceAuthException.badField(
                    field,
                    "'" + field + "' is not a sandbox name: '" + name + "'.",
                    "A sandbox name is 1 to 10 letters and digits, for example uat or dev2, as shown in"
                            + " Setup > Sandboxes of the production org.");
        }
    }

    private static void checkFlags(OrgRecord r) {
        String id = r.id();
        OrgType orgType = r.orgType();
        if (r.devHub() && (orgType == OrgType.SANDBOX || orgType == OrgType.SCRATCH)) {
            throw bad(
                    "devHub",
                    "is set on org '" + id + "', which is a " + orgType.label() + " org.",
                    "Only a Production, Developer Edition or Trial org can be a Dev Hub; turn devHub off.");
        }
        if (r.defaultDevHub() && !r.devHub()) {
            throw bad(
                    "defaultDevHub",
                    "is set on org '" + id + "', which is not a Dev Hub.",
                    "Only a Dev Hub can be the default Dev Hub: turn devHub on (Dev Hub must be enabled in the org)"
                            + " or turn defaultDevHub off.");
        }
        if (r.allowAuthUrlExport() && r.credentialType() != CredentialType.AUTH_URL) {
            throw bad(
                    "allowAuthUrlExport",
                    "is set on org '" + id + "', a " + r.credentialType().label() + " org, which has no auth URL.",
                    "Turn allowAuthUrlExport off; only an org registered with an SFDX auth URL can export it.");
        }
    }

    private static void checkJitFields(OrgRecord r) {
        String id = r.id();
        String productionOrgId = r.productionOrgId();
        if (r.isJitSandbox()) {
            checkSandboxName(r.sandboxName(), "sandboxName");
            if (productionOrgId == null) {
                throw bad(
                        "productionOrgId",
                        "is missing on JIT sandbox '" + id + "'.",
                        "Name the registered production org the sandbox belongs to (its credentials id).");
            }
            if (productionOrgId.equals(id)) {
                throw bad(
                        "productionOrgId",
                        "of JIT sandbox '" + id + "' names the sandbox itself.",
                        "Name the registered production org the sandbox belongs to.");
            }
            return;
        }
        if (r.sandboxName() != null) {
            throw bad(
                    "sandboxName",
                    "is set on org '" + id + "', a " + r.credentialType().label() + " org.",
                    "Only a JIT sandbox has a sandbox name; leave it empty or register the sandbox as a JIT sandbox.");
        }
        if (productionOrgId != null) {
            throw bad(
                    "productionOrgId",
                    "is set on org '" + id + "', a " + r.credentialType().label() + " org.",
                    "Only a JIT sandbox names a production org; leave it empty.");
        }
    }

    /** The type a record of this kind stores: a JIT sandbox is always a Sandbox; other kinds keep the given type. */
    static OrgType checkOrgType(OrgType type, CredentialType credentialType) {
        if (credentialType != CredentialType.JIT_SANDBOX) {
            return type;
        }
        if (type != null && type != OrgType.SANDBOX) {
            throw bad(
                    "orgType",
                    "of a JIT sandbox is " + type.label() + ".",
                    "A JIT sandbox is always a Sandbox org; leave orgType empty or set it to Sandbox.");
        }
        return OrgType.SANDBOX;
    }

    /**
     * The username, stripped, when it has the form of an email address; null when absent and the kind allows that (a
     * JWT org needs one).
     */
    static String checkUsername(String username, CredentialType credentialType) {
        if (username == null) {
            if (credentialType == CredentialType.JWT) {
                throw bad(
                        "username",
                        "is missing.",
                        "A JWT bearer org needs the Salesforce username to sign in as, for example admin@acme.com.");
            }
            return null;
        }
        String u = username.strip();
        if (!USERNAME.matcher(u).matches()) {
            throw bad(
                    "username",
                    "is not a Salesforce username: '" + u + "'.",
                    "Salesforce usernames have the form of an email address, for example admin@acme.com.");
        }
        return u;
    }

    /** An absolute http(s) URL without trailing slashes, query, fragment or user info; null for null. */
    static String checkInstanceUrl(String url) {
        if (url == null) {
            return null;
        }
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http"))
                    && uri.getHost() != null
                    && uri.getQuery() == null
                    && uri.getFragment() == null
                    && uri.getUserInfo() == null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw bad(
                "instanceUrl",
                "is not an instance URL: '" + u + "'.",
                "Give the org's https URL without path, for example https://acme.my.salesforce.com.");
    }

    /** The value stripped; BAD_INPUT naming the field and the fix when it is blank. */
    static String requireText(String value, String field, String fix) {
        if (value == null || value.isBlank()) {
            throw bad(field, "is blank.", fix);
        }
        return value.strip();
    }

    /** The value stripped, or null when it is null or blank. */
    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static SalesforceAuthException bad(String field, String what, String fix) {
        return SalesforceAuthException.badField(field, "'" + field + "' " + what, fix);
    }
}
