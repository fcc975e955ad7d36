package dev.handoff.desk.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.desk.api.Requests;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * The desk's payload decoding ({@link Payloads}) of whatever a client sends, as netty-socketio's
 * Jackson gives it (maps, lists, strings, numbers, booleans, nulls): every {@code /agents} request
 * record, and the {@code /live_agent} shapes of {@code username}, {@code messages_to_client} and
 * {@code from_user} read the way {@code LiveAgentEndpoint} reads them. Each read gives a value or a
 * {@link BadPayload}, never another exception, within the timeout. Fuzz test (see {@code
 * dev.handoff.fuzz}); it lives here for the package-private {@code Payloads}.
 */
class PayloadsFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Class<? extends Record>> REQUESTS = List.of(
            Requests.Status.class,
            Requests.Language.class,
            Requests.ChatRef.class,
            Requests.Send.class,
            Requests.Transfer.class,
            Requests.Subject.class,
            Requests.Page.class);

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    void anyPayloadDecodesOrIsABadPayload(byte[] bytes) {
        Object data;
        try {
            data = JSON.readValue(bytes, Object.class);
        } catch (IOException e) {
            return; // not JSON: netty-socketio drops it before any handler
        }
        for (Class<? extends Record> type : REQUESTS) {
            read(() -> Payloads.decode(data == null ? Map.of() : Payloads.object(data), type));
        }
        read(() -> username(data));
        read(() -> history(data));
        read(() -> fromUser(data));
    }

    /** {@code username}: ConversationID, BotID, department, language, contact. */
    private static void username(Object data) {
        Map<String, Object> m = Payloads.object(data);
        Payloads.string(m, "ConversationID", true);
        Payloads.string(m, "BotID", true);
        Payloads.string(m, "department", false);
        Payloads.string(m, "language", false);
        if (m.get("contact") != null) {
            Map<String, Object> c = Payloads.object(m.get("contact"));
            Payloads.string(c, "name", false);
            Payloads.string(c, "email", false);
            Payloads.string(c, "phone", false);
        }
    }

    /** {@code messages_to_client}: each entry on its own, as the endpoint skips a bad one. */
    private static void history(Object data) {
        for (Object item : Payloads.list(Payloads.object(data), "messages")) {
            read(() -> {
                Map<String, Object> e = Payloads.object(item);
                Payloads.abbreviate(Payloads.string(e, "sender", true));
                Payloads.string(e, "message", true);
            });
        }
    }

    /** {@code from_user}: message, and the delivery addition's id. */
    private static void fromUser(Object data) {
        Map<String, Object> m = Payloads.object(data);
        Payloads.string(m, "message", true);
        Payloads.string(m, "id", false);
    }

    private static void read(Runnable decode) {
        try {
            decode.run();
        } catch (BadPayload e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a BadPayload without a message", e);
            }
        }
    }
}
