package dev.handoff.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.QueueSnapshot;
import dev.handoff.desk.api.Requests;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** The desk's JSON into the typed records and the requests back, as on the wire. */
class AgentConnectionTest {
    @Test
    void aDeskEventIsReadIntoItsRecordIgnoringUnknownProperties() throws Exception {
        ChatView view = AgentConnection.decode(
                new JSONObject("{\"chat\": {\"chatId\": \"c1\", \"department\": \"sales\", \"contact\": {\"name\":"
                        + " \"Lindiwe\"}, \"newField\": 1}, \"messages\": [{\"chatId\": \"c1\", \"seq\": 3,"
                        + " \"history\": true, \"sender\": \"user\", \"text\": \"hi\"}], \"extra\": true}"),
                ChatView.class);
        assertThat(view.chat().chatId()).isEqualTo("c1");
        assertThat(view.chat().contact().name()).isEqualTo("Lindiwe");
        assertThat(view.chat().subject()).isNull();
        assertThat(view.messages()).singleElement().satisfies(m -> {
            assertThat(m.seq()).isEqualTo(3);
            assertThat(m.history()).isTrue();
            assertThat(m.text()).isEqualTo("hi");
        });
    }

    @Test
    void aPayloadOfTheWrongShapeIsAReadingProblem() {
        assertThatExceptionOfType(JsonProcessingException.class)
                .isThrownBy(() -> AgentConnection.decode(new JSONObject("{\"waiting\": 3}"), QueueSnapshot.class));
    }

    @Test
    void aRequestLeavesOutItsNullFieldsAndNoPayloadIsAnEmptyObject() throws Exception {
        assertThat(AgentConnection.encode(new Requests.Transfer("c1", "bob", null))
                        .toString())
                .isEqualTo(new JSONObject("{\"chatId\": \"c1\", \"agent\": \"bob\"}").toString());
        assertThat(AgentConnection.encode(new Requests.Page(0, 20)).toString())
                .isEqualTo(new JSONObject("{\"offset\": 0, \"limit\": 20}").toString());
        assertThat(AgentConnection.encode(null).length()).isZero();
    }
}
