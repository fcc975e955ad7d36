package dev.handoff.desk.core;

/**
 * A request the desk refuses. {@code code} is stable ({@code not_found}, {@code not_yours},
 * {@code not_waiting}, {@code at_capacity}, {@code not_your_department}, {@code bad_request},
 * {@code too_long}, {@code unknown_agent}, {@code unknown_department}, {@code agent_offline});
 * the message is for people.
 */
public final class DeskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public DeskException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
