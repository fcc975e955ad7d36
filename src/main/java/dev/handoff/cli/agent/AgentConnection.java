package dev.handoff.cli.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.AgentView;
import dev.handoff.desk.api.ArchivePage;
import dev.handoff.desk.api.ChatClosed;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.QueueChange;
import dev.handoff.desk.api.QueueSnapshot;
import dev.handoff.desk.api.SlaReminder;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * The agent terminal's Socket.IO connection to the desk's {@code /agents} namespace: the one class of
 * {@code cli} that knows Socket.IO. It signs in with the token, decodes every desk event into its
 * {@link dev.handoff.desk.api} record and encodes {@link DeskRequest}s.
 *
 * <p>Threading: socket.io-client-java delivers events on its {@code EventThread}; this class decodes
 * them there and hands each to its {@link Listener} through the {@code callbacks} executor given to
 * the constructor, in the order they arrived. {@link #send} may be called from any thread. After
 * {@link #close} nothing more reaches the listener; an event the executor no longer accepts is dropped.
 */
final class AgentConnection implements AutoCloseable {
    /** The desk's answer to a token it does not know ({@code connect_error}); desks before codes said only this. */
    private static final String INVALID_TOKEN = "invalid token";

    /** The {@code connect_error} codes that refuse the sign-in, as opposed to a desk not reached. */
    private static final Set<String> REFUSALS = Set.of("invalid_token", "too_many_attempts");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** What the desk says, decoded. Called on the connection's {@code callbacks} executor, one at a time. */
    interface Listener {
        void signedIn(AgentView agent);

        void status(AgentView agent);

        void queue(QueueSnapshot queue);

        void queueChanged(QueueChange change);

        void assigned(ChatView chat);

        void unassigned(ChatClosed closed);

        void chatArchived(ChatClosed closed);

        void chat(ChatView chat);

        /** One of the agent's chats again after a (re)connect: may repeat messages already shown. */
        void chatSync(ChatView chat);

        void message(MessageView message);

        /** A message shown before has a new translation (late, or retried). */
        void messageUpdated(MessageView message);

        void slaReminder(SlaReminder reminder);

        void archive(ArchivePage page);

        void deskError(DeskError error);

        /**
         * The desk refused the sign-in: {@code code} is {@code invalid_token} or {@code too_many_attempts}
         * (then {@code message} says how long to wait); both as the desk sent them.
         */
        void refused(String code, String message);

        /** A connection attempt failed for another reason; Socket.IO tries again. */
        void unreachable(String problem);

        /** The connection dropped; {@code reason} is Socket.IO's, or {@code null} when it gave none. */
        void disconnected(String reason);

        /** The desk sent {@code event} with a payload that is not its record's shape. */
        void undecodable(String event, String problem);
    }

    private final Socket socket;
    private final Listener listener;
    private final Executor callbacks;

    AgentConnection(URI desk, String token, Listener listener, Executor callbacks) {
        this.listener = listener;
        this.callbacks = callbacks;
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setTransports(new String[] {"websocket"})
                .setAuth(Map.of("token", token))
                .setReconnectionDelay(500)
                .setReconnectionDelayMax(5000)
                .build();
        this.socket = IO.socket(desk.resolve(AgentEvents.NAMESPACE), options);
        subscribe();
    }

    /** Starts connecting; Socket.IO keeps reconnecting until {@link #close}. */
    void connect() {
        socket.connect();
    }

    /** Sends {@code request}; any thread. */
    void send(DeskRequest request) {
        socket.emit(request.event(), encode(request.payload()));
    }

    /** Disconnects; the listener hears nothing more. */
    @Override
    public void close() {
        socket.off();
        socket.disconnect();
        socket.close();
    }

    private void subscribe() {
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> {
            JSONObject error = args.length > 0 && args[0] instanceof JSONObject o ? o : null;
            String message =
                    error != null ? error.optString("message") : String.valueOf(args.length > 0 ? args[0] : "");
            String code = error != null ? error.optString("code") : "";
            if (REFUSALS.contains(code)) deliver(() -> listener.refused(code, message));
            else if (message.contains(INVALID_TOKEN)) deliver(() -> listener.refused("invalid_token", message));
            else deliver(() -> listener.unreachable(message));
        });
        socket.on(Socket.EVENT_DISCONNECT, args -> {
            String reason = args.length > 0 ? String.valueOf(args[0]) : null;
            deliver(() -> listener.disconnected(reason));
        });
        on(AgentEvents.SIGNED_IN, AgentView.class, listener::signedIn);
        on(AgentEvents.STATUS, AgentView.class, listener::status);
        on(AgentEvents.QUEUE, QueueSnapshot.class, listener::queue);
        on(AgentEvents.QUEUE_CHANGED, QueueChange.class, listener::queueChanged);
        on(AgentEvents.ASSIGNED, ChatView.class, listener::assigned);
        on(AgentEvents.UNASSIGNED, ChatClosed.class, listener::unassigned);
        on(AgentEvents.CHAT_ARCHIVED, ChatClosed.class, listener::chatArchived);
        on(AgentEvents.CHAT, ChatView.class, listener::chat);
        on(AgentEvents.CHAT_SYNC, ChatView.class, listener::chatSync);
        on(AgentEvents.MESSAGE, MessageView.class, listener::message);
        on(AgentEvents.MESSAGE_UPDATED, MessageView.class, listener::messageUpdated);
        on(AgentEvents.SLA_REMINDER, SlaReminder.class, listener::slaReminder);
        on(AgentEvents.ARCHIVE, ArchivePage.class, listener::archive);
        on(AgentEvents.ERROR, DeskError.class, listener::deskError);
    }

    private <T> void on(String event, Class<T> type, Consumer<T> handler) {
        socket.on(event, args -> {
            if (args.length == 0 || !(args[0] instanceof JSONObject payload)) {
                deliver(() -> listener.undecodable(event, "the payload is not a JSON object"));
                return;
            }
            T value;
            try {
                value = decode(payload, type);
            } catch (JsonProcessingException e) {
                deliver(() -> listener.undecodable(event, e.getOriginalMessage()));
                return;
            }
            deliver(() -> dispatch(event, value, handler, listener));
        });
    }

    /**
     * Hands a decoded event to its handler; well-formed JSON of the wrong shape (a required part is
     * null) is reported as undecodable and the terminal goes on.
     */
    static <T> void dispatch(String event, T value, Consumer<T> handler, Listener listener) {
        try {
            handler.accept(value);
        } catch (RuntimeException e) {
            listener.undecodable(event, e.toString());
        }
    }

    private void deliver(Runnable call) {
        try {
            callbacks.execute(call);
        } catch (RejectedExecutionException e) {
            // the terminal has stopped: nobody is reading any more
        }
    }

    /** {@code payload} as {@code type}: unknown properties are ignored, missing ones are {@code null} (or 0, false). */
    static <T> T decode(JSONObject payload, Class<T> type) throws JsonProcessingException {
        return JSON.readValue(payload.toString(), type);
    }

    /** {@code payload} as Socket.IO sends it: {@code null} fields left out, no payload an empty object. */
    static JSONObject encode(Record payload) {
        if (payload == null) return new JSONObject();
        try {
            return new JSONObject(JSON.writeValueAsString(payload));
        } catch (JsonProcessingException | JSONException e) {
            throw new IllegalStateException("cannot encode " + payload, e);
        }
    }
}
