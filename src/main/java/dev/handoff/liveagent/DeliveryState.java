package dev.handoff.liveagent;

import java.util.List;
import java.util.Objects;

/**
 * What a live-agent session must remember so that another process can take the same chat up again with nothing
 * lost or doubled: the server's chat and its resume token, the last agent message handed to the user, and the
 * user's messages not yet acknowledged, with their ids. A session reports it with {@link
 * LiveAgentListener#onDeliveryState} and {@link LiveAgentListener#onAgentMessage(String, DeliveryState)}, and
 * starts from it when {@link HandoffRequest#resume()} carries one.
 *
 * @param chatId the server's chat (delivery addition), or {@code null} before it accepted one
 * @param resumeToken the chat's resume token, or {@code null}; a secret: {@link #toString()} hides it
 * @param lastAgentMessageId the highest agent message id handed to the listener ({@link Long#MIN_VALUE}: none)
 * @param userMessageIdPrefix the prefix of this conversation's user message ids
 * @param lastUserMessageId the number in the last user message id given
 * @param unacknowledged user messages sent (or to send) and not yet acknowledged, oldest first
 */
public record DeliveryState(
        String chatId,
        String resumeToken,
        long lastAgentMessageId,
        String userMessageIdPrefix,
        long lastUserMessageId,
        List<UserMessage> unacknowledged) {

    /** A user message with its id. */
    public record UserMessage(String id, String text) {
        public UserMessage {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
        }
    }

    public DeliveryState {
        Objects.requireNonNull(userMessageIdPrefix, "userMessageIdPrefix");
        unacknowledged = List.copyOf(unacknowledged);
    }

    /**
     * This state brought up to date by a {@code report} from the session. Reports come on the session's threads and
     * may lag behind what the caller recorded since ({@link LiveAgentSession#sendWithId} gives an id at once): so
     * ids never go back, and a message recorded with an id the report does not know yet stays unacknowledged.
     */
    public DeliveryState updatedBy(DeliveryState report) {
        List<UserMessage> unacked = new java.util.ArrayList<>(report.unacknowledged());
        for (UserMessage m : unacknowledged) {
            boolean known = unacked.stream().anyMatch(u -> u.id().equals(m.id()));
            if (!known && number(m.id()) > report.lastUserMessageId()) unacked.add(m);
        }
        unacked.sort(java.util.Comparator.comparingLong(m -> number(m.id())));
        return new DeliveryState(
                report.chatId() != null ? report.chatId() : chatId,
                report.resumeToken() != null ? report.resumeToken() : resumeToken,
                Math.max(lastAgentMessageId, report.lastAgentMessageId()),
                report.userMessageIdPrefix(),
                Math.max(lastUserMessageId, report.lastUserMessageId()),
                unacked);
    }

    /** The number at the end of a user message id ({@code PREFIX-N}), or 0. */
    static long number(String id) {
        try {
            return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "DeliveryState[chatId=" + chatId + ", resumeToken=" + (resumeToken == null ? "none" : "***")
                + ", lastAgentMessageId=" + lastAgentMessageId + ", userMessageIdPrefix=" + userMessageIdPrefix
                + ", lastUserMessageId=" + lastUserMessageId + ", unacknowledged=" + unacknowledged.size() + "]";
    }
}
