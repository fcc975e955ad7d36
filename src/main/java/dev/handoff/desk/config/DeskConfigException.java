package dev.handoff.desk.config;

/** A desk configuration that cannot be used; the message says where ({@code file: path}) and why. */
public final class DeskConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeskConfigException(String message) {
        super(message);
    }

    public DeskConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
