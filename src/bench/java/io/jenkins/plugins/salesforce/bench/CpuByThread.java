package io.jenkins.plugins.salesforce.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of the process split by who spent it, between two snapshots: the threads that make the calls, the JDK
 * HTTP client's threads, the emulator's threads (its HTTP servers and the carriers of its virtual threads), and the
 * rest of the process (garbage collection, JIT compilation and other JVM threads, which are not Java threads).
 * Per-thread CPU comes from {@link ThreadMXBean}; threads that start and end between the snapshots are not seen, so
 * their time lands in "JVM and other".
 */
final class CpuByThread {
    static final String[] GROUPS = {"callers", "HTTP client", "emulator", "JVM and other"};

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> threadNanos = new HashMap<>();
    private final Map<Long, String> groupOf = new HashMap<>();
    private final long processNanos;

    private CpuByThread() {
        processNanos = processCpuNanos();
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(t.getThreadId());
            if (cpu >= 0) {
                threadNanos.put(t.getThreadId(), cpu);
                groupOf.put(t.getThreadId(), group(t.getThreadName()));
            }
        }
    }

    static boolean supported() {
        return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled() && processCpuNanos() >= 0;
    }

    static CpuByThread now() {
        return new CpuByThread();
    }

    private static String group(String name) {
        if (name.startsWith("bench-caller-")) {
            return GROUPS[0];
        }
        if (name.startsWith("HttpClient-") || name.startsWith("bench-http-")) {
            return GROUPS[1];
        }
        if (name.startsWith("HTTP-Dispatcher")
                || name.startsWith("ForkJoinPool-")
                || name.startsWith("VirtualThread-")
                || name.startsWith("idle-timeout-task")
                || name.startsWith("req-rsp-timeout-task")) {
            return GROUPS[2]; // the emulator's servers, and the carriers of its virtual threads
        }
        return GROUPS[3];
    }

    /** Nanoseconds per group from {@code before} to this snapshot; "JVM and other" is the process's remainder. */
    Map<String, Long> since(CpuByThread before) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String g : GROUPS) {
            out.put(g, 0L);
        }
        long javaThreads = 0;
        for (Map.Entry<Long, Long> e : threadNanos.entrySet()) {
            long delta = e.getValue() - before.threadNanos.getOrDefault(e.getKey(), 0L);
            String g = groupOf.get(e.getKey());
            if (!g.equals(GROUPS[3])) {
                out.merge(g, delta, Long::sum);
                javaThreads += delta;
            }
        }
        out.put(GROUPS[3], Math.max(0, (processNanos - before.processNanos) - javaThreads));
        return out;
    }

    /** "callers 120 us, HTTP client 80 us, ..." per call. */
    static String perCall(Map<String, Long> nanos, int calls) {
        return nanos.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue() / 1e3 / calls))
                        .collect(Collectors.joining(", "))
                + " us";
    }

    long processNanos() {
        return processNanos;
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
