package io.jenkins.plugins.salesforce.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;

import hudson.AbortException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Failures of a block's body with the token in a message, a cause or a suppressed failure. */
class MaskedFailureTest {
    private static final String TOKEN = "00D000000000001!AQ0AQabc.def";
    private static final Pattern SECRETS = Pattern.compile(Pattern.quote(TOKEN));

    @Test
    void aFailureThatDoesNotMentionTheTokenKeepsItsTypeAndIdentity() {
        AbortException plain = new AbortException("script returned exit code 1");
        assertThat(MaskedFailure.mask(plain, SECRETS), is(sameInstance(plain)));
    }

    @Test
    void theTokenIsMaskedInTheMessageTheCauseAndSuppressedFailures() {
        IllegalStateException cause = new IllegalStateException("Bearer " + TOKEN + " refused");
        RuntimeException top = new RuntimeException("call failed", cause);
        top.addSuppressed(new AbortException("again " + TOKEN));

        Throwable masked = MaskedFailure.mask(top, SECRETS);

        assertThat(masked.getMessage(), is("java.lang.RuntimeException: call failed"));
        assertThat(masked.getCause().getMessage(), is("java.lang.IllegalStateException: Bearer **** refused"));
        assertThat(masked.getSuppressed()[0].getMessage(), is("hudson.AbortException: again ****"));
        assertThat(masked.getStackTrace().length, is(top.getStackTrace().length));
        java.io.StringWriter w = new java.io.StringWriter();
        masked.printStackTrace(new java.io.PrintWriter(w));
        assertThat(w.toString(), not(containsString(TOKEN)));
    }
}
