package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.SalesforceAuthException;

/**
 * Salesforce org ids. The registry keeps the 18-character form (case-insensitive safe); Salesforce itself
 * shows or returns the 15-character, case-sensitive form in places (Setup, {@code SandboxProcess.SandboxOrganization},
 * {@code ScratchOrgInfo.ScratchOrg}), and both name the same org when their first 15 characters are equal.
 */
public final class OrgIds {
    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    /** Every Organization id starts with this key prefix. */
    static final String ORGANIZATION_PREFIX = "00D";

    private OrgIds() {}

    /**
     * The 18-character form of an org id: a 15-character id gets its case-checksum suffix, an 18-character
     * id is returned as is (its suffix is not checked: it is what Salesforce sent).
     *
     * @param field the name of the field or parameter the id came from, for the error message
     * @throws SalesforceAuthException BAD_INPUT when the id is not 15 or 18 letters and digits starting with 00D
     */
    public static String toEighteen(String id, String field) {
        if (id == null
                || (id.length() != 15 && id.length() != 18)
                || !isAsciiAlphanumeric(id)
                || !id.startsWith(ORGANIZATION_PREFIX)) {
            throw SalesforceAuthException.badField(
                    field,
                    "'" + field + "' is not a Salesforce org id: '" + id + "'.",
                    "Give the 15- or 18-character org id that starts with 00D (Setup > Company Information),"
                            + " for example 00D000000000001AAA.");
        }
        if (id.length() == 18) {
            return id;
        }
        return id + suffix(id);
    }

    /** The three-character case checksum Salesforce appends to a 15-character id. */
    static String suffix(String id15) {
        StringBuilder out = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            out.append(SUFFIX_ALPHABET.charAt(bits));
        }
        return out.toString();
    }

    /**
     * Whether two org ids (15 or 18 characters, in any mix) name the same org: their first 15 characters are
     * equal, case-sensitively. Null on either side is never the same org.
     */
    public static boolean sameOrg(String a, String b) {
        return sameId(a, b);
    }

    /**
     * Whether two Salesforce record ids (users, orgs, ...; 15 or 18 characters) are the same: their first 15
     * characters are equal, case-sensitively. Null on either side is never the same.
     */
    public static boolean sameId(String a, String b) {
        return a != null && b != null && a.length() >= 15 && b.length() >= 15 && a.regionMatches(0, b, 0, 15);
    }

    static boolean isAsciiAlphanumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
