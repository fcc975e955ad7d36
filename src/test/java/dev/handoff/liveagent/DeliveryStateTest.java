package dev.handoff.liveagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryStateTest {
    static final DeliveryState.UserMessage FIRST = new DeliveryState.UserMessage("c1-1", "first question");
    static final DeliveryState.UserMessage SECOND = new DeliveryState.UserMessage("c1-2", "second question");

    @Test
    void aReportThatLagsBehindAMessageRecordedSinceNeitherForgetsItNorTakesItsIdBack() {
        DeliveryState recorded = new DeliveryState("chat", "token", 4, "c1", 1, List.of(FIRST));
        DeliveryState stale = new DeliveryState("chat", "token", 3, "c1", 0, List.of());

        DeliveryState now = recorded.updatedBy(stale);

        assertThat(now.lastUserMessageId())
                .as("an id given is never given again")
                .isEqualTo(1);
        assertThat(now.lastAgentMessageId()).isEqualTo(4);
        assertThat(now.unacknowledged()).containsExactly(FIRST);
    }

    @Test
    void aReportThatKnowsAMessageAcknowledgedDropsItAndKeepsTheOnesItDoesNotKnowYet() {
        DeliveryState recorded = new DeliveryState("chat", "token", 4, "c1", 2, List.of(FIRST, SECOND));
        DeliveryState acked = new DeliveryState("chat", "token", 4, "c1", 1, List.of());

        DeliveryState now = recorded.updatedBy(acked);

        assertThat(now.unacknowledged()).containsExactly(SECOND);
        assertThat(now.lastUserMessageId()).isEqualTo(2);
    }

    @Test
    void aFullReportReplacesTheChatAndTokenItCarries() {
        DeliveryState recorded = new DeliveryState(null, null, Long.MIN_VALUE, "c1", 0, List.of());
        DeliveryState report = new DeliveryState("chat", "token", 7, "c1", 0, List.of());

        DeliveryState now = recorded.updatedBy(report);

        assertThat(now.chatId()).isEqualTo("chat");
        assertThat(now.resumeToken()).isEqualTo("token");
        assertThat(now.lastAgentMessageId()).isEqualTo(7);
    }
}
