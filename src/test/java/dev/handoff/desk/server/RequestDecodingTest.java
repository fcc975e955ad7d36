package dev.handoff.desk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.api.Requests;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Agent payloads are decoded into the records of {@code Requests}, with a complaint a client can act on. */
class RequestDecodingTest {
    static Map<String, Object> json(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void aPayloadIsDecodedIntoItsRequestRecordIgnoringUnknownKeys() {
        assertThat(Payloads.decode(json("chatId", "c1", "text", "hi", "extra", true), Requests.Send.class))
                .isEqualTo(new Requests.Send("c1", "hi"));
        assertThat(Payloads.decode(json("chatId", "c1", "department", "sales"), Requests.Transfer.class))
                .isEqualTo(new Requests.Transfer("c1", null, "sales"));
        assertThat(Payloads.decode(json("offset", 10), Requests.Page.class)).isEqualTo(new Requests.Page(10, null));
    }

    @Test
    void aRequiredKeyThatIsMissingOrNullIsNamedWithTheKeysThatCame() {
        assertThatThrownBy(() -> Payloads.decode(json("chatId", "c1"), Requests.Send.class))
                .isInstanceOf(BadPayload.class)
                .hasMessage("'text' is missing (keys: [chatId])");
        assertThatThrownBy(() -> Payloads.decode(json("chatId", null), Requests.ChatRef.class))
                .hasMessage("'chatId' is missing (keys: [chatId])");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNotCoerced() {
        assertThatThrownBy(() -> Payloads.decode(json("chatId", "c1", "text", 12), Requests.Send.class))
                .hasMessage("'text' must be a string, got a number (12)");
        assertThatThrownBy(() -> Payloads.decode(json("status", true), Requests.Status.class))
                .hasMessage("'status' must be a string, got a boolean (true)");
        assertThatThrownBy(() -> Payloads.decode(json("chatId", Map.of()), Requests.ChatRef.class))
                .hasMessage("'chatId' must be a string, got an object");
        assertThatThrownBy(() -> Payloads.decode(json("limit", "5"), Requests.Page.class))
                .hasMessage("'limit' must be a number, got a string ('5')");
    }

    @Test
    void componentsAreCheckedInOrder() {
        assertThatThrownBy(() -> Payloads.decode(json("text", 12, "chatId", 5), Requests.Send.class))
                .hasMessage("'chatId' must be a string, got a number (5)");
    }
}
