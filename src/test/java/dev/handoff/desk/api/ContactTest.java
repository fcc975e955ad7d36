package dev.handoff.desk.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ContactTest {
    final ObjectMapper json = new ObjectMapper();

    ChatSummary summary(Contact contact) {
        return new ChatSummary(
                "c1", "conv", "bot", "sales", null, contact, null, "queued", null, "t", "t", "t", null, null, true);
    }

    @Test
    void aChatsContactLeavesOutUnknownDetails() throws Exception {
        assertThat(json.writeValueAsString(summary(new Contact("Anna", null, "+27 11 000"))))
                .contains("\"contact\":{\"name\":\"Anna\",\"phone\":\"+27 11 000\"},");
    }

    @Test
    void aChatWithoutContactSendsNull() throws Exception {
        assertThat(json.writeValueAsString(summary(null))).contains("\"contact\":null,");
    }

    @Test
    void aContactIsReadBackFromTheWire() throws Exception {
        assertThat(json.readValue("{\"name\":\"Anna\",\"age\":3}", Contact.class))
                .isEqualTo(new Contact("Anna", null, null));
    }
}
