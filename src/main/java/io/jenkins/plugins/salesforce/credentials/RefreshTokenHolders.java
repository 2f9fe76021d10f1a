package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import java.util.Objects;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * One refresh token, one credential: before an auth URL is validated, tested or registered (each of which runs a
 * refresh grant, and so may rotate the token), no other credential of this Jenkins, in any store, may hold its refresh
 * token ({@link AuthUrlSecret#registeredElsewhere}).
 */
final class RefreshTokenHolders {
    private RefreshTokenHolders() {}

    /**
     * @param secret the secret about to be used; only an auth URL is checked
     * @param target the store it is saved to or tested in, or null when none
     * @param keep the id of the target store's credential that may hold it (the one being updated or tested); null
     *     when any credential of the target store may, as a registration there updates the org of the same username
     */
    static void refuseElsewhere(OrgSecret secret, @CheckForNull CredentialsStore target, @CheckForNull String keep) {
        if (!(secret instanceof AuthUrlSecret given)) {
            return;
        }
        Authentication caller = Jenkins.getAuthentication2();
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            for (CredentialsStore store : SalesforceService.allStores()) {
                boolean home = target != null && StoreLocks.keyOf(store).equals(StoreLocks.keyOf(target));
                if (home && keep == null) {
                    continue;
                }
                for (Domain domain : store.getDomains()) {
                    for (var c : store.getCredentials(domain)) {
                        if (c instanceof SalesforceAuthUrlCredentialsImpl a
                                && !(home && Objects.equals(a.getId(), keep))
                                && !a.getSfdxAuthUrl().getPlainText().isBlank()
                                && given.sharesRefreshTokenWith(new AuthUrlSecret(
                                        SecretText.of(a.getSfdxAuthUrl().getPlainText())))) {
                            throw AuthUrlSecret.registeredElsewhere(describe(store, a.getId(), caller));
                        }
                    }
                }
            }
        }
    }

    /** The holder's id and store for a caller who may see that store's credentials, else only that it exists. */
    private static String describe(CredentialsStore store, String id, Authentication caller) {
        return store.getACL().hasPermission2(caller, CredentialsProvider.VIEW)
                ? "credential '" + id + "' of " + store.getContextDisplayName()
                : "a credential in a store you cannot see";
    }
}
