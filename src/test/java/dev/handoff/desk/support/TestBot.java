package dev.handoff.desk.support;

import dev.handoff.protocol.LiveAgentEvents;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Plays a bot on {@code /live_agent} with the raw io.socket client, as the seed's snippet does:
 * answers {@code startConversation} with {@code username}, {@code messages} with the history, and
 * disconnects on {@code disconnect_socket}. Every received event is in {@link #events}.
 *
 * <p>In delivery mode ({@link #delivery}) it speaks the README's delivery addition as a client must:
 * {@code "delivery": 1} in {@code username}, {@code from_user} with ids kept until acknowledged and sent
 * again after each acknowledged {@code username}, {@code to_user} acknowledged (unless {@link
 * #withholdAcks}) and delivered once by id into {@link #delivered}. Acknowledgements it receives are in
 * {@link #events} as {@code username_ack} and {@code from_user_ack}.
 */
public final class TestBot implements AutoCloseable {
    public final EventLog events;
    public final String conversationId;
    public final String botId;
    public static final String USERNAME_ACK = "username_ack";
    public static final String FROM_USER_ACK = "from_user_ack";
    public static final String AGENT_STATUS = "agent_status";

    private final Socket socket;
    // delivery mode, guarded by this
    private final Map<String, String> unacked = new LinkedHashMap<>();
    private final List<String> delivered = new ArrayList<>();
    private long lastDelivered;
    private volatile boolean withholdAcks;
    /** The resume token the desk gave (delivery mode), presented again on every reconnect. */
    private volatile String resume;

    private TestBot(Socket socket, String conversationId, String botId) {
        this.socket = socket;
        this.conversationId = conversationId;
        this.botId = botId;
        this.events = new EventLog("bot " + conversationId);
    }

    /** A bot that follows the protocol; {@code extras} are added to {@code username} (department, language, contact). */
    public static TestBot connect(
            String baseUrl,
            String conversationId,
            Map<String, Object> extras,
            List<String[]> history,
            String... transports) {
        return connect(baseUrl, conversationId, extras, history, false, transports);
    }

    /** As {@link #connect}; with {@code reconnect}, the client reconnects by itself when the connection drops, as real bots do. */
    public static TestBot connect(
            String baseUrl,
            String conversationId,
            Map<String, Object> extras,
            List<String[]> history,
            boolean reconnect,
            String... transports) {
        TestBot bot = raw(baseUrl, conversationId, reconnect, transports);
        bot.socket.on(LiveAgentEvents.START_CONVERSATION, args -> {
            JSONObject username = new JSONObject();
            put(username, "ConversationID", conversationId);
            put(username, "BotID", bot.botId);
            extras.forEach((k, v) -> put(username, k, v instanceof Map<?, ?> m ? new JSONObject(m) : v));
            bot.socket.emit(LiveAgentEvents.USERNAME, username);
        });
        bot.socket.on(LiveAgentEvents.MESSAGES, args -> {
            JSONArray messages = new JSONArray();
            for (String[] h : history) {
                JSONObject e = new JSONObject();
                put(e, "sender", h[0]);
                put(e, "message", h[1]);
                messages.put(e);
            }
            JSONObject payload = new JSONObject();
            put(payload, "messages", messages);
            put(payload, "bot_id", bot.botId);
            bot.socket.emit(LiveAgentEvents.MESSAGES_TO_CLIENT, payload);
        });
        bot.socket.on(LiveAgentEvents.DISCONNECT_SOCKET, args -> bot.socket.disconnect());
        bot.socket.connect();
        return bot;
    }

    /** A bot in delivery mode, reconnecting by itself as real bots do. */
    public static TestBot delivery(
            String baseUrl, String conversationId, Map<String, Object> extras, String... transports) {
        return delivery(baseUrl, conversationId, extras, null, transports);
    }

    /**
     * As {@link #delivery(String, String, Map, String...)}, connecting with {@code auth} in the handshake
     * (for example {@code {"key": ...}}); {@code extras} may set {@code BotID}.
     */
    public static TestBot delivery(
            String baseUrl,
            String conversationId,
            Map<String, Object> extras,
            Map<String, String> auth,
            String... transports) {
        return delivery(baseUrl, conversationId, extras, auth, null, transports);
    }

    /**
     * The same conversation's bot, moved to the desk at {@code baseUrl} (another node of a cluster, as a bot-side
     * client with several live-agent URLs does when its node is gone): this one is closed; the new one presents its
     * resume token, sends again what was not acknowledged and hands each message to the user once.
     */
    public TestBot movedTo(String baseUrl, Map<String, Object> extras) {
        close();
        return delivery(baseUrl, conversationId, extras, null, this);
    }

    private static TestBot delivery(
            String baseUrl,
            String conversationId,
            Map<String, Object> extras,
            Map<String, String> auth,
            TestBot from,
            String... transports) {
        TestBot bot = raw(baseUrl, conversationId, auth, true, transports);
        if (from != null) {
            synchronized (from) {
                bot.resume = from.resume;
                bot.unacked.putAll(from.unacked);
                bot.delivered.addAll(from.delivered);
                bot.lastDelivered = from.lastDelivered;
            }
        }
        bot.socket.on(LiveAgentEvents.START_CONVERSATION, args -> {
            JSONObject username = new JSONObject();
            put(username, "ConversationID", conversationId);
            put(username, "BotID", bot.botId);
            put(username, "delivery", 1);
            extras.forEach((k, v) -> put(username, k, v));
            if (bot.resume != null) put(username, "resume", bot.resume);
            bot.socket.emit(LiveAgentEvents.USERNAME, new Object[] {username}, ack -> {
                JSONObject answer = (JSONObject) ack[0];
                if (answer.optString("resume", null) != null) bot.resume = answer.optString("resume");
                // sent again before a test that waits for the ack says more, so nothing goes out twice in between
                if (answer.optBoolean("ok")) bot.resend();
                bot.events.add(USERNAME_ACK, answer);
            });
        });
        bot.socket.on(LiveAgentEvents.MESSAGES, args -> {
            JSONObject payload = new JSONObject();
            put(payload, "messages", new JSONArray());
            put(payload, "bot_id", bot.botId);
            bot.socket.emit(LiveAgentEvents.MESSAGES_TO_CLIENT, payload);
        });
        bot.socket.on(LiveAgentEvents.TO_USER, args -> {
            JSONObject m = (JSONObject) args[0];
            bot.received(m.optLong("id"), m.optString("message"));
            if (!bot.withholdAcks && args.length > 1 && args[args.length - 1] instanceof Ack ack) ack.call();
        });
        bot.socket.on(AGENT_STATUS, args -> bot.events.add(AGENT_STATUS, args.length > 0 ? args[0] : null));
        bot.socket.on(LiveAgentEvents.DISCONNECT_SOCKET, args -> bot.socket.disconnect());
        bot.socket.connect();
        return bot;
    }

    private synchronized void received(long id, String message) {
        if (id <= lastDelivered) return;
        lastDelivered = id;
        delivered.add(message);
        notifyAll();
    }

    /** The {@code to_user} messages handed to the user, each once, in order (delivery mode). */
    public synchronized List<String> delivered() {
        return List.copyOf(delivered);
    }

    /** Waits until {@code n} messages were delivered to the user, and returns them. */
    public synchronized List<String> awaitDelivered(int n) {
        long deadline = System.nanoTime() + EventLog.TIMEOUT.toNanos();
        while (delivered.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError(conversationId + ": delivered only " + delivered);
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return List.copyOf(delivered);
    }

    /** While {@code true}, {@code to_user} is received but not acknowledged (as if the ack was lost). */
    public void withholdAcks(boolean withhold) {
        this.withholdAcks = withhold;
    }

    /** A user message with an id (delivery mode): kept until acknowledged, sent again after reconnects. */
    public void say(String id, String message) {
        synchronized (this) {
            unacked.put(id, message);
        }
        emitFromUser(id, message);
    }

    private void resend() {
        Map<String, String> again;
        synchronized (this) {
            again = new LinkedHashMap<>(unacked);
        }
        again.forEach(this::emitFromUser);
    }

    private void emitFromUser(String id, String message) {
        JSONObject payload = new JSONObject();
        put(payload, "message", message);
        put(payload, "ConversationID", conversationId);
        put(payload, "BotID", botId);
        put(payload, "id", id);
        socket.emit(LiveAgentEvents.FROM_USER, new Object[] {payload}, ack -> {
            JSONObject answer = (JSONObject) ack[0];
            synchronized (this) {
                unacked.remove(answer.optString("id"));
            }
            events.add(FROM_USER_ACK, answer);
        });
    }

    /** A connected socket that only records what it receives; the test emits what it wants. */
    public static TestBot raw(String baseUrl, String conversationId, String... transports) {
        return raw(baseUrl, conversationId, false, transports);
    }

    /** As {@link #raw(String, String, String...)}, with {@code auth} in the handshake; not yet connected. */
    public static TestBot raw(String baseUrl, String conversationId, Map<String, String> auth, String... transports) {
        return raw(baseUrl, conversationId, auth, false, transports);
    }

    static TestBot raw(String baseUrl, String conversationId, boolean reconnect, String... transports) {
        return raw(baseUrl, conversationId, null, reconnect, transports);
    }

    static TestBot raw(
            String baseUrl, String conversationId, Map<String, String> auth, boolean reconnect, String... transports) {
        Socket socket = Sockets.socket(baseUrl + LiveAgentEvents.NAMESPACE, auth, reconnect, transports);
        TestBot bot = new TestBot(socket, conversationId, "bot-under-test");
        for (String event : List.of(
                LiveAgentEvents.START_CONVERSATION,
                LiveAgentEvents.MESSAGES,
                LiveAgentEvents.TO_USER,
                LiveAgentEvents.DISCONNECT_SOCKET,
                LiveAgentEvents.QUEUE_POSITION,
                LiveAgentEvents.AGENT_JOINED,
                Socket.EVENT_CONNECT,
                Socket.EVENT_DISCONNECT,
                Socket.EVENT_CONNECT_ERROR,
                "desk_error")) {
            socket.on(event, args -> bot.events.add(event, args.length > 0 ? args[0] : null));
        }
        return bot;
    }

    public TestBot open() {
        socket.connect();
        return this;
    }

    /** Reacts to an event on the client's event thread. */
    public void on(String event, java.util.function.Consumer<Object> listener) {
        socket.on(event, args -> listener.accept(args.length > 0 ? args[0] : null));
    }

    public void say(String message) {
        JSONObject payload = new JSONObject();
        put(payload, "message", message);
        put(payload, "ConversationID", conversationId);
        put(payload, "BotID", botId);
        socket.emit(LiveAgentEvents.FROM_USER, payload);
    }

    public void emit(String event, Object... args) {
        socket.emit(event, args);
    }

    /** The resume token the desk gave this bot (delivery mode), or {@code null}. */
    public String resumeToken() {
        return resume;
    }

    /** Waits for the next {@code to_user} and returns its message. */
    public String nextToUser() {
        JSONObject data = (JSONObject) events.await(LiveAgentEvents.TO_USER);
        return data.optString("message");
    }

    public boolean connected() {
        return socket.connected();
    }

    public void disconnect() {
        socket.disconnect();
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }

    static void put(JSONObject o, String k, Object v) {
        try {
            o.put(k, v);
        } catch (org.json.JSONException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The error code of a {@code username} or {@code from_user} acknowledgement, {@code null} for ok. */
    public static String ackCode(Object ack) {
        JSONObject a = (JSONObject) ack;
        return a.optBoolean("ok") ? null : a.optJSONObject("error").optString("code");
    }
}
