package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.CredentialsStoreAction;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.ModelObject;
import hudson.security.ACL;
import hudson.security.AccessDeniedException3;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.oauth.PemKeys;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.JwtSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgKind;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * What the credential forms share: permission checks, the format checks (no network), Test connection, and the
 * validation before a credential is saved. Every Salesforce rule is the core's; failures are shown with the core's
 * message as is.
 */
final class FormSupport {
    private static final Logger LOG = Logger.getLogger(FormSupport.class.getName());
    private static final Pattern QUOTED_FIELD = Pattern.compile("^'([A-Za-z]+)'");

    private FormSupport() {}

    // ------------------------------------------------------------------------------------------ permissions

    /**
     * Whether the current user may test or check this credential form: {@link Jenkins#MANAGE} at the root (as GitHub
     * Branch Source does since SECURITY-3702), {@link Item#CONFIGURE} on a folder.
     */
    static boolean canConfigure(@CheckForNull Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.MANAGE) : item.hasPermission(Item.CONFIGURE);
    }

    /** {@link #canConfigure} or a 403 before anything else happens. */
    static void checkConfigure(@CheckForNull Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.MANAGE);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
    }

    /**
     * The credentials consumer guide's rule for listing credentials: {@link Jenkins#ADMINISTER} at the root,
     * {@link Item#EXTENDED_READ} or {@link CredentialsProvider#USE_ITEM} on an item.
     */
    static boolean canListCredentials(@CheckForNull Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /**
     * Before a test of a stored credential (by its id, or by its encrypted secret posted back as the form shows it):
     * at the root, {@link Jenkins#ADMINISTER}, the consumer guide's rule for lookups of stored credentials. Such a test
     * tells the org's id and user and may rotate the stored refresh token; {@link Jenkins#MANAGE} may test only the
     * values it types into the form. On a folder, {@link #checkConfigure} was enough.
     */
    static void checkTestStored(@CheckForNull Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        }
    }

    /** Whether a secret field's value is a stored secret posted back encrypted, not a value the user typed. */
    static boolean isStoredSecret(@CheckForNull String value) {
        return value != null && !value.isBlank() && Secret.decrypt(value) != null;
    }

    /**
     * Before a JIT sandbox is checked with Salesforce: the check calls Salesforce as its production org and learns
     * that org's sandboxes, so the caller must be allowed to use credentials where the sandbox is saved
     * ({@link CredentialsProvider#USE_ITEM} on the store's Jenkins or folder), as the REST API and CLI require.
     */
    static void checkUseProduction(@CheckForNull CredentialsStore store) throws FormException {
        if (store != null && !store.hasPermission(CredentialsProvider.USE_ITEM)) {
            AccessDeniedException3 denied =
                    new AccessDeniedException3(Jenkins.getAuthentication2(), CredentialsProvider.USE_ITEM);
            throw new FormException(
                    denied.getMessage()
                            + ". A JIT sandbox is checked by calling Salesforce as its production org, so creating or"
                            + " changing one needs the right to use the credentials where it is saved. Fix: ask an"
                            + " administrator for Credentials/UseItem there, or to create the sandbox.",
                    denied,
                    "productionCredentialsId");
        }
    }

    /**
     * {@link #checkUseProduction} for a new JIT sandbox from a credential form, before the form is bound (an update
     * is checked with the rest of the save validation, when it changes the sandbox or its production org).
     */
    static void checkSandboxForm(@NonNull StaplerRequest2 req) throws FormException {
        if (existingOf(req) == null) {
            checkUseProduction(storeOf(req));
        }
    }

    /**
     * Whether a Test connection button that always tests the stored credential (a JIT sandbox's) shows: also
     * {@link #checkTestStored}'s rule, for the page being rendered.
     */
    static boolean isTestStoredVisible() {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        Item item = req == null ? null : req.findAncestorObject(Item.class);
        return canConfigure(item) && (item != null || Jenkins.get().hasPermission(Jenkins.ADMINISTER));
    }

    /** Whether the Test connection button shows: the same rule as the test itself, for the page being rendered. */
    static boolean isTestConnectionVisible() {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        return canConfigure(req == null ? null : req.findAncestorObject(Item.class));
    }

    // ------------------------------------------------------------------------------------ format checks

    /** The text of a secret field: {@code f:password} posts the encrypted value when it is unchanged. */
    static String plain(@CheckForNull String value) {
        return value == null ? "" : Secret.fromString(value).getPlainText();
    }

    private static FormValidation error(SalesforceAuthException e) {
        return FormValidation.error(e.getMessage());
    }

    static FormValidation checkAuthUrl(String value) {
        String url = plain(value);
        if (url.isBlank()) {
            return FormValidation.error(Messages.FormSupport_AuthUrlRequired());
        }
        try {
            SfdxAuthUrl.read(url, SalesforceService.get().hosts()); // the bare URL or what the sf CLI printed
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    static FormValidation checkPrivateKey(String value, String passphrase) {
        String pem = plain(value);
        if (pem.isBlank()) {
            return FormValidation.error(Messages.FormSupport_PrivateKeyRequired());
        }
        try {
            PemKeys.readRsaPrivateKey(SecretText.of(pem), SecretText.ofNullable(plain(passphrase)));
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    static FormValidation checkHost(String url, String field) {
        if (Util.fixEmptyAndTrim(url) == null) {
            return FormValidation.ok();
        }
        try {
            SalesforceService.get().hosts().requireAllowed(url.strip(), field);
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    static FormValidation checkUsername(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        return checkRecord(OrgRecord.builder("check", OrgKind.AUTH_URL).username(value));
    }

    static FormValidation checkOrgId(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        return checkRecord(OrgRecord.builder("check", OrgKind.AUTH_URL).orgId(value));
    }

    static FormValidation checkOrgType(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        try {
            OrgType.parse(value);
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    static FormValidation checkMetadata(String value) {
        try {
            OrgMetadata.parse(value, "metadata");
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    static FormValidation checkSandboxName(String value) {
        return checkRecord(OrgRecord.builder("check", OrgKind.JIT_SANDBOX)
                .sandboxName(Util.fixNull(value).strip())
                .productionOrgId("production"));
    }

    private static FormValidation checkRecord(OrgRecord.Builder b) {
        try {
            b.build();
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    // ----------------------------------------------------------------------------------------- dropdowns

    /** Credentials that can be a production org: those with a secret of their own. */
    private static final CredentialsMatcher WITH_SECRET =
            c -> c instanceof SalesforceOrgCredentials s && s.getKind().hasSecret();

    private static ModelObject contextOf(@CheckForNull Item item) {
        return item == null ? Jenkins.get() : item;
    }

    /** The production orgs of the context, as the consumer guide lists credentials (after its permission check). */
    static ListBoxModel productionOrgItems(@CheckForNull Item item, @CheckForNull String current) {
        StandardListBoxModel model = new StandardListBoxModel();
        model.includeEmptyValue();
        if (item == null) {
            model.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), SalesforceOrgCredentials.class, List.of(), WITH_SECRET);
        } else {
            model.includeMatchingAs(ACL.SYSTEM2, item, SalesforceOrgCredentials.class, List.of(), WITH_SECRET);
        }
        return model.includeCurrentValue(Util.fixNull(current));
    }

    static FormValidation checkProductionCredentialsId(@CheckForNull Item item, @CheckForNull String value) {
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return FormValidation.error(Messages.FormSupport_ProductionRequired());
        }
        List<SalesforceOrgCredentials> found = item == null
                ? CredentialsProvider.lookupCredentialsInItemGroup(
                        SalesforceOrgCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of())
                : item instanceof ItemGroup<?> group
                        ? CredentialsProvider.lookupCredentialsInItemGroup(
                                SalesforceOrgCredentials.class, group, ACL.SYSTEM2, List.of())
                        : CredentialsProvider.lookupCredentialsInItem(
                                SalesforceOrgCredentials.class, item, ACL.SYSTEM2, List.of());
        SalesforceOrgCredentials production = CredentialsMatchers.firstOrNull(found, CredentialsMatchers.withId(id));
        if (production == null) {
            return FormValidation.warning(Messages.FormSupport_ProductionNotFound(id));
        }
        if (!production.getKind().hasSecret()) {
            return FormValidation.error(Messages.FormSupport_ProductionIsJit(id));
        }
        return FormValidation.ok();
    }

    // ---------------------------------------------------------------------------------- test connection

    private static FormValidation connected(OrgRecord r) {
        return FormValidation.ok(Messages.FormSupport_Connected(
                r.username(),
                r.orgType() == null ? "?" : r.orgType().label(),
                r.orgId(),
                r.instanceUrl(),
                r.devHub() ? Messages.FormSupport_DevHubYes() : Messages.FormSupport_DevHubNo()));
    }

    private static FormValidation validate(RegistrationRequest request) {
        try {
            return connected(SalesforceService.get().validate(request).record());
        } catch (SalesforceAuthException e) {
            return error(e);
        } catch (RuntimeException e) {
            return FormValidation.error(
                    Messages.FormSupport_Unexpected(e.getClass().getSimpleName()));
        }
    }

    /**
     * Tests an auth URL: the stored credential's (through the token service, which stores a rotated refresh token)
     * when the form shows a stored credential's value unchanged, else the form's value.
     */
    static FormValidation testAuthUrl(
            @CheckForNull Item item, String sfdxAuthUrl, String username, @CheckForNull String id) {
        if (isStoredSecret(sfdxAuthUrl)) {
            checkTestStored(item);
        }
        String url = plain(sfdxAuthUrl);
        if (url.isBlank()) {
            return FormValidation.error(Messages.FormSupport_AuthUrlRequired());
        }
        Optional<RegisteredOrg> stored = mayTestStored(item) ? storedOrg(item, id) : Optional.empty();
        if (stored.isPresent()
                && stored.get().secret() instanceof AuthUrlSecret s
                && s.authUrl().reveal().equals(url)) {
            return testStored(item, id);
        }
        try {
            return validate(RegistrationRequest.of(new AuthUrlSecret(SecretText.of(url)))
                    .withUsername(Util.fixEmptyAndTrim(username)));
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    static FormValidation testJwt(
            @CheckForNull Item item,
            String clientId,
            String privateKey,
            String passphrase,
            String loginUrl,
            String username) {
        if (isStoredSecret(privateKey) || isStoredSecret(passphrase)) {
            checkTestStored(item);
        }
        try {
            JwtSecret secret = new JwtSecret(
                    Util.fixNull(clientId),
                    Util.fixEmptyAndTrim(loginUrl) == null ? SalesforceJwtCredentialsImpl.DEFAULT_LOGIN_URL : loginUrl,
                    SecretText.of(plain(privateKey)),
                    SecretText.ofNullable(plain(passphrase)));
            return validate(RegistrationRequest.of(secret, Util.fixEmptyAndTrim(username)));
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    /** Tests a saved credential of the context with a fresh token (a JIT sandbox through its production org). */
    static FormValidation testStored(@CheckForNull Item item, @CheckForNull String id) {
        checkTestStored(item);
        if (Util.fixEmptyAndTrim(id) == null) {
            return FormValidation.error(Messages.FormSupport_SaveFirst());
        }
        ConnectionTest t = SalesforceService.get().testConnection(contextOf(item), ACL.SYSTEM2, id.strip());
        return t.ok() ? FormValidation.ok(t.summary()) : FormValidation.error(t.summary());
    }

    private static boolean mayTestStored(@CheckForNull Item item) {
        return item != null || Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }

    private static Optional<RegisteredOrg> storedOrg(@CheckForNull Item item, @CheckForNull String id) {
        if (Util.fixEmptyAndTrim(id) == null) {
            return Optional.empty();
        }
        try {
            return SalesforceService.get().orgs(contextOf(item), ACL.SYSTEM2).findRegistered(id.strip());
        } catch (SalesforceAuthException e) {
            return Optional.empty();
        }
    }

    // --------------------------------------------------------------------------------- save validation

    /**
     * Validates a credential submitted from a form before anything is written, and returns the credential to save
     * with the discovered facts filled in. An auth URL or JWT credential is validated with Salesforce, unless the
     * form changed nothing but choices (same kind, same secret as the credential being updated). A failure becomes a
     * {@link FormException} with the core's message, so the old credential stays as it was.
     */
    static AbstractOrgCredentials validateForSave(
            @NonNull StaplerRequest2 req, @NonNull AbstractOrgCredentials submitted) throws FormException {
        return validateForSave(storeOf(req), existingOf(req), submitted);
    }

    /**
     * {@link #validateForSave(StaplerRequest2, AbstractOrgCredentials)} once the request is read.
     *
     * @param store the store the form saves to, or null when unknown
     * @param existing the credential being updated, of any type (an XML update may replace another type's credential
     *     of the same id), or null for a new one
     */
    static AbstractOrgCredentials validateForSave(
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
        try {
            RegisteredOrg given = OrgCredentialsMapping.toRegisteredOrg(submitted);
            AbstractOrgCredentials result = submitted;
            boolean onlyChoices = existing instanceof SalesforceOrgCredentials old && sameSource(old, given);
            if (store != null && existing == null) {
                refuseTakenId(store, submitted.getId());
            }
            if (onlyChoices) {
                keepDiscovered((SalesforceOrgCredentials) existing, submitted);
            }
            if (given.record().isJitSandbox() && store != null && !onlyChoices) {
                checkUseProduction(store);
                // The production org must be registered where the sandbox is saved (the store or above it), and the
                // sandbox must exist and be ready: the core's registration checks, run before anything is written.
                String orgId = SalesforceService.get()
                        .checkJitSandbox(
                                store.getContext(),
                                ACL.SYSTEM2,
                                Jenkins.get().hasPermission(Jenkins.ADMINISTER),
                                given.record().productionOrgId(),
                                given.record().sandboxName());
                result.setOrgId(given.record().withOrgId(orgId).orgId()); // in its 18-character form
            }
            if (given.record().kind().hasSecret() && !onlyChoices) {
                RegisteredOrg validated =
                        SalesforceService.get().validate(OrgCredentialsMapping.toRegistrationRequest(submitted));
                result = OrgCredentialsMapping.toCredentials(validated, submitted.getScope(), submitted);
            }
            if (store != null) {
                keepStoreRules(store, result);
            }
            return result;
        } catch (SalesforceAuthException e) {
            throw new FormException(e.getMessage(), e, fieldOf(e, submitted));
        } catch (RuntimeException e) {
            // Anything else must also stop the save: see SubmissionRejected.
            LOG.log(Level.WARNING, "Could not validate Salesforce credential " + submitted.getId(), e);
            throw new FormException(Messages.FormSupport_Unexpected(e.getClass().getSimpleName()), "id");
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
            return a.kind() == b.kind()
                    && java.util.Objects.equals(old.secret(), given.secret())
                    && (a.username() == null
                            ? b.username() == null
                            : b.username() != null && a.username().equalsIgnoreCase(b.username()))
                    && (a.sandboxName() == null
                            ? b.sandboxName() == null
                            : a.sandboxName().equalsIgnoreCase(b.sandboxName()))
                    && java.util.Objects.equals(a.productionOrgId(), b.productionOrgId());
        } catch (SalesforceAuthException e) {
            return false;
        }
    }

    /**
     * One org per username in a store (the UI adds or updates by id, so a second credential for the same user is
     * refused, naming the first).
     */
    private static void keepStoreRules(CredentialsStore store, AbstractOrgCredentials result) {
        CredentialsOrgStore orgs = new CredentialsOrgStore(store, false);
        orgs.atomically(() -> {
            if (result.getUsername() != null) {
                orgs.findByUsername(result.getUsername())
                        .filter(r -> !r.id().equals(result.getId()))
                        .ifPresent(r -> {
                            throw SalesforceAuthException.of(
                                    Reason.NOT_ALLOWED,
                                    "Username " + result.getUsername() + " is already registered as org " + r.describe()
                                            + ".",
                                    "Update that credential instead of adding another one, or remove it first.");
                        });
            }
            return null;
        });
    }

    /**
     * A new credential must not take an id the store already holds (in any domain): the store would refuse it after
     * this check.
     */
    private static void refuseTakenId(CredentialsStore store, String id) {
        for (Domain d : store.getDomains()) {
            for (Credentials c : store.getCredentials(d)) {
                if (c instanceof IdCredentials i && i.getId().equals(id)) {
                    throw SalesforceAuthException.of(
                            Reason.NOT_ALLOWED,
                            "'id' " + id + " is already used by another credential of this store.",
                            "Choose another id, or update that credential instead.");
                }
            }
        }
    }

    /**
     * An update that changes only choices is not checked with Salesforce, so the facts Salesforce discovered are kept
     * from the credential it replaces when the submission leaves them out (an XML body usually does).
     */
    private static void keepDiscovered(SalesforceOrgCredentials existing, AbstractOrgCredentials submitted) {
        if (submitted.getUsername() == null) {
            submitted.setUsername(existing.getUsername());
        }
        if (submitted.getInstanceUrl() == null) {
            submitted.setInstanceUrl(existing.getInstanceUrl());
        }
        if (submitted.getOrgId() == null) {
            submitted.setOrgId(existing.getOrgId());
        }
        if (submitted.getOrgType() == null) {
            submitted.setOrgType(existing.getOrgType());
        }
    }

    private static String fieldOf(SalesforceAuthException e, AbstractOrgCredentials submitted) {
        Matcher m = QUOTED_FIELD.matcher(e.detail());
        if (m.find()) {
            return m.group(1);
        }
        return switch (submitted.getKind()) {
            case AUTH_URL -> "sfdxAuthUrl";
            case JWT -> "privateKey";
            case JIT_SANDBOX -> "productionCredentialsId";
        };
    }

    @CheckForNull
    private static CredentialsStore storeOf(StaplerRequest2 req) {
        CredentialsStoreAction.CredentialsWrapper wrapper =
                req.findAncestorObject(CredentialsStoreAction.CredentialsWrapper.class);
        if (wrapper != null) {
            return wrapper.getStore();
        }
        CredentialsStoreAction.DomainWrapper domain =
                req.findAncestorObject(CredentialsStoreAction.DomainWrapper.class);
        if (domain != null) {
            return domain.getStore();
        }
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
