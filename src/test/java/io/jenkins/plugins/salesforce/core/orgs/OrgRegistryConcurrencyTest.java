package io.jenkins.plugins.salesforce.core.orgs;

import static io.jenkins.plugins.salesforce.core.orgs.Fixtures.authUrl;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import io.jenkins.plugins.salesforce.core.OrgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many builds and administrators write the registry at once. 100 writer threads, released together by a barrier,
 * move the default Dev Hub around, register new orgs (some with usernames other threads register too), register JIT
 * sandboxes under one production org and update metadata, while a reader checks the store's invariants on every
 * snapshot it sees.
 */
class OrgRegistryConcurrencyTest {
    private static final int WRITERS = 100;
    private static final int STEPS = 20;
    private static final int HUBS = 5;
    private static final int SHARED_USERNAMES = 10;
    private static final int SANDBOXES = 5;

    private final InMemoryOrgStore store = new InMemoryOrgStore();
    private final FakeSalesforce salesforce = new FakeSalesforce();
    private final OrgRegistry registry = new OrgRegistry(store, salesforce, salesforce);
    private final OrgResolver resolver = new OrgResolver(store);
    private final AtomicInteger orgIds = new AtomicInteger(1000);

    private String nextOrgId() {
        return String.format("00D%012dAAA", orgIds.incrementAndGet());
    }

    private AuthUrlSecret knownAuthUrl(String name, String username, boolean devHub) {
        AuthUrlSecret secret = authUrl(name);
        salesforce.org(
                secret,
                FakeSalesforce.discovered(
                        nextOrgId(), username, devHub ? OrgType.PRODUCTION : OrgType.DEVELOPER_EDITION, devHub));
        return secret;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentWritersKeepOneDefaultDevHubAndLoseOrDuplicateNoRegistration() throws Exception {
        for (int h = 0; h < HUBS; h++) {
            registry.register(RegistrationRequest.of(knownAuthUrl("hub" + h, "hub" + h + "@acme.com", true))
                    .withId("hub" + h));
        }
        registry.register(RegistrationRequest.of(knownAuthUrl("prod", "admin@acme.com", false))
                .withId("prod"));
        registry.setDefaultDevHub("hub0");
        for (int s = 0; s < SANDBOXES; s++) {
            salesforce.sandbox("prod", "sb" + s, nextOrgId());
        }
        List<AuthUrlSecret> shared = new ArrayList<>();
        for (int k = 0; k < SHARED_USERNAMES; k++) {
            shared.add(knownAuthUrl("shared" + k, "shared" + k + "@acme.com", k % 2 == 0));
        }

        Set<String> expectedUsernames = ConcurrentHashMap.newKeySet();
        store.list().forEach(r -> expectedUsernames.add(r.username()));
        AtomicReference<String> lastDefault = new AtomicReference<>("hub0");
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(WRITERS + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger samples = new AtomicInteger();
        Queue<String> violations = new ConcurrentLinkedQueue<>();

        Thread reader = new Thread(
                () -> {
                    while (writing.get()) {
                        checkInvariants(store.list(), violations);
                        store.defaultDevHub()
                                .filter(r -> !r.devHub())
                                .ifPresent(r -> violations.add("default is no Dev Hub: " + r));
                        samples.incrementAndGet();
                    }
                },
                "reader");

        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(new Thread(
                    () -> {
                        Random random = new Random(writer);
                        try {
                            start.await(30, TimeUnit.SECONDS);
                            for (int i = 0; i < STEPS; i++) {
                                int step = i;
                                switch ((writer + step) % 5) {
                                    case 0 -> {
                                        // The lock makes "the last default set" observable; setDefaultDevHub takes it
                                        // anyway.
                                        String hub = "hub" + random.nextInt(HUBS);
                                        store.atomically(() -> {
                                            registry.setDefaultDevHub(hub);
                                            lastDefault.set(hub);
                                            return null;
                                        });
                                    }
                                    case 1 -> {
                                        String username = "w" + writer + "s" + step + "@acme.com";
                                        expectedUsernames.add(username);
                                        registry.register(
                                                RegistrationRequest.of(knownAuthUrl(username, username, step % 3 == 0))
                                                        .withMetadata(Map.of("writer", String.valueOf(writer))));
                                    }
                                    case 2 -> {
                                        AuthUrlSecret secret = shared.get(random.nextInt(SHARED_USERNAMES));
                                        expectedUsernames.add(salesforce
                                                .validate(secret, null)
                                                .username());
                                        registry.register(RegistrationRequest.of(secret)
                                                .withMetadata(Map.of("writer", String.valueOf(writer))));
                                    }
                                    case 3 -> {
                                        String hub = "hub" + random.nextInt(HUBS);
                                        boolean makeDefault = random.nextInt(4) == 0;
                                        store.atomically(() -> {
                                            registry.updateMetadata(
                                                    hub,
                                                    null,
                                                    makeDefault ? Boolean.TRUE : null,
                                                    Map.of(
                                                            "writer",
                                                            String.valueOf(writer),
                                                            "step",
                                                            String.valueOf(step)));
                                            if (makeDefault) {
                                                lastDefault.set(hub);
                                            }
                                            return null;
                                        });
                                    }
                                    default ->
                                        registry.registerJitSandbox(
                                                JitSandboxRequest.of("SB" + random.nextInt(SANDBOXES), "admin@acme.com")
                                                        .withMetadata(Map.of("writer", String.valueOf(writer))));
                                }
                            }
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    },
                    "writer-" + w));
        }
        reader.start();
        writers.forEach(Thread::start);
        start.await(30, TimeUnit.SECONDS);
        for (Thread t : writers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        writing.set(false);
        reader.join(TimeUnit.SECONDS.toMillis(30));

        assertThat("writer failures: " + failures, failures, is(empty()));
        assertThat("invariant violations seen by the reader", List.copyOf(violations), is(empty()));
        assertThat(samples.get(), greaterThan(0));

        List<OrgRecord> orgs = store.list();
        checkInvariants(orgs, violations);
        assertThat(List.copyOf(violations), is(empty()));
        assertThat(
                "exactly one default Dev Hub, the last one set",
                orgs.stream()
                        .filter(OrgRecord::defaultDevHub)
                        .map(OrgRecord::id)
                        .toList(),
                contains(lastDefault.get()));
        assertThat(resolver.resolveDefaultDevHub().id(), is(lastDefault.get()));

        Map<String, Long> perUsername = orgs.stream()
                .filter(r -> r.username() != null)
                .collect(Collectors.groupingBy(r -> r.username().toLowerCase(Locale.ROOT), Collectors.counting()));
        for (String username : expectedUsernames) {
            assertThat("registrations of " + username, perUsername.get(username.toLowerCase(Locale.ROOT)), is(1L));
        }
        assertThat("no org that nobody registered", perUsername.size(), is(expectedUsernames.size()));
        assertThat(
                "one JIT sandbox per name",
                orgs.stream().filter(OrgRecord::isJitSandbox).count(),
                is((long) SANDBOXES));
        assertThat(orgs.size(), is(expectedUsernames.size() + SANDBOXES));
    }

    /** At most one default Dev Hub, unique ids, one org per username and per JIT sandbox name. */
    private static void checkInvariants(List<OrgRecord> orgs, Queue<String> violations) {
        long defaults = orgs.stream().filter(OrgRecord::defaultDevHub).count();
        if (defaults > 1) {
            violations.add(defaults + " default Dev Hubs at once");
        }
        duplicates(orgs, OrgRecord::id, "id", violations);
        duplicates(
                orgs.stream().filter(r -> r.username() != null).toList(),
                r -> r.username().toLowerCase(Locale.ROOT),
                "username",
                violations);
        duplicates(
                orgs.stream().filter(OrgRecord::isJitSandbox).toList(),
                r -> r.productionOrgId() + "/" + r.sandboxName().toLowerCase(Locale.ROOT),
                "JIT sandbox",
                violations);
    }

    private static void duplicates(
            List<OrgRecord> orgs, Function<OrgRecord, String> key, String what, Queue<String> violations) {
        orgs.stream().collect(Collectors.groupingBy(key, Collectors.counting())).forEach((k, n) -> {
            if (n > 1) {
                violations.add(n + " orgs with " + what + " " + k);
            }
        });
    }
}
