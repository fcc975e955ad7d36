package dev.handoff.conversation;

/**
 * The conversation store cannot be opened or written. The message starts with the problem's id, for example
 * {@code [conversation-store-in-use] database jdbc:h2:file:... is in use by another process}, and never shows a
 * password.
 */
public final class ConversationStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The problem, as the id at the start of the message. */
    public enum Problem {
        IN_USE("conversation-store-in-use"),
        UNREACHABLE("conversation-store-unreachable"),
        FAILED("conversation-store-failed");

        private final String id;

        Problem(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    ConversationStoreException(Problem problem, String message, Throwable cause) {
        super("[" + problem.id() + "] " + message, cause);
    }
}
