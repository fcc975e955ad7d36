package dev.handoff.desk.support;

import dev.handoff.desk.api.AgentEvents;
import io.socket.client.Socket;
import java.util.List;
import java.util.Map;
import org.json.JSONException;
import org.json.JSONObject;

/** Plays an agent on {@code /agents} with the raw io.socket client; every received event is in {@link #events}. */
public final class TestAgent implements AutoCloseable {
    public final EventLog events;
    private final Socket socket;

    private TestAgent(Socket socket, String name) {
        this.socket = socket;
        this.events = new EventLog("agent " + name);
    }

    public static TestAgent connect(String baseUrl, String name, String token) {
        return listening(
                Sockets.socket(baseUrl + AgentEvents.NAMESPACE, token == null ? null : Map.of("token", token)), name);
    }

    /** Connects without a token, sending {@code headers} with the handshake (the console's session cookie). */
    public static TestAgent connectWithHeaders(String baseUrl, String name, Map<String, List<String>> headers) {
        return listening(Sockets.socketWithHeaders(baseUrl + AgentEvents.NAMESPACE, headers), name);
    }

    private static TestAgent listening(Socket socket, String name) {
        TestAgent agent = new TestAgent(socket, name);
        for (String event : List.of(
                AgentEvents.SIGNED_IN,
                AgentEvents.DESK_INFO,
                AgentEvents.STATUS,
                AgentEvents.QUEUE,
                AgentEvents.QUEUE_CHANGED,
                AgentEvents.ASSIGNED,
                AgentEvents.UNASSIGNED,
                AgentEvents.CHAT,
                AgentEvents.CHAT_SYNC,
                AgentEvents.MESSAGE,
                AgentEvents.MESSAGE_UPDATED,
                AgentEvents.SLA_REMINDER,
                AgentEvents.CHAT_ARCHIVED,
                AgentEvents.ARCHIVE,
                AgentEvents.ERROR,
                Socket.EVENT_CONNECT,
                Socket.EVENT_DISCONNECT,
                Socket.EVENT_CONNECT_ERROR)) {
            socket.on(event, args -> agent.events.add(event, args.length > 0 ? args[0] : null));
        }
        socket.connect();
        return agent;
    }

    /** Connects and waits for {@code signed_in}. */
    public static TestAgent signIn(String baseUrl, String name, String token) {
        TestAgent agent = connect(baseUrl, name, token);
        agent.events.await(AgentEvents.SIGNED_IN);
        return agent;
    }

    /** Reacts to an event on the client's event thread (for agents that answer by themselves). */
    public void on(String event, java.util.function.Consumer<Object> listener) {
        socket.on(event, args -> listener.accept(args.length > 0 ? args[0] : null));
    }

    public void emit(String event, Object... kv) {
        socket.emit(event, json(kv));
    }

    public void emitRaw(String event, Object... args) {
        socket.emit(event, args);
    }

    /** Waits for {@code assigned} and returns the chat id. */
    public String nextAssigned() {
        JSONObject view = (JSONObject) events.await(AgentEvents.ASSIGNED);
        return chatIdOf(view);
    }

    /** Waits for the live (not bot-history) user message {@code text} of chat {@code chatId}. */
    public void awaitUserMessage(String chatId, String text) {
        events.await(
                AgentEvents.MESSAGE, m -> isUserMessage(m, chatId) && text.equals(((JSONObject) m).optString("text")));
    }

    /** The live user messages of chat {@code chatId} this agent received so far, in order. */
    public java.util.List<String> userMessages(String chatId) {
        return events.all(AgentEvents.MESSAGE).stream()
                .filter(m -> isUserMessage(m, chatId))
                .map(m -> ((JSONObject) m).optString("text"))
                .toList();
    }

    private static boolean isUserMessage(Object m, String chatId) {
        return m instanceof JSONObject o
                && chatId.equals(o.optString("chatId"))
                && "user".equals(o.optString("sender"))
                && !o.optBoolean("history");
    }

    public static String chatIdOf(Object view) {
        try {
            return ((JSONObject) view).getJSONObject("chat").getString("chatId");
        } catch (JSONException e) {
            throw new AssertionError("not a chat view: " + view, e);
        }
    }

    public static JSONObject json(Object... kv) {
        JSONObject o = new JSONObject();
        for (int i = 0; i < kv.length; i += 2) TestBot.put(o, (String) kv[i], kv[i + 1]);
        return o;
    }

    public boolean connected() {
        return socket.connected();
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }

    /** The user messages this console was shown for {@code chatId}, in order. */
    public List<String> userMessagesShown(String chatId) {
        return events.all(AgentEvents.MESSAGE).stream()
                .map(m -> (JSONObject) m)
                .filter(m -> m.optString("chatId").equals(chatId)
                        && m.optString("sender").equals("user"))
                .map(m -> m.optString("text"))
                .toList();
    }
}
