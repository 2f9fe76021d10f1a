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
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SalesforceHosts;
import io.jenkins.plugins.salesforce.core.flows.FlowContext;
import io.jenkins.plugins.salesforce.core.flows.JitLogin;
import io.jenkins.plugins.salesforce.core.flows.SandboxSessions;
import io.jenkins.plugins.salesforce.core.flows.UnregisteredTokens;
import io.jenkins.plugins.salesforce.core.http.SalesforceHttp;
import io.jenkins.plugins.salesforce.core.orgs.InMemoryOrgStore;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgStore;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import io.jenkins.plugins.salesforce.core.orgs.UsageLog;
import io.jenkins.plugins.salesforce.core.tokens.OrgTokens;
import io.jenkins.plugins.salesforce.core.tokens.TokenService;
import io.jenkins.plugins.salesforce.core.tokens.TokenServiceBuilder;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.springframework.security.core.Authentication;

/**
 * The controller's one Salesforce service: it builds the core {@link TokenService} once (Jenkins' proxy settings
 * through {@link ProxyConfiguration#newHttpClientBuilder()} and {@link SalesforceHttp#configure}, the allowed hosts
 * and session timeout of {@link SalesforceConfiguration}) and keeps <b>one token cache</b> for the whole controller.
 * Callers ask for the service over the orgs they may see ({@link #tokens(OrgStore)} over a view of the credential
 * stores, built in the {@code credentials} package); the cache is keyed by store and id, so a folder's {@code prod}
 * and the system's {@code prod} never share a token.
 *
 * <p>This class checks no permission: the caller checks its own first, and builds its view with the authentication
 * whose credentials should be visible ({@link ACL#SYSTEM2} only after such a check, or the build's,
 * {@link #authenticationOf}). Salesforce failures surface as {@link SalesforceAuthException}s whose message names
 * the org, the cause and the fix, never a secret: show it as is.
 */
@Extension
public class SalesforceService {
    private static final Logger LOG = Logger.getLogger(SalesforceService.class.getName());

    /** The JIT sandbox sessions of every token service this one builds, so that a sandbox user keeps one approval. */
    private final SandboxSessions sandboxSessions = new SandboxSessions();

    private final UnregisteredTokens unregisteredTokens = new UnregisteredTokens();

    private TokenService root;
    private HttpClient client;
    private SalesforceHttp http;
    private String builtFor;
    /** What token expiry is measured with; only tests set another (the emulator's), see {@link #useClock}. */
    private volatile Clock clock = Clock.systemUTC();

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

    /** How many events of an org the usage log keeps at least. */
    public static final int USAGE_EVENTS_KEPT = 1000;

    private UsageLog usageLog;

    /** The log of secrets handed out, per org, under {@code JENKINS_HOME/salesforce-org-credentials/usage}. */
    @NonNull
    public synchronized UsageLog usageLog() {
        if (usageLog == null) {
            usageLog = new UsageLog(
                    Jenkins.get()
                            .getRootDir()
                            .toPath()
                            .resolve("salesforce-org-credentials")
                            .resolve("usage"),
                    USAGE_EVENTS_KEPT);
        }
        return usageLog;
    }

    /** The clock token expiry and {@code minValidity} are measured with. */
    @NonNull
    public Clock clock() {
        return clock;
    }

    /**
     * Measures token expiry with another clock from now on, dropping the token cache: for tests that let time pass on
     * an emulated Salesforce's clock.
     */
    @Restricted(NoExternalUse.class)
    public synchronized void useClock(@NonNull Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        reconfigure();
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
    }

    /** The allowlist of hosts credentials may be sent to (Salesforce's own plus the administrator's). */
    @NonNull
    public SalesforceHosts hosts() {
        return SalesforceConfiguration.get().hosts();
    }

    /**
     * The shared token service, over no store of its own; rebuilt when the proxy settings change, or after
     * {@link SalesforceConfiguration} is saved ({@link #configurationChanged}).
     */
    @NonNull
    public synchronized TokenService root() {
        SalesforceConfiguration config = SalesforceConfiguration.get();
        String wanted = proxyFingerprint(); // every step asks: cheap, unlike comparing the whole configuration
        if (root == null || !wanted.equals(builtFor)) {
            reconfigure();
            client = SalesforceHttp.configure(ProxyConfiguration.newHttpClientBuilder())
                    .build();
            SalesforceHttp http = new SalesforceHttp(client);
            this.http = http;
            TokenServiceBuilder b = TokenService.builder()
                    .store(new InMemoryOrgStore())
                    .http(http)
                    .hosts(config.hosts())
                    .clock(clock);
            try {
                b.sessionTimeout(config.sessionTimeout());
            } catch (SalesforceAuthException e) {
                LOG.log(Level.WARNING, "Ignoring the configured session timeout: {0}", e.getMessage());
            }
            // JIT sandboxes: registration checks the sandbox, tokens come through the production org; both ask the
            // (per-context) service they are built with for the production org's token.
            b.sandboxValidatorFrom(tokens -> new JitLogin(flowContext(http, tokens)));
            b.jitSandboxesFrom(tokens -> {
                JitLogin login = new JitLogin(flowContext(http, tokens));
                return (production, productionToken, sandbox) ->
                        login.login(production, sandbox.sandboxName()).accessToken();
            });
            root = b.build();
            builtFor = wanted;
        }
        return root;
    }

    /** The context of the core flows over a token port: the service's transport, allowed hosts and session timeout. */
    @NonNull
    public FlowContext flowContext(@NonNull OrgTokens tokens) {
        SalesforceHttp transport;
        synchronized (this) {
            root();
            transport = http;
        }
        return flowContext(transport, tokens);
    }

    private FlowContext flowContext(SalesforceHttp http, OrgTokens tokens) {
        SalesforceConfiguration config = SalesforceConfiguration.get();
        FlowContext context = FlowContext.of(http, config.hosts(), clock, tokens)
                .withSandboxSessions(sandboxSessions)
                .withUnregisteredTokens(unregisteredTokens)
                .withCallbackUrl(config.callbackUrl());
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

    /** The token service over a view of the orgs, sharing the controller's token cache. */
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

    /** The system store and the store of every folder (every item group that has one), in that order. */
    @NonNull
    public static List<CredentialsStore> allStores() {
        List<ModelObject> contexts = new ArrayList<>(List.of(Jenkins.get()));
        Jenkins.get().allItems(Item.class, i -> i instanceof ItemGroup<?>).forEach(contexts::add);
        List<CredentialsStore> stores = new ArrayList<>();
        for (ModelObject context : contexts) {
            CredentialsStore store = storeOf(context);
            if (store != null) {
                stores.add(store);
            }
        }
        return stores;
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
}
