package dev.handoff.translate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The machine engine's translations, kept so that a text is sent to the engine once: bounded by entries, the
 * least recently used dropped first ({@code translation.cacheSize}; 0 keeps nothing). Only translations are
 * kept, never failures: a text the engine failed on is asked again next time.
 *
 * <p>Thread-safe: one lock around a {@link LinkedHashMap} in access order. Each use is a map read or write
 * (no I/O, no callback under the lock), far cheaper than the engine call it saves.
 */
final class TranslationCache {
    /** One text of one pair, as one engine translated it. */
    record Key(String engine, String source, String target, String text) {}

    private final int capacity;
    private final Map<Key, String> entries;

    TranslationCache(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("cacheSize must be at least 0, not " + capacity);
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
                return size() > TranslationCache.this.capacity;
            }
        };
    }

    synchronized Optional<String> get(Key key) {
        return Optional.ofNullable(entries.get(key));
    }

    synchronized void put(Key key, String translation) {
        if (capacity > 0) entries.put(key, translation);
    }
}
