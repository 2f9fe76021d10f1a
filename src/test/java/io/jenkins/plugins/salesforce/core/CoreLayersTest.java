package io.jenkins.plugins.salesforce.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's packages are layered: the root package ({@code core}: base types, errors, secrets) is the bottom and
 * depends on no {@code core.*} package, and the packages above it depend on each other without a cycle. Read from the
 * compiled classes with the JDK's {@code jdeps}, so that every reference counts, not only imports.
 */
class CoreLayersTest {
    private static final String CORE = "io.jenkins.plugins.salesforce.core";
    /** Each class of the core to the core classes it refers to (outside its own package). */
    private static final Map<String, Set<String>> REFERENCES = new TreeMap<>();

    @BeforeAll
    static void readTheCompiledCore() throws Exception {
        for (ClassReferences.Reference r : ClassReferences.of(SecretText.class, CORE)) {
            if (!packageOf(r.from()).equals(packageOf(r.to()))) {
                REFERENCES.computeIfAbsent(r.from(), k -> new TreeSet<>()).add(r.to());
            }
        }
        assertThat("jdeps saw the core's classes", REFERENCES.keySet(), hasItem(CORE + ".tokens.TokenService"));
    }

    @Test
    void theRootPackageDependsOnNoCorePackage() {
        List<String> upward = new ArrayList<>();
        REFERENCES.forEach((from, to) -> {
            if (packageOf(from).equals(CORE)) {
                to.forEach(t -> upward.add(from + " -> " + t));
            }
        });
        assertThat(
                "the root package is the bottom layer (base types, errors, secrets); move what needs a subpackage up",
                upward,
                empty());
    }

    @Test
    void theCorePackagesFormNoCycle() {
        Map<String, Map<String, String>> graph = new TreeMap<>(); // package -> package -> one class edge as example
        REFERENCES.forEach((from, to) -> to.forEach(t -> graph.computeIfAbsent(packageOf(from), k -> new TreeMap<>())
                .putIfAbsent(packageOf(t), from + " -> " + t)));
        List<String> cycle = findCycle(graph);
        assertThat("a cycle between core packages, one reference per arrow", cycle, empty());
    }

    /** One cycle of the graph as the references along it, or none. */
    private static List<String> findCycle(Map<String, Map<String, String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            List<String> cycle = visit(start, graph, path, done);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(
            String node, Map<String, Map<String, String>> graph, Deque<String> path, Set<String> done) {
        if (path.contains(node)) {
            List<String> packages = new ArrayList<>(path).reversed(); // path is a stack: newest first
            List<String> loop = new ArrayList<>(packages.subList(packages.indexOf(node), packages.size()));
            loop.add(node);
            List<String> references = new ArrayList<>();
            for (int i = 0; i + 1 < loop.size(); i++) {
                references.add(graph.get(loop.get(i)).get(loop.get(i + 1)));
            }
            return references;
        }
        if (done.contains(node)) {
            return List.of();
        }
        path.push(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            List<String> cycle = visit(next, graph, path, done);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.pop();
        done.add(node);
        return List.of();
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }
}
