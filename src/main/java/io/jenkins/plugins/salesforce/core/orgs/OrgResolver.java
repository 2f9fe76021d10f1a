package io.jenkins.plugins.salesforce.core.orgs;

import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The registry's reads: the registered org that a user names (an {@code org:} reference: credentials id, username or
 * JIT sandbox name), the default Dev Hub, the production org of a JIT sandbox, the registered org behind a sandbox
 * name or a scratch org's username, and the lists the flows walk. Reads the store only; {@link OrgRegistry} writes.
 *
 * <p>Orders are stable: lists are sorted by id, and Dev Hub lists put the default Dev Hub first.
 */
public final class OrgResolver {
    /** The order of every list of orgs: by id. */
    static final Comparator<OrgRecord> BY_ID = Comparator.comparing(OrgRecord::id);

    private static final Pattern REPOSITORY = Pattern.compile("[^/\\s]+/[^/\\s]+");

    private final OrgStore store;

    /** The reads of a store. */
    public OrgResolver(OrgStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

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

    /**
     * {@link #resolve(String)} with the secret, for the token service. A credentials id, the usual reference, is
     * looked up with its secret at once.
     */
    public RegisteredOrg resolveRegistered(String ref) {
        Optional<RegisteredOrg> byId = ref == null ? Optional.empty() : store.findRegistered(ref.strip());
        if (byId.isPresent()) {
            return byId.get();
        }
        OrgRecord org = resolve(ref);
        return store.findRegistered(org.id()).orElseThrow(() -> notFound(org.id()));
    }

    /**
     * The default Dev Hub ({@code devHub: true} in the steps).
     *
     * @throws SalesforceAuthException NOT_FOUND when none is set; the store's NOT_FOUND or WRONG_ORG_TYPE when its
     *     default names no Dev Hub it holds
     */
    public OrgRecord resolveDefaultDevHub() {
        return store.defaultDevHub()
                .orElseThrow(() -> SalesforceAuthException.of(
                        Reason.NOT_FOUND,
                        "No default Dev Hub is set.",
                        "Mark one Dev Hub as the default (defaultDevHub: true when registering or updating it, or"
                                + " the default Dev Hub setting of the credentials it is in), or name the Dev Hub."));
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
        OrgRecordRules.checkSandboxName(name, "sandboxName");
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
     * The registered org a JIT sandbox can hang off, as {@link OrgRegistration#registerJitSandbox} checks it first: resolved like
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
        if (!production.credentialType().hasSecret()
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

    /** The registered orgs the filter matches, sorted by id; never secrets. */
    public List<OrgRecord> list(OrgFilter filter) {
        OrgFilter f = filter == null ? OrgFilter.ANY : filter;
        return store.list().stream().filter(f::matches).sorted(BY_ID).toList();
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

    static SalesforceAuthException productionNotFound(String ref) {
        return SalesforceAuthException.of(
                Reason.NOT_FOUND,
                "Production org '" + ref + "' is not registered.",
                "Register the production org first (with its auth URL or JWT key), then the JIT sandbox.");
    }

    static SalesforceAuthException notFound(String id) {
        return SalesforceAuthException.of(
                Reason.NOT_FOUND,
                "No org is registered with the id '" + id + "'.",
                "Check the id, or register the org; salesforceOrgs() lists the registered orgs.");
    }
}
