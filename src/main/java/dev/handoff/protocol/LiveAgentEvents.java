package dev.handoff.protocol;

/**
 * Names of the live-agent protocol's events and its namespace, exactly as {@code PROTOCOL.md}
 * (and the seed's JavaScript client) spell them. Both the bot side and the desk use these.
 */
public final class LiveAgentEvents {
    /** The Socket.IO namespace a bot connects to, appended to the live-agent server's URL. */
    public static final String NAMESPACE = "/live_agent";

    /**
     * server → client, no payload, or {@link StartConversationPayload} {@code {"delivery": 1}} from a
     * server that offers the delivery addition: identify the conversation.
     */
    public static final String START_CONVERSATION = "startConversation";
    /** client → server, {@link UsernamePayload}. */
    public static final String USERNAME = "username";
    /** server → client, payload ignored: send the user-bot transcript. */
    public static final String MESSAGES = "messages";
    /** client → server, {@link MessagesToClientPayload}. */
    public static final String MESSAGES_TO_CLIENT = "messages_to_client";
    /** server → client, {@link ToUserPayload}: an agent's or the queue's message. */
    public static final String TO_USER = "to_user";
    /** client → server, {@link FromUserPayload}: a user's message while with the agent. */
    public static final String FROM_USER = "from_user";
    /** server → client, any payload: the live chat is over. */
    public static final String DISCONNECT_SOCKET = "disconnect_socket";

    /** server → client, {@link AgentStatusPayload}: the delivery addition's agent away/back. */
    public static final String AGENT_STATUS = "agent_status";

    /**
     * server → client, {@link QueuePositionPayload}: the notices addition's "the chat waits at position N";
     * only on a connection whose {@code username} accepted the addition.
     */
    public static final String QUEUE_POSITION = "queue_position";

    /**
     * server → client, {@link AgentJoinedPayload}: the notices addition's "an agent has the chat"; only on a
     * connection whose {@code username} accepted the addition.
     */
    public static final String AGENT_JOINED = "agent_joined";

    /**
     * client → server, {@link RateChatPayload}, with an acknowledgement: the rating addition's "the user rated the
     * chat", on a fresh connection that sends no {@code username}; the server answers and closes the connection.
     */
    public static final String RATE_CHAT = "rate_chat";

    /**
     * server → client, {@code {"event", "code", "message"}}: our desk's refusal of a {@code username}
     * outside delivery mode ({@code invalid_key}, {@code conversation_in_use}, {@code over_capacity});
     * the server then disconnects. In delivery mode the refusal is the acknowledgement's instead.
     */
    public static final String DESK_ERROR = "desk_error";

    private LiveAgentEvents() {}
}
