package io.jenkins.plugins.salesforce.steps;

import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.util.Secret;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Collection;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;

/**
 * Masks a block's secrets in the log, in every form credentials-binding knows (literal, shell- and batch-quoted,
 * {@code $}-escaped, Base64; Salesforce tokens contain {@code !}, which shells quote). The pattern is built on the
 * controller ({@link SecretPatterns#getAggregateSecretPattern} checks that) and kept as a {@link Secret}, so it is
 * encrypted in {@code program.dat}; the filter is serializable so that it also masks where durable-task runs it
 * on the agent.
 */
final class MaskingLogFilter extends ConsoleLogFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Secret pattern;
    private final String charset;

    MaskingLogFilter(Collection<String> secrets, Run<?, ?> run) {
        this.pattern = Secret.fromString(
                SecretPatterns.getAggregateSecretPattern(secrets).pattern());
        this.charset = run.getCharset().name();
    }

    @Override
    public OutputStream decorateLogger(@SuppressWarnings("rawtypes") Run build, OutputStream logger) {
        return new SecretPatterns.MaskingOutputStream(logger, () -> Pattern.compile(pattern.getPlainText()), charset);
    }
}
