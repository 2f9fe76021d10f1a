package io.jenkins.plugins.salesforce.core.flows;

import java.time.Instant;

/**
 * The one live {@code SandboxProcess} row of a sandbox, as the plugin reads it.
 *
 * @param id the process id ({@code 0GR...})
 * @param sandboxName the sandbox name as Salesforce spells it
 * @param status {@code Completed}, {@code Processing}, {@code Activating}, ...
 * @param sandboxOrganization the sandbox's 15-character org id, or null before activation
 * @param createdDate when the copy started, or null
 * @param createdById the user who started the copy or refresh, or null when Salesforce did not say
 * @param endDate when the copy finished, or null while it runs
 */
public record SandboxProcessRow(
        String id,
        String sandboxName,
        String status,
        String sandboxOrganization,
        Instant createdDate,
        String createdById,
        Instant endDate) {

    /** The plugin's rule for JIT auth: {@code Completed}, with an {@code EndDate} and a {@code SandboxOrganization}. */
    public boolean isReady() {
        return "Completed".equalsIgnoreCase(status) && endDate != null && sandboxOrganization != null;
    }
}
