package dev.handoff.liveagent;

/** Why a live-agent session failed. */
public record LiveAgentFailure(Kind kind, String detail) {

    public enum Kind {
        /** The server could not be reached at all (connection refused, unknown host). */
        UNREACHABLE,
        /** The server did not complete the handshake (up to {@code username}) within the connect timeout. */
        TIMEOUT,
        /**
         * The server refused the connection (a connect error from the namespace), or, with the delivery
         * addition, answered {@code username} with {@code ok: false} (the chat cannot be created).
         */
        REFUSED,
        /** An established connection dropped and did not come back within the reconnect timeout. */
        LOST
    }

    @Override
    public String toString() {
        return kind + (detail == null || detail.isBlank() ? "" : ": " + detail);
    }
}
