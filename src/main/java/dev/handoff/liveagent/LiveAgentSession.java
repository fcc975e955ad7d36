package dev.handoff.liveagent;

/** One conversation's live-agent connection. Thread-safe; never blocks. */
public interface LiveAgentSession {

    /**
     * Sends a user message as {@code from_user}. Before {@code username} has been sent (while
     * connecting or reconnecting) the message is kept and delivered, in order, right after it. With a
     * server that speaks the delivery addition, it is kept until the server acknowledges it and sent
     * again, in order, after every reconnect until then.
     */
    void send(String userMessage);

    /**
     * Whether the server reports the queue to this session ({@link LiveAgentListener#onQueuePosition},
     * {@link LiveAgentListener#onAgentJoined}): decided on each connection, known from {@link
     * LiveAgentListener#onConnected()} on. {@code false} for a server that speaks PROTOCOL.md only: then
     * nothing tells the bot whether an agent has the chat.
     */
    default boolean reportsQueue() {
        return false;
    }

    /**
     * Whether the server offered the rating addition on this session's last connection (in delivery mode, so the
     * chat has an id and a resume token): a rating of the chat may then be sent with {@link LiveAgentClient#rate}
     * once it ended. {@code false} by default, and for a server that speaks PROTOCOL.md only.
     */
    default boolean offersRating() {
        return false;
    }

    /**
     * {@link #send}, and the message's id (delivery addition), given at once so that the caller can store the
     * message as unacknowledged in the same instant; {@code null} from a session without ids (the default).
     */
    default String sendWithId(String userMessage) {
        send(userMessage);
        return null;
    }

    /**
     * A user message given its id now and sent later, by {@link Outgoing#send()}: the caller stores the message as
     * unacknowledged with its id first, then sends it, so that a process killed in between resends it from the store
     * and a process killed after it has the message stored. Messages are sent in the order of their {@code send()}
     * calls, which must follow the order of {@code prepare} calls. By default the id is {@code null} and {@code
     * send()} is {@link #send}.
     */
    default Outgoing prepare(String userMessage) {
        return new Outgoing(null, () -> send(userMessage));
    }

    /** A prepared user message: its id (delivery addition; {@code null} without ids) and how to send it. */
    record Outgoing(String id, Runnable sender) {
        public void send() {
            sender.run();
        }
    }

    /** Ends the session from the bot's side (the user left, or the chat ended). Idempotent. */
    void close();
}
