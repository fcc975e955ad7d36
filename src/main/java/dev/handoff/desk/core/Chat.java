package dev.handoff.desk.core;

import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.api.Contact;
import dev.handoff.desk.store.StoredChat;
import java.time.Instant;

/** An open chat's state inside the {@link HelpDesk}; only touched under the desk's lock. */
final class Chat {
    final String id;
    final String botId;
    final String conversationId;
    String department;
    String language;
    final Contact contact;
    String subject;
    ChatStatus status;
    String agent;
    final Instant createdAt;
    Instant queuedAt;
    Instant lastActivityAt;
    Instant archivedAt;
    String archiveReason;

    boolean userConnected;
    Instant userGoneAt;
    int nextSeq = 1;
    boolean hasHistory;
    Instant nextAutoReplyAt;
    Instant assignedAt;
    Instant slaDueAt;
    boolean answered;
    boolean reminded;
    /** Messages for the user sent while its bot was not connected: delivered, in order, when it reconnects. */
    final java.util.List<String> undelivered = new java.util.ArrayList<>();

    Chat(StoredChat s) {
        this.id = s.id();
        this.botId = s.botId();
        this.conversationId = s.conversationId();
        this.department = s.department();
        this.language = s.language();
        this.contact = s.contact();
        this.subject = s.subject();
        this.status = ChatStatus.fromWire(s.status());
        this.agent = s.agent();
        this.createdAt = s.createdAt();
        this.queuedAt = s.queuedAt();
        this.lastActivityAt = s.lastActivityAt() == null ? s.createdAt() : s.lastActivityAt();
        this.archivedAt = s.archivedAt();
        this.archiveReason = s.archiveReason();
    }

    void slaDueAt(Instant due) {
        this.slaDueAt = due;
    }

    StoredChat stored() {
        return new StoredChat(
                id,
                botId,
                conversationId,
                department,
                language,
                contact,
                subject,
                status.wire(),
                agent,
                createdAt,
                queuedAt,
                lastActivityAt,
                archivedAt,
                archiveReason);
    }

    ChatSummary summary() {
        return HelpDesk.summary(stored(), userConnected);
    }
}
