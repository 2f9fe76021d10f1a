package io.jenkins.plugins.salesforce;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.ProxyConfiguration;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.ModelObject;
import hudson.model.Queue;
import hudson.model.Saveable;
import hudson.model.User;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import io.jenkins.plugins.salesforce.core.ConnectionTest;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SalesforceHosts;
import io.jenkins.plugins.salesforce.core.TokenResult;
import io.jenkins.plugins.salesforce.core.flows.FlowContext;
import io.jenkins.plugins.salesforce.core.flows.JitLogin;
import io.jenkins.plugins.salesforce.core.flows.SandboxDiscovery;
import io.jenkins.plugins.salesforce.core.flows.SandboxSessions;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgFilter;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.core.tokens.OrgTokens;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import io.jenkins.plugins.salesforce.core.tokens.TokenServiceBuilder;
import io.jenkins.plugins.salesforce.credentials.CredentialsOrgStore;
import io.jenkins.plugins.salesforce.credentials.OrgStoreView;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * The one shared Salesforce service of the controller: what the credential forms, the pipeline steps, the binding,
 * the Salesforce Orgs page, its REST actions and the CLI call. It builds the core {@link TokenService} once (Jenkins'
 * proxy settings through {@link ProxyConfiguration#newHttpClientBuilder()} and {@link SalesforceHttp#configure},
 * the allowed hosts and session timeout of {@link SalesforceConfiguration}, {@link Clock#systemUTC()}) and keeps
 * <b>one token cache</b> for the whole controller.
 *
 * <h2>Contexts</h2>
 * The orgs a caller sees depend on where it stands: a build sees the credentials of its folders and of the system
 * store, as its {@link Authentication} allows. Each call names that context ({@link ItemGroup} or {@link Item}) and
 * gets a {@link TokenService#forStore view} of the shared service over an {@link OrgStoreView}, built for that call
 * ({@link #tokens(OrgStore)} over a view the caller built, such as a build's {@code OrgStoreView.of(run)}): ids,
 * usernames and JIT sandbox names resolve nearest store first (folder, parent folders, system), once per view, the
 * nearest store's default Dev Hub wins, and the cache is shared (keyed by store and id, so a folder's {@code prod} and
 * the system's {@code prod} never share a token).
 *
 * <h2>Permissions</h2>
 * This class checks no permission: the caller (step, page, CLI command, form) checks its own permission first, then
 * passes the {@link Authentication} whose credentials should be visible ({@link ACL#SYSTEM2} only after such a
 * check, or the build's authentication from {@link Tasks#getAuthenticationOf2}). Writes for registration go to one
 * {@link CredentialsStore} as the current thread's authentication, so the store's own CREATE/UPDATE/DELETE checks
 * apply. The token service's bookkeeping writes (a rotated refresh token, discovered facts) run as the system.
 *
 * <p>Salesforce failures surface as {@link SalesforceAuthException}; show {@link SalesforceAuthException#getMessage()}
 * as is (it names the org, the cause and the fix, never a secret).
 */
@Extension
public class SalesforceService {
    private static final Logger LOG = Logger.getLogger(SalesforceService.class.getName());

    /** The JIT sandbox sessions of every token service this one builds, so that a sandbox user keeps one approval. */
    private final SandboxSessions sandboxSessions = new SandboxSessions();

    private TokenService root;
    private HttpClient client;
    private SalesforceHttp http;
    private String builtFor;

    /** The controller's service. */
    @NonNull
    public static SalesforceService get() {
        return ExtensionList.lookupSingleton(SalesforceService.class);
    }

    /** Called when {@link SalesforceConfiguration} is saved: the next call rebuilds the token service. */
    static void configurationChanged() {
        ExtensionList<SalesforceService> services = ExtensionList.lookup(SalesforceService.class);
        if (!services.isEmpty()) {
            services.get(0).reconfigure();
        }
    }

    /** Drops the token service and its cache; the next call builds a new one from the current configuration. */
    public synchronized void reconfigure() {
        if (root != null) {
            root.evictAll();
        }
        root = null;
        http = null;
        builtFor = null;
        if (client != null) {
            client.shutdown();
            client = null;
        }
        http = null;
    }

    /** The allowlist of hosts credentials may be sent to (Salesforce's own plus the administrator's). */
    @NonNull
    public SalesforceHosts hosts() {
        return SalesforceConfiguration.get().hosts();
    }

    /**
     * The shared token service, over no store of its own: use {@link #tokens(ModelObject, Authentication)} or
     * {@link #tokensIn(CredentialsStore)} for orgs. Rebuilt when the configuration or the proxy settings change.
     */
    @NonNull
    public synchronized TokenService root() {
        SalesforceConfiguration config = SalesforceConfiguration.get();
        String wanted =
                config.getAllowedHostList() + "|" + config.getSessionTimeoutMinutes() + "|" + proxyFingerprint();
        if (root == null || !wanted.equals(builtFor)) {
            reconfigure();
            client = SalesforceHttp.configure(ProxyConfiguration.newHttpClientBuilder())
                    .build();
            SalesforceHttp http = new SalesforceHttp(client);
            this.http = http;
            SalesforceHosts hosts = config.hosts();
            Clock clock = Clock.systemUTC();
            TokenServiceBuilder b = TokenService.builder()
                    .store(new InMemoryOrgStore())
                    .http(http)
                    .hosts(hosts)
                    .clock(clock);
            try {
                b.sessionTimeout(config.sessionTimeout());
            } catch (SalesforceAuthException e) {
                LOG.log(Level.WARNING, "Ignoring the configured session timeout: {0}", e.getMessage());
            }
            // JIT sandboxes: registration checks the sandbox, tokens come through the production org; both ask the
            // (per-context) service they are built with for the production org's token.
            b.sandboxValidatorFrom(tokens -> new SandboxDiscovery(flowContext(http, hosts, clock, tokens, config)));
            b.jitSandboxesFrom(tokens -> {
                JitLogin login = new JitLogin(flowContext(http, hosts, clock, tokens, config));
                return (production, productionToken, sandbox) ->
                        login.login(production, sandbox.sandboxName()).accessToken();
            });
            root = b.build();
            builtFor = wanted;
        }
        return root;
    }

    /**
     * The context of the core flows ({@link SalesforceFlows}) over a token port, usually a view
     * {@link #tokens(ModelObject, Authentication)}: the service's transport, allowed hosts, clock and session
     * timeout, the sf CLI's callback URL and test.salesforce.com.
     */
    @NonNull
    public FlowContext flowContext(@NonNull OrgTokens tokens) {
        SalesforceHttp transport;
        synchronized (this) {
            root();
            transport = http;
        }
        SalesforceConfiguration config = SalesforceConfiguration.get();
        return flowContext(transport, config.hosts(), Clock.systemUTC(), tokens, config);
    }

    private FlowContext flowContext(
            SalesforceHttp http, SalesforceHosts hosts, Clock clock, OrgTokens tokens, SalesforceConfiguration config) {
        FlowContext context = FlowContext.of(http, hosts, clock, tokens).withSandboxSessions(sandboxSessions);
        try {
            return context.withSessionTimeout(config.sessionTimeout());
        } catch (IllegalArgumentException e) {
            return context;
        }
    }

    private static String proxyFingerprint() {
        ProxyConfiguration p = Jenkins.get().getProxy();
        return p == null ? "" : p.getName() + ":" + p.getPort() + ":" + p.getNoProxyHost() + ":" + p.getUserName();
    }

    // ------------------------------------------------------------------------------------------ views by context

    /**
     * The orgs visible in a context: the Salesforce credentials of the context's credential stores (nearest first:
     * the folder itself, parent folders, the system store) that {@code auth} can see.
     *
     * @param context an {@link Item} (a job or folder), an {@link ItemGroup}, or {@link Jenkins}
     * @param auth whose view of the credentials (the build's authentication, or {@link ACL#SYSTEM2} after a check)
     */
    @NonNull
    public OrgStore orgs(@NonNull ModelObject context, @NonNull Authentication auth) {
        return new OrgStoreView(context, auth);
    }

    /**
     * Like {@link #orgs(ModelObject, Authentication)}, choosing whether SYSTEM-scoped credentials are in the view.
     * They are for Jenkins itself: a caller who is not an administrator must get {@code systemScope = false}, the
     * credentials a job would see.
     */
    @NonNull
    public OrgStore orgs(@NonNull ModelObject context, @NonNull Authentication auth, boolean systemScope) {
        return new OrgStoreView(context, auth, systemScope);
    }

    /** The token service over {@link #orgs(ModelObject, Authentication, boolean)}, sharing the token cache. */
    @NonNull
    public TokenService tokens(@NonNull ModelObject context, @NonNull Authentication auth, boolean systemScope) {
        return root().forStore(orgs(context, auth, systemScope));
    }

    /**
     * The credential behind a registered org visible in a context (nearest store first), for example to record its
     * use with {@code CredentialsProvider.track(run, credential)}. Pass the credentials id, that is the
     * {@code OrgRecord.id()} that {@code tokens(...).resolver().resolve(ref)} gives for an {@code org:} reference.
     */
    @CheckForNull
    public SalesforceOrgCredentials credentials(
            @NonNull ModelObject context, @NonNull Authentication auth, @NonNull String id) {
        return new OrgStoreView(context, auth).credentials(id).orElse(null);
    }

    /** The token service over {@link #orgs(ModelObject, Authentication)}, sharing the controller's token cache. */
    @NonNull
    public TokenService tokens(@NonNull ModelObject context, @NonNull Authentication auth) {
        return root().forStore(orgs(context, auth));
    }

    /**
     * The token service over a view the caller built, sharing the token cache: for a caller that resolves an org
     * in the view once and then asks {@code token(org)}, the audit and the flows over the same view.
     */
    @NonNull
    public TokenService tokens(@NonNull OrgStore orgs) {
        return root().forStore(orgs);
    }

    /** The authentication a job's builds run as ({@link ACL#SYSTEM2} unless an authorization plugin says otherwise). */
    @NonNull
    public static Authentication authenticationOf(@NonNull Job<?, ?> job) {
        return job instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
    }

    /**
     * A token for an org ({@code org:} = credentials id, username or JIT sandbox name), from the shared cache.
     *
     * @throws SalesforceAuthException NOT_FOUND, BAD_INPUT, or the grant's failure
     */
    @NonNull
    public TokenResult token(@NonNull ModelObject context, @NonNull Authentication auth, @NonNull String ref) {
        return tokens(context, auth).token(ref);
    }

    /** A token for the nearest store's default Dev Hub ({@code devHub: true}). */
    @NonNull
    public TokenResult defaultDevHubToken(@NonNull ModelObject context, @NonNull Authentication auth) {
        return tokens(context, auth).defaultDevHubToken();
    }

    /** Tests a registered org with a fresh grant; a refusal is reported in the result, not thrown. */
    @NonNull
    public ConnectionTest testConnection(
            @NonNull ModelObject context, @NonNull Authentication auth, @NonNull String ref) {
        return tokens(context, auth).testConnection(ref);
    }

    /** The orgs visible in a context that match the filter, sorted by id; never a secret. */
    @NonNull
    public List<OrgRecord> list(
            @NonNull ModelObject context, @NonNull Authentication auth, @CheckForNull OrgFilter filter) {
        return tokens(context, auth).resolver().list(filter);
    }

    // ------------------------------------------------------------------------------------------- one store

    /**
     * One credential store as an {@link OrgStore}: where registrations, metadata updates, default Dev Hub changes
     * and removals are written ({@code Domain.global()}), as the current thread's authentication.
     */
    @NonNull
    public OrgStore orgStore(@NonNull CredentialsStore store) {
        return new CredentialsOrgStore(store, false);
    }

    /**
     * The token service over one credential store, for writes: {@code tokensIn(store).register(request)} validates
     * with Salesforce, then upserts by username; {@code .registry()} updates metadata, moves the default Dev Hub,
     * removes orgs. The caller checks {@code CredentialsProvider.CREATE/UPDATE/DELETE} on the store first.
     */
    @NonNull
    public TokenService tokensIn(@NonNull CredentialsStore store) {
        return root().forStore(orgStore(store));
    }

    /** Registers an org in a store (validated with Salesforce first; nothing is written on failure). */
    @NonNull
    public OrgRecord register(@NonNull CredentialsStore store, @NonNull RegistrationRequest request) {
        return tokensIn(store).register(request);
    }

    /**
     * Validates a registration with Salesforce without storing it: the org as it would be stored (discovered fields
     * filled, the secret Salesforce may have rotated during the validation). Used by the credential forms.
     *
     * @throws SalesforceAuthException when Salesforce refuses the secret or the request is invalid
     */
    @NonNull
    public RegisteredOrg validate(@NonNull RegistrationRequest request) {
        InMemoryOrgStore scratch = new InMemoryOrgStore();
        OrgRecord stored = root().forStore(scratch).register(request);
        return scratch.findRegistered(stored.id()).orElseThrow();
    }

    /**
     * Checks a JIT sandbox before it is saved, without writing anything: the production org must be registered in the
     * context (with a secret, not a sandbox or scratch org), and the sandbox must exist and be ready in it (through
     * the production org's token, from the shared cache; a refresh token rotated meanwhile is stored in the
     * production org's credential).
     *
     * @param systemScope whether a SYSTEM-scoped production org may be used: only for an administrator
     * @return the sandbox's org id
     * @throws SalesforceAuthException NOT_FOUND, WRONG_ORG_TYPE, NOT_READY or Salesforce's refusal
     */
    @NonNull
    public String checkJitSandbox(
            @NonNull ModelObject context,
            @NonNull Authentication auth,
            boolean systemScope,
            @NonNull String productionRef,
            @NonNull String sandboxName) {
        TokenService tokens = tokens(context, auth, systemScope);
        OrgRecord production = tokens.resolver().resolveProductionOrg(productionRef);
        RegisteredOrg withSecret = tokens.resolver().resolveRegistered(production.id());
        SalesforceHttp transport;
        synchronized (this) {
            transport = http;
        }
        return new SandboxDiscovery(
                        flowContext(transport, hosts(), Clock.systemUTC(), tokens, SalesforceConfiguration.get()))
                .validateSandbox(withSecret, sandboxName);
    }

    /**
     * The credential store of a context itself (the system store for {@link Jenkins}, a folder's store for a
     * folder), or null when it has none.
     */
    @CheckForNull
    public static CredentialsStore storeOf(@NonNull ModelObject context) {
        for (CredentialsStore s : CredentialsProvider.lookupStores(context)) {
            if (Objects.equals(s.getContext(), context)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Whether a saved object holds a credential store whose contents may just have changed: the system credentials,
     * a store itself, an item group (a folder's store is saved with the folder), or a user (a user's store). Saves
     * of builds and jobs, by far the most frequent, are not.
     */
    public static boolean holdsCredentialStore(@NonNull Saveable saved) {
        return saved instanceof SystemCredentialsProvider
                || saved instanceof CredentialsStore
                || saved instanceof ItemGroup<?>
                || saved instanceof User;
    }

    @Override
    public String toString() {
        return "SalesforceService[" + root + "]";
    }
}
