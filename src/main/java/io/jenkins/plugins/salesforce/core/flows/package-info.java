/**
 * The token flows that go through another org: JIT sandboxes minted through their production org ({@link
 * io.jenkins.plugins.salesforce.core.flows.JitLogin}, {@link
 * io.jenkins.plugins.salesforce.core.flows.SandboxDiscovery}), sandbox auth for unregistered sandboxes, scratch-org
 * auth through a Dev Hub's ScratchOrgInfo, and frontdoor (one-click login) URLs. Production-org and Dev Hub tokens
 * come only through the {@link io.jenkins.plugins.salesforce.core.tokens.OrgTokens} port; everything is wired by
 * one {@link io.jenkins.plugins.salesforce.core.flows.FlowContext}. The admin pages are {@code docs/jit-sandbox.md},
 * {@code docs/scratch-org.md} and {@code docs/frontdoor.md}.
 */
package io.jenkins.plugins.salesforce.core.flows;
