package dev.handoff.desk.store;

import dev.handoff.desk.api.Contact;
import java.time.Instant;
import java.util.Objects;

/**
 * A chat as stored. {@code status}: {@code queued}, {@code assigned}, {@code archived}. Times are
 * {@code null} when not (yet) applicable.
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
        String archiveReason) {
    public StoredChat {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        contact = contact == null ? Contact.NONE : contact;
    }
}
