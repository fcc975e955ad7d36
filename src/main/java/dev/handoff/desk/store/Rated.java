package dev.handoff.desk.store;

/** What {@link ChatStore#rate} did. */
public enum Rated {
    /** The rating is stored with the chat. */
    RATED,
    /** The chat has a rating already: the first one stands, nothing changed. */
    ALREADY_RATED,
    /** No chat with that id. */
    NO_CHAT
}
