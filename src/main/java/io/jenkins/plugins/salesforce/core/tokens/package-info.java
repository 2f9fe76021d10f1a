/**
 * The token service, the one entry point the Jenkins layer calls for tokens ({@link
 * io.jenkins.plugins.salesforce.core.tokens.TokenService}, built with a {@link
 * io.jenkins.plugins.salesforce.core.tokens.TokenServiceBuilder}): it resolves an org through the registry, answers
 * from its cache or runs the org's grant, and stores a refresh token Salesforce rotated. The flows get production-org
 * tokens through its {@link io.jenkins.plugins.salesforce.core.tokens.OrgTokens} port, and a JIT sandbox's login is
 * plugged in as {@link io.jenkins.plugins.salesforce.core.tokens.JitSandboxTokens}. The rest is package-private: the
 * cache ({@code TokenCache}), one grant ({@code TokenGrants}), the write-back of rotated refresh tokens
 * ({@code AuthUrlRotation}) and the grant code shared with registration ({@code SalesforceOrgValidator}). It sits
 * above {@code orgs}, {@code oauth}, {@code api} and {@code http}; {@code flows} sits above it. The user-facing
 * description is {@code docs/token-service.md}.
 */
package io.jenkins.plugins.salesforce.core.tokens;
