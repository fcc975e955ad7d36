package dev.handoff.desk.server;

/** A client sent a payload the desk cannot use; the message says which key and what was wrong. */
final class BadPayload extends RuntimeException {
    BadPayload(String message) {
        super(message);
    }
}
