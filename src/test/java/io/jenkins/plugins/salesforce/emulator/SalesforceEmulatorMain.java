package io.jenkins.plugins.salesforce.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator by hand, beside {@code mvn hpi:run}, until Ctrl-C. It seeds a production org that is also a Dev
 * Hub, a sandbox {@code uat}, a scratch org with {@code SfdxAuthUrl__c} and a JWT app, all on fixed ports (login =
 * {@code --port}, default 8765; test = port + 1; the orgs after), with fixed refresh tokens, so the printed auth URLs
 * stay valid across restarts. See {@code docs/emulator.md}.
 *
 * <pre>
 * mvn -f core-build/pom.xml test-compile exec:java                      # login host on 8765
 * mvn -f core-build/pom.xml test-compile exec:java -Dexec.args="--port 9000"
 * </pre>
 */
public final class SalesforceEmulatorMain {
    /** The login port when {@code --port} is not given. */
    public static final int DEFAULT_PORT = 8765;

    private SalesforceEmulatorMain() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        if (options.help) {
            usage(System.out);
            return;
        }
        SalesforceEmulator emulator;
        Seeded seeded;
        try {
            SalesforceEmulator.Builder builder =
                    SalesforceEmulator.builder().basePort(options.port).clock(MutableClock.ticking());
            if (options.https) {
                builder.https(options.tls());
            }
            emulator = builder.start();
            seeded = seed(emulator);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            // A busy port or an unusable key store: one line that says what to change, no stack trace.
            System.err.println("Salesforce emulator: " + startFailure(e, options.port));
            System.exit(1);
            return;
        }
        print(System.out, emulator, seeded);
        if (!options.quiet) {
            emulator.requests().addListener(r -> System.out.println(r));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            emulator.close();
                            stopped.countDown();
                        },
                        "sf-emulator-shutdown"));
        stopped.await();
    }

    /** The one line printed when the emulator cannot start. */
    static String startFailure(RuntimeException e, int port) {
        if (e instanceof UncheckedIOException io && io.getCause() instanceof java.net.BindException) {
            return "a port in " + port + ".." + (port + 4) + " is in use (" + io.getMessage()
                    + "). Stop what uses it, or start on other ports with --port <N> (the emulator uses N to N+4).";
        }
        return e.getMessage();
    }

    /** The command line. */
    static final class Options {
        int port = DEFAULT_PORT;
        boolean quiet;
        boolean help;
        boolean https;
        Path tlsDir;
        Path tlsKeyStore;
        String tlsKeyStorePassword;

        static Options parse(String... args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--port" -> {
                        String v = value(args, ++i, a);
                        try {
                            o.port = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            o.port = -1;
                        }
                        if (o.port < 1 || o.port > 65531) {
                            throw new IllegalArgumentException(
                                    "--port must be a number from 1 to 65531 (the emulator uses it to +4), not " + v);
                        }
                    }
                    case "--quiet" -> o.quiet = true;
                    case "--https" -> o.https = true;
                    case "--tls-dir" -> o.tlsDir = Path.of(value(args, ++i, a));
                    case "--tls-keystore" -> o.tlsKeyStore = Path.of(value(args, ++i, a));
                    case "--tls-keystore-password" -> o.tlsKeyStorePassword = value(args, ++i, a);
                    case "--help", "-h" -> o.help = true;
                    default -> throw new IllegalArgumentException("Unknown argument: " + a);
                }
            }
            if (!o.https && (o.tlsDir != null || o.tlsKeyStore != null)) {
                throw new IllegalArgumentException("--tls-dir and --tls-keystore need --https");
            }
            if (o.tlsKeyStore != null && o.tlsKeyStorePassword == null) {
                throw new IllegalArgumentException("--tls-keystore needs --tls-keystore-password <password>");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        /** Where the CA files go: --tls-dir, else salesforce-emulator-tls in the temporary directory. */
        Path tlsDirectory() {
            return tlsDir != null ? tlsDir : Path.of(System.getProperty("java.io.tmpdir"), "salesforce-emulator-tls");
        }

        EmulatorTls tls() {
            if (tlsKeyStore != null) {
                EmulatorTls given = EmulatorTls.fromPkcs12(tlsKeyStore, tlsKeyStorePassword.toCharArray());
                given.writeTrustFiles(tlsDirectory());
                return given;
            }
            return EmulatorTls.inDirectory(tlsDirectory());
        }
    }

    /** What {@link #seed} created, for printing. */
    record Seeded(
            Org production,
            User admin,
            Sandbox sandbox,
            ScratchOrgInfo scratch,
            String authUrl,
            ConnectedApp jwtApp,
            Path jwtKey) {
        /** Never shows the auth URL (it holds a refresh token). */
        @Override
        public String toString() {
            return "Seeded[" + production + ", " + sandbox + ", " + scratch + ", authUrl=****, jwtKey=" + jwtKey + "]";
        }
    }

    /** Seeds the demo orgs; the refresh tokens have fixed values so the auth URLs survive a restart. */
    static Seeded seed(SalesforceEmulator emulator) throws IOException, GeneralSecurityException {
        Org prod = emulator.productionOrg("acme").devHub(true);
        User admin = prod.user("admin@acme.com").name("Ada", "Admin");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair key = g.generateKeyPair();
        ConnectedApp jwtApp = emulator.connectedApp("3MVG9EMULATOR.jwt.app").certificate(key.getPublic());
        admin.preAuthorize(jwtApp);
        String authUrl = emulator.authUrl(
                emulator.issueRefreshToken(admin, emulator.platformCli(), "5Aep861EMULATOR.acme.admin"));
        Sandbox uat = prod.sandbox("uat");
        ScratchOrgInfo scratch =
                prod.scratchOrg("test-abc@example.com").pooltag("demo").allocationStatus("Available");
        scratch.sfdxAuthUrl(emulator.authUrl(
                emulator.issueRefreshToken(scratch.user(), emulator.platformCli(), "5Aep861EMULATOR.scratch.1")));
        Path pem = Files.createTempFile("salesforce-emulator-jwt-", ".key");
        try {
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the temp directory's defaults apply
        }
        Files.writeString(
                pem,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(key.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        pem.toFile().deleteOnExit();
        return new Seeded(prod, admin, uat, scratch, authUrl, jwtApp, pem);
    }

    static void print(PrintStream out, SalesforceEmulator emulator, Seeded s) {
        out.println("Salesforce emulator running (" + (emulator.tls() == null ? "plain HTTP" : "HTTPS")
                + " on 127.0.0.1). Ctrl-C stops it; all state is in memory.");
        out.println();
        out.println("  Login host (plays https://login.salesforce.com): " + emulator.loginUrl());
        out.println("  Test host  (plays https://test.salesforce.com):  " + emulator.testUrl());
        out.println("  Production org + Dev Hub  " + s.production().name() + " "
                + s.production().id() + ": " + s.production().instanceUrl() + "  user "
                + s.admin().username());
        out.println("  Sandbox uat               " + s.sandbox().org().id() + ": "
                + s.sandbox().org().instanceUrl() + "  user "
                + s.sandbox().userFor(s.admin()).username());
        out.println("  Scratch org               " + s.scratch().org().id() + ": "
                + s.scratch().org().instanceUrl() + "  user " + s.scratch().signupUsername()
                + " (ScratchOrgInfo has SfdxAuthUrl__c)");
        out.println();
        out.println("SFDX auth URL of the production org (register it as a Salesforce org credential):");
        out.println("  " + s.authUrl());
        out.println("JWT bearer: client id " + s.jwtApp().consumerKey() + ", username "
                + s.admin().username() + ", login URL " + emulator.loginUrl() + ", private key (new at each start) "
                + s.jwtKey());
        out.println();
        if (emulator.tls() == null) {
            out.println("Jenkins: add http://127.0.0.1 to the allowed Salesforce hosts (Manage Jenkins > System), "
                    + "otherwise the plugin refuses these URLs.");
        } else {
            EmulatorTls.TrustFiles files = emulator.tls().trustFiles();
            if (files == null) {
                files = emulator.tls()
                        .writeTrustFiles(Path.of(System.getProperty("java.io.tmpdir"), "salesforce-emulator-tls"));
            }
            out.println("HTTPS with a test CA (files in " + files.caPem().getParent() + "). Clients must trust it:");
            out.println("  sf CLI (Node.js): export NODE_EXTRA_CA_CERTS=" + files.caPem());
            out.println("  Jenkins (JVM):    -Djavax.net.ssl.trustStore=" + files.truststore()
                    + " -Djavax.net.ssl.trustStorePassword=" + EmulatorTls.TRUSTSTORE_PASSWORD
                    + " (this store replaces the JVM's own CAs)");
            out.println("  curl:             --cacert " + files.caPem());
            out.println("Jenkins: add https://127.0.0.1 to the allowed Salesforce hosts (Manage Jenkins > System), "
                    + "otherwise the plugin refuses these URLs.");
            out.println(
                    "sf: echo '<auth URL>' > auth.txt; sf org login sfdx-url --sfdx-url-file auth.txt --alias acme");
        }
        out.println();
    }

    private static void usage(PrintStream out) {
        out.println("Usage: SalesforceEmulatorMain [--port <login port, default " + DEFAULT_PORT + ">] [--quiet]"
                + " [--https [--tls-dir <dir>] [--tls-keystore <file.p12> --tls-keystore-password <password>]]");
        out.println("  Test host = port + 1, org hosts = port + 2 onwards. --quiet stops the request log.");
        out.println("  --https serves TLS (what the sf CLI needs) with a test CA kept in --tls-dir (default"
                + " <tmp>/salesforce-emulator-tls), or with the server key and chain of --tls-keystore.");
    }
}
