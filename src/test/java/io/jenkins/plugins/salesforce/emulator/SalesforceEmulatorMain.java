package io.jenkins.plugins.salesforce.emulator;

import java.io.IOException;
import java.io.PrintStream;
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
        int port = DEFAULT_PORT;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> {
                    if (i + 1 >= args.length) {
                        usage(System.err);
                        System.exit(2);
                    }
                    port = Integer.parseInt(args[++i]);
                }
                case "--quiet" -> quiet = true;
                case "--help", "-h" -> {
                    usage(System.out);
                    return;
                }
                default -> {
                    System.err.println("Unknown argument: " + args[i]);
                    usage(System.err);
                    System.exit(2);
                }
            }
        }
        SalesforceEmulator emulator = SalesforceEmulator.builder()
                .basePort(port)
                .clock(MutableClock.ticking())
                .start();
        Seeded seeded = seed(emulator);
        print(System.out, emulator, seeded);
        if (!quiet) {
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
        out.println("Salesforce emulator running (plain HTTP on 127.0.0.1). Ctrl-C stops it; all state is in memory.");
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
        out.println("Jenkins: add http://127.0.0.1 to the allowed Salesforce hosts (Manage Jenkins > System), "
                + "otherwise the plugin refuses these URLs.");
        out.println();
    }

    private static void usage(PrintStream out) {
        out.println("Usage: SalesforceEmulatorMain [--port <login port, default " + DEFAULT_PORT + ">] [--quiet]");
        out.println("  Test host = port + 1, org hosts = port + 2 onwards. --quiet stops the request log.");
    }
}
