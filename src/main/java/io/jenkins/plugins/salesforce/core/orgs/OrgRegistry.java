package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The org registry's writes: registering orgs (validated with Salesforce first), JIT sandboxes, metadata updates, the
 * default Dev Hub, what a use discovered, and removal. Reads (resolving {@code org:} references, lists) are
 * {@link OrgResolver}'s.
 *
 * <p>Every change follows the same order: check the input, call Salesforce when the change needs it (outside any
 * lock), then read and write the store in one {@link OrgStore#atomically} block. A failure at any step before the
 * write leaves the store as it was.
 *
 * <p>Orders are stable: lists are sorted by id, and Dev Hub lists put the default Dev Hub first.
 *
 * <p>{@link OrgRegistration} registers orgs; this class is its public face and makes the smaller changes itself.
 */
public final class OrgRegistry {
    private static final Comparator<OrgRecord> BY_ID = OrgResolver.BY_ID;

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
     * @param ref the org, as {@link OrgResolver#resolve(String)} reads it
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
        OrgRecord.Builder changed =
                org.toBuilder().username(found.username()).orgId(found.orgId()).instanceUrl(found.instanceUrl());
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

    private OrgRecord resolve(String ref) {
        return resolver.resolve(ref);
    }
}
