package io.jenkins.plugins.salesforce.emulator;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A user of an emulated org. Create one with {@link Org#user(String)}. Setters return {@code this}.
 *
 * <p>JWT bearer grants need the user to be {@linkplain #preAuthorize(ConnectedApp) pre-authorised} for the app; every
 * refresh token issued to the user counts as an approval of its app.
 */
public final class User {
    private final SalesforceEmulator emulator;
    private final String id;
    private final String username;
    private final Org org;
    private volatile String firstName;
    private volatile String lastName;
    private volatile String email;
    private volatile boolean active = true;
    private volatile boolean frozen;
    private final Set<ConnectedApp> preAuthorized = new CopyOnWriteArraySet<>();
    private final Set<ConnectedApp> approved = new CopyOnWriteArraySet<>();

    User(SalesforceEmulator emulator, String id, String username, Org org) {
        this.emulator = emulator;
        this.id = id;
        this.username = username;
        this.org = org;
        String local = username.contains("@") ? username.substring(0, username.indexOf('@')) : username;
        this.firstName = local.isEmpty() ? "Test" : local.substring(0, 1).toUpperCase(Locale.ROOT) + local.substring(1);
        this.lastName = "User";
        this.email = username.contains("@") ? username.replaceFirst("(@[^.@]+\\.[a-z]+)\\..*$", "$1") : username;
    }

    /** Pre-authorises the user for a connected app ("Admin approved users are pre-authorized"), which JWT needs. */
    public User preAuthorize(ConnectedApp... apps) {
        preAuthorized.addAll(List.of(apps));
        return this;
    }

    /** Withdraws the pre-authorisation: JWT grants answer {@code user hasn't approved this consumer}. */
    public User revokePreAuthorization(ConnectedApp app) {
        preAuthorized.remove(app);
        return this;
    }

    /** Records that the user approved the app (a web or code grant does this too). */
    public User approve(ConnectedApp app) {
        approved.add(app);
        return this;
    }

    public User name(String first, String last) {
        this.firstName = first;
        this.lastName = last;
        return this;
    }

    public User email(String email) {
        this.email = email;
        return this;
    }

    /** Deactivates the user: grants answer {@code inactive user}, existing sessions get 401/403. */
    public User deactivate() {
        active = false;
        return this;
    }

    public User activate() {
        active = true;
        frozen = false;
        return this;
    }

    /** Freezes the user: same effect as deactivation for the APIs. */
    public User freeze() {
        frozen = true;
        return this;
    }

    public String id() {
        return id;
    }

    public String username() {
        return username;
    }

    public Org org() {
        return org;
    }

    public String firstName() {
        return firstName;
    }

    public String lastName() {
        return lastName;
    }

    public String displayName() {
        return firstName + " " + lastName;
    }

    public String email() {
        return email;
    }

    public boolean isActive() {
        return active;
    }

    public boolean isFrozen() {
        return frozen;
    }

    /** Active and not frozen: able to log in. */
    public boolean canLogIn() {
        return active && !frozen;
    }

    public boolean isPreAuthorized(ConnectedApp app) {
        return preAuthorized.contains(app);
    }

    public Set<ConnectedApp> preAuthorizedApps() {
        return Set.copyOf(preAuthorized);
    }

    public boolean hasApproved(ConnectedApp app) {
        return approved.contains(app);
    }

    /** The identity URL, {@code <login or test host>/id/<org id>/<user id>}, as token responses give it. */
    public String identityUrl() {
        return org.loginUrl() + "/id/" + org.id() + "/" + id;
    }

    /** Every refresh token issued to this user, oldest first, revoked ones included. */
    public List<RefreshToken> refreshTokens() {
        return emulator.refreshTokens().stream().filter(t -> t.user() == this).toList();
    }

    /** The refresh tokens for one app that still work. */
    public List<RefreshToken> liveRefreshTokens(ConnectedApp app) {
        return refreshTokens().stream()
                .filter(t -> t.app() == app && t.isUsableAt(emulator.clock().instant()))
                .toList();
    }

    /** Every access token issued to this user, oldest first. */
    public List<AccessToken> accessTokens() {
        return emulator.accessTokens().stream().filter(t -> t.user() == this).toList();
    }

    Set<ConnectedApp> approvedApps() {
        return approved;
    }

    @Override
    public String toString() {
        return "User[" + username + ", " + id + (canLogIn() ? "" : active ? ", frozen" : ", inactive") + "]";
    }
}
