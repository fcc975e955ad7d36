package dev.handoff.desk.core;

import dev.handoff.desk.api.Contact;

/**
 * A bot hands a conversation to the desk: which conversation of which bot, and what it knows about it.
 * {@code department}, {@code language} and {@code contact} may be {@code null} (then the default
 * department, no language, no contact). {@code delivery}: the bot speaks the delivery addition (ids and
 * acknowledgements).
 */
public record OpenChat(
        String conversationId, String botId, String department, String language, Contact contact, boolean delivery) {
    public OpenChat {
        contact = contact == null ? Contact.NONE : contact;
    }
}
