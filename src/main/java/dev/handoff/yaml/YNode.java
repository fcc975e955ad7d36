package dev.handoff.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written, so that every error can name file, line and
 * column. Maps keep their order and the location of each key.
 */
public sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

    Loc loc();

    /** A short name of the node's kind for messages: "a map", "a list", "a text". */
    String kind();

    record YMap(Map<String, YNode> entries, Map<String, Loc> keyLocs, Loc loc) implements YNode {
        public YMap {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLocs = Collections.unmodifiableMap(new LinkedHashMap<>(keyLocs));
        }

        public YNode get(String key) {
            return entries.get(key);
        }

        public Loc keyLoc(String key) {
            return keyLocs.getOrDefault(key, loc);
        }

        @Override
        public String kind() {
            return "a map";
        }
    }

    record YList(List<YNode> items, Loc loc) implements YNode {
        public YList {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar; {@code value} is null for YAML null ({@code ~} or nothing). {@code quoted} if written in quotes. */
    record YScalar(String value, boolean quoted, Loc loc) implements YNode {
        @Override
        public String kind() {
            return value == null ? "empty" : "a text";
        }

        public boolean isNull() {
            return value == null;
        }
    }

    static YMap emptyMap(Loc loc) {
        return new YMap(Map.of(), Map.of(), loc);
    }

    /**
     * Deep merge for overrides: maps merge key by key (the override wins), anything else is replaced
     * by the override. Locations come from wherever each value was written.
     */
    static YNode merge(YNode base, YNode override) {
        if (base instanceof YMap b && override instanceof YMap o) {
            var entries = new LinkedHashMap<>(b.entries());
            var keyLocs = new LinkedHashMap<>(b.keyLocs());
            o.entries().forEach((k, v) -> {
                YNode old = entries.get(k);
                entries.put(k, old == null ? v : merge(old, v));
                keyLocs.put(k, o.keyLoc(k));
            });
            return new YMap(entries, keyLocs, o.loc());
        }
        return override;
    }
}
