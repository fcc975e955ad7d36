package dev.handoff.desk.support;

import dev.handoff.desk.api.Contact;
import dev.handoff.desk.store.StoredChat;
import java.time.Instant;

/** Chats as the store's tests and the write-path benchmarks create them. */
public final class StoredChats {
    private StoredChats() {}

    /** An open chat of department {@code sales}, in English, assigned to {@code ann}, created and queued {@code at}. */
    public static StoredChat assigned(String id, Instant at) {
        return new StoredChat(
                id, "bot", "conv-" + id, "sales", "en", Contact.NONE, null, "assigned", "ann", at, at, at, null, null);
    }
}
