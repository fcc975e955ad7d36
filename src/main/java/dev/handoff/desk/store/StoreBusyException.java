package dev.handoff.desk.store;

/** The store cannot take more writes now (its queue is full); the desk refuses the command, nothing is half done. */
public final class StoreBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreBusyException(String message) {
        super(message);
    }
}
