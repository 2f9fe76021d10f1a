package io.jenkins.plugins.salesforce.core.flows;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The replication delay of new orgs: for some minutes after a scratch org or sandbox is created, its logins can fail
 * with {@code user hasn't approved this consumer} (NOT_APPROVED) until the connected app has replicated. Only for an
 * org younger than {@link #NEW_ORG_AGE}, such a failure is retried with backoff (5 s, doubling, at most 60 s apart) for
 * at most {@link #MAX_WAIT} in all; any other failure, or an older org, fails at once. Waiting goes through the
 * context's sleeper, so tests never sleep.
 */
final class NewOrgRetry {
    static final Duration NEW_ORG_AGE = Duration.ofMinutes(10);
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    static final Duration FIRST_DELAY = Duration.ofSeconds(5);
    static final Duration MAX_DELAY = Duration.ofSeconds(60);

    private NewOrgRetry() {}

    static boolean isNew(FlowContext context, Instant createdAt) {
        if (createdAt == null) {
            return false;
        }
        Duration age = Duration.between(createdAt, context.clock().instant());
        return age.compareTo(NEW_ORG_AGE) < 0;
    }

    static <T> T run(FlowContext context, Instant createdAt, Supplier<T> login) {
        boolean young = isNew(context, createdAt);
        Duration waited = Duration.ZERO;
        Duration delay = FIRST_DELAY;
        while (true) {
            try {
                return login.get();
            } catch (SalesforceAuthException e) {
                if (!young || e.reason() != Reason.NOT_APPROVED || waited.compareTo(MAX_WAIT) >= 0) {
                    if (waited.isZero()) {
                        throw e;
                    }
                    throw e.withDetail(e.detail() + " The org is new, so the plugin waited " + waited.toSeconds()
                            + " s for the connected app to replicate to it.");
                }
                Duration d = delay.compareTo(MAX_WAIT.minus(waited)) > 0 ? MAX_WAIT.minus(waited) : delay;
                try {
                    context.sleeper().sleep(d);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw SalesforceAuthException.of(
                            Reason.UNREACHABLE,
                            "The login to a new org was interrupted while waiting for replication (the build was"
                                    + " probably aborted).",
                            "Run the build again.");
                }
                waited = waited.plus(d);
                delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
            }
        }
    }
}
