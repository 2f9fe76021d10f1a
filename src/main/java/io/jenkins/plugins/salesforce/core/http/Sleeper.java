package io.jenkins.plugins.salesforce.core.http;

import java.time.Duration;

/** Waits between retries. Production code sleeps the thread; tests record the delay and return at once. */
@FunctionalInterface
public interface Sleeper {
    /** The real sleeper: {@link Thread#sleep(Duration)}, which an interrupt (a Jenkins abort) ends. */
    Sleeper THREAD = Thread::sleep;

    void sleep(Duration delay) throws InterruptedException;
}
