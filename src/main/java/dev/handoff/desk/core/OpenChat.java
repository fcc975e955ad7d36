package dev.handoff.desk.core;

import dev.handoff.desk.api.Contact;

/**
 * A bot hands a conversation to the desk: which conversation of which bot, and what it knows about it.
 * {@code department}, {@code language} and {@code contact} may be {@code null} (then the default
 * department, no language, no contact). {@code delivery}: the bot speaks the delivery addition (ids and
 * acknowledgements).
 *
 * @param botKey the connection proved the key of {@code botId} (checked by the server before the desk
 *     is asked): it may resume a chat of its bot that has no live connection without the resume token
 * @param resume the resume token the connection presented ({@code username}'s {@code "resume"}), or
 *     {@code null}
 * @param notices the bot accepted the notices addition: it is told the chat's queue position and when an
 *     agent joins
 */
public record OpenChat(
        String conversationId,
        String botId,
        String department,
        String language,
        Contact contact,
        boolean delivery,
        boolean botKey,
        String resume,
        boolean notices) {
    public OpenChat {
        contact = contact == null ? Contact.NONE : contact;
    }

    /** A chat asked for without a key and without a resume token. */
    public OpenChat(
            String conversationId,
            String botId,
            String department,
            String language,
            Contact contact,
            boolean delivery) {
        this(conversationId, botId, department, language, contact, delivery, false, null, false);
    }

    @Override
    public String toString() {
        return "OpenChat[conversationId=" + conversationId + ", botId=" + botId + ", department=" + department
                + ", language=" + language + ", delivery=" + delivery + ", notices=" + notices + ", botKey=" + botKey
                + ", resume="
                + (resume == null ? "none" : "***") + "]";
    }
}
