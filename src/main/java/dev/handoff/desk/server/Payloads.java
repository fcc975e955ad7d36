package dev.handoff.desk.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/** Reads untrusted event payloads (as Jackson gives them: maps, lists, strings, numbers) with precise complaints. */
final class Payloads {
    /** Jackson without the scalar coercions that would read {@code 12} as the string "12", or "5" as a number. */
    private static final ObjectMapper STRICT = strictMapper();

    private Payloads() {}

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * The payload as a request record. Its components are checked in order, each with the complaint a
     * client can act on: a required one that is missing or {@code null} ({@code 'text' is missing (keys:
     * [chatId])}), a value of the wrong JSON type ({@code 'text' must be a string, got a number (12)}).
     */
    static <T extends Record> T decode(Map<String, Object> m, Class<T> type) {
        for (RecordComponent c : type.getRecordComponents()) {
            String key = c.getName();
            Object v = m.get(key);
            if (v == null) {
                JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
                if (p != null && p.required())
                    throw new BadPayload("'" + key + "' is missing (keys: " + m.keySet() + ")");
                continue;
            }
            try {
                STRICT.convertValue(v, c.getType());
            } catch (IllegalArgumentException e) {
                throw new BadPayload("'" + key + "' must be " + kind(c.getType()) + ", got " + describe(v));
            }
        }
        return STRICT.convertValue(m, type);
    }

    private static String kind(Class<?> type) {
        if (type == String.class) return "a string";
        if (Number.class.isAssignableFrom(type)) return "a number";
        return "a " + type.getSimpleName();
    }

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
