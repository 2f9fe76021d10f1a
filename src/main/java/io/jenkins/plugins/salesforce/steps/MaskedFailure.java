package io.jenkins.plugins.salesforce.steps;

import java.util.regex.Pattern;

/**
 * A failure whose message (and its causes' and suppressed failures' messages) had secrets replaced by
 * {@code ****}; it keeps the original's class name in its message and its stack trace. Returned unchanged when
 * nothing matched, so ordinary failures (and {@link hudson.AbortException}s) keep their type.
 */
final class MaskedFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private MaskedFailure(String message) {
        super(message);
    }

    static Throwable mask(Throwable t, Pattern secrets) {
        if (!mentions(t, secrets, 0)) {
            return t;
        }
        return copy(t, secrets, 0);
    }

    private static boolean mentions(Throwable t, Pattern secrets, int depth) {
        if (t == null || depth > 20) {
            return false;
        }
        String text = String.valueOf(t.getMessage()) + "\n" + t;
        if (secrets.matcher(text).find()) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (mentions(s, secrets, depth + 1)) {
                return true;
            }
        }
        return mentions(t.getCause(), secrets, depth + 1);
    }

    private static MaskedFailure copy(Throwable t, Pattern secrets, int depth) {
        String text =
                t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage();
        MaskedFailure m = new MaskedFailure(secrets.matcher(text).replaceAll("****"));
        m.setStackTrace(t.getStackTrace());
        if (depth < 20) {
            if (t.getCause() != null && t.getCause() != t) {
                m.initCause(copy(t.getCause(), secrets, depth + 1));
            }
            for (Throwable s : t.getSuppressed()) {
                m.addSuppressed(copy(s, secrets, depth + 1));
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
