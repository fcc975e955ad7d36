package dev.handoff.desk.api;

/**
 * The {@code /agents} Socket.IO namespace: how an agent (the terminal client, later a browser
 * console) works the desk. An agent connects with its token in the Socket.IO {@code auth} object
 * ({@code {"token": "..."}}) or as the query parameter {@code token}; without a valid token the
 * connection is refused ({@code connect_error} with {@code {"message": "invalid token"}}). The agents'
 * console signs in with the session cookie its password sign-in set, in the handshake's headers.
 * Every payload is a JSON object; the records of this package are their exact shapes.
 */
public final class AgentEvents {
    public static final String NAMESPACE = "/agents";

    // agent -> desk
    /** {@link Requests.Status}: {@code online} or {@code away}. */
    public static final String SET_STATUS = "status";
    /** {@link Requests.Language}: the agent's preferred language. */
    public static final String SET_LANGUAGE = "language";
    /** no payload: ask for a {@link #QUEUE} snapshot. */
    public static final String GET_QUEUE = "queue";
    /** {@link Requests.ChatRef}: take a waiting chat. */
    public static final String TAKE = "take";
    /** {@link Requests.ChatRef}: read a chat (waiting, yours, or archived) -> {@link #CHAT}. */
    public static final String GET_CHAT = "chat";
    /** {@link Requests.Send}: a message for the user of one of your chats. */
    public static final String SEND = "send";
    /** {@link Requests.Transfer}: hand one of your chats to another agent or department. */
    public static final String TRANSFER = "transfer";
    /** {@link Requests.Subject}: set the subject line of one of your chats. */
    public static final String SUBJECT = "subject";
    /** {@link Requests.ChatRef}: resolve one of your chats: archived, the bot gets {@code disconnect_socket}. */
    public static final String RESOLVE = "resolve";
    /** {@link Requests.Page}: list archived chats -> {@link #ARCHIVE}. */
    public static final String LIST_ARCHIVE = "archive";
    /** {@link Requests.ChatRef}: read an archived chat -> {@link #CHAT}. */
    public static final String GET_ARCHIVED = "archived_chat";

    /**
     * {@link Requests.ChatLanguage}: correct the user's language of one of your chats: later user messages are
     * in it, and the chat's translations are redone -> {@link #CHAT}.
     */
    public static final String SET_CHAT_LANGUAGE = "set_chat_language";
    /** {@link Requests.MessageRef}: translate a user or bot message of one of your chats again -> {@link #MESSAGE_UPDATED}. */
    public static final String RETRANSLATE = "retranslate";

    // desk -> agent
    /** {@link AgentView}: sent once the connection is accepted, and after each status or language change. */
    public static final String SIGNED_IN = "signed_in";
    /**
     * {@link DeskInfo}: the desk's departments, agents, quick replies and message size limit; sent once
     * the connection is accepted, right after {@link #SIGNED_IN}.
     */
    public static final String DESK_INFO = "desk_info";
    /** {@link AgentView}: your status or language changed. */
    public static final String STATUS = "status";
    /** {@link QueueSnapshot}: the waiting chats of your departments and your own chats. */
    public static final String QUEUE = "queue";
    /** {@link QueueChange}: a chat of your departments joined, changed in or left the queue. */
    public static final String QUEUE_CHANGED = "queue_changed";
    /** {@link ChatView}: a chat is now yours (auto-assign, take, or transfer), with all its messages. */
    public static final String ASSIGNED = "assigned";
    /** {@link ChatClosed}: a chat is no longer yours (transferred away). */
    public static final String UNASSIGNED = "unassigned";
    /** {@link ChatView}: a chat with its messages (reply to {@code chat}/{@code archived_chat}, or the bot history arrived). */
    public static final String CHAT = "chat";
    /**
     * {@link ChatView}: one of your chats with all its messages, sent for each of them after
     * {@link #QUEUE} when you (re)connect: what you may have missed while away.
     */
    public static final String CHAT_SYNC = "chat_sync";
    /** {@link MessageView}: a new message in one of your chats (user, you, the queue). */
    public static final String MESSAGE = "message";
    /**
     * {@link MessageView}: a message you have has a new translation (one that came after the timeout, or a
     * {@link #RETRANSLATE}); replace the message with the same {@code chatId}, {@code seq} and {@code history}.
     */
    public static final String MESSAGE_UPDATED = "message_updated";
    /** {@link SlaReminder}: you have not answered a newly assigned chat in time. */
    public static final String SLA_REMINDER = "sla_reminder";
    /** {@link ChatClosed}: one of your chats was archived (resolved, user gone, idle). */
    public static final String CHAT_ARCHIVED = "chat_archived";
    /** {@link ArchivePage}: archived chats, newest first. */
    public static final String ARCHIVE = "archive";
    /** {@link DeskError}: a request was refused; says which event and why. */
    public static final String ERROR = "desk_error";

    private AgentEvents() {}
}
