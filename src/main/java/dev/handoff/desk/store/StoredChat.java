package dev.handoff.desk.store;

import dev.handoff.desk.api.Contact;
import java.time.Instant;
import java.util.Objects;

/**
 * A chat as stored. {@code status}: {@code queued}, {@code assigned}, {@code archived}. Times are
 * {@code null} when not (yet) applicable. {@code facts}: what metrics and reports are computed from.
 */
public record StoredChat(
        String id,
        String botId,
        String conversationId,
        String department,
        String language,
        Contact contact,
        String subject,
        String status,
        String agent,
        Instant createdAt,
        Instant queuedAt,
        Instant lastActivityAt,
        Instant archivedAt,
        String archiveReason,
        ChatFacts facts) {
    /** A chat with no {@link ChatFacts} yet (a new chat). */
    public StoredChat(
            String id,
            String botId,
            String conversationId,
            String department,
            String language,
            Contact contact,
            String subject,
            String status,
            String agent,
            Instant createdAt,
            Instant queuedAt,
            Instant lastActivityAt,
            Instant archivedAt,
            String archiveReason) {
        this(
                id,
                botId,
                conversationId,
                department,
                language,
                contact,
                subject,
                status,
                agent,
                createdAt,
                queuedAt,
                lastActivityAt,
                archivedAt,
                archiveReason,
                ChatFacts.NONE);
    }

    public StoredChat {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        contact = contact == null ? Contact.NONE : contact;
        facts = facts == null ? ChatFacts.NONE : facts;
    }
}
