package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.salesforce.SalesforceOrgCredentials;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.pipeline.modeldefinition.model.CredentialsBindingHandler;
import org.jenkinsci.plugins.variant.OptionalExtension;

/**
 * Declarative {@code environment { SF = credentials('prod') }} for Salesforce orgs: binds {@link SalesforceOrgBinding},
 * so the stage gets the variables of {@code withSalesforceOrg} ({@code SF_ACCESS_TOKEN}, {@code SF_TARGET_ORG},
 * {@code SF_INSTANCE_URL}, ...) and the declared name ({@code SF}) holding the access token, all masked.
 * Optional: only loaded when Declarative Pipeline (pipeline-model-extensions, an optional dependency) is installed.
 */
@OptionalExtension(requirePlugins = "pipeline-model-extensions")
public class SalesforceOrgBindingHandler extends CredentialsBindingHandler<SalesforceOrgCredentials> {

    @NonNull
    @Override
    public Class<? extends StandardCredentials> type() {
        return SalesforceOrgCredentials.class;
    }

    @NonNull
    @Override
    public List<Map<String, Object>> getWithCredentialsParameters(String credentialsId) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("$class", SalesforceOrgBinding.class.getName());
        binding.put("credentialsId", credentialsId);
        binding.put("tokenVariable", new EnvVarResolver());
        return List.of(binding);
    }
}
