package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The org registry: registering orgs (validated with Salesforce first), JIT sandboxes, metadata updates, the default
 * Dev Hub, removal, resolution of {@code org:} references, and the lookups the token flows need.
 *
 * <p>Every change follows the same order: check the input, call Salesforce when the change needs it (outside any
 * lock), then read and write the store in one {@link OrgStore#atomically} block. A failure at any step before the
 * write leaves the store as it was.
 *
 * <p>Orders are stable: lists are sorted by id, and Dev Hub lists put the default Dev Hub first.
 *
 * <p>{@link OrgRegistration} registers orgs and {@link OrgResolver} finds the org a user names; this class is their
 * public face and makes the smaller changes itself.
 */
public final class OrgRegistry {
    private static final Comparator<OrgRecord> BY_ID = OrgResolver.BY_ID;
    private static final Pattern REPOSITORY = Pattern.compile("[^/\\s]+/[^/\\s]+");

    private final OrgStore store;
    private final OrgResolver resolver;
    private final OrgRegistration registration;

    /** A registry over a store, with the Salesforce checks it runs before registering; new ids are random UUIDs. */
    public OrgRegistry(OrgStore store, OrgValidator validator, SandboxValidator sandboxValidator) {
        this(store, validator, sandboxValidator, () -> UUID.randomUUID().toString());
    }

    /** As above, with the supplier of ids for new orgs registered without one. */
    public OrgRegistry(
            OrgStore store, OrgValidator validator, SandboxValidator sandboxValidator, Supplier<String> newId) {
        this.store = Objects.requireNonNull(store, "store");
        this.resolver = new OrgResolver(store);
        this.registration = new OrgRegistration(
                store,
                resolver,
                Objects.requireNonNull(validator, "validator"),
                Objects.requireNonNull(sandboxValidator, "sandboxValidator"),
                Objects.requireNonNull(newId, "newId"));
    }

    // ---------------------------------------------------------------------------------------------- registration

    /**
     * Registers an org (validated with Salesforce first), or updates the org registered with the same username; the
     * rules are on {@link OrgRegistration#register}.
     *
     * @return the record as stored
     */
    public OrgRecord register(RegistrationRequest request) {
        return registration.register(request);
    }

    /** Registers a JIT sandbox with only its name and production org; see {@link #registerJitSandbox(JitSandboxRequest)}. */
    public OrgRecord registerJitSandbox(String sandboxName, String productionOrgRef) {
        return registerJitSandbox(JitSandboxRequest.of(sandboxName, productionOrgRef));
    }

    /**
     * Registers a JIT sandbox, or updates the one registered under the same name and production org; the rules are on
     * {@link OrgRegistration#registerJitSandbox}.
     *
     * @return the record as stored
     */
    public OrgRecord registerJitSandbox(JitSandboxRequest request) {
        return registration.registerJitSandbox(request);
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
        return store.atomically(() -> record(store.findById(id).orElseThrow(() -> OrgResolver.notFound(id)), found));
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
            RegisteredOrg now = store.findRegistered(used.id()).orElseThrow(() -> OrgResolver.notFound(used.id()));
            OrgRecord was = used.record();
            OrgRecord is = now.record();
            boolean same = is.credentialType() == was.credentialType()
                    && Objects.equals(now.secret(), used.secret())
                    && Objects.equals(is.productionOrgId(), was.productionOrgId())
                    && Objects.equals(is.sandboxName(), was.sandboxName());
            return same ? record(is, found) : is;
        });
    }

    private OrgRecord record(OrgRecord org, DiscoveredOrg found) {
        if (org.username() != null && !OrgRecordRules.sameUsername(org.username(), found.username())) {
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
            return store.remove(org.id()).orElseThrow(() -> OrgResolver.notFound(org.id()));
        });
    }

    // --------------------------------------------------------------------------------------------- resolution

    /**
     * Resolves an {@code org:} reference: first as a credentials id (exact), then as a username (case-insensitive),
     * then as a JIT sandbox name (case-insensitive). Errors are described on {@link OrgResolver#resolve}.
     */
    public OrgRecord resolve(String ref) {
        return resolver.resolve(ref);
    }

    /** {@link #resolve(String)} with the secret, for the token service. */
    public RegisteredOrg resolveRegistered(String ref) {
        return resolver.resolveRegistered(ref);
    }

    /**
     * The default Dev Hub ({@code devHub: true} in the steps).
     *
     * @throws SalesforceAuthException NOT_FOUND when none is set; the store's NOT_FOUND or WRONG_ORG_TYPE when its
     *     default names no Dev Hub it holds
     */
    public OrgRecord resolveDefaultDevHub() {
        return resolver.resolveDefaultDevHub();
    }

    /** The production org a JIT sandbox hangs off, with its secret, for minting the sandbox's tokens. */
    public RegisteredOrg productionOrgOf(OrgRecord jitSandbox) {
        return resolver.productionOrgOf(jitSandbox);
    }

    /**
     * The registered org a JIT sandbox can hang off, as {@link #registerJitSandbox} checks it first; the Jenkins form
     * of a JIT sandbox checks its production org with this before saving. See {@link OrgResolver#resolveProductionOrg}.
     */
    public OrgRecord resolveProductionOrg(String ref) {
        return resolver.resolveProductionOrg(ref);
    }

    // ------------------------------------------------------------------------------------------------ lookups

    /** The registered orgs the filter matches, sorted by id; never secrets. */
    public List<OrgRecord> list(OrgFilter filter) {
        OrgFilter f = filter == null ? OrgFilter.ANY : filter;
        return store.list().stream().filter(f::matches).sorted(BY_ID).toList();
    }

    /** The registered production orgs, by id: the order sandbox auth tries them when no production org is named. */
    public List<OrgRecord> productionOrgs() {
        return resolver.productionOrgs();
    }

    /**
     * The registered Dev Hubs, in the order scratch-org auth without a named Dev Hub tries them: the default Dev Hub
     * first, then the others by id.
     */
    public List<OrgRecord> devHubs() {
        Optional<OrgRecord> defaultHub = defaultDevHubIfValid();
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
     * registered-org token call ({@code salesforceAccessToken}); how it is found is on
     * {@link OrgResolver#findRegisteredSandbox}.
     */
    public Optional<OrgRecord> findRegisteredSandbox(String sandboxName, String productionOrgRef) {
        return resolver.findRegisteredSandbox(sandboxName, productionOrgRef);
    }

    /**
     * The registered org with this username, if any, so that scratch-org auth can refuse a registered org and point to
     * the registered-org token call ({@code salesforceAccessToken}).
     */
    public Optional<OrgRecord> findRegisteredScratchOrg(String username) {
        return resolver.findRegisteredScratchOrg(username);
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
        String defaultId = defaultDevHubIfValid().map(OrgRecord::id).orElse(null);
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
     * The default Dev Hub for ordering lists: empty when none is set or the store's default names no Dev Hub it
     * holds (that error is for {@link #resolveDefaultDevHub()}, which asks for the default itself).
     */
    private Optional<OrgRecord> defaultDevHubIfValid() {
        try {
            return store.defaultDevHub();
        } catch (SalesforceAuthException e) {
            return Optional.empty();
        }
    }
}
