package io.jenkins.plugins.salesforce.emulator;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A ScratchOrgInfo row on a Dev Hub, with the scratch org and its user. Create one with {@link Org#scratchOrg(String)}.
 * Setters return {@code this}. The custom fields are visible only while the hub has them
 * ({@link Org#scratchOrgInfoCustomFields(boolean)}).
 */
public final class ScratchOrgInfo {
    private final SalesforceEmulator emulator;
    private final String id;
    private final Org devHub;
    private final Org org;
    private final User user;
    private final User owner;
    private volatile Instant createdDate;
    private volatile String status = "Active";
    private volatile String errorCode;
    private volatile LocalDate expirationDate;
    private volatile String sfdxAuthUrl;
    private volatile String pooltag;
    private volatile String allocationStatus;
    private volatile String password;
    private volatile String edition = "Developer";
    private volatile String connectedAppConsumerKey = ConnectedApp.PLATFORM_CLI;
    private volatile String connectedAppCallbackUrl = ConnectedApp.PLATFORM_CLI_CALLBACK;
    private volatile AuthCode authCode;

    ScratchOrgInfo(
            SalesforceEmulator emulator,
            String id,
            Org devHub,
            Org org,
            User user,
            User owner,
            Instant createdDate,
            LocalDate expirationDate) {
        this.emulator = emulator;
        this.id = id;
        this.devHub = devHub;
        this.org = org;
        this.user = user;
        this.owner = owner;
        this.createdDate = createdDate;
        this.expirationDate = expirationDate;
    }

    /** {@code New}, {@code Creating}, {@code Active}, {@code Error} or {@code Deleted}. */
    public ScratchOrgInfo status(String status) {
        this.status = status;
        return this;
    }

    /** Status {@code Error} with this code, for example {@code C-1016}. */
    public ScratchOrgInfo error(String errorCode) {
        this.status = "Error";
        this.errorCode = errorCode;
        return this;
    }

    /** Status {@code Deleted}, and the scratch org itself deleted (its host answers 420). */
    public ScratchOrgInfo delete() {
        this.status = "Deleted";
        org.delete();
        return this;
    }

    /** Sets {@code SfdxAuthUrl__c} as given (for example {@code force://PlatformCLI::undefined@...} or garbage). */
    public ScratchOrgInfo sfdxAuthUrl(String value) {
        this.sfdxAuthUrl = value;
        return this;
    }

    /** Issues a refresh token for the scratch user and the {@code PlatformCLI} app and stores its auth URL. */
    public ScratchOrgInfo withSfdxAuthUrl() {
        return withSfdxAuthUrl(emulator.platformCli());
    }

    /** Issues a refresh token for the scratch user and {@code app} and stores its auth URL in {@code SfdxAuthUrl__c}. */
    public ScratchOrgInfo withSfdxAuthUrl(ConnectedApp app) {
        this.sfdxAuthUrl = emulator.authUrlFor(user, app);
        return this;
    }

    public ScratchOrgInfo pooltag(String tag) {
        this.pooltag = tag;
        return this;
    }

    /** {@code In Progress}, {@code Available}, {@code Allocate}, {@code Assigned} or {@code Return}. */
    public ScratchOrgInfo allocationStatus(String status) {
        this.allocationStatus = status;
        return this;
    }

    public ScratchOrgInfo password(String password) {
        this.password = password;
        return this;
    }

    public ScratchOrgInfo expirationDate(LocalDate date) {
        this.expirationDate = date;
        return this;
    }

    public ScratchOrgInfo createdDate(Instant when) {
        this.createdDate = when;
        return this;
    }

    public ScratchOrgInfo edition(String edition) {
        this.edition = edition;
        return this;
    }

    /** The app recorded as having created the org ({@code ConnectedAppConsumerKey}, {@code ConnectedAppCallbackUrl}). */
    public ScratchOrgInfo createdWith(ConnectedApp app) {
        return createdWith(
                app, app.callbackUrls().isEmpty() ? null : app.callbackUrls().get(0));
    }

    /** The app and the callback URL the signup request named ({@code ConnectedAppCallbackUrl} as given). */
    public ScratchOrgInfo createdWith(ConnectedApp app, String callbackUrl) {
        this.connectedAppConsumerKey = app.consumerKey();
        this.connectedAppCallbackUrl = callbackUrl;
        return this;
    }

    /**
     * Fills {@code AuthCode} as Salesforce does when a signup completes: a one-time authorization code for the scratch
     * org's user, bound to the recorded app ({@code ConnectedAppConsumerKey}) and callback URL
     * ({@code ConnectedAppCallbackUrl}), valid for {@link SalesforceEmulator#AUTH_CODE_LIFETIME}. A client that waited
     * for the org exchanges it at {@code LoginUrl} with the authorization-code grant; that is how {@code sf org create
     * scratch} (without {@code --async}) logs in to the new org. Rows seeded with {@link Org#scratchOrg(String)} have
     * none until this is called; rows a signup creates get one at once.
     */
    public ScratchOrgInfo withAuthCode() {
        ConnectedApp app = emulator.findApp(connectedAppConsumerKey);
        if (app == null || connectedAppCallbackUrl == null) {
            throw new IllegalStateException("An AuthCode needs a known ConnectedAppConsumerKey and a callback URL: "
                    + connectedAppConsumerKey + ", " + connectedAppCallbackUrl);
        }
        this.authCode = emulator.issueAuthCode(user, app, connectedAppCallbackUrl);
        return this;
    }

    public String id() {
        return id;
    }

    public Org devHub() {
        return devHub;
    }

    /** The scratch org. */
    public Org org() {
        return org;
    }

    /** The scratch org's user, whose username is {@code SignupUsername}. */
    public User user() {
        return user;
    }

    public String signupUsername() {
        return user.username();
    }

    /** The Dev Hub user who created the row (OwnerId, CreatedById); null if the hub had no user. */
    public User owner() {
        return owner;
    }

    /** {@code LoginUrl}: the scratch org's instance URL. */
    public String loginUrl() {
        return org.instanceUrl();
    }

    public String status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public Instant createdDate() {
        return createdDate;
    }

    public LocalDate expirationDate() {
        return expirationDate;
    }

    /** {@code SfdxAuthUrl__c} (contains a refresh token: never log it). */
    public String sfdxAuthUrl() {
        return sfdxAuthUrl;
    }

    public String pooltag() {
        return pooltag;
    }

    public String allocationStatus() {
        return allocationStatus;
    }

    public String password() {
        return password;
    }

    public String edition() {
        return edition;
    }

    public String connectedAppConsumerKey() {
        return connectedAppConsumerKey;
    }

    public String connectedAppCallbackUrl() {
        return connectedAppCallbackUrl;
    }

    /** {@code AuthCode}: null until {@link #withAuthCode()}; the code stays on the row after use, burnt. */
    public AuthCode authCode() {
        return authCode;
    }

    @Override
    public String toString() {
        return "ScratchOrgInfo[" + id + ", " + user.username() + ", " + status
                + (sfdxAuthUrl != null ? ", SfdxAuthUrl__c=****" : "") + (authCode != null ? ", AuthCode=****" : "")
                + "]";
    }
}
