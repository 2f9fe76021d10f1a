package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.CredentialsStoreAction;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Descriptor.FormException;
import hudson.security.AccessDeniedException3;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.SandboxValidator;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The validation of a Salesforce credential submitted from a form, before the credentials plugin stores it: the
 * core's checks, Salesforce's confirmation of the secret (or of a JIT sandbox's production org and sandbox), and the
 * store's rule (one org per username). The credential to store comes back with what Salesforce
 * discovered filled in. Every Salesforce rule is the core's; a refusal carries the core's message and names the
 * field the core named ({@link SalesforceAuthException#field()}).
 *
 * <p><b>How a form reaches it.</b> The credentials plugin binds a credential form with {@code Descriptor.bindJSON};
 * Stapler then calls {@link AbstractOrgCredentials#bindResolve}, its hook for a data-bound object to nominate its
 * replacement, which calls {@link #validateForm}. A refusal is thrown as Stapler's own wrapper of an
 * {@link org.kohsuke.stapler.HttpResponse} ({@link HttpResponses#wrap}), which Stapler answers with the form error,
 * as it does for a data-bound constructor that throws a {@link FormException}. Nothing is stored, and an updated
 * credential stays as it was. The credentials plugin's XML endpoints and CLI commands do not bind through Stapler:
 * they store what they are given (see docs/credentials.md).
 */
final class SaveValidation {
    private static final Logger LOG = Logger.getLogger(SaveValidation.class.getName());
    private static final String REFUSED = SaveValidation.class.getName() + ".refused";

    private SaveValidation() {}

    /**
     * Validates a credential bound from a form of this request. Jenkins binds a describable's form through its
     * descriptor first and, when that throws, binds the same form again with Stapler's plain binding, which calls
     * this again: a refusal is kept in the request for that form's data, so Salesforce is asked once and the second
     * binding ends with the same answer.
     *
     * @throws org.kohsuke.stapler.HttpResponses.HttpResponseException the form error, when the credential is refused
     */
    static AbstractOrgCredentials validateForm(
            @NonNull StaplerRequest2 req, @NonNull JSONObject form, @NonNull AbstractOrgCredentials submitted) {
        @SuppressWarnings("unchecked")
        Map<JSONObject, RuntimeException> refused = (Map<JSONObject, RuntimeException>) req.getAttribute(REFUSED);
        if (refused == null) {
            refused = new IdentityHashMap<>();
            req.setAttribute(REFUSED, refused);
        }
        RuntimeException earlier = refused.get(form);
        if (earlier != null) {
            throw earlier;
        }
        try {
            return validate(storeOf(req), existingOf(req), submitted);
        } catch (FormException e) {
            RuntimeException refusal = HttpResponses.wrap(e);
            refused.put(form, refusal);
            throw refusal;
        }
    }

    /**
     * Validates a credential before anything is written, and returns the credential to save with the discovered facts
     * filled in. Salesforce is not asked when an update changed nothing but choices ({@link #sameSource}).
     *
     * @param store the store the credential is saved to, or null when unknown
     * @param existing the credential being updated, or null for a new one
     */
    static AbstractOrgCredentials validate(
            @CheckForNull CredentialsStore store,
            @CheckForNull Credentials existing,
            @NonNull AbstractOrgCredentials submitted)
            throws FormException {
        if (store != null
                && !store.hasPermission(CredentialsProvider.CREATE)
                && !store.hasPermission(CredentialsProvider.UPDATE)) {
            throw new FormException(
                    new AccessDeniedException3(Jenkins.getAuthentication2(), CredentialsProvider.UPDATE).getMessage(),
                    "id");
        }
        if (existing == null && submitted instanceof SalesforceJitSandboxCredentialsImpl) {
            FormPermissions.checkUseProduction(store); // before anything else is read or called
        }
        if (store != null && existing == null && holds(store, submitted.getId())) {
            throw new FormException(
                    "'id' " + submitted.getId() + " is already used by another credential of this store. Fix: Choose"
                            + " another id, or update that credential instead.",
                    "id");
        }
        try {
            RegisteredOrg given = OrgCredentialsMapping.toRegisteredOrg(submitted);
            AbstractOrgCredentials result = submitted;
            boolean onlyChoices = existing instanceof SalesforceOrgCredentials old && sameSource(old, given);
            if (onlyChoices) {
                keepDiscovered((SalesforceOrgCredentials) existing, submitted);
            }
            if (given.record().isJitSandbox() && store != null && !onlyChoices) {
                FormPermissions.checkUseProduction(store);
                // The production org must be registered where the sandbox is saved (the store or above it), and the
                // sandbox must exist and be ready: the core's registration checks, run before anything is written.
                SandboxValidator.Sandbox found = CredentialsOrgStore.validateJitSandbox(store, given.record());
                result.setOrgId(given.record().withOrgId(found.orgId()).orgId()); // in its 18-character form
                result.setUsername(given(found.username(), result.getUsername()));
                result.setInstanceUrl(given(found.instanceUrl(), result.getInstanceUrl()));
            }
            if (given.record().credentialType().hasSecret() && !onlyChoices) {
                RefreshTokenHolders.refuseElsewhere(given.secret(), store, submitted.getId());
                RegisteredOrg validated =
                        SalesforceService.get().validate(OrgCredentialsMapping.toRegistrationRequest(submitted));
                result = OrgCredentialsMapping.toCredentials(validated, submitted.getScope(), submitted);
            }
            if (store != null) {
                keepStoreRules(store, result);
            }
            // The same secret keeps its dates; a new one was registered now.
            OrgCredentialsMapping.dateSecret(result, existing, false, Instant.now());
            return result;
        } catch (SalesforceAuthException e) {
            throw new FormException(e.getMessage(), e, fieldOf(e, submitted));
        } catch (RuntimeException e) {
            // Anything else must also stop the save.
            LOG.log(Level.WARNING, "Could not validate Salesforce credential " + submitted.getId(), e);
            throw new FormException(Messages.Form_Unexpected(e.getClass().getSimpleName()), "id");
        }
    }

    /**
     * Whether an update changes nothing Salesforce would have to confirm: the same kind, secret, username and (for a
     * JIT sandbox) the same sandbox of the same production org. Only choices (description, flags, metadata) differ.
     */
    private static boolean sameSource(SalesforceOrgCredentials existing, RegisteredOrg given) {
        try {
            RegisteredOrg old = OrgCredentialsMapping.toRegisteredOrg(existing);
            OrgRecord a = old.record();
            OrgRecord b = given.record();
            return a.credentialType() == b.credentialType()
                    && Objects.equals(old.secret(), given.secret())
                    && (a.username() == null
                            ? b.username() == null
                            : a.username().equalsIgnoreCase(b.username()))
                    && (a.sandboxName() == null
                            ? b.sandboxName() == null
                            : a.sandboxName().equalsIgnoreCase(b.sandboxName()))
                    && Objects.equals(a.productionOrgId(), b.productionOrgId());
        } catch (SalesforceAuthException e) {
            return false;
        }
    }

    /**
     * One org per username in a store (the UI adds or updates by id, so a second credential for the same user is
     * refused, naming the first).
     */
    private static void keepStoreRules(CredentialsStore store, AbstractOrgCredentials result) {
        if (result.getUsername() == null) {
            return;
        }
        new CredentialsOrgStore(store)
                .findByUsername(result.getUsername())
                .filter(r -> !r.id().equals(result.getId()))
                .ifPresent(r -> {
                    throw SalesforceAuthException.of(
                            Reason.NOT_ALLOWED,
                            "Username " + result.getUsername() + " is already registered as org " + r.describe() + ".",
                            "Update that credential instead of adding another one, or remove it first.");
                });
    }

    /** Whether the store already holds a credential with this id (in any domain): it would refuse a new one. */
    private static boolean holds(CredentialsStore store, String id) {
        return store.getDomains().stream()
                .flatMap(d -> store.getCredentials(d).stream())
                .anyMatch(c -> c instanceof IdCredentials i && i.getId().equals(id));
    }

    /**
     * An update that changes only choices is not checked with Salesforce, so the facts Salesforce discovered are kept
     * from the credential it replaces when the submission leaves them out.
     */
    private static void keepDiscovered(SalesforceOrgCredentials existing, AbstractOrgCredentials submitted) {
        submitted.setUsername(given(submitted.getUsername(), existing.getUsername()));
        submitted.setInstanceUrl(given(submitted.getInstanceUrl(), existing.getInstanceUrl()));
        submitted.setOrgId(given(submitted.getOrgId(), existing.getOrgId()));
        submitted.setOrgType(given(submitted.getOrgType(), existing.getOrgType()));
    }

    private static String given(@CheckForNull String submitted, @CheckForNull String kept) {
        return submitted != null ? submitted : kept;
    }

    /**
     * The form field a refusal belongs to: the one the core named (its production org is
     * {@code productionCredentialsId} in the form), else the field that holds what Salesforce was asked about.
     */
    private static String fieldOf(SalesforceAuthException e, AbstractOrgCredentials submitted) {
        if (e.field() != null) {
            return e.field().equals("productionOrgId") ? "productionCredentialsId" : e.field();
        }
        return switch (submitted.getCredentialType()) {
            case AUTH_URL -> "sfdxAuthUrl";
            case JWT -> "privateKey";
            case CLIENT_CREDENTIALS -> "myDomainUrl";
            case JIT_SANDBOX -> "productionCredentialsId";
        };
    }

    /** The store of the credentials page the form was posted to (its domain and credential pages are below it). */
    @CheckForNull
    private static CredentialsStore storeOf(StaplerRequest2 req) {
        CredentialsStoreAction action = req.findAncestorObject(CredentialsStoreAction.class);
        return action == null ? null : action.getStore();
    }

    @CheckForNull
    private static Credentials existingOf(StaplerRequest2 req) {
        CredentialsStoreAction.CredentialsWrapper wrapper =
                req.findAncestorObject(CredentialsStoreAction.CredentialsWrapper.class);
        return wrapper == null ? null : wrapper.getCredentials();
    }
}
