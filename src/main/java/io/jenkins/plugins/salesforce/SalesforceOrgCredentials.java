package io.jenkins.plugins.salesforce;

import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import com.cloudbees.plugins.credentials.NameWith;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Salesforce org registered in Jenkins: one of the plugin's three credential types (SFDX auth URL, JWT bearer, JIT
 * sandbox, in {@code io.jenkins.plugins.salesforce.credentials}). Pipelines never read its secret: they ask
 * {@link SalesforceService} for a short-lived access token.
 *
 * <p>Only non-secret facts are exposed here. Fields that Salesforce discovers (username, instance URL, org id, org
 * type) may be null until the credential's first successful validation or use.
 */
@NameWith(value = SalesforceOrgCredentials.NameProvider.class, priority = 8)
public interface SalesforceOrgCredentials extends StandardCredentials {

    /** How tokens are obtained for this org (auth URL, JWT bearer, JIT sandbox). */
    @NonNull
    CredentialType getCredentialType();

    /** The Salesforce username, or null while not yet discovered. */
    @CheckForNull
    String getUsername();

    /** The org's instance URL, or null while not yet discovered. */
    @CheckForNull
    String getInstanceUrl();

    /** The 15- or 18-character org id, or null while not yet discovered. */
    @CheckForNull
    String getOrgId();

    /** The org type as its label ({@code Production}, {@code Sandbox}, ...), or null while not yet discovered. */
    @CheckForNull
    String getOrgType();

    /** Whether the org is used as a Dev Hub. */
    boolean isDevHub();

    /** The org's metadata as {@code key=value} pairs separated by commas (or a JSON object); empty when none. */
    @NonNull
    String getMetadata();

    /** Names a credential {@code username (org id)}, falling back to the description and the id. */
    class NameProvider extends CredentialsNameProvider<SalesforceOrgCredentials> {
        @NonNull
        @Override
        public String getName(@NonNull SalesforceOrgCredentials c) {
            String description = Util.fixEmptyAndTrim(c.getDescription());
            String who = Util.fixEmptyAndTrim(c.getUsername());
            if (who == null) {
                who = c.getId();
            }
            StringBuilder name = new StringBuilder(who);
            String facts = Stream.of(c.getOrgType(), c.getOrgId())
                    .filter(Objects::nonNull)
                    .collect(Collectors.joining(" "));
            if (!facts.isEmpty()) {
                name.append(" (").append(facts).append(')');
            }
            if (description != null) {
                name.append(" - ").append(description);
            }
            return name.toString();
        }
    }
}
