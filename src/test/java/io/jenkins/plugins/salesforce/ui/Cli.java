package io.jenkins.plugins.salesforce.ui;

import hudson.cli.CLICommandInvoker;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.jvnet.hudson.test.JenkinsRule;

/** Runs a CLI command as a user, with an optional text on stdin, for the CLI tests. */
final class Cli {
    private Cli() {}

    static CLICommandInvoker.Result run(JenkinsRule j, String user, String stdin, String command, String... args) {
        CLICommandInvoker cli = new CLICommandInvoker(j, command).asUser(user);
        if (stdin != null) {
            cli.withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        }
        return cli.invokeWithArgs(args);
    }
}
