package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import io.jenkins.plugins.salesforce.SalesforceService;
import io.jenkins.plugins.salesforce.core.OrgType;
import io.jenkins.plugins.salesforce.core.SalesforceAuthException;
import io.jenkins.plugins.salesforce.core.SecretText;
import io.jenkins.plugins.salesforce.core.SfdxAuthUrl;
import io.jenkins.plugins.salesforce.core.oauth.PemKeys;
import io.jenkins.plugins.salesforce.core.orgs.CredentialType;
import io.jenkins.plugins.salesforce.core.orgs.OrgMetadata;
import io.jenkins.plugins.salesforce.core.orgs.OrgRecord;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * The checks of the credential forms' fields, without any network call, and the production org dropdown of a JIT
 * sandbox. Every rule is the core's; a failure is shown with the core's message as is. The callers check
 * permissions first ({@link FormPermissions}).
 */
final class FormChecks {
    private FormChecks() {}

    /** The text of a secret field: {@code f:password} posts the encrypted value when it is unchanged. */
    static String plain(@CheckForNull String value) {
        return value == null ? "" : Secret.fromString(value).getPlainText();
    }

    static FormValidation error(SalesforceAuthException e) {
        return FormValidation.error(e.getMessage());
    }

    static FormValidation checkAuthUrl(String value) {
        String url = plain(value);
        if (url.isBlank()) {
            return FormValidation.error(Messages.Form_AuthUrlRequired());
        }
        try {
            SfdxAuthUrl.read(url, SalesforceService.get().hosts()); // the bare URL or what the sf CLI printed
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    static FormValidation checkPrivateKey(String value, String passphrase) {
        String pem = plain(value);
        if (pem.isBlank()) {
            return FormValidation.error(Messages.Form_PrivateKeyRequired());
        }
        try {
            PemKeys.readRsaPrivateKey(SecretText.of(pem), SecretText.ofNullable(plain(passphrase)));
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    static FormValidation checkHost(String url, String field) {
        if (Util.fixEmptyAndTrim(url) == null) {
            return FormValidation.ok();
        }
        try {
            SalesforceService.get().hosts().requireAllowed(url.strip(), field);
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    static FormValidation checkUsername(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        return checkRecord(OrgRecord.builder("check", CredentialType.AUTH_URL).username(value));
    }

    static FormValidation checkOrgId(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        return checkRecord(OrgRecord.builder("check", CredentialType.AUTH_URL).orgId(value));
    }

    static FormValidation checkOrgType(String value) {
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        try {
            OrgType.parse(value);
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    static FormValidation checkMetadata(String value) {
        try {
            OrgMetadata.parse(value, "metadata");
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    static FormValidation checkSandboxName(String value) {
        return checkRecord(OrgRecord.builder("check", CredentialType.JIT_SANDBOX)
                .sandboxName(Util.fixNull(value).strip())
                .productionOrgId("production"));
    }

    private static FormValidation checkRecord(OrgRecord.Builder b) {
        try {
            b.build();
            return FormValidation.ok();
        } catch (SalesforceAuthException e) {
            return error(e);
        }
    }

    // ------------------------------------------------------------------------------ the production org

    /** Credentials that can be a production org: those with a secret of their own. */
    private static final CredentialsMatcher WITH_SECRET = c ->
            c instanceof SalesforceOrgCredentials s && s.getCredentialType().hasSecret();

    /** The production orgs of the context, as the consumer guide lists credentials (after its permission check). */
    static ListBoxModel productionOrgItems(@CheckForNull Item item, @CheckForNull String current) {
        StandardListBoxModel model = new StandardListBoxModel();
        model.includeEmptyValue();
        if (item == null) {
            model.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), SalesforceOrgCredentials.class, List.of(), WITH_SECRET);
        } else {
            model.includeMatchingAs(ACL.SYSTEM2, item, SalesforceOrgCredentials.class, List.of(), WITH_SECRET);
        }
        return model.includeCurrentValue(Util.fixNull(current));
    }

    static FormValidation checkProductionCredentialsId(@CheckForNull Item item, @CheckForNull String value) {
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return FormValidation.error(Messages.Form_ProductionRequired());
        }
        List<SalesforceOrgCredentials> found = item == null
                ? CredentialsProvider.lookupCredentialsInItemGroup(
                        SalesforceOrgCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of())
                : item instanceof ItemGroup<?> group
                        ? CredentialsProvider.lookupCredentialsInItemGroup(
                                SalesforceOrgCredentials.class, group, ACL.SYSTEM2, List.of())
                        : CredentialsProvider.lookupCredentialsInItem(
                                SalesforceOrgCredentials.class, item, ACL.SYSTEM2, List.of());
        SalesforceOrgCredentials production = CredentialsMatchers.firstOrNull(found, CredentialsMatchers.withId(id));
        if (production == null) {
            return FormValidation.warning(Messages.Form_ProductionNotFound(id));
        }
        if (!production.getCredentialType().hasSecret()) {
            return FormValidation.error(Messages.Form_ProductionIsJit(id));
        }
        return FormValidation.ok();
    }
}
