package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.salesforce.DefaultDevHubSetting;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.flows.FlowContext;
import io.jenkins.plugins.salesforce.core.flows.JitLogin;
import io.jenkins.plugins.salesforce.core.flows.SandboxDiscovery;
import io.jenkins.plugins.salesforce.core.orgs.CredentialExpiry;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.core.orgs.SandboxValidator;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One Jenkins credential store ({@link Domain#global()} only) as the core's {@link OrgStore}.
 *
 * <p><b>Rules from the core.</b> A write loads the store's Salesforce orgs into an {@link InMemoryOrgStore}, lets the
 * core apply the operation there (upsert by username, kind checks...) and writes the difference back as one save of
 * the store ({@link StoreWrite}): no Salesforce rule is re-implemented here.
 *
 * <p><b>Default Dev Hub.</b> Not a field of the credentials but a setting of the store ({@link DefaultDevHubSetting}):
 * records read here carry {@link OrgRecord#defaultDevHub()} when the setting names them, and a change that moves the
 * default in the copy changes the setting, after the credentials it names are written.
 *
 * <p>Every read and write holds the store's lock ({@link StoreLocks}), so readers through any {@code OrgStore} over
 * this store never see a half-applied change. Writes run as the current thread's authentication, so the store's
 * CREATE/UPDATE/DELETE checks apply, or as the system for the token service's bookkeeping. A credential whose fields
 * are invalid (a bad metadata text written by hand) is left out of reads, with a warning in the log, so that one bad
 * credential does not hide the others.
 */
@Restricted(NoExternalUse.class)
public final class CredentialsOrgStore implements OrgStore {
    private static final Logger LOG = Logger.getLogger(CredentialsOrgStore.class.getName());
    /** The invalid credentials already reported (as the credentials plugin compares them: by id), held weakly. */
    private static final Set<SalesforceOrgCredentials> WARNED = Collections.newSetFromMap(new WeakHashMap<>());

    private final CredentialsStore store;
    private final String key;
    private final boolean asSystem;
    /** The store's default Dev Hub setting; null for a store without one (of another credentials provider). */
    private final DefaultDevHubSetting setting;

    /** The store, written as the current thread's authentication (the store's own permission checks apply). */
    public CredentialsOrgStore(@NonNull CredentialsStore store) {
        this(store, false);
    }

    /**
     * @param asSystem whether writes run as {@link ACL#SYSTEM2} (only for the token service's bookkeeping, after the
     *     caller's permission to use the org was checked)
     */
    CredentialsOrgStore(@NonNull CredentialsStore store, boolean asSystem) {
        this.store = store;
        this.key = StoreLocks.keyOf(store);
        this.asSystem = asSystem;
        this.setting = DefaultDevHubSetting.of(store);
    }

    /**
     * The shared token service over one store, for writes: {@code register(request)} validates with Salesforce, then
     * upserts by username; {@code registry()} updates metadata, moves the default Dev Hub, removes orgs. The caller
     * checks {@code CredentialsProvider.CREATE/UPDATE/DELETE} on the store first.
     */
    @NonNull
    public static TokenService tokens(@NonNull CredentialsStore store) {
        return SalesforceService.get().tokens(new CredentialsOrgStore(store));
    }

    /**
     * Registers an org in the store: refused when another credential of this Jenkins holds the same refresh token
     * ({@link RefreshTokenHolders}), else validated with Salesforce and upserted by username. The caller checks
     * {@code CredentialsProvider.CREATE/UPDATE} on the store first.
     */
    @NonNull
    public static OrgRecord register(@NonNull CredentialsStore store, @NonNull RegistrationRequest request) {
        RefreshTokenHolders.refuseElsewhere(request.secret(), store, null);
        return tokens(store).register(request);
    }

    /**
     * Checks a JIT sandbox without writing anything and without logging in to it: its production org must be
     * registered where the sandbox is saved or above (SYSTEM-scoped only for an administrator), with a secret, and the
     * sandbox must exist and be ready in it (through the production org's token, from the shared cache). The health
     * check asks this.
     *
     * @return the sandbox's org id
     */
    @NonNull
    public static String checkJitSandbox(@NonNull CredentialsStore store, @NonNull OrgRecord sandbox) {
        return throughProduction(store, sandbox, (context, production) -> new SandboxDiscovery(context)
                .checkSandbox(production, sandbox.sandboxName()));
    }

    /**
     * What saving a JIT sandbox credential records, checked as every registration of one is ({@link
     * JitLogin#validateSandbox}): {@link #checkJitSandbox}, then Salesforce's {@code sandboxAuth}, which names the
     * sandbox user and instance URL. No login: its authorization code is not exchanged.
     */
    @NonNull
    public static SandboxValidator.Sandbox validateJitSandbox(
            @NonNull CredentialsStore store, @NonNull OrgRecord sandbox) {
        return throughProduction(store, sandbox, (context, production) -> new JitLogin(context)
                .validateSandbox(production, sandbox.sandboxName()));
    }

    private static <T> T throughProduction(
            CredentialsStore store, OrgRecord sandbox, BiFunction<FlowContext, RegisteredOrg, T> ask) {
        OrgStoreView orgs =
                new OrgStoreView(store.getContext(), ACL.SYSTEM2, Jenkins.get().hasPermission(Jenkins.ADMINISTER));
        TokenService tokens = SalesforceService.get().tokens(orgs);
        OrgRecord production = tokens.resolver().resolveProductionOrg(sandbox.productionOrgId());
        return ask.apply(
                SalesforceService.get().flowContext(tokens),
                orgs.findRegistered(production.id()).orElseThrow());
    }

    /** The key of the store, unique on the controller ({@code provider@context}). */
    @NonNull
    public String key() {
        return key;
    }

    /**
     * A credential of a store with its org's record. The secret stays in the credential until {@link #org()} is asked
     * for it (only the token service's {@code findRegistered} and writes do).
     */
    record Entry(CredentialsOrgStore store, SalesforceOrgCredentials credentials, OrgRecord record) {
        /** The org with its secret, read from the credential now. */
        RegisteredOrg org() {
            return OrgCredentialsMapping.toRegisteredOrg(credentials, record);
        }
    }

    /**
     * The store's Salesforce credentials, in the store's order, read now under the lock. The store's list is read
     * as the system: who may see or use which credential is decided before, by the caller's permission check or by
     * the credentials API's lookup ({@link OrgStoreView}), not by the store's VIEW permission, which a user who may
     * only use credentials does not have.
     */
    @SuppressWarnings("try")
    List<SalesforceOrgCredentials> credentials() {
        return atomically(() -> {
            try (ACLContext unused = ACL.as2(ACL.SYSTEM2)) {
                return store.getCredentials(Domain.global()).stream()
                        .filter(SalesforceOrgCredentials.class::isInstance)
                        .map(SalesforceOrgCredentials.class::cast)
                        .toList();
            }
        });
    }

    /** The credentials id the store's default Dev Hub setting names, or null (none set, or a store without one). */
    @CheckForNull
    String defaultDevHubId() {
        return setting == null ? null : setting.id();
    }

    /**
     * The org the store's default Dev Hub setting names, given the store's org with that id as the caller sees it.
     *
     * @throws SalesforceAuthException NOT_FOUND or WRONG_ORG_TYPE naming the setting, when it names no Dev Hub
     */
    Optional<OrgRecord> defaultDevHub(@CheckForNull OrgRecord named) {
        return setting == null ? Optional.empty() : setting.resolve(named);
    }

    /**
     * A credential with its org's record (marked as the default Dev Hub when the store's setting names it), or empty
     * when the credential holds an invalid value (see the class comment).
     */
    Optional<Entry> entryOf(SalesforceOrgCredentials c) {
        try {
            // The whole conversion, secret included, checks the credential; only the record is kept.
            OrgRecord record = OrgCredentialsMapping.toRegisteredOrg(c).record();
            if (record.devHub() && record.id().equals(defaultDevHubId())) {
                record = record.withDefaultDevHub(true);
            }
            return Optional.of(new Entry(this, c, record));
        } catch (SalesforceAuthException e) {
            boolean first;
            synchronized (WARNED) {
                first = WARNED.add(c);
            }
            if (first) {
                LOG.log(Level.WARNING, "Ignoring Salesforce credential {0} of {1}: {2}", new Object[] {
                    c.getId(), key, e.getMessage()
                });
            }
            return Optional.empty();
        }
    }

    /** The store's Salesforce orgs, in the store's order, each converted now ({@link #entryOf}). */
    List<Entry> entries() {
        return credentials().stream()
                .map(this::entryOf)
                .flatMap(Optional::stream)
                .toList();
    }

    /** The credential with this id, read now, or empty; only that credential is converted. */
    Optional<Entry> entry(String id) {
        return credentials().stream()
                .filter(c -> c.getId().equals(id))
                .findFirst()
                .flatMap(this::entryOf);
    }

    @Override
    public List<OrgRecord> list() {
        return entries().stream().map(Entry::record).toList();
    }

    @Override
    public Optional<OrgRecord> findById(String id) {
        return id == null ? Optional.empty() : entry(id).map(Entry::record);
    }

    @Override
    public Optional<RegisteredOrg> findRegistered(String id) {
        return id == null ? Optional.empty() : entry(id).map(Entry::org);
    }

    @Override
    public OrgRecord save(RegisteredOrg org) {
        return write(copy -> copy.save(org));
    }

    /** A save that dates the new secret as rotated ({@link OrgCredentialsMapping#dateSecret}). */
    @Override
    public OrgRecord saveRotated(RegisteredOrg org) {
        return write(copy -> copy.save(org), true);
    }

    /** Recorded in {@link LastGrants}, never in the credential; a failure is logged, never thrown at the token. */
    @Override
    public void granted(String id, Instant at) {
        try {
            LastGrants.get().granted(tokenCacheKey(id), at);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the last grant of Salesforce org " + id + " of " + key, e);
        }
    }

    /** When the org with this id was last granted a token, as far as {@link LastGrants} knows. */
    @CheckForNull
    public Instant lastGrantedAt(@NonNull String id) {
        return LastGrants.get().lastGrantedAt(tokenCacheKey(id));
    }

    /**
     * When the org with this id stops working, and why ({@link OrgCredentialsMapping#expiryOf}); empty when the store
     * does not hold it or its expiry is not known.
     */
    @NonNull
    public Optional<CredentialExpiry> expiryOf(@NonNull String id) {
        return entry(id).flatMap(e -> OrgCredentialsMapping.expiryOf(e.credentials(), e.record(), lastGrantedAt(id)));
    }

    /** The known expiries of the store's orgs, by credentials id, in the store's order. */
    @NonNull
    public Map<String, CredentialExpiry> expiries() {
        Map<String, CredentialExpiry> out = new LinkedHashMap<>();
        for (Entry e : entries()) {
            String id = e.record().id();
            OrgCredentialsMapping.expiryOf(e.credentials(), e.record(), lastGrantedAt(id))
                    .ifPresent(x -> out.put(id, x));
        }
        return out;
    }

    @Override
    public OrgRecord update(OrgRecord record) {
        return write(copy -> copy.update(record));
    }

    @Override
    public Optional<OrgRecord> remove(String id) {
        return write(copy -> copy.remove(id));
    }

    @Override
    public OrgRecord setDefaultDevHub(String id) {
        if (setting == null) {
            throw SalesforceAuthException.of(
                    Reason.NOT_ALLOWED,
                    "The credentials of " + key + " have no default Dev Hub setting.",
                    "Set the default Dev Hub of the system credentials or of a folder's credentials.");
        }
        return write(copy -> copy.setDefaultDevHub(id));
    }

    /** The org the store's setting names (see {@link DefaultDevHubSetting}); empty when none is set. */
    @Override
    public Optional<OrgRecord> defaultDevHub() {
        String id = defaultDevHubId();
        return id == null ? Optional.empty() : defaultDevHub(findById(id).orElse(null));
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        return StoreLocks.withLocks(List.of(key), work);
    }

    @Override
    public String tokenCacheKey(String id) {
        return key + "/" + id;
    }

    /**
     * Applies a change to a copy with the core's rules, then writes the difference to the credential store. The
     * system store's own writes (the credentials plugin's pages, configuration as code) are kept out meanwhile by
     * holding the provider's monitor, which they hold; for any store, a credential that another writer replaced after
     * it was read refuses the write ({@link StoreWrite#refuseIfChanged}) rather than overwriting that change.
     */
    private <T> T write(Function<InMemoryOrgStore, T> change) {
        return write(change, false);
    }

    /** {@code rotation}: the change stores a refresh token Salesforce rotated (its date is recorded as such). */
    private <T> T write(Function<InMemoryOrgStore, T> change, boolean rotation) {
        // (any other store: only this adapter's own monitor, which nobody else holds)
        Object monitor =
                store instanceof SystemCredentialsProvider.StoreImpl ? SystemCredentialsProvider.getInstance() : this;
        return atomically(() -> {
            synchronized (monitor) {
                return writeLocked(change, rotation);
            }
        });
    }

    private <T> T writeLocked(Function<InMemoryOrgStore, T> change, boolean rotation) {
        Map<String, Entry> before = new LinkedHashMap<>();
        Map<String, RegisteredOrg> old = new LinkedHashMap<>();
        for (Entry e : entries()) {
            before.put(e.record().id(), e);
            old.put(e.record().id(), e.org());
        }
        InMemoryOrgStore copy = InMemoryOrgStore.copyOf(old.values());
        T result = change.apply(copy);
        List<RegisteredOrg> after = copy.registeredOrgs();
        List<RegisteredOrg> changed = after.stream()
                .filter(o -> !old.containsKey(o.id()) || !withoutDefault(o).equals(withoutDefault(old.get(o.id()))))
                .toList();
        Set<String> kept = after.stream().map(RegisteredOrg::id).collect(Collectors.toSet());
        List<Entry> removed = before.values().stream()
                .filter(e -> !kept.contains(e.record().id()))
                .toList();
        List<Entry> replaced = new ArrayList<>(removed);
        changed.stream().map(o -> before.get(o.id())).filter(Objects::nonNull).forEach(replaced::add);
        // The default Dev Hub is the store's setting: written when the change moved it, else left as it is (even
        // when it names an org the store does not hold).
        String defaultAfter = defaultOf(after);
        StoreWrite write = new StoreWrite(store, key, asSystem, rotation);
        write.refuseIfChanged(replaced);
        write.apply(before, changed, removed, !Objects.equals(defaultOf(old.values()), defaultAfter), defaultAfter);
        return result;
    }

    private static RegisteredOrg withoutDefault(RegisteredOrg o) {
        return o.record().defaultDevHub() ? new RegisteredOrg(o.record().withDefaultDevHub(false), o.secret()) : o;
    }

    @CheckForNull
    private static String defaultOf(Collection<RegisteredOrg> orgs) {
        return orgs.stream()
                .filter(o -> o.record().defaultDevHub())
                .map(RegisteredOrg::id)
                .findFirst()
                .orElse(null);
    }

    @Override
    public String toString() {
        return "CredentialsOrgStore[" + key + "]";
    }
}
