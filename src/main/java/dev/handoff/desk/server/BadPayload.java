package dev.handoff.desk.server;

/** A client sent a payload the desk cannot use; the message says which key and what was wrong. */
final class BadPayload extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadPayload(String message) {
        super(message);
    }
}
