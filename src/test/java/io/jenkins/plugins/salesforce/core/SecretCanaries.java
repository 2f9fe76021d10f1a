package io.jenkins.plugins.salesforce.core;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The secret canary, shared by the canary tests: known secret values ("canaries") are planted, the code under test
 * runs its success and failure paths, and afterwards no canary may appear in anything a user or an administrator could
 * read. {@link #listen()} puts a capturing handler on the root logger and opens the plugin's loggers to
 * {@link Level#ALL}; {@link #check} collects what to inspect; {@link #assertNoCanaryAnywhere()} walks it all:
 * <ul>
 *   <li>every checked object's {@code toString()}, and for a {@link ConnectionTest} its summary;
 *   <li>every checked or logged {@link Throwable}: message, localized message, {@code toString()}, printed stack
 *       trace, a {@link SalesforceAuthException}'s Salesforce error, detail and fix, then its causes and suppressed
 *       exceptions;
 *   <li>every log record of any level: the formatted record, its raw message and parameters, its throwable.
 * </ul>
 * {@link #close()} restores the loggers; use it in a {@code finally} or an {@code @AfterEach}.
 */
public final class SecretCanaries implements AutoCloseable {
    private static final Logger ROOT = Logger.getLogger("");
    private static final Logger PLUGIN = Logger.getLogger("io.jenkins.plugins.salesforce");

    private final List<String> canaries = Collections.synchronizedList(new ArrayList<>());
    private final List<Object> checked = Collections.synchronizedList(new ArrayList<>());
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Level pluginLevel;

    private SecretCanaries() {
        pluginLevel = PLUGIN.getLevel();
        capture.setLevel(Level.ALL);
        ROOT.addHandler(capture);
        PLUGIN.setLevel(Level.ALL);
    }

    /** Starts capturing every log record; the plugin's loggers log at every level until {@link #close()}. */
    public static SecretCanaries listen() {
        return new SecretCanaries();
    }

    /** Plants secrets that must never be seen; blank values are ignored (they would match everything). */
    public SecretCanaries add(String... secrets) {
        for (String s : secrets) {
            if (s != null && !s.isBlank()) {
                canaries.add(s);
            }
        }
        return this;
    }

    /** Collects an object (a result, an exception, a text) for {@link #assertNoCanaryAnywhere()}; returns it. */
    public <T> T check(T o) {
        checked.add(o);
        return o;
    }

    /** The planted secrets so far. */
    public List<String> canaries() {
        synchronized (canaries) {
            return List.copyOf(canaries);
        }
    }

    /** How many objects were collected with {@link #check}. */
    public int checkedCount() {
        return checked.size();
    }

    /** How many log records were captured so far. */
    public int logRecordCount() {
        return records.size();
    }

    /** Fails, naming where and replacing the secret by {@code <<CANARY>>}, if anything collected holds a canary. */
    public void assertNoCanaryAnywhere() {
        List<Object> objects;
        synchronized (checked) {
            objects = List.copyOf(checked);
        }
        for (Object o : objects) {
            assertClean("toString of " + (o == null ? "null" : o.getClass().getSimpleName()), String.valueOf(o));
            if (o instanceof Throwable t) {
                assertCleanThrowable(t, Collections.newSetFromMap(new IdentityHashMap<>()));
            }
            if (o instanceof ConnectionTest c) {
                assertClean("connection test summary", c.summary());
            }
        }
        SimpleFormatter formatter = new SimpleFormatter();
        List<LogRecord> logged;
        synchronized (records) {
            logged = List.copyOf(records);
        }
        for (LogRecord r : logged) {
            assertClean("log record", formatter.format(r));
            assertClean("log message", r.getMessage());
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    assertClean("log parameter", String.valueOf(p));
                }
            }
            assertCleanThrowable(r.getThrown(), Collections.newSetFromMap(new IdentityHashMap<>()));
        }
    }

    /** Fails if {@code text} contains a planted secret. */
    public void assertClean(String where, String text) {
        if (text == null) {
            return;
        }
        for (String c : canaries()) {
            if (text.contains(c)) {
                throw new AssertionError(where + " contains a canary secret: " + text.replace(c, "<<CANARY>>"));
            }
        }
    }

    private void assertCleanThrowable(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        String name = t.getClass().getSimpleName();
        assertClean("message of " + name, t.getMessage());
        assertClean("localized message of " + name, t.getLocalizedMessage());
        assertClean("toString of " + name, t.toString());
        if (t instanceof SalesforceAuthException e) {
            assertClean("salesforceError", e.salesforceError());
            assertClean("detail", e.detail());
            assertClean("fix", e.fix());
        }
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        assertClean("stack trace of " + name, trace.toString());
        assertCleanThrowable(t.getCause(), seen);
        for (Throwable s : t.getSuppressed()) {
            assertCleanThrowable(s, seen);
        }
    }

    @Override
    public void close() {
        ROOT.removeHandler(capture);
        PLUGIN.setLevel(pluginLevel);
    }
}
