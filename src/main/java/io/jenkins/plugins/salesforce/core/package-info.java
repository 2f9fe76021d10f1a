/**
 * The core's bottom layer, free of Jenkins: the types every other core package shares and nothing more. Errors
 * ({@link io.jenkins.plugins.salesforce.core.SalesforceAuthException} with its {@link
 * io.jenkins.plugins.salesforce.core.Reason}), secrets ({@link io.jenkins.plugins.salesforce.core.SecretText}, the
 * SFDX auth URL {@link io.jenkins.plugins.salesforce.core.SfdxAuthUrl}), Salesforce hosts and org types ({@link
 * io.jenkins.plugins.salesforce.core.SalesforceHosts}, {@link io.jenkins.plugins.salesforce.core.OrgType}), and what a
 * token call hands back ({@link io.jenkins.plugins.salesforce.core.TokenResult}, {@link
 * io.jenkins.plugins.salesforce.core.ConnectionTest}, {@link io.jenkins.plugins.salesforce.core.CliEnvironment}).
 *
 * <p>It imports no {@code core.*} package; the packages above it ({@code http}, {@code oauth}, {@code api},
 * {@code orgs}, {@code tokens}, {@code flows}) depend on it and on each other without a cycle. {@code CoreLayersTest}
 * keeps it so.
 */
package io.jenkins.plugins.salesforce.core;
