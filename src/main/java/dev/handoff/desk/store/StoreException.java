package dev.handoff.desk.store;

/**
 * A database operation failed; the message names the operation and the chat. Not final: a cluster's fence refuses
 * a deposed leader's write with a subclass, which callers handle as any failed write.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
