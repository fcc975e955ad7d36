package dev.handoff.desk.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeskErrorTest {
    @Test
    void theErrorCodesOnTheWireAreTheDocumentedOnes() {
        assertThat(Arrays.stream(DeskError.Code.values()).map(DeskError.Code::wire))
                .containsExactly(
                        "bad_request",
                        "not_found",
                        "not_yours",
                        "not_waiting",
                        "not_your_department",
                        "at_capacity",
                        "too_long",
                        "unknown_agent",
                        "unknown_department",
                        "agent_offline",
                        "invalid_token",
                        "invalid_credentials",
                        "too_many_attempts",
                        "rate_limited",
                        "over_capacity",
                        "invalid_key",
                        "conversation_in_use",
                        "origin_not_allowed",
                        "supervisors_only",
                        "unknown_chat",
                        "chat_open",
                        "already_rated",
                        "invalid_rating",
                        "busy",
                        "unavailable",
                        "internal");
    }
}
