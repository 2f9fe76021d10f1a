package io.jenkins.plugins.salesforce.core.http;

import io.jenkins.plugins.salesforce.core.SecretText;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Salesforce's own words about a failure, made safe to quote in a message: its error code and description, cleaned
 * ({@link #sanitise}) and with every secret of the request scrubbed. This is the only text of a response body that
 * reaches a message; {@code SalesforceAuthException#salesforceError()} keeps it for the UI.
 */
final class QuotedError {
    /** Salesforce's error codes are letters and underscores; anything else (a token echoed back) is not repeated. */
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z][A-Za-z_]{0,63}");

    private static final Pattern ACCESS_TOKEN_LIKE = Pattern.compile("00D\\w{12,15}!\\S*");
    private static final int MAX_DESCRIPTION = 300;
    private static final int LONGEST_KEPT_WORD = 31;
    private static final int LONGEST_KEPT_MIXED_WORD = 11;

    private QuotedError() {}

    /**
     * Salesforce's {@code code: description} (or the code alone when there is no description), cleaned and with the
     * request's secrets scrubbed. A code that is not letters and underscores is replaced by {@code unknown_error}.
     */
    static String of(String rawCode, String rawDescription, List<SecretText> secrets) {
        String code = rawCode == null ? "" : scrub(rawCode.strip(), secrets);
        if (!ERROR_CODE.matcher(code).matches()) {
            code = "unknown_error";
        }
        String description = rawDescription == null ? "" : sanitise(scrub(rawDescription, secrets));
        return description.isEmpty() ? code : code + ": " + description;
    }

    /**
     * Makes text from a response safe to show: control characters become spaces, whitespace collapses, anything
     * shaped like an access token, every word of 12 or more characters that mixes letters and digits (as tokens,
     * keys, secrets and record ids do), and every word of 32 or more characters is replaced with {@code [redacted]},
     * and the result is cut to 300 characters. Salesforce's error descriptions are short phrases of plain words, so
     * nothing useful is lost; a token, key or secret echoed back never gets through.
     */
    static String sanitise(String text) {
        if (text == null) {
            return "";
        }
        String flat = ACCESS_TOKEN_LIKE.matcher(text).replaceAll("[redacted]");
        StringBuilder out = new StringBuilder();
        for (String word : flat.split("[\\s\\p{Cntrl}\\p{Z}]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(looksSecret(word) ? "[redacted]" : word);
        }
        if (out.length() > MAX_DESCRIPTION) {
            int cut = MAX_DESCRIPTION;
            if (Character.isLowSurrogate(out.charAt(cut))) {
                cut--;
            }
            out.setLength(cut);
            out.append('…');
        }
        return out.toString();
    }

    private static boolean looksSecret(String word) {
        int length = word.codePointCount(0, word.length());
        if (length > LONGEST_KEPT_WORD) {
            return true;
        }
        return length > LONGEST_KEPT_MIXED_WORD
                && word.chars().anyMatch(Character::isLetter)
                && word.chars().anyMatch(Character::isDigit);
    }

    private static String scrub(String s, List<SecretText> secrets) {
        String out = s;
        for (SecretText secret : secrets) {
            String v = secret.reveal();
            if (v.length() >= 4) {
                out = out.replace(v, "[redacted]");
            }
        }
        return out;
    }
}
