package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Registering an org: first ask Salesforce (the {@link OrgValidator} for an org with a secret, the
 * {@link SandboxValidator} for a JIT sandbox), outside any lock; then, in one {@link OrgStore#atomically} block,
 * insert the org or update the one already registered for the same user or sandbox. A failure before the write
 * leaves the store as it was. {@link OrgRegistry} is the public face.
 */
final class OrgRegistration {
    private final OrgStore store;
    private final OrgResolver resolver;
    private final OrgValidator validator;
    private final SandboxValidator sandboxValidator;
    private final Supplier<String> newId;

    OrgRegistration(
            OrgStore store,
            OrgResolver resolver,
            OrgValidator validator,
            SandboxValidator sandboxValidator,
            Supplier<String> newId) {
        this.store = store;
        this.resolver = resolver;
        this.validator = validator;
        this.sandboxValidator = sandboxValidator;
        this.newId = newId;
    }

    /**
     * Registers an org, or updates the org registered with the same username.
     *
     * <ol>
     *   <li>The secret is validated with Salesforce first; on failure the exception propagates and nothing is
     *       written (an existing org with that username stays as it was).
     *   <li>What Salesforce discovered fills the record: username, org id, type, instance URL. A username given in
     *       the request must be the one Salesforce signed in as (BAD_INPUT otherwise).
     *   <li>Asking for {@code devHub} or {@code defaultDevHub} on an org where Dev Hub is not enabled is refused
     *       (WRONG_ORG_TYPE).
     *   <li>The org is upserted by the discovered username: an existing org keeps its id, and the user's choices the
     *       request leaves null (flags, metadata, description) are kept. For a new org, the request's id is used
     *       (NOT_ALLOWED when another org has it) or one is generated.
     * </ol>
     *
     * @return the record as stored
     */
    OrgRecord register(RegistrationRequest request) {
        Objects.requireNonNull(request, "request");
        DiscoveredOrg found = validator.validate(request.secret(), request.username());
        if (request.username() != null && !OrgRecordRules.sameUsername(request.username(), found.username())) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The credential signs in as " + found.username() + ", not as " + request.username() + ".",
                    "Leave the username empty to register " + found.username() + ", or give the auth URL or key of "
                            + request.username() + ".");
        }
        if (!found.devHub()
                && (Boolean.TRUE.equals(request.devHub()) || Boolean.TRUE.equals(request.defaultDevHub()))) {
            throw SalesforceAuthException.of(
                    Reason.WRONG_ORG_TYPE,
                    "Org " + found.username() + " (" + found.orgType().label() + ") is not a Dev Hub, so it cannot be "
                            + (Boolean.TRUE.equals(request.defaultDevHub())
                                    ? "the default Dev Hub."
                                    : "used as a Dev Hub."),
                    "Enable Dev Hub in the org (Setup > Dev Hub) and register it again, or register it without devHub"
                            + " and defaultDevHub.");
        }
        CredentialType credentialType = request.secret().credentialType();
        return store.atomically(() -> {
            OrgRecord existing = store.findByUsername(found.username()).orElse(null);
            String id = idFor(existing, request.id(), found.username());
            boolean devHub = request.devHub() != null
                    ? request.devHub()
                    : existing == null ? found.devHub() : existing.devHub() && found.devHub();
            boolean defaultDevHub = request.defaultDevHub() != null
                    ? request.defaultDevHub()
                    : existing != null && existing.defaultDevHub() && devHub;
            boolean allowExport = request.allowAuthUrlExport() != null
                    ? request.allowAuthUrlExport()
                    : existing != null
                            && credentialType == CredentialType.AUTH_URL
                            && existing.credentialType() == CredentialType.AUTH_URL
                            && existing.allowAuthUrlExport();
            OrgRecord record = OrgRecord.builder(id, credentialType)
                    .username(found.username())
                    .orgId(found.orgId())
                    .orgType(found.orgType())
                    .instanceUrl(found.instanceUrl())
                    .devHub(devHub)
                    .defaultDevHub(defaultDevHub)
                    .allowAuthUrlExport(allowExport)
                    .metadata(firstNonNull(request.metadata(), existing == null ? null : existing.metadata()))
                    .description(firstNonNull(request.description(), existing == null ? null : existing.description()))
                    .build();
            return store.save(new RegisteredOrg(record, request.secret()));
        });
    }

    /**
     * Registers a JIT sandbox: a sandbox reached through a registered production org, with no secret of its own.
     *
     * <ol>
     *   <li>The production org must be registered (NOT_FOUND) and be a production, Developer Edition or Trial org
     *       with a secret, not a sandbox, scratch org or JIT sandbox (WRONG_ORG_TYPE).
     *   <li>The sandbox must not already be registered with its own secret under that production org (NOT_ALLOWED:
     *       use that org).
     *   <li>The sandbox validator checks through the production org that the sandbox exists and is ready (its
     *       NOT_FOUND / NOT_READY / WRONG_ORG_TYPE propagate; nothing is written), and finds its org id, user and
     *       instance URL, which the record takes.
     *   <li><b>Registering the same sandbox name under the same production org again updates</b> the JIT sandbox
     *       rather than failing: it keeps its id (and the username and instance URL it has when the validator knows
     *       none), takes the org id the validator returned (a refreshed sandbox is a new org with a new id), and
     *       replaces metadata and description when given. This mirrors "the same username registered twice updates".
     * </ol>
     *
     * @return the record as stored
     */
    OrgRecord registerJitSandbox(JitSandboxRequest request) {
        Objects.requireNonNull(request, "request");
        OrgRecord production = resolver.resolveProductionOrg(request.productionOrg());
        resolver.findRegisteredSandbox(request.sandboxName(), production.id())
                .filter(r -> !r.isJitSandbox())
                .ifPresent(r -> {
                    throw SalesforceAuthException.of(
                            Reason.NOT_ALLOWED,
                            "Sandbox " + request.sandboxName() + " of " + production.describe()
                                    + " is already registered as org " + r.describe() + " with its own secret.",
                            "Use org '" + r.id() + "', or remove it before registering the sandbox as a JIT sandbox.");
                });
        RegisteredOrg productionWithSecret = store.findRegistered(production.id())
                .orElseThrow(() -> OrgResolver.productionNotFound(request.productionOrg()));
        SandboxValidator.Sandbox found = sandboxValidator.validateSandbox(productionWithSecret, request.sandboxName());
        String sandboxOrgId = OrgIds.toEighteen(found.orgId(), "orgId");
        return store.atomically(() -> {
            if (store.findById(production.id()).isEmpty()) {
                throw OrgResolver.productionNotFound(request.productionOrg());
            }
            OrgRecord existing =
                    store.findJitSandbox(request.sandboxName(), production.id()).orElse(null);
            String id = idFor(existing, request.id(), "JIT sandbox " + request.sandboxName());
            OrgRecord record = OrgRecord.builder(id, CredentialType.JIT_SANDBOX)
                    .sandboxName(request.sandboxName())
                    .productionOrgId(production.id())
                    .orgId(sandboxOrgId)
                    .orgType(OrgType.SANDBOX)
                    .username(firstNonNull(found.username(), existing == null ? null : existing.username()))
                    .instanceUrl(firstNonNull(found.instanceUrl(), existing == null ? null : existing.instanceUrl()))
                    .metadata(firstNonNull(request.metadata(), existing == null ? null : existing.metadata()))
                    .description(firstNonNull(request.description(), existing == null ? null : existing.description()))
                    .build();
            return store.save(RegisteredOrg.jitSandbox(record));
        });
    }

    /**
     * The id a registration gets: an existing record keeps its id (an update); a new one takes the requested id if
     * no other org uses it, else a fresh one. Called inside {@link OrgStore#atomically}.
     */
    private String idFor(OrgRecord existing, String requestedId, String subject) {
        if (existing != null) {
            return existing.id();
        }
        if (requestedId == null) {
            return newId.get();
        }
        store.findById(requestedId).ifPresent(other -> {
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED,
                    "The id '" + requestedId + "' is already used by org " + other.describe() + ".",
                    "Choose another id for " + subject + ", or remove org '" + requestedId + "' first.");
        });
        return requestedId;
    }

    private static <T> T firstNonNull(T a, T b) {
        return a != null ? a : b;
    }
}
