package dev.handoff.channel.rasa;

import com.corundumstudio.socketio.BroadcastOperations;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import dev.handoff.channel.ChannelError;
import dev.handoff.channel.ChatLine;
import dev.handoff.channel.HandoffStatus;
import dev.handoff.channel.Session;
import dev.handoff.channel.SessionListener;
import dev.handoff.channel.Sessions;
import dev.handoff.channel.rest.RestChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rasa's {@code socketio} input channel on a netty-socketio namespace (the default one, {@code /}).
 *
 * <ul>
 *   <li>{@code session_request {session_id?, customData?: {bot?, language?, history?}}} → {@code
 *       session_confirm "ID"}: the session of that id when it is open here or stored (a conversation store
 *       keeps it across restarts), else a new one with a random id;
 *       the socket joins it (several sockets may share one session: a reload, two tabs). {@code
 *       customData.history: true} (our widget) also gets {@code chat_history {session_id, messages}}.
 *   <li>{@code user_uttered {message, session_id?, customData?}} → the session's turn; the replies reach every
 *       socket of the session as {@code bot_uttered}.
 *   <li>a request that cannot be served gets {@code error {code, message}} on that socket only.
 * </ul>
 */
public final class RasaSocketChannel implements SessionListener {
    private static final Logger log = LoggerFactory.getLogger(RasaSocketChannel.class);
    public static final String SESSION_REQUEST = "session_request";
    public static final String SESSION_CONFIRM = "session_confirm";
    public static final String USER_UTTERED = "user_uttered";
    public static final String BOT_UTTERED = "bot_uttered";
    public static final String HANDOFF_STATUS = "handoff_status";
    public static final String CHAT_HISTORY = "chat_history";
    public static final String ERROR = "error";
    /** The socket's session id, kept on the client. */
    private static final String SESSION = "handoff.session";

    private final Sessions sessions;
    private final SocketIONamespace namespace;

    private RasaSocketChannel(Sessions sessions, SocketIONamespace namespace) {
        this.sessions = sessions;
        this.namespace = namespace;
    }

    /** Registers the channel's events on {@code namespace} and its listener on {@code sessions}. */
    public static RasaSocketChannel register(Sessions sessions, SocketIONamespace namespace) {
        RasaSocketChannel channel = new RasaSocketChannel(sessions, namespace);
        namespace.addEventListener(
                SESSION_REQUEST, Object.class, (client, data, ack) -> channel.sessionRequest(client, data));
        namespace.addEventListener(
                USER_UTTERED, Object.class, (client, data, ack) -> channel.userUttered(client, data));
        sessions.addListener(channel);
        return channel;
    }

    private void sessionRequest(SocketIOClient client, Object data) {
        Map<?, ?> payload = data == null ? Map.of() : asMap(data);
        if (payload == null) {
            error(
                    client,
                    new ChannelError(ChannelError.Code.MALFORMED, "session_request takes {session_id?, customData?}"));
            return;
        }
        Map<?, ?> custom = customData(payload);
        String asked = string(payload.get("session_id"));
        try {
            sessions.offEventThread(() -> confirm(client, asked, custom));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            error(client, new ChannelError(ChannelError.Code.BUSY, "the server is stopping; try again in a moment"));
        }
    }

    /** Finds, reopens (a stored conversation) or creates the session and confirms it; on a worker. */
    private void confirm(SocketIOClient client, String asked, Map<?, ?> custom) {
        try {
            String bot = string(custom.get("bot"));
            String language = string(custom.get("language"));
            // a REST sender's conversation is not a socket's to join: only ids this channel hands out are
            Session session = asked == null || RestChannel.owns(asked)
                    ? null
                    : sessions.findOrReopen(asked).orElse(null);
            if (session == null) session = sessions.create(bot, language);
            else session.chooseLanguage(language);
            String previous = client.get(SESSION);
            if (previous != null && !previous.equals(session.id())) client.leaveRoom(previous);
            client.set(SESSION, session.id());
            client.joinRoom(session.id());
            client.sendEvent(SESSION_CONFIRM, session.id());
            if (Boolean.TRUE.equals(custom.get("history"))) {
                Session confirmed = session;
                confirmed.history(
                        lines -> { // off the event thread: the transcripts may be a store's
                            List<Object> messages = new ArrayList<>();
                            for (ChatLine line : lines) messages.add(wireLine(line));
                            client.sendEvent(CHAT_HISTORY, Map.of("session_id", confirmed.id(), "messages", messages));
                            client.sendEvent(HANDOFF_STATUS, wireStatus(confirmed.status()));
                        });
            }
        } catch (ChannelError e) {
            error(client, e);
        } catch (RuntimeException e) { // the store failed: this user is told, the others go on
            log.error("session_request {}: {}", asked == null ? "(new)" : excerpt(asked), e.toString(), e);
            error(client, new ChannelError(ChannelError.Code.BUSY, "the conversation cannot be opened now; try again"));
        }
    }

    private void userUttered(SocketIOClient client, Object data) {
        Map<?, ?> payload = asMap(data);
        Object message = payload == null ? null : payload.get("message");
        if (!(message instanceof String text)) {
            error(
                    client,
                    new ChannelError(ChannelError.Code.MALFORMED, "user_uttered takes {message: string, session_id}"));
            return;
        }
        // only the session this socket was confirmed: another session id in the payload is refused
        String confirmed = client.get(SESSION);
        String id = string(payload.get("session_id"));
        if (id == null || id.isEmpty()) id = confirmed;
        Session session =
                id == null || !id.equals(confirmed) ? null : sessions.find(id).orElse(null);
        if (session == null) {
            error(
                    client,
                    new ChannelError(
                            ChannelError.Code.UNKNOWN_SESSION,
                            id == null || confirmed == null
                                    ? "no session: send session_request first"
                                    : "no session '" + excerpt(id)
                                            + "' is open here: send session_request for a new one"));
            return;
        }
        try {
            session.chooseLanguage(string(customData(payload).get("language")));
            session.send(text);
        } catch (ChannelError e) {
            error(client, e);
        }
    }

    @Override
    public void line(String sessionId, ChatLine line) {
        if (line.from() == ChatLine.From.USER) return; // a widget shows its user's own message
        room(sessionId).sendEvent(BOT_UTTERED, wireUttered(line));
    }

    @Override
    public void status(String sessionId, HandoffStatus status) {
        room(sessionId).sendEvent(HANDOFF_STATUS, wireStatus(status));
    }

    private BroadcastOperations room(String sessionId) {
        return namespace.getRoomOperations(sessionId);
    }

    /** {@code {text, quick_replies?, metadata: {from, seq, agent?}}}: Rasa's {@code bot_uttered} plus our metadata. */
    static Map<String, Object> wireUttered(ChatLine line) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", line.text());
        if (!line.buttons().isEmpty()) {
            List<Object> replies = new ArrayList<>();
            for (String option : line.buttons()) {
                replies.add(Map.of("content_type", "text", "title", option, "payload", option));
            }
            out.put("quick_replies", replies);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("from", line.from().wire());
        metadata.put("seq", line.seq());
        if (line.agent() != null) metadata.put("agent", line.agent());
        out.put("metadata", metadata);
        return out;
    }

    static Map<String, Object> wireLine(ChatLine line) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seq", line.seq());
        out.put("from", line.from().wire());
        out.put("text", line.text());
        if (!line.buttons().isEmpty()) out.put("buttons", line.buttons());
        if (line.agent() != null) out.put("agent", line.agent());
        return out;
    }

    static Map<String, Object> wireStatus(HandoffStatus status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", status.state().wire());
        if (status.position() > 0) out.put("position", status.position());
        if (status.agent() != null) out.put("agent", status.agent());
        return out;
    }

    private static void error(SocketIOClient client, ChannelError e) {
        log.debug(
                "socket {}: {} ({})",
                client.getSessionId(),
                e.getMessage(),
                e.code().wire());
        client.sendEvent(ERROR, Map.of("code", e.code().wire(), "message", e.getMessage()));
    }

    private static Map<?, ?> asMap(Object data) {
        return data instanceof Map<?, ?> m ? m : null;
    }

    private static Map<?, ?> customData(Map<?, ?> payload) {
        Object custom = payload.get("customData");
        return custom instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String string(Object value) {
        return value instanceof String s && !s.isEmpty() ? s : null;
    }

    private static String excerpt(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
