package io.jenkins.plugins.salesforce.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Functions;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A failure that leaves a {@code withSalesforceOrg} block with a token in its message, stack trace, causes or
 * suppressed exceptions, rewritten with the token masked, so that the build's result and flow nodes never store it.
 * The same rewriting as credentials-binding's {@code withCredentials} does with its own (package-private) class; a
 * failure that holds no token is returned as it is.
 */
final class MaskedFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private MaskedFailure(String message) {
        super(message);
    }

    /** {@code failure} with every match of {@code pattern} replaced by {@code ****}. */
    static Throwable of(@NonNull Throwable failure, @NonNull Pattern pattern) {
        return of(failure, new HashSet<>(), pattern);
    }

    private static Throwable of(Throwable failure, Set<Throwable> visited, Pattern pattern) {
        if (!visited.add(failure)) {
            return new Exception("cycle");
        }
        if (!pattern.matcher(Functions.printThrowable(failure)).find()) {
            return failure;
        }
        MaskedFailure masked = new MaskedFailure(pattern.matcher(Objects.requireNonNullElse(failure.getMessage(), ""))
                .replaceAll("****"));
        masked.setStackTrace(failure.getStackTrace());
        if (failure.getCause() != null) {
            masked.initCause(of(failure.getCause(), visited, pattern));
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            masked.addSuppressed(of(suppressed, visited, pattern));
        }
        return masked;
    }
}
