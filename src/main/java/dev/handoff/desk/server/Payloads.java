package dev.handoff.desk.server;

import java.util.List;
import java.util.Map;

/** Reads untrusted event payloads (as Jackson gives them: maps, lists, strings, numbers) with precise complaints. */
final class Payloads {
    private Payloads() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object data) {
        if (data instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new BadPayload("expected a JSON object, got " + describe(data));
    }

    static String string(Map<String, Object> m, String key, boolean required) {
        Object v = m.get(key);
        if (v == null) {
            if (required) throw new BadPayload("'" + key + "' is missing (keys: " + m.keySet() + ")");
            return null;
        }
        if (v instanceof String s) return s;
        throw new BadPayload("'" + key + "' must be a string, got " + describe(v));
    }

    static List<?> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) throw new BadPayload("'" + key + "' is missing (keys: " + m.keySet() + ")");
        if (v instanceof List<?> l) return l;
        throw new BadPayload("'" + key + "' must be an array, got " + describe(v));
    }

    static Integer integer(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return null;
        if (v instanceof Number n) return n.intValue();
        throw new BadPayload("'" + key + "' must be a number, got " + describe(v));
    }

    static String describe(Object v) {
        if (v == null) return "nothing";
        if (v instanceof String s) return "a string (" + abbreviate(s) + ")";
        if (v instanceof Number) return "a number (" + v + ")";
        if (v instanceof Boolean) return "a boolean (" + v + ")";
        if (v instanceof List<?> l) return "an array of " + l.size();
        if (v instanceof Map<?, ?>) return "an object";
        return v.getClass().getSimpleName();
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? "'" + s + "'" : "'" + s.substring(0, 37) + "...' (" + s.length() + " chars)";
    }
}
