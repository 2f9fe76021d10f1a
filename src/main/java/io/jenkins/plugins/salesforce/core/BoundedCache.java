package io.jenkins.plugins.salesforce.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe memo of answers that are a pure function of their key (a parsed URL, an allowlist verdict), bounded
 * whatever keys come along: when it holds {@code limit} answers it starts again from empty, and the few keys that are
 * really asked again come back at once. Not a general cache: there is no expiry and no eviction order.
 *
 * @param <K> the key, with value equality
 * @param <V> the answer
 */
public final class BoundedCache<K, V> {
    private final int limit;
    private final Map<K, V> answers = new ConcurrentHashMap<>();

    public BoundedCache(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
    }

    /** The remembered answer, or null. */
    public V get(K key) {
        return answers.get(key);
    }

    /** Remembers an answer, emptying the memo first when it is full. */
    public void put(K key, V value) {
        if (answers.size() >= limit) {
            clear();
        }
        answers.put(key, value);
    }

    /** Forgets every answer. */
    public void clear() {
        answers.clear();
    }

    /** How many answers it holds now. */
    public int size() {
        return answers.size();
    }
}
