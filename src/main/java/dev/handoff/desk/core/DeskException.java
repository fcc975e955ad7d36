package dev.handoff.desk.core;

import dev.handoff.desk.api.DeskError;

/** A request the desk refuses: a stable {@link DeskError.Code} and a message for people. */
public final class DeskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final DeskError.Code code;

    public DeskException(DeskError.Code code, String message) {
        super(message);
        this.code = code;
    }

    public DeskError.Code code() {
        return code;
    }
}
