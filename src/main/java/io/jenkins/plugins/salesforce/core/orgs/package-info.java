/**
 * The org registry's rules, free of Jenkins: what a registered org is ({@link
 * io.jenkins.plugins.salesforce.core.orgs.OrgRecord}, {@link io.jenkins.plugins.salesforce.core.orgs.OrgSecret}),
 * how orgs are filtered ({@link io.jenkins.plugins.salesforce.core.orgs.OrgFilter}), where they live (the {@link
 * io.jenkins.plugins.salesforce.core.orgs.OrgStore} port, which the Jenkins credential stores implement), and the
 * service that registers, updates, resolves and looks them up ({@link
 * io.jenkins.plugins.salesforce.core.orgs.OrgRegistry}). Salesforce is reached only through the {@link
 * io.jenkins.plugins.salesforce.core.orgs.OrgValidator} and {@link
 * io.jenkins.plugins.salesforce.core.orgs.SandboxValidator} ports. The user-facing description is
 * {@code docs/org-registry.md}.
 */
package io.jenkins.plugins.salesforce.core.orgs;
