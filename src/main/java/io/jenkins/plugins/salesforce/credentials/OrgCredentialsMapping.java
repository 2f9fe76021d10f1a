package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.oauth.Audience;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.ClientCredentialsSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialExpiry;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.ExpiryPolicy;
import io.jenkins.plugins.salesforce.core.orgs.JwtSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The one place where a Salesforce credential and the core's {@link RegisteredOrg} (record + secret) are turned into
 * each other. A {@code Secret} becomes a core {@link SecretText} here, at the last moment, and back.
 */
@Restricted(NoExternalUse.class)
public final class OrgCredentialsMapping {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OrgCredentialsMapping() {}

    /**
     * The org a credential describes; its store's default Dev Hub setting is for {@link CredentialsOrgStore} to add.
     *
     * @throws SalesforceAuthException BAD_INPUT naming the field when the credential holds an invalid value (a bad
     *     metadata text, org id, instance URL...); NOT_ALLOWED for a credential of an unknown implementation
     */
    @NonNull
    public static RegisteredOrg toRegisteredOrg(@NonNull SalesforceOrgCredentials c) {
        return toRegisteredOrg(c, toRecord(c));
    }

    /** The org of a credential whose record was read before; the secret is read now. */
    static RegisteredOrg toRegisteredOrg(SalesforceOrgCredentials c, OrgRecord record) {
        return record.isJitSandbox() ? RegisteredOrg.jitSandbox(record) : new RegisteredOrg(record, secretOf(c));
    }

    /** The non-secret part of {@link #toRegisteredOrg}. */
    @NonNull
    public static OrgRecord toRecord(@NonNull SalesforceOrgCredentials c) {
        OrgRecord.Builder b = OrgRecord.builder(c.getId(), c.getCredentialType())
                .username(c.getUsername())
                .instanceUrl(c.getInstanceUrl())
                .orgId(c.getOrgId())
                .orgType(c.getOrgType() == null ? null : OrgType.parse(c.getOrgType()))
                .devHub(c.isDevHub())
                .metadata(OrgMetadata.parse(c.getMetadata(), "metadata"))
                .description(c.getDescription());
        if (c instanceof SalesforceAuthUrlCredentialsImpl a) {
            b.allowAuthUrlExport(a.isAllowAuthUrlExport());
        }
        if (c instanceof SalesforceJitSandboxCredentialsImpl s) {
            b.sandboxName(s.getSandboxName()).productionOrgId(s.getProductionCredentialsId());
        }
        return b.build();
    }

    /** The secret of a credential with one (auth URL, JWT or client credentials). */
    @NonNull
    static OrgSecret secretOf(@NonNull SalesforceOrgCredentials c) {
        return switch (c) {
            case SalesforceAuthUrlCredentialsImpl a ->
                new AuthUrlSecret(SecretText.of(a.getSfdxAuthUrl().getPlainText()));
            case SalesforceJwtCredentialsImpl j ->
                new JwtSecret(
                        j.getClientId(),
                        j.getLoginUrl(),
                        SecretText.of(j.getPrivateKey().getPlainText()),
                        SecretText.ofNullable(Secret.toString(j.getPassphrase())),
                        audienceOf(j.getAudience()));
            case SalesforceClientCredentialsImpl cc ->
                new ClientCredentialsSecret(
                        cc.getClientId(), SecretText.of(Secret.toString(cc.getClientSecret())), cc.getMyDomainUrl());
            default ->
                throw SalesforceAuthException.of(
                        Reason.NOT_ALLOWED,
                        "Credential '" + c.getId() + "' is a " + c.getClass().getSimpleName()
                                + ", which this plugin cannot read a secret from.",
                        "Register the org with one of the plugin's own credential types.");
        };
    }

    /** A JWT audience field: null when empty, else the core's {@link Audience#of} (BAD_INPUT naming the field). */
    @CheckForNull
    static Audience audienceOf(@CheckForNull String audience) {
        String given = Util.fixEmptyAndTrim(audience);
        return given == null ? null : Audience.of(given);
    }

    /**
     * What registering a credential asks of the core: its secret and the user's choices. The discovered facts are
     * left to Salesforce, except a JWT credential's username (the user to sign in as) and an auth URL credential's
     * username when given (Salesforce must then confirm it).
     */
    @NonNull
    public static RegistrationRequest toRegistrationRequest(@NonNull SalesforceOrgCredentials c) {
        OrgRecord record = toRecord(c);
        return new RegistrationRequest(
                record.id(),
                secretOf(c),
                record.username(),
                record.devHub(),
                null, // a setting of the store, not of the credential: DefaultDevHubSetting
                record.credentialType() == CredentialType.AUTH_URL ? record.allowAuthUrlExport() : null,
                record.metadata(),
                record.description());
    }

    /**
     * A credential for an org, to store.
     *
     * @param scope the scope (the previous credential's, or {@link CredentialsScope#GLOBAL} for a new one)
     * @param previous the credential being replaced, whose {@code Secret}s are reused when the secret is unchanged
     */
    @NonNull
    public static AbstractOrgCredentials toCredentials(
            @NonNull RegisteredOrg org,
            @CheckForNull CredentialsScope scope,
            @CheckForNull SalesforceOrgCredentials previous) {
        OrgRecord r = org.record();
        CredentialsScope s = scope == null ? CredentialsScope.GLOBAL : scope;
        AbstractOrgCredentials c =
                switch (org.secret()) {
                    case AuthUrlSecret url -> {
                        Secret stored =
                                previous instanceof SalesforceAuthUrlCredentialsImpl p ? p.getSfdxAuthUrl() : null;
                        SalesforceAuthUrlCredentialsImpl a = new SalesforceAuthUrlCredentialsImpl(
                                s, r.id(), r.description(), keep(stored, url.authUrl()));
                        a.setAllowAuthUrlExport(r.allowAuthUrlExport());
                        a.setDevHub(r.devHub());
                        yield a;
                    }
                    case JwtSecret jwt -> {
                        SalesforceJwtCredentialsImpl p = previous instanceof SalesforceJwtCredentialsImpl j ? j : null;
                        SalesforceJwtCredentialsImpl j = new SalesforceJwtCredentialsImpl(
                                s,
                                r.id(),
                                r.description(),
                                jwt.clientId(),
                                keep(p == null ? null : p.getPrivateKey(), jwt.privateKey()),
                                r.username());
                        if (jwt.passphrase() != null) {
                            j.setPassphrase(keep(p == null ? null : p.getPassphrase(), jwt.passphrase()));
                        }
                        j.setLoginUrl(jwt.loginUrl());
                        j.setAudience(
                                jwt.audience() == null ? null : jwt.audience().toString());
                        j.setDevHub(r.devHub());
                        yield j;
                    }
                    case ClientCredentialsSecret app -> {
                        SalesforceClientCredentialsImpl p =
                                previous instanceof SalesforceClientCredentialsImpl cc ? cc : null;
                        SalesforceClientCredentialsImpl cc = new SalesforceClientCredentialsImpl(
                                s,
                                r.id(),
                                r.description(),
                                app.clientId(),
                                keep(p == null ? null : p.getClientSecret(), app.clientSecret()),
                                app.myDomainUrl());
                        cc.setDevHub(r.devHub());
                        yield cc;
                    }
                    case null -> // a JIT sandbox: no secret of its own
                        new SalesforceJitSandboxCredentialsImpl(
                                s, r.id(), r.description(), r.sandboxName(), r.productionOrgId());
                };
        c.setUsername(r.username());
        c.setInstanceUrl(r.instanceUrl());
        c.setOrgId(r.orgId());
        c.setOrgType(r.orgType() == null ? null : r.orgType().label());
        c.setMetadata(metadataText(r.metadata()));
        if (previous != null) {
            keepExpiryFields(previous, c);
        }
        return c;
    }

    /**
     * Carries what the core's org does not hold from a credential to the one that replaces it: the refresh token
     * policy, the JWT certificate, and the dates of the secret ({@link #dateSecret} then decides whether they still
     * apply).
     */
    static void keepExpiryFields(@NonNull SalesforceOrgCredentials from, @NonNull AbstractOrgCredentials to) {
        if (from instanceof SalesforceAuthUrlCredentialsImpl f && to instanceof SalesforceAuthUrlCredentialsImpl t) {
            t.setExpireAfterDays(f.getExpireAfterDays());
            t.setExpireAfterIdleDays(f.getExpireAfterIdleDays());
        }
        if (from instanceof SalesforceJwtCredentialsImpl f && to instanceof SalesforceJwtCredentialsImpl t) {
            t.setCertificate(f.getCertificate());
        }
        if (from instanceof AbstractSecretOrgCredentials f && to instanceof AbstractSecretOrgCredentials t) {
            t.takeDates(f);
        }
    }

    /**
     * Dates the secret of a credential about to be stored in place of {@code stored} (null: a new one): with the same
     * secret, the stored credential's dates; a secret Salesforce rotated ({@code rotation}) keeps its registration
     * date and was rotated {@code now}; any other new secret was registered {@code now}.
     */
    static void dateSecret(
            @NonNull AbstractOrgCredentials toStore,
            @CheckForNull Credentials stored,
            boolean rotation,
            @NonNull Instant now) {
        if (!(toStore instanceof AbstractSecretOrgCredentials t)) {
            return;
        }
        AbstractSecretOrgCredentials old = stored instanceof AbstractSecretOrgCredentials o ? o : null;
        boolean same = old != null && sameSecret(old, t);
        if (old != null && (same || rotation)) {
            t.takeDates(old);
            if (!same) {
                t.recordRotated(now);
            }
        } else {
            t.recordRegistered(now);
        }
    }

    private static boolean sameSecret(SalesforceOrgCredentials a, SalesforceOrgCredentials b) {
        try {
            return a.getClass() == b.getClass() && Objects.equals(secretOf(a), secretOf(b));
        } catch (SalesforceAuthException e) {
            return false;
        }
    }

    /**
     * When the org of a credential stops working, and why ({@link CredentialExpiry}), or empty when not known: an auth
     * URL's refresh token policy counted from the credential's dates and its last grant, a JWT credential's
     * certificate. A policy out of range counts as none (the form check reports it).
     */
    @NonNull
    public static Optional<CredentialExpiry> expiryOf(
            @NonNull SalesforceOrgCredentials c, @NonNull OrgRecord record, @CheckForNull Instant lastGrantedAt) {
        if (!(c instanceof AbstractSecretOrgCredentials s)) {
            return Optional.empty();
        }
        ExpiryPolicy policy = ExpiryPolicy.NONE;
        if (c instanceof SalesforceAuthUrlCredentialsImpl a) {
            try {
                policy = a.expiryPolicy();
            } catch (SalesforceAuthException e) {
                policy = ExpiryPolicy.NONE;
            }
        }
        Instant certificateEnd = c instanceof SalesforceJwtCredentialsImpl j ? j.certificateNotAfter() : null;
        return CredentialExpiry.of(record, policy, s.dates(lastGrantedAt), certificateEnd);
    }

    /** The stored {@code Secret} when its text is unchanged (so is what the store writes), else a new one. */
    private static Secret keep(@CheckForNull Secret stored, SecretText text) {
        return stored != null && stored.getPlainText().equals(text.reveal())
                ? stored
                : Secret.fromString(text.reveal());
    }

    /** Metadata as a credential holds it: sorted {@code k=v} pairs, or a JSON object when a value has a comma. */
    @CheckForNull
    static String metadataText(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        if (metadata.values().stream().noneMatch(v -> v.indexOf(',') >= 0)) {
            return metadata.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
        }
        try {
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings is always JSON", e);
        }
    }
}
