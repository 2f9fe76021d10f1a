package io.jenkins.plugins.salesforce.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsSelectHelper;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.CredentialsStoreAction;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.thoughtworks.xstream.converters.UnmarshallingContext;
import com.thoughtworks.xstream.io.HierarchicalStreamReader;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.XmlFile;
import hudson.model.Descriptor.FormException;
import hudson.util.Secret;
import hudson.util.XStream2;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.cli.listeners.CLIContext;
import jenkins.cli.listeners.CLIListener;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.args4j.CmdLineException;
import org.kohsuke.stapler.Ancestor;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Salesforce credentials submitted as XML through the credentials plugin are validated with Salesforce before they
 * are stored, like a form ({@link FormSupport#validateForSave}); credentials loaded from disk never are.
 *
 * <p><b>The XML paths.</b> The credentials plugin reads an XML credential with {@code Items.XSTREAM} and hands it
 * straight to the store in five places: {@code POST .../domain/<d>/createCredentials} with an XML body,
 * {@code POST .../credential/<id>/config.xml}, and the CLI commands {@code create-credentials-by-xml},
 * {@code update-credentials-by-xml} and {@code import-credentials-as-xml}. None of them calls the descriptor's
 * {@code newInstance}, and the store offers no hook before it writes. What they share is XStream, so each Salesforce
 * credential type has a {@code ConverterImpl} (Jenkins' per-class XStream hook, {@link XStream2.PassthruConverter})
 * that, once the credential is read, asks {@link #current()} whether this thread is inside one of those submissions.
 * Only then does it validate, and it returns the validated credential (with what Salesforce discovered, and a refresh
 * token Salesforce may have rotated) in place of the one read.
 *
 * <p><b>Recognising a submission.</b> Over HTTP: the current Stapler request is a POST whose last ancestor is the
 * credentials plugin's domain page and whose last path segment is {@code createCredentials}, or whose last ancestor
 * is a credential's page and whose last segment is {@code config.xml}. On the CLI: one of the three commands runs on
 * this thread ({@link CliCommands}, a {@link CLIListener}); its store argument is resolved as the command resolved
 * it.
 *
 * <p><b>Loading never calls Salesforce.</b> {@code credentials.xml} and a folder's or user's {@code config.xml} are
 * read through {@link XmlFile}, at startup, on reload, or lazily while a submission runs (a user's store loaded by a
 * permission check); an {@code XmlFile} anywhere on the stack means a load, and nothing is checked. JCasC does not use
 * XStream for credentials at all.
 *
 * <p><b>Redacted secrets.</b> The credentials plugin shows a credential's XML with every secret as
 * {@code <secret-redacted/>}, which reads as an empty secret. In an update, a secret left out like that (or empty)
 * keeps the stored one of the credential it replaces, and the credential is then validated as usual (with the kept
 * secret, when something Salesforce must confirm changed), so "get the XML, edit it, send it back" works. A new
 * credential, or an update replacing another type's credential, has no secret to keep: it is refused, naming the
 * field. An empty secret is never stored ({@link #keepStoredSecrets}).
 *
 * <p><b>A refusal</b> is thrown as {@link XmlSubmissionRejected}: HTTP 400 (503 when Salesforce is unreachable) with
 * the core's message as plain text, or {@code ERROR: <message>} and exit code 5 on the CLI. Nothing is stored and an
 * updated credential stays as it was.
 */
@Restricted(NoExternalUse.class)
public final class XmlSubmission {
    private static final Logger LOG = Logger.getLogger(XmlSubmission.class.getName());

    /** While a submission is validated: a credential read meanwhile (by a lookup) is not a submission. */
    private static final ThreadLocal<Boolean> VALIDATING = new ThreadLocal<>();

    private XmlSubmission() {}

    /** What a submission does. */
    enum Mode {
        /** A new credential ({@code createCredentials}, {@code create-credentials-by-xml}). */
        CREATE,
        /** A replacement for an existing one ({@code config.xml}, {@code update-credentials-by-xml}). */
        UPDATE,
        /** One of several credentials that the store adds unless their id is taken ({@code import-...}). */
        IMPORT
    }

    /**
     * A submission in progress.
     *
     * @param store the store it writes to, or null when it cannot be told (then nothing may be saved)
     * @param mode what it does
     * @param existing for an update, the credential it replaces (of any type), else null
     */
    record Submission(
            @CheckForNull CredentialsStore store,
            @NonNull Mode mode,
            @CheckForNull Credentials existing) {}

    /** The XML submission this thread is inside, if any; empty while a file is being read. */
    static Optional<Submission> current() {
        Optional<Submission> found = overHttp().or(XmlSubmission::onCli);
        if (found.isPresent() && readingAFile()) {
            return Optional.empty();
        }
        return found;
    }

    private static Optional<Submission> overHttp() {
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        if (req == null || !"POST".equals(req.getMethod())) {
            return Optional.empty();
        }
        List<Ancestor> ancestors = req.getAncestors();
        if (ancestors.isEmpty()) {
            return Optional.empty();
        }
        Object last = ancestors.get(ancestors.size() - 1).getObject();
        String method = lastSegment(req.getRequestURI());
        if (last instanceof CredentialsStoreAction.DomainWrapper d && method.equals("createCredentials")) {
            return Optional.of(new Submission(d.getStore(), Mode.CREATE, null));
        }
        if (last instanceof CredentialsStoreAction.CredentialsWrapper w && method.equals("config.xml")) {
            return Optional.of(new Submission(w.getStore(), Mode.UPDATE, w.getCredentials()));
        }
        return Optional.empty();
    }

    private static String lastSegment(@CheckForNull String uri) {
        if (uri == null) {
            return "";
        }
        String path = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static Optional<Submission> onCli() {
        CliRun run = CliCommands.RUNNING.get();
        CLIContext cli = run == null ? null : run.context();
        if (cli == null || cli.getArgs().isEmpty()) {
            return Optional.empty();
        }
        List<String> args = cli.getArgs();
        CredentialsStore store;
        try {
            store = CredentialsSelectHelper.resolveForCLI(args.get(0));
        } catch (CmdLineException | RuntimeException e) {
            // The command resolved this very argument before it ran, so this does not happen; if it did, the
            // submission is refused rather than stored unchecked.
            LOG.log(Level.WARNING, "Could not resolve the store of " + cli.getCommand(), e);
            return Optional.of(new Submission(null, Mode.CREATE, null));
        }
        return switch (cli.getCommand()) {
            case CliCommands.CREATE -> Optional.of(new Submission(store, Mode.CREATE, null));
            case CliCommands.IMPORT -> Optional.of(new Submission(store, Mode.IMPORT, null));
            case CliCommands.UPDATE ->
                args.size() < 3
                        ? Optional.empty()
                        : Optional.of(new Submission(store, Mode.UPDATE, find(store, args.get(1), args.get(2))));
            default -> Optional.empty();
        };
    }

    /** The credential the update command replaces: its domain as the command names it ({@code _} is global). */
    @CheckForNull
    private static Credentials find(CredentialsStore store, String domainName, String id) {
        for (Domain d : store.getDomains()) {
            String name = d.getName();
            boolean named = name == null
                    ? domainName.isBlank() || domainName.equals("_") || domainName.equals("(global)")
                    : name.equals(domainName);
            if (named) {
                return byId(store, d, id);
            }
        }
        return null;
    }

    @CheckForNull
    private static Credentials byId(CredentialsStore store, Domain domain, String id) {
        for (Credentials c : store.getCredentials(domain)) {
            if (c instanceof IdCredentials i && i.getId().equals(id)) {
                return c;
            }
        }
        return null;
    }

    /** Whether an {@link XmlFile} is being read on this thread: a load from disk, never a submission. */
    private static boolean readingAFile() {
        String xmlFile = XmlFile.class.getName();
        return StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(f -> f.getClassName().equals(xmlFile)));
    }

    /**
     * The credential to store for one just read by XStream: validated with Salesforce when it is being submitted as
     * XML, else the same object.
     *
     * @throws XmlSubmissionRejected (thrown through XStream, which declares no checked exception) when Salesforce or
     *     the store's rules refuse it
     */
    static AbstractOrgCredentials checked(@NonNull AbstractOrgCredentials read) {
        if (VALIDATING.get() != null) {
            return read;
        }
        Optional<Submission> submission = current();
        if (submission.isEmpty()) {
            return read;
        }
        Submission s = submission.get();
        CredentialsStore store = s.store();
        VALIDATING.set(Boolean.TRUE);
        try {
            if (store == null) {
                throw new FormException(
                        "Could not tell which credential store this XML is written to, so it was not checked with"
                                + " Salesforce. Check the store id and send it again.",
                        "id");
            }
            if (s.mode() == Mode.IMPORT && byId(store, Domain.global(), read.getId()) != null) {
                return read; // the store skips a credential whose id it already holds
            }
            if (s.existing() instanceof IdCredentials old && !old.getId().equals(read.getId())) {
                throw new FormException(
                        "The XML gives the id '" + read.getId() + "', but it updates the credential '" + old.getId()
                                + "'. Give the credential's own id; to rename it, create a new one and delete this"
                                + " one.",
                        "id");
            }
            keepStoredSecrets(read, s.mode() == Mode.UPDATE ? s.existing() : null);
            AbstractOrgCredentials validated =
                    FormSupport.validateForSave(store, s.mode() == Mode.UPDATE ? s.existing() : null, read);
            LOG.log(Level.FINE, "Validated Salesforce credential {0} submitted as XML", validated.getId());
            return validated;
        } catch (FormException e) {
            throw XmlSubmissionRejected.throwUnchecked(XmlSubmissionRejected.of(read.getId(), e));
        } finally {
            VALIDATING.remove();
        }
    }

    /**
     * Whether a secret read from XML was left out: missing, empty or blank. The credentials plugin shows every secret
     * as {@code <secret-redacted/>} ({@code GET config.xml}, {@code get-credentials-as-xml}), which reads as blank.
     */
    static boolean leftOut(@CheckForNull Secret secret) {
        return secret == null || secret.getPlainText().isBlank();
    }

    /**
     * Fills each secret the submitted XML left out ({@link #leftOut}) with the stored one of the credential an update
     * replaces, so that the XML as the credentials plugin shows it can be edited and sent back; refuses it when there
     * is none to keep (a new credential, or one that replaces another type's), so that an empty secret is never
     * stored.
     */
    private static void keepStoredSecrets(AbstractOrgCredentials read, @CheckForNull Credentials replaced)
            throws FormException {
        String field = read.keepStoredSecrets(replaced);
        if (field == null) {
            return;
        }
        String why = replaced == null
                ? "a new credential has no stored one to keep"
                : "the credential it updates is not of this type, so it has no stored one to keep";
        String fix = field.equals("sfdxAuthUrl")
                ? "Put the org's SFDX auth URL (force://...) in clear in <sfdxAuthUrl>, as printed by"
                        + " 'sf org auth show-sfdx-auth-url --target-org <alias> --json'."
                : "Put the PEM private key whose certificate is uploaded to the connected app in clear in"
                        + " <privateKey> (and, for an encrypted key, its passphrase in <passphrase>).";
        throw new FormException(
                "'" + field + "' is empty or <secret-redacted/> (as GET config.xml and get-credentials-as-xml show"
                        + " secrets), and " + why + ". Fix: " + fix,
                field);
    }

    /**
     * The XStream converter of the Salesforce credential types: reads as usual, then {@link #checked}. A subclass
     * named {@code ConverterImpl} nested in each type is how Jenkins' {@link XStream2} finds it.
     */
    abstract static class Converter extends XStream2.PassthruConverter<AbstractOrgCredentials> {
        Converter(XStream2 xstream) {
            super(xstream);
        }

        @Override
        public Object unmarshal(HierarchicalStreamReader reader, UnmarshallingContext context) {
            Object read = super.unmarshal(reader, context);
            return read instanceof AbstractOrgCredentials c ? checked(c) : read;
        }

        @Override
        protected void callback(AbstractOrgCredentials obj, UnmarshallingContext context) {
            // the check replaces the object, which a callback cannot: see unmarshal
        }
    }

    /**
     * Knows which CLI command runs on which thread, for {@link #onCli}: only the credentials plugin's three XML
     * commands. {@code CLICommand.getCurrent()} is not enough: only the HTTP and WebSocket transports set it.
     */
    @Extension
    @Restricted(NoExternalUse.class)
    public static final class CliCommands implements CLIListener {
        static final String CREATE = "create-credentials-by-xml";
        static final String UPDATE = "update-credentials-by-xml";
        static final String IMPORT = "import-credentials-as-xml";
        static final ThreadLocal<CliRun> RUNNING = new ThreadLocal<>();

        @Override
        public void onExecution(@NonNull CLIContext context) {
            if (List.of(CREATE, UPDATE, IMPORT).contains(context.getCommand())) {
                RUNNING.set(new CliRun(context));
            }
        }

        @Override
        public void onCompleted(@NonNull CLIContext context, int exitCode) {
            done(context);
        }

        @Override
        public void onThrowable(@NonNull CLIContext context, @NonNull Throwable t) {
            done(context);
        }

        private static void done(CLIContext context) {
            CliRun run = RUNNING.get();
            if (run != null && run.context() == context) {
                RUNNING.remove();
            }
        }
    }

    /** A CLI command running on a thread. */
    record CliRun(CLIContext context) {}
}
