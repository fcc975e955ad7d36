package dev.handoff.conversation;

import java.util.List;
import java.util.Objects;

/**
 * A conversation's handoff as stored: enough to open the live-agent connection again, from another process,
 * for the same chat on the desk, with nothing lost or doubled.
 *
 * @param state the handoff's state ({@code CONNECTING}, {@code WITH_AGENT}, {@code BACK_WITH_BOT}, {@code
 *     FAILED}, or {@code CLOSED}: the user closed the conversation); only the first two are {@link #live()}
 * @param liveAgentUrl the live-agent server the handoff went to: its URL, or its URLs in order separated by one space
 *     (a URL has no space in it)
 * @param chatId the desk's chat, once it accepted it (delivery addition), else {@code null}
 * @param resumeToken the chat's resume token from the desk, else {@code null}; a secret: never logged
 * @param lastAgentMessageId the highest agent message id handed to the user ({@link Long#MIN_VALUE}: none)
 * @param userMessageIdPrefix the prefix of the ids of the user's messages, else {@code null}
 * @param lastUserMessageId the number of the last id given to a user message
 * @param unacknowledged the user's messages the desk has not yet acknowledged, oldest first: sent again, with the
 *     same ids, after a restart
 */
public record StoredHandoff(
        String state,
        String department,
        String language,
        String contactName,
        String contactEmail,
        String contactPhone,
        String liveAgentUrl,
        String chatId,
        String resumeToken,
        long lastAgentMessageId,
        String userMessageIdPrefix,
        long lastUserMessageId,
        List<UserMessage> unacknowledged) {

    /** A user message to the agent, with its id. */
    public record UserMessage(String id, String text) {
        public UserMessage {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
        }
    }

    public StoredHandoff {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(liveAgentUrl, "liveAgentUrl");
        unacknowledged = unacknowledged == null ? List.of() : List.copyOf(unacknowledged);
    }

    /** Whether the conversation is with the live agent (connecting or connected): a restart resumes it. */
    public boolean live() {
        return state.equals("CONNECTING") || state.equals("WITH_AGENT");
    }

    @Override
    public String toString() {
        return "StoredHandoff[state=" + state + ", department=" + department + ", liveAgentUrl=" + liveAgentUrl
                + ", chatId=" + chatId + ", resumeToken=" + (resumeToken == null ? "none" : "***")
                + ", lastAgentMessageId=" + lastAgentMessageId + ", lastUserMessageId=" + lastUserMessageId
                + ", unacknowledged=" + unacknowledged.size() + "]";
    }
}
