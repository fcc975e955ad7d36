package dev.handoff.desk.store;

/** A database operation failed; the message names the operation and the chat. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
