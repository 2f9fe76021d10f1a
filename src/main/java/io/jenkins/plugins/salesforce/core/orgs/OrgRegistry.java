package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The org registry's rules: registering orgs (validated with Salesforce first), JIT sandboxes, metadata updates, the
 * default Dev Hub, removal, resolution of {@code org:} references, and the lookups the token flows need.
 *
 * <p>Every change follows the same order: check the input, call Salesforce when the change needs it (outside any
 * lock), then read and write the store in one {@link OrgStore#atomically} block. A failure at any step before the
 * write leaves the store as it was.
 *
 * <p>Orders are stable: lists are sorted by id, and Dev Hub lists put the default Dev Hub first.
 */
public final class OrgRegistry {
    private static final Comparator<OrgRecord> BY_ID = Comparator.comparing(OrgRecord::id);
    private static final Pattern REPOSITORY = Pattern.compile("[^/\\s]+/[^/\\s]+");

    private final OrgStore store;
    private final OrgValidator validator;
    private final SandboxValidator sandboxValidator;
    private final Supplier<String> newId;

    /** A registry over a store, with the Salesforce checks it runs before registering; new ids are random UUIDs. */
    public OrgRegistry(OrgStore store, OrgValidator validator, SandboxValidator sandboxValidator) {
        this(store, validator, sandboxValidator, () -> UUID.randomUUID().toString());
    }

    /** As above, with the supplier of ids for new orgs registered without one. */
    public OrgRegistry(
            OrgStore store, OrgValidator validator, SandboxValidator sandboxValidator, Supplier<String> newId) {
        this.store = Objects.requireNonNull(store, "store");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.sandboxValidator = Objects.requireNonNull(sandboxValidator, "sandboxValidator");
        this.newId = Objects.requireNonNull(newId, "newId");
    }

    // ---------------------------------------------------------------------------------------------- registration

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
    public OrgRecord register(RegistrationRequest request) {
        Objects.requireNonNull(request, "request");
        DiscoveredOrg found = validator.validate(request.secret(), request.username());
        if (request.username() != null && !OrgRecord.sameUsername(request.username(), found.username())) {
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
        OrgKind kind = request.secret().kind();
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
                            && kind == OrgKind.AUTH_URL
                            && existing.kind() == OrgKind.AUTH_URL
                            && existing.allowAuthUrlExport();
            OrgRecord record = OrgRecord.builder(id, kind)
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

    /** Registers a JIT sandbox with only its name and production org; see {@link #registerJitSandbox(JitSandboxRequest)}. */
    public OrgRecord registerJitSandbox(String sandboxName, String productionOrgRef) {
        return registerJitSandbox(JitSandboxRequest.of(sandboxName, productionOrgRef));
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
     *       NOT_FOUND / NOT_READY / WRONG_ORG_TYPE propagate; nothing is written).
     *   <li><b>Registering the same sandbox name under the same production org again updates</b> the JIT sandbox
     *       rather than failing: it keeps its id and its discovered username and instance URL, takes the org id the
     *       validator returned (a refreshed sandbox is a new org with a new id), and replaces metadata and description
     *       when given. This mirrors "the same username registered twice updates".
     * </ol>
     *
     * @return the record as stored
     */
    public OrgRecord registerJitSandbox(JitSandboxRequest request) {
        Objects.requireNonNull(request, "request");
        OrgRecord production = resolveProductionOrg(request.productionOrg());
        findRegisteredSandbox(request.sandboxName(), production.id())
                .filter(r -> !r.isJitSandbox())
                .ifPresent(r -> {
                    throw SalesforceAuthException.of(
                            Reason.NOT_ALLOWED,
                            "Sandbox " + request.sandboxName() + " of " + production.describe()
                                    + " is already registered as org " + r.describe() + " with its own secret.",
                            "Use org '" + r.id() + "', or remove it before registering the sandbox as a JIT sandbox.");
                });
        RegisteredOrg productionWithSecret =
                store.findRegistered(production.id()).orElseThrow(() -> productionNotFound(request.productionOrg()));
        String sandboxOrgId = OrgIds.toEighteen(
                sandboxValidator.validateSandbox(productionWithSecret, request.sandboxName()), "orgId");
        return store.atomically(() -> {
            if (store.findById(production.id()).isEmpty()) {
                throw productionNotFound(request.productionOrg());
            }
            OrgRecord existing =
                    store.findJitSandbox(request.sandboxName(), production.id()).orElse(null);
            String id = idFor(existing, request.id(), "JIT sandbox " + request.sandboxName());
            OrgRecord record = OrgRecord.builder(id, OrgKind.JIT_SANDBOX)
                    .sandboxName(request.sandboxName())
                    .productionOrgId(production.id())
                    .orgId(sandboxOrgId)
                    .orgType(OrgType.SANDBOX)
                    .username(existing == null ? null : existing.username())
                    .instanceUrl(existing == null ? null : existing.instanceUrl())
                    .metadata(firstNonNull(request.metadata(), existing == null ? null : existing.metadata()))
                    .description(firstNonNull(request.description(), existing == null ? null : existing.description()))
                    .build();
            return store.save(RegisteredOrg.jitSandbox(record));
        });
    }

    // ------------------------------------------------------------------------------------------------- changes

    /**
     * Changes what the user chose about an org, without calling Salesforce (a metadata update is not a registration).
     *
     * @param ref the org, as {@link #resolve(String)} reads it
     * @param devHub use the org as a Dev Hub; null = keep. Turning it off also stops the org being the default.
     * @param defaultDevHub make the org the default Dev Hub (clearing the old default atomically), stop it being the
     *     default, or keep (null)
     * @param metadata replaces the whole metadata (keys left out are removed); null = keep
     * @return the record as stored
     * @throws SalesforceAuthException BAD_INPUT for {@code devHub=false, defaultDevHub=true}; WRONG_ORG_TYPE when
     *     asking a non-Dev-Hub to be the default; NOT_FOUND when the org is not registered
     */
    public OrgRecord updateMetadata(String ref, Boolean devHub, Boolean defaultDevHub, Map<String, String> metadata) {
        if (Boolean.TRUE.equals(defaultDevHub) && Boolean.FALSE.equals(devHub)) {
            throw SalesforceAuthException.badField(
                    "defaultDevHub",
                    "'defaultDevHub' is true but 'devHub' is false.",
                    "Only a Dev Hub can be the default Dev Hub: set devHub to true, or defaultDevHub to false.");
        }
        Map<String, String> newMetadata = metadata == null ? null : OrgMetadata.copyOf(metadata, "metadata");
        return store.atomically(() -> {
            OrgRecord org = resolve(ref);
            boolean newDevHub = devHub != null ? devHub : org.devHub();
            if (Boolean.TRUE.equals(defaultDevHub) && !newDevHub) {
                throw SalesforceAuthException.of(
                        Reason.WRONG_ORG_TYPE,
                        "Org " + org.describe()
                                + " is not registered as a Dev Hub, so it cannot be the default Dev Hub.",
                        "Also set devHub to true (Dev Hub must be enabled in the org), or choose another Dev Hub.");
            }
            boolean newDefault = defaultDevHub != null ? defaultDevHub : org.defaultDevHub() && newDevHub;
            OrgRecord.Builder changed = org.toBuilder().devHub(newDevHub).defaultDevHub(newDefault);
            if (newMetadata != null) {
                changed.metadata(newMetadata);
            }
            return store.update(changed.build());
        });
    }

    /**
     * Makes an org the default Dev Hub, clearing the old default in the same atomic step.
     *
     * @throws SalesforceAuthException NOT_FOUND, or WRONG_ORG_TYPE when the org is not a Dev Hub
     */
    public OrgRecord setDefaultDevHub(String ref) {
        return store.atomically(() -> store.setDefaultDevHub(resolve(ref).id()));
    }

    /**
     * Fills in what Salesforce said about a registered org on a successful use (a JIT sandbox's username and instance
     * URL on its first token, an org loaded from configuration as code without discovered fields). Flags, metadata
     * and kind stay; a JIT sandbox stays a Sandbox.
     *
     * @throws SalesforceAuthException NOT_FOUND when the org is gone; NOT_ALLOWED when the org already has another
     *     username (its credential now signs in as someone else) or the username belongs to another org
     */
    public OrgRecord recordDiscovery(String id, DiscoveredOrg found) {
        Objects.requireNonNull(found, "found");
        return store.atomically(() -> record(store.findById(id).orElseThrow(() -> notFound(id)), found));
    }

    /**
     * {@link #recordDiscovery(String, DiscoveredOrg)} for what was learnt through one credential ({@code used}: the
     * org with the secret its token came from). The facts are written only while the store still holds that
     * credential: if the org was changed meanwhile (another secret, a JIT sandbox pointed at another production org
     * or sandbox), they belong to something that is no longer stored, and the org is returned as it is.
     */
    public OrgRecord recordDiscovery(RegisteredOrg used, DiscoveredOrg found) {
        Objects.requireNonNull(found, "found");
        return store.atomically(() -> {
            RegisteredOrg now = store.findRegistered(used.id()).orElseThrow(() -> notFound(used.id()));
            OrgRecord was = used.record();
            OrgRecord is = now.record();
            boolean same = is.kind() == was.kind()
                    && Objects.equals(now.secret(), used.secret())
                    && Objects.equals(is.productionOrgId(), was.productionOrgId())
                    && Objects.equals(is.sandboxName(), was.sandboxName());
            return same ? record(is, found) : is;
        });
    }

    private OrgRecord record(OrgRecord org, DiscoveredOrg found) {
        if (org.username() != null && !OrgRecord.sameUsername(org.username(), found.username())) {
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED,
                    "Org " + org.describe() + " now signs in as " + found.username() + ".",
                    "Register the org again with the credential of " + org.username() + ", or register "
                            + found.username() + " as an org of its own.");
        }
        OrgRecord.Builder changed = org.toBuilder()
                .username(found.username())
                .orgId(found.orgId())
                .instanceUrl(found.instanceUrl());
        if (!org.isJitSandbox()) {
            changed.orgType(found.orgType());
        }
        return store.update(changed.build());
    }

    /**
     * Removes an org. A production org that JIT sandboxes hang off cannot be removed before them (NOT_ALLOWED naming
     * them), so that no JIT sandbox is left without a way to get tokens.
     *
     * @return the removed record
     */
    public OrgRecord remove(String ref) {
        return store.atomically(() -> {
            OrgRecord org = resolve(ref);
            List<String> sandboxes = store.list().stream()
                    .filter(r -> r.isJitSandbox() && org.id().equals(r.productionOrgId()))
                    .sorted(BY_ID)
                    .map(r -> "'" + r.id() + "'")
                    .toList();
            if (!sandboxes.isEmpty()) {
                throw SalesforceAuthException.of(
                        Reason.NOT_ALLOWED,
                        "Org " + org.describe() + " is the production org of the JIT sandboxes "
                                + String.join(", ", sandboxes) + ".",
                        "Remove those JIT sandboxes first.");
            }
            return store.remove(org.id()).orElseThrow(() -> notFound(org.id()));
        });
    }

    // --------------------------------------------------------------------------------------------- resolution

    /**
     * Resolves an {@code org:} reference: first as a credentials id (exact), then as a username (case-insensitive),
     * then as a JIT sandbox name (case-insensitive).
     *
     * @throws SalesforceAuthException BAD_INPUT when the reference is blank, or when it is a JIT sandbox name
     *     registered under several production orgs (the message lists their ids); NOT_FOUND naming what was tried
     */
    public OrgRecord resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "No org was named.",
                    "Give the org's credentials id, its Salesforce username, or the name of a registered JIT sandbox.");
        }
        String wanted = ref.strip();
        Optional<OrgRecord> org = store.findById(wanted).or(() -> store.findByUsername(wanted));
        if (org.isPresent()) {
            return org.get();
        }
        List<OrgRecord> sandboxes = new ArrayList<>(store.findJitSandboxes(wanted));
        sandboxes.sort(BY_ID);
        if (sandboxes.size() == 1) {
            return sandboxes.get(0);
        }
        if (sandboxes.size() > 1) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "The JIT sandbox name '" + wanted + "' is registered under several production orgs: "
                            + sandboxes.stream()
                                    .map(r -> "'" + r.id() + "' (of '" + r.productionOrgId() + "')")
                                    .collect(Collectors.joining(", "))
                            + ".",
                    "Use the id of the one you mean: "
                            + sandboxes.stream().map(r -> "'" + r.id() + "'").collect(Collectors.joining(" or "))
                            + ".");
        }
        throw SalesforceAuthException.of(
                Reason.NOT_FOUND,
                "No registered org has '" + wanted + "' as its id, its username or its JIT sandbox name.",
                "Check the spelling (ids are case-sensitive), or register the org; salesforceOrgs() lists the"
                        + " registered orgs.");
    }

    /** {@link #resolve(String)} with the secret, for the token service. */
    public RegisteredOrg resolveRegistered(String ref) {
        OrgRecord org = resolve(ref);
        return store.findRegistered(org.id()).orElseThrow(() -> notFound(org.id()));
    }

    /**
     * The default Dev Hub ({@code devHub: true} in the steps).
     *
     * @throws SalesforceAuthException NOT_FOUND when none is set
     */
    public OrgRecord resolveDefaultDevHub() {
        return store.defaultDevHub()
                .orElseThrow(() -> SalesforceAuthException.of(
                        Reason.NOT_FOUND,
                        "No default Dev Hub is set.",
                        "Mark one Dev Hub as the default (defaultDevHub: true when registering or updating it),"
                                + " or name the Dev Hub."));
    }

    /**
     * The production org a JIT sandbox hangs off, with its secret, for minting the sandbox's tokens.
     *
     * @throws SalesforceAuthException NOT_FOUND when that production org is no longer registered
     */
    public RegisteredOrg productionOrgOf(OrgRecord jitSandbox) {
        if (!jitSandbox.isJitSandbox()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "Org " + jitSandbox.describe() + " is not a JIT sandbox.",
                    "Only a JIT sandbox has a production org it gets its tokens through.");
        }
        return store.scopeOf(jitSandbox.id())
                .findRegistered(jitSandbox.productionOrgId())
                .orElseThrow(() -> SalesforceAuthException.of(
                        Reason.NOT_FOUND,
                        "The production org '" + jitSandbox.productionOrgId() + "' of JIT sandbox "
                                + jitSandbox.describe() + " is not registered.",
                        "Register the production org again with the id '" + jitSandbox.productionOrgId()
                                + "', or remove the JIT sandbox."));
    }

    // ------------------------------------------------------------------------------------------------ lookups

    /** The registered orgs the filter matches, sorted by id; never secrets. */
    public List<OrgRecord> list(OrgFilter filter) {
        OrgFilter f = filter == null ? OrgFilter.ANY : filter;
        return store.list().stream().filter(f::matches).sorted(BY_ID).toList();
    }

    /**
     * The registered production orgs, in the order sandbox auth without a named production org tries them: by id. A
     * production org here is one with a secret whose type is Production, Developer Edition or Trial ({@link
     * OrgRecord#isProductionOrg()}); orgs whose type is not yet discovered are left out.
     */
    public List<OrgRecord> productionOrgs() {
        return store.list().stream()
                .filter(OrgRecord::isProductionOrg)
                .sorted(BY_ID)
                .toList();
    }

    /**
     * The registered Dev Hubs, in the order scratch-org auth without a named Dev Hub tries them: the default Dev Hub
     * first, then the others by id.
     */
    public List<OrgRecord> devHubs() {
        Optional<OrgRecord> defaultHub = store.defaultDevHub();
        List<OrgRecord> hubs = new ArrayList<>();
        defaultHub.ifPresent(hubs::add);
        store.list().stream()
                .filter(OrgRecord::devHub)
                .filter(r ->
                        defaultHub.isEmpty() || !r.id().equals(defaultHub.get().id()))
                .sorted(BY_ID)
                .forEach(hubs::add);
        return List.copyOf(hubs);
    }

    /**
     * The registered org for a sandbox, if there is one, so that sandbox auth can refuse it and point to the
     * registered-org token call ({@code salesforceAccessToken}). Found, in this order:
     * <ol>
     *   <li>a JIT sandbox of that name (case-insensitive) under the production org, or under any production org when
     *       none is named (the first by id);
     *   <li>an org with its own secret, of type Sandbox, whose username is the production org's username followed by
     *       {@code .<sandbox name in lower case>} (how Salesforce names sandbox users), for the named production org or
     *       any registered production org. This is best effort: an administrator can rename a sandbox user.
     * </ol>
     *
     * @param sandboxName the sandbox name (BAD_INPUT unless 1-10 letters and digits)
     * @param productionOrgRef the production org as {@link #resolve(String)} reads it, or null for any
     */
    public Optional<OrgRecord> findRegisteredSandbox(String sandboxName, String productionOrgRef) {
        String name = sandboxName == null ? null : sandboxName.strip();
        OrgRecord.checkSandboxName(name, "sandboxName");
        List<OrgRecord> productions = productionOrgRef == null || productionOrgRef.isBlank()
                ? productionOrgs()
                : List.of(resolve(productionOrgRef));
        Optional<OrgRecord> jit = productionOrgRef == null || productionOrgRef.isBlank()
                ? store.findJitSandboxes(name).stream().min(BY_ID)
                : store.findJitSandbox(name, productions.get(0).id());
        if (jit.isPresent()) {
            return jit;
        }
        for (OrgRecord production : productions) {
            if (production.username() == null) {
                continue;
            }
            String sandboxUser = production.username() + "." + name.toLowerCase(Locale.ROOT);
            Optional<OrgRecord> org =
                    store.findByUsername(sandboxUser).filter(r -> !r.isJitSandbox() && r.orgType() == OrgType.SANDBOX);
            if (org.isPresent()) {
                return org;
            }
        }
        return Optional.empty();
    }

    /**
     * The registered org with this username, if any, so that scratch-org auth can refuse a registered org and point to
     * the registered-org token call ({@code salesforceAccessToken}).
     */
    public Optional<OrgRecord> findRegisteredScratchOrg(String username) {
        return username == null || username.isBlank() ? Optional.empty() : store.findByUsername(username.strip());
    }

    /**
     * The registered orgs whose metadata key {@value OrgMetadata#REPOSITORY} names this repository, for the frontdoor
     * lookup of a repository's pool: compared case-insensitively, as GitHub compares {@code org/repo}. Ordered: the
     * default Dev Hub first, then other Dev Hubs, then the rest, each by id.
     *
     * @param repository {@code org/repo}, for example {@code acme/billing} (BAD_INPUT otherwise)
     */
    public List<OrgRecord> findByRepository(String repository) {
        String wanted = repository == null ? "" : repository.strip();
        if (!REPOSITORY.matcher(wanted).matches()) {
            throw SalesforceAuthException.of(
                    Reason.BAD_INPUT,
                    "'repository' is not of the form org/repo: '" + repository + "'.",
                    "Give the repository as owner and name, for example acme/billing.");
        }
        String defaultId = store.defaultDevHub().map(OrgRecord::id).orElse(null);
        return store.list().stream()
                .filter(r -> {
                    String named = r.metadata().get(OrgMetadata.REPOSITORY);
                    return named != null && named.equalsIgnoreCase(wanted);
                })
                .sorted(Comparator.comparing((OrgRecord r) -> !r.id().equals(defaultId))
                        .thenComparing(r -> !r.devHub())
                        .thenComparing(BY_ID))
                .toList();
    }

    // ---------------------------------------------------------------------------------------------- internals

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

    /**
     * The registered org a JIT sandbox can hang off, as {@link #registerJitSandbox} checks it first: resolved like
     * {@link #resolve(String)}, with a secret of its own and not a Sandbox or Scratch org (an org whose type is not
     * yet discovered passes). The Jenkins form of a JIT sandbox checks its production org with this before saving.
     *
     * @throws SalesforceAuthException NOT_FOUND when no such org is registered, WRONG_ORG_TYPE when it cannot be a
     *     production org
     */
    public OrgRecord resolveProductionOrg(String ref) {
        OrgRecord production;
        try {
            production = resolve(ref);
        } catch (SalesforceAuthException e) {
            if (e.reason() == Reason.NOT_FOUND) {
                throw productionNotFound(ref);
            }
            throw e;
        }
        if (!production.kind().hasSecret()
                || production.orgType() == OrgType.SANDBOX
                || production.orgType() == OrgType.SCRATCH) {
            throw SalesforceAuthException.of(
                    Reason.WRONG_ORG_TYPE,
                    "Org " + production.describe() + " is a "
                            + (production.isJitSandbox()
                                    ? "JIT sandbox"
                                    : production.orgType().label() + " org")
                            + ", not a production org.",
                    "A JIT sandbox hangs off the production (or Developer Edition) org it was created from: name"
                            + " that org.");
        }
        return production;
    }

    private static SalesforceAuthException productionNotFound(String ref) {
        return SalesforceAuthException.of(
                Reason.NOT_FOUND,
                "Production org '" + ref + "' is not registered.",
                "Register the production org first (with its auth URL or JWT key), then the JIT sandbox.");
    }

    private static SalesforceAuthException notFound(String id) {
        return SalesforceAuthException.of(
                Reason.NOT_FOUND,
                "No org is registered with the id '" + id + "'.",
                "Check the id, or register the org; salesforceOrgs() lists the registered orgs.");
    }

    private static <T> T firstNonNull(T a, T b) {
        return a != null ? a : b;
    }
}
