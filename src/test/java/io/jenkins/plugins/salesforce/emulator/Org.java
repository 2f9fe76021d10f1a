package io.jenkins.plugins.salesforce.emulator;

import io.jenkins.plugins.salesforce.core.OrgType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An emulated org: a production org, Developer Edition, sandbox or scratch org, with its own instance (My Domain) host
 * on its own loopback port. Create one with {@link SalesforceEmulator#productionOrg(String)},
 * {@link SalesforceEmulator#developerEdition(String)}, {@link #sandbox(String)} or {@link #scratchOrg(String)}.
 * Setters return {@code this}, so seeding reads as one sentence.
 */
public final class Org {
    /** Whether the org answers. */
    public enum Status {
        ACTIVE,
        /** Locked, suspended or closed: grants answer {@code inactive organization}, sessions are refused. */
        INACTIVE,
        /** Gone: its instance host answers every request with 420 "Data Not Available". */
        DELETED
    }

    enum Kind {
        PRODUCTION,
        SANDBOX,
        SCRATCH
    }

    /** API versions every org offers unless told otherwise: 31.0 to 67.0. */
    public static final List<String> DEFAULT_API_VERSIONS = defaultVersions();

    private final SalesforceEmulator emulator;
    private final String id;
    private final Kind kind;
    private final Org parent;
    private final String myDomain;
    private final Instant createdAt;
    private final List<Integer> formerPorts = new CopyOnWriteArrayList<>();
    private volatile int port;
    private volatile String name;
    private volatile String instanceName;
    private volatile boolean isSandbox;
    private volatile String trialExpirationDate;
    private volatile String organizationType;
    private volatile String namespacePrefix;
    private volatile boolean devHub;
    private volatile Status status = Status.ACTIVE;
    private volatile Duration sessionTimeout = Duration.ofHours(2);
    private volatile List<String> apiVersions = DEFAULT_API_VERSIONS;
    private volatile boolean ipRestricted;
    private volatile int jwtReplicationDelay;
    private final AtomicInteger jwtGrantsSeen = new AtomicInteger();
    private volatile boolean scratchOrgInfoCustomFields = true;
    private volatile boolean scratchOrgInfoReadOnly;
    private volatile String jwtAudience;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final List<User> userOrder = new CopyOnWriteArrayList<>();
    private final List<Sandbox> sandboxes = new CopyOnWriteArrayList<>();
    private final List<ScratchOrgInfo> scratchOrgInfos = new CopyOnWriteArrayList<>();

    Org(
            SalesforceEmulator emulator,
            String id,
            Kind kind,
            Org parent,
            String myDomain,
            String name,
            Instant createdAt) {
        this.emulator = emulator;
        this.id = id;
        this.kind = kind;
        this.parent = parent;
        this.myDomain = myDomain;
        this.name = name;
        this.createdAt = createdAt;
        this.isSandbox = kind != Kind.PRODUCTION;
        this.organizationType = kind == Kind.SCRATCH ? "Developer Edition" : "Enterprise Edition";
        this.instanceName = switch (kind) {
            case PRODUCTION -> "USA123";
            case SANDBOX -> "USA456S";
            case SCRATCH -> "USA789S";
        };
    }

    // ---------------------------------------------------------------- seeding

    /** The user with this username, created (active, in this org) on first call. */
    public User user(String username) {
        Objects.requireNonNull(username, "username");
        User existing = emulator.findUser(username);
        if (existing != null) {
            if (existing.org() != this) {
                throw new IllegalArgumentException("Username " + username + " already belongs to org "
                        + existing.org().name());
            }
            return existing;
        }
        synchronized (users) {
            return users.computeIfAbsent(key(username), k -> {
                User u = new User(emulator, emulator.ids().next("005"), username, this);
                userOrder.add(u);
                return u;
            });
        }
    }

    /**
     * The sandbox with this name, created on first call (this must be a production org): a sandbox org whose users
     * are copies of this org's users ({@code admin@acme.com} becomes {@code admin@acme.com.uat}, with the same app
     * pre-authorisations), a SandboxInfo row and one {@code Completed} SandboxProcess row created by this org's first
     * user.
     */
    public Sandbox sandbox(String sandboxName) {
        if (kind != Kind.PRODUCTION) {
            throw new IllegalStateException("Only a production org has sandboxes; " + name + " is a " + type());
        }
        synchronized (sandboxes) {
            for (Sandbox s : sandboxes) {
                if (s.name().equalsIgnoreCase(sandboxName)) {
                    return s;
                }
            }
            Sandbox s = emulator.createSandbox(this, sandboxName);
            sandboxes.add(s);
            return s;
        }
    }

    /**
     * A new scratch org created from this Dev Hub, with one user {@code signupUsername} and an {@code Active}
     * ScratchOrgInfo row. The user is pre-authorised for every app the hub's users are pre-authorised for (scratch orgs
     * inherit the hub's JWT app). Call {@link ScratchOrgInfo#withSfdxAuthUrl()} to fill {@code SfdxAuthUrl__c}.
     */
    public ScratchOrgInfo scratchOrg(String signupUsername) {
        if (!devHub) {
            throw new IllegalStateException(name + " is not a Dev Hub: call devHub(true) first");
        }
        ScratchOrgInfo info = emulator.createScratchOrg(this, signupUsername);
        scratchOrgInfos.add(info);
        return info;
    }

    public Org name(String name) {
        this.name = name;
        return this;
    }

    public Org instanceName(String instanceName) {
        this.instanceName = instanceName;
        return this;
    }

    /** Makes the org a Dev Hub: ScratchOrgInfo queries and describe work. */
    public Org devHub(boolean devHub) {
        this.devHub = devHub;
        return this;
    }

    public Org isSandbox(boolean isSandbox) {
        this.isSandbox = isSandbox;
        return this;
    }

    /** {@code Organization.TrialExpirationDate}; null for none. */
    public Org trialExpirationDate(String isoDateTime) {
        this.trialExpirationDate = isoDateTime;
        return this;
    }

    public Org trialExpirationDate(LocalDate date) {
        return trialExpirationDate(date == null ? null : date + "T00:00:00.000+0000");
    }

    /** {@code Organization.OrganizationType}, for example {@code Developer Edition} or {@code Unlimited Edition}. */
    public Org organizationType(String organizationType) {
        this.organizationType = organizationType;
        return this;
    }

    public Org namespacePrefix(String namespacePrefix) {
        this.namespacePrefix = namespacePrefix;
        return this;
    }

    /** How long an access token lives (default 2 h). Applies to tokens issued afterwards. */
    public Org sessionTimeout(Duration timeout) {
        this.sessionTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** The versions {@code GET /services/data} lists, for example {@code "9.0", "66.0", "100.0"}. */
    public Org apiVersions(String... versions) {
        this.apiVersions = List.of(versions);
        return this;
    }

    /** IP restrictions: every grant for this org answers {@code ip restricted}. */
    public Org ipRestricted(boolean restricted) {
        this.ipRestricted = restricted;
        return this;
    }

    /** Locks the org: grants answer {@code inactive organization}, sessions are refused. */
    public Org deactivate() {
        this.status = Status.INACTIVE;
        return this;
    }

    public Org activate() {
        this.status = Status.ACTIVE;
        return this;
    }

    /** Deletes the org: its instance host answers 420 "Data Not Available", grants elsewhere {@code inactive organization}. */
    public Org delete() {
        this.status = Status.DELETED;
        return this;
    }

    /** Replication delay: the next {@code calls} JWT grants for users of this org answer NOT_APPROVED. */
    public Org jwtReplicationDelay(int calls) {
        this.jwtReplicationDelay = calls;
        this.jwtGrantsSeen.set(0);
        return this;
    }

    /** Makes {@code SfdxAuthUrl__c} read-only for the API user, so that writing it back is refused. */
    public Org scratchOrgInfoReadOnly(boolean readOnly) {
        this.scratchOrgInfoReadOnly = readOnly;
        return this;
    }

    boolean isScratchOrgInfoReadOnly() {
        return scratchOrgInfoReadOnly;
    }

    /**
     * Makes the org's My Domain accept JWT bearer assertions only with this {@code aud} (and no longer login or test),
     * as an instance whose authorization server has its own URL does; null for the usual rule.
     */
    public Org jwtAudience(String audience) {
        this.jwtAudience = audience;
        return this;
    }

    String jwtAudience() {
        return jwtAudience;
    }

    /**
     * Whether this Dev Hub's ScratchOrgInfo has the sfp pool custom fields ({@code SfdxAuthUrl__c}, {@code Pooltag__c},
     * {@code Password__c}, {@code Allocation_status__c}). On by default; off makes queries naming them fail with 400
     * INVALID_FIELD and removes them from describe.
     */
    public Org scratchOrgInfoCustomFields(boolean present) {
        this.scratchOrgInfoCustomFields = present;
        return this;
    }

    /**
     * Moves the org to a new instance host (a new port), as enabling My Domain does: later token responses give the
     * new {@code instance_url}. The old host keeps answering for this org until {@link #retireFormerInstanceUrls()}.
     *
     * @return the new instance URL
     */
    public String changeInstanceUrl() {
        emulator.moveOrg(this);
        return instanceUrl();
    }

    /** Stops the hosts this org used before {@link #changeInstanceUrl()}: connections to them are refused. */
    public Org retireFormerInstanceUrls() {
        emulator.retirePorts(this);
        return this;
    }

    // ---------------------------------------------------------------- getters

    /** The 18-character org id, e.g. {@code 00D000000000001EAA}. */
    public String id() {
        return id;
    }

    /** The 15-character org id, e.g. {@code 00D000000000001}. */
    public String id15() {
        return Ids.to15(id);
    }

    public String name() {
        return name;
    }

    public String instanceName() {
        return instanceName;
    }

    /** The org's instance (My Domain) URL: {@code http://127.0.0.1:<port>} ({@code https} when the emulator is). */
    public String instanceUrl() {
        return emulator.origin(port);
    }

    public int instancePort() {
        return port;
    }

    /** The instance URLs this org had before {@link #changeInstanceUrl()}. */
    public List<String> formerInstanceUrls() {
        return formerPorts.stream().map(emulator::origin).toList();
    }

    /**
     * The shared login host for this org: {@link SalesforceEmulator#loginUrl()} (plays login.salesforce.com) for
     * production and Developer Edition orgs, {@link SalesforceEmulator#testUrl()} (plays test.salesforce.com) for
     * sandboxes and scratch orgs. Identity URLs use it.
     */
    public String loginUrl() {
        return kind == Kind.PRODUCTION ? emulator.loginUrl() : emulator.testUrl();
    }

    /** The real host this org stands for, e.g. {@code acme.my.salesforce.com}; for display only. */
    public String myDomain() {
        return myDomain;
    }

    public boolean isSandbox() {
        return isSandbox;
    }

    public String trialExpirationDate() {
        return trialExpirationDate;
    }

    public String organizationType() {
        return organizationType;
    }

    public String namespacePrefix() {
        return namespacePrefix;
    }

    public boolean isDevHub() {
        return devHub;
    }

    /** The plugin's classification of this org ({@link OrgType#classify}). */
    public OrgType type() {
        return OrgType.classify(isSandbox, trialExpirationDate, organizationType);
    }

    /** Whether this is a production-type org (production, Developer Edition, trial): it can manage sandboxes. */
    public boolean isProductionKind() {
        return kind == Kind.PRODUCTION;
    }

    public Status status() {
        return status;
    }

    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    public List<String> apiVersions() {
        return apiVersions;
    }

    public boolean isIpRestricted() {
        return ipRestricted;
    }

    public boolean hasScratchOrgInfoCustomFields() {
        return scratchOrgInfoCustomFields;
    }

    /** The production org of a sandbox, the Dev Hub of a scratch org, null otherwise. */
    public Org parent() {
        return parent;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Users in creation order. */
    public List<User> users() {
        return List.copyOf(userOrder);
    }

    public List<Sandbox> sandboxes() {
        return List.copyOf(sandboxes);
    }

    /** ScratchOrgInfo rows of this Dev Hub, in creation order. */
    public List<ScratchOrgInfo> scratchOrgInfos() {
        return List.copyOf(scratchOrgInfos);
    }

    // ---------------------------------------------------------------- internal

    Kind kind() {
        return kind;
    }

    User findUserHere(String username) {
        return users.get(key(username));
    }

    void port(int port) {
        if (this.port != 0) {
            formerPorts.add(this.port);
        }
        this.port = port;
    }

    List<Integer> formerPorts() {
        return formerPorts;
    }

    /** Counts a JWT grant against the replication delay; true while the delay still applies. */
    boolean replicationDelayApplies() {
        return jwtGrantsSeen.incrementAndGet() <= jwtReplicationDelay;
    }

    void addUserCopy(User u) {
        users.put(key(u.username()), u);
        userOrder.add(u);
    }

    void removeSandbox(Sandbox s) {
        sandboxes.remove(s);
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    private static List<String> defaultVersions() {
        List<String> v = new ArrayList<>();
        for (int i = 31; i <= 67; i++) {
            v.add(i + ".0");
        }
        return List.copyOf(v);
    }

    @Override
    public String toString() {
        return "Org[" + name + ", " + id + ", " + type() + (devHub ? ", Dev Hub" : "") + ", " + instanceUrl()
                + (status == Status.ACTIVE ? "" : ", " + status) + "]";
    }
}
