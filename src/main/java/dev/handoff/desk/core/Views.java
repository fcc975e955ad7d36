package dev.handoff.desk.core;

import dev.handoff.desk.api.AgentView;
import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.TranslationView;
import dev.handoff.desk.store.StoredChat;
import dev.handoff.desk.store.StoredMessage;
import dev.handoff.desk.store.StoredTranslation;
import java.time.Instant;
import java.util.List;

/** The desk's state as the records of {@code desk.api} that agents receive: times as ISO-8601 instants. */
final class Views {
    private Views() {}

    static ChatView chat(ChatSummary summary, List<StoredMessage> messages) {
        return new ChatView(summary, messages.stream().map(Views::message).toList());
    }

    static MessageView message(StoredMessage m) {
        return new MessageView(
                m.chatId(),
                m.seq(),
                m.history(),
                m.sender(),
                m.author(),
                m.text(),
                m.language(),
                translation(m.translation()),
                m.at().toString());
    }

    static TranslationView translation(StoredTranslation t) {
        return t == null ? null : new TranslationView(t.text(), t.language(), t.engine(), t.error());
    }

    static ChatSummary summary(StoredChat s, boolean userConnected) {
        return new ChatSummary(
                s.id(),
                s.conversationId(),
                s.botId(),
                s.department(),
                s.language(),
                s.contact().isEmpty() ? null : s.contact(),
                s.subject(),
                s.status(),
                s.agent(),
                iso(s.createdAt()),
                iso(s.queuedAt()),
                iso(s.lastActivityAt()),
                iso(s.archivedAt()),
                s.archiveReason(),
                userConnected);
    }

    static AgentView agent(AgentState a) {
        return new AgentView(a.name(), a.config.departments(), a.config.maxChats(), a.language, a.status(), a.load);
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }
}
