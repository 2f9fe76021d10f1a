package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.DefaultDevHubSetting;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.Reason;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.orgs.AuthUrlSecret;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.JwtSecret;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import io.jenkins.plugins.salesforce.core.orgs.OrgSecret;
import io.jenkins.plugins.salesforce.core.orgs.RegisteredOrg;
import io.jenkins.plugins.salesforce.core.orgs.RegistrationRequest;
import java.util.Map;
import java.util.stream.Collectors;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The one place where a Salesforce credential and the core's {@link RegisteredOrg} (record + secret) are turned into
 * each other. A {@code Secret} becomes a core {@link SecretText} here, at the last moment, and back.
 */
@Restricted(NoExternalUse.class)
public final class OrgCredentialsMapping {
    private OrgCredentialsMapping() {}

    /**
     * The org a credential describes. Whether it is its store's default Dev Hub is not the credential's to say
     * ({@link DefaultDevHubSetting}): the record says no, and {@link CredentialsOrgStore} fills it in.
     *
     * @throws SalesforceAuthException BAD_INPUT naming the field when the credential holds an invalid value (a bad
     *     metadata text, org id, instance URL...); NOT_ALLOWED for a credential of an unknown implementation
     */
    @NonNull
    public static RegisteredOrg toRegisteredOrg(@NonNull SalesforceOrgCredentials c) {
        OrgRecord record = toRecord(c);
        return switch (c) {
            case SalesforceJitSandboxCredentialsImpl s -> RegisteredOrg.jitSandbox(record);
            default -> new RegisteredOrg(record, secretOf(c));
        };
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

    /** The secret of a credential with one (auth URL or JWT). */
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
                        SecretText.ofNullable(Secret.toString(j.getPassphrase())));
            default ->
                throw SalesforceAuthException.of(
                        Reason.NOT_ALLOWED,
                        "Credential '" + c.getId() + "' is a " + c.getClass().getSimpleName()
                                + ", which this plugin cannot read a secret from.",
                        "Register the org with one of the plugin's own credential types.");
        };
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
                switch (r.credentialType()) {
                    case AUTH_URL -> {
                        SecretText url = ((AuthUrlSecret) org.secret()).authUrl();
                        Secret kept = previous instanceof SalesforceAuthUrlCredentialsImpl p
                                        && p.getSfdxAuthUrl().getPlainText().equals(url.reveal())
                                ? p.getSfdxAuthUrl()
                                : Secret.fromString(url.reveal());
                        SalesforceAuthUrlCredentialsImpl a =
                                new SalesforceAuthUrlCredentialsImpl(s, r.id(), r.description(), kept);
                        a.setAllowAuthUrlExport(r.allowAuthUrlExport());
                        a.setDevHub(r.devHub());
                        yield a;
                    }
                    case JWT -> {
                        JwtSecret jwt = (JwtSecret) org.secret();
                        SalesforceJwtCredentialsImpl p = previous instanceof SalesforceJwtCredentialsImpl j ? j : null;
                        Secret key = p != null
                                        && p.getPrivateKey()
                                                .getPlainText()
                                                .equals(jwt.privateKey().reveal())
                                ? p.getPrivateKey()
                                : Secret.fromString(jwt.privateKey().reveal());
                        SalesforceJwtCredentialsImpl j = new SalesforceJwtCredentialsImpl(
                                s, r.id(), r.description(), jwt.clientId(), key, r.username());
                        if (jwt.passphrase() != null) {
                            Secret stored = p == null ? null : p.getPassphrase();
                            String passphrase = jwt.passphrase().reveal();
                            j.setPassphrase(
                                    stored != null && stored.getPlainText().equals(passphrase)
                                            ? stored
                                            : Secret.fromString(passphrase));
                        }
                        j.setLoginUrl(jwt.loginUrl());
                        j.setDevHub(r.devHub());
                        yield j;
                    }
                    case JIT_SANDBOX ->
                        new SalesforceJitSandboxCredentialsImpl(
                                s, r.id(), r.description(), r.sandboxName(), r.productionOrgId());
                };
        c.copyCommon(
                r.username(),
                r.instanceUrl(),
                r.orgId(),
                r.orgType() == null ? null : r.orgType().label(),
                formatMetadata(r.metadata()));
        return c;
    }

    private static String formatMetadata(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        if (metadata.values().stream().anyMatch(v -> v.indexOf(',') >= 0)) {
            return metadata.entrySet().stream()
                    .map(e -> jsonString(e.getKey()) + ":" + jsonString(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        return metadata.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
