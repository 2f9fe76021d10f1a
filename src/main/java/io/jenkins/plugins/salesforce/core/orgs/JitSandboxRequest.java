package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Map;

/**
 * A request to register a JIT sandbox: a sandbox name under a registered production org. No secret: tokens are
 * minted through the production org when needed.
 *
 * @param sandboxName the sandbox name, 1-10 letters and digits (case-insensitive)
 * @param productionOrg a reference to the registered production org: its id or username (see
 *     {@link OrgResolver#resolve(String)})
 * @param id the credentials id for a new JIT sandbox; null to generate one. Ignored when the sandbox is already
 *     registered under that production org
 * @param metadata replaces the metadata; null = keep (empty for new)
 * @param description replaces the description; null = keep
 */
public record JitSandboxRequest(
        String sandboxName, String productionOrg, String id, Map<String, String> metadata, String description) {

    public JitSandboxRequest {
        OrgRecordRules.checkSandboxName(sandboxName == null ? null : sandboxName.strip(), "sandboxName");
        sandboxName = sandboxName.strip();
        if (productionOrg == null || productionOrg.isBlank()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "'productionOrg' is empty.",
                    "Name the registered production org the sandbox was created from: its credentials id or username.");
        }
        productionOrg = productionOrg.strip();
        id = id == null || id.isBlank() ? null : id.strip();
        metadata = metadata == null ? null : OrgMetadata.copyOf(metadata, "metadata");
    }

    /** A request with only the sandbox name and the production org. */
    public static JitSandboxRequest of(String sandboxName, String productionOrg) {
        return new JitSandboxRequest(sandboxName, productionOrg, null, null, null);
    }

    public JitSandboxRequest withId(String newId) {
        return new JitSandboxRequest(sandboxName, productionOrg, newId, metadata, description);
    }

    public JitSandboxRequest withMetadata(Map<String, String> newMetadata) {
        return new JitSandboxRequest(sandboxName, productionOrg, id, newMetadata, description);
    }

    public JitSandboxRequest withDescription(String newDescription) {
        return new JitSandboxRequest(sandboxName, productionOrg, id, metadata, newDescription);
    }
}
