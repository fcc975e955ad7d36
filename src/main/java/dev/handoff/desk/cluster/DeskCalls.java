package dev.handoff.desk.cluster;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.core.DeskException;

/**
 * How a call of the {@link dev.handoff.desk.core.Desk} port crosses from a node to the leader: {@code {"op": NAME,
 * "args": {...}}}, answered {@code {"ok": VALUE}} or, for a refusal, {@code {"refused": {"code": CODE, "message":
 * TEXT}}}. Values are the port's records as Jackson writes them; unknown properties are ignored when read, so a
 * record's derived accessors ({@code languages()} of a pair list) travel harmlessly.
 */
final class DeskCalls {
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private DeskCalls() {}

    static ObjectNode call(String op, ObjectNode args) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("op", op);
        body.set("args", args);
        return body;
    }

    static ObjectNode args() {
        return JsonNodeFactory.instance.objectNode();
    }

    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    static ObjectNode ok(Object value) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("ok", value == null ? JsonNodeFactory.instance.nullNode() : tree(value));
        return answer;
    }

    static ObjectNode refused(DeskException e) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ObjectNode refusal = answer.putObject("refused");
        refusal.put("code", e.code().name());
        refusal.put("message", e.getMessage());
        return answer;
    }

    /** The answer's value as {@code type} ({@code null} for {@code Void}), or its refusal thrown. */
    static <T> T answer(JsonNode answer, Class<T> type) {
        JsonNode refused = answer.get("refused");
        if (refused != null) {
            DeskError.Code code;
            try {
                code = DeskError.Code.valueOf(refused.path("code").asText());
            } catch (IllegalArgumentException e) {
                code = DeskError.Code.INTERNAL;
            }
            throw new DeskException(code, refused.path("message").asText("refused"));
        }
        if (type == Void.class) return null;
        JsonNode ok = answer.get("ok");
        if (ok == null || ok.isNull()) throw new IllegalStateException("the leader's answer has no value");
        try {
            return JSON.treeToValue(ok, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the leader's answer cannot be read as " + type.getSimpleName(), e);
        }
    }

    static <T> T read(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }
}
