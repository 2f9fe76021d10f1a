package io.jenkins.plugins.salesforce.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Where {@code registerSalesforceOrg} reads a secret: a file in the build's workspace or a Secret text / Secret file
 * credential the build can see, never a literal in the script, which would sit in the job's configuration and the
 * build's {@code program.dat}. Each refusal names the step parameter to fix.
 */
final class StepSecrets {
    /** Larger than any auth URL, {@code sf org auth show-sfdx-auth-url} output or private key. */
    static final long MAX_SIZE = 256 * 1024;

    private final Run<?, ?> run;
    private final StepContext context;

    StepSecrets(Run<?, ?> run, StepContext context) {
        this.run = run;
        this.context = context;
    }

    /**
     * The secret from the workspace file or the credential, whichever of the two parameters is set; null when
     * neither is.
     *
     * @throws AbortException when both are set, or the file or credential cannot be read
     */
    @CheckForNull
    String fileOrCredential(
            String fileParam, @CheckForNull String path, String credentialParam, @CheckForNull String id)
            throws IOException, InterruptedException {
        if (path != null && id != null) {
            throw new AbortException(
                    "Give " + fileParam + " or " + credentialParam + ", not both: they are two places for one secret.");
        }
        return path != null ? fromWorkspace(fileParam, path) : id != null ? fromCredential(credentialParam, id) : null;
    }

    /** The text of a workspace file, which must lie inside the workspace. */
    String fromWorkspace(String param, String path) throws IOException, InterruptedException {
        FilePath workspace = context.get(FilePath.class);
        if (workspace == null) {
            throw new AbortException(param + " needs a workspace: call registerSalesforceOrg inside node { }.");
        }
        if (!workspace.isDescendant(path)) {
            throw new AbortException(param + " '" + path + "' is not inside the workspace.");
        }
        FilePath file = workspace.child(path);
        if (!file.exists() || file.isDirectory()) {
            throw new AbortException(param + " '" + path + "' does not exist in the workspace."
                    + (param.equals("authUrlFile")
                            ? " Write it with sh 'sf org auth show-sfdx-auth-url --target-org <alias> --json > " + path
                                    + "'."
                            : ""));
        }
        if (file.length() > MAX_SIZE) {
            throw new AbortException(param + " '" + path + "' is larger than " + MAX_SIZE / 1024 + " KB: it is not"
                    + " a secret this step reads.");
        }
        return file.readToString();
    }

    /** The text of a Secret text or Secret file credential visible to the build; the use is tracked. */
    String fromCredential(String param, String id) throws IOException {
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        if (c == null) {
            throw new AbortException(param + ": no credential '" + id + "' is visible to this build.");
        }
        CredentialsProvider.track(run, c);
        if (c instanceof StringCredentials s) {
            return s.getSecret().getPlainText();
        }
        if (c instanceof FileCredentials f) {
            try (InputStream in = f.getContent()) {
                byte[] bytes = in.readNBytes((int) MAX_SIZE + 1);
                if (bytes.length > MAX_SIZE) {
                    throw new AbortException(param + ": the Secret file '" + id + "' is larger than " + MAX_SIZE / 1024
                            + " KB: it is not a secret this step reads.");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }
        throw new AbortException(param + ": credential '" + id + "' is a "
                + c.getDescriptor().getDisplayName() + "; it must be a Secret text or a Secret file.");
    }
}
