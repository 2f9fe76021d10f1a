package io.jenkins.plugins.salesforce.emulator;

import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Every request the emulator received, in arrival order, and counters over them. A request is recorded when it
 * arrives, so faulted and reset requests count too. Nothing in it is secret ({@link RecordedRequest}).
 */
public final class RequestLog {
    // A queue, not a copy-on-write list: every request is added, and copying all earlier ones each time made each
    // request of a long benchmark cost more than the one before.
    private final Queue<RecordedRequest> entries = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Consumer<RecordedRequest>> listeners = new CopyOnWriteArrayList<>();

    RequestLog() {}

    RecordedRequest add(RecordedRequestFactory factory) {
        RecordedRequest r = factory.create(sequence.incrementAndGet());
        entries.add(r);
        return r;
    }

    /** Calls {@code listener} with each request once it is finished (answered, or its connection closed). */
    public void addListener(Consumer<RecordedRequest> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void finished(RecordedRequest r) {
        for (Consumer<RecordedRequest> l : listeners) {
            try {
                l.accept(r);
            } catch (RuntimeException e) {
                // a listener must not break the emulator
            }
        }
    }

    interface RecordedRequestFactory {
        RecordedRequest create(long sequence);
    }

    public List<RecordedRequest> all() {
        return List.copyOf(entries);
    }

    public List<RecordedRequest> of(Endpoint endpoint) {
        return entries.stream().filter(r -> r.endpoint() == endpoint).toList();
    }

    /** Requests that reached {@code endpoint}. */
    public int count(Endpoint endpoint) {
        return (int) entries.stream().filter(r -> r.endpoint() == endpoint).count();
    }

    /** Token requests with this grant type ({@code jwt-bearer} is accepted for the JWT urn). */
    public int count(Endpoint endpoint, String grantType) {
        String g = GrantTypes.normalise(grantType);
        return (int) entries.stream()
                .filter(r -> r.endpoint() == endpoint && Objects.equals(GrantTypes.normalise(r.grantType()), g))
                .count();
    }

    /** Token requests with this grant type. */
    public int countGrant(String grantType) {
        return count(Endpoint.TOKEN, grantType);
    }

    public int total() {
        return entries.size();
    }

    /** Forgets every request (counters restart at zero). */
    public void reset() {
        entries.clear();
    }

    /** One line per request, secrets redacted. */
    public String render() {
        return entries.stream().map(RecordedRequest::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return render();
    }
}
