package dev.handoff.desk.support;

import dev.handoff.protocol.LiveAgentEvents;
import io.socket.client.Socket;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Plays a bot on {@code /live_agent} with the raw io.socket client, as the seed's snippet does:
 * answers {@code startConversation} with {@code username}, {@code messages} with the history, and
 * disconnects on {@code disconnect_socket}. Every received event is in {@link #events}.
 */
public final class TestBot implements AutoCloseable {
    public final EventLog events;
    public final String conversationId;
    public final String botId;
    private final Socket socket;

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

    /** A connected socket that only records what it receives; the test emits what it wants. */
    public static TestBot raw(String baseUrl, String conversationId, String... transports) {
        return raw(baseUrl, conversationId, false, transports);
    }

    static TestBot raw(String baseUrl, String conversationId, boolean reconnect, String... transports) {
        Socket socket = Sockets.socket(baseUrl + LiveAgentEvents.NAMESPACE, null, reconnect, transports);
        TestBot bot = new TestBot(socket, conversationId, "bot-under-test");
        for (String event : List.of(
                LiveAgentEvents.START_CONVERSATION,
                LiveAgentEvents.MESSAGES,
                LiveAgentEvents.TO_USER,
                LiveAgentEvents.DISCONNECT_SOCKET,
                Socket.EVENT_CONNECT,
                Socket.EVENT_DISCONNECT,
                Socket.EVENT_CONNECT_ERROR)) {
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
}
