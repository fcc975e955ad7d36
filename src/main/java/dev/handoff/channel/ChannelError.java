package dev.handoff.channel;

import java.util.Locale;

/**
 * Why a channel refused a user's request, with a stable code for the wire ({@code error {code, message}} on
 * Socket.IO, {@code {"error", "message"}} over REST). The user's message was not taken: the client still has
 * it and can say so.
 */
public final class ChannelError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The stable codes. */
    public enum Code {
        /** Not the JSON the event or endpoint expects, or a field missing. */
        MALFORMED,
        /** The message is longer than the bot's maximum. */
        TOO_LONG,
        /** No bot of that id runs here. */
        UNKNOWN_BOT,
        /** No session of that id is open here. */
        UNKNOWN_SESSION,
        /** The session has too many messages waiting for their turn. */
        BUSY;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Code code;

    public ChannelError(Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
