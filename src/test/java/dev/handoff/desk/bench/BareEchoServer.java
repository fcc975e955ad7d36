package dev.handoff.desk.bench;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.protocol.LiveAgentEvents;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: the baseline of {@link DeskScaleBenchmark}, a bare netty-socketio server that relays between bots and
 * agents what the benchmark's load needs, with no storage and no desk logic: a "bare netty-socketio echo under the
 * same load". Same library (netty-socketio), same transports, event-loop threads, heartbeat, frame limits and
 * socket settings as {@code DeskService}; the same JSON parsing (every payload decoded by netty-socketio into a
 * map, then read); the same routing (the bot's socket to its agent's socket and back).
 *
 * <p>{@code /live_agent}: {@code startConversation} offers the delivery addition ({@code {"delivery": 1}}), as the
 * desk does, so that the project's client speaks the same events to both: {@code username} is answered with an
 * acknowledgement {@code {"ok": true, "chatId", "resume"}} and {@code messages}, and the chat is assigned at once to
 * the next signed-in agent (round robin; a chat that comes before any agent waits for the first one); {@code
 * from_user} goes to the agent as {@code message} {@code {"chatId", "seq", "sender": "user", "text"}} and is
 * acknowledged {@code {"ok": true, "id"}}; {@code messages_to_client} is read and dropped. {@code /agents}: an agent
 * connects with any token ({@code auth: {"token"}}) and gets {@code signed_in}, then {@code assigned} {@code {"chat":
 * {"chatId"}}} for each chat it gets; its {@code send} {@code {"chatId", "text"}} goes to the chat's bot as {@code
 * to_user} {@code {"message", "id"}} with an acknowledgement, which is read and dropped.
 *
 * <p>What the desk does and this does not: store anything, check keys, tokens and rates, keep queues, timers,
 * translations, views, or send the agent its own message back and the other agents queue changes.
 *
 * <pre>
 * java -cp "$CP" dev.handoff.desk.bench.BareEchoServer PORT
 * </pre>
 *
 * Prints {@code listening PORT} on standard output once it listens.
 */
public final class BareEchoServer {
    private static final String CHAT = "bench.chat";
    private static final String AGENT = "bench.agent";

    /** One chat: its bot's connection, its agent's, the next {@code to_user} id. */
    private static final class Chat {
        final String id;
        final SocketIOClient bot;
        final AtomicInteger seq = new AtomicInteger();
        volatile SocketIOClient agent;

        Chat(String id, SocketIOClient bot) {
            this.id = id;
            this.bot = bot;
        }
    }

    private final Map<String, Chat> chats = new ConcurrentHashMap<>();
    /** Agents signed in, and chats waiting for the first: under {@code this}. */
    private final List<SocketIOClient> agents = new ArrayList<>();

    private final Queue<Chat> waiting = new ArrayDeque<>();
    private int nextAgent;
    private final AtomicLong chatIds = new AtomicLong();
    private final SocketIOServer server;

    BareEchoServer(int port) {
        // as DeskService configures netty-socketio (the desk's defaults: heartbeat 5 s + 5 s, maxMessageSize 4000)
        Configuration sio = new Configuration();
        sio.setHostname("127.0.0.1");
        sio.setPort(port);
        int frame = Math.max(1 << 20, 4000 * 8 + (64 << 10));
        sio.setMaxFramePayloadLength(frame);
        sio.setMaxHttpContentLength(frame);
        sio.setPingInterval(5000);
        sio.setPingTimeout(5000);
        sio.setWebsocketCompression(false);
        sio.setHttpCompression(false);
        sio.setRandomSession(true);
        sio.setAddVersionHeader(false);
        sio.setFirstDataTimeout(10_000);
        SocketConfig socket = new SocketConfig();
        socket.setReuseAddress(true);
        socket.setAcceptBackLog(1024);
        sio.setSocketConfig(socket);
        server = new SocketIOServer(sio);
        bots(server.addNamespace(LiveAgentEvents.NAMESPACE));
        agents(server.addNamespace(AgentEvents.NAMESPACE));
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        BareEchoServer bare = new BareEchoServer(port);
        bare.server.start();
        System.out.println("listening " + port);
        System.out.flush();
    }

    private void bots(SocketIONamespace ns) {
        ns.addConnectListener(client -> client.sendEvent(LiveAgentEvents.START_CONVERSATION, Map.of("delivery", 1)));
        ns.addEventListener(LiveAgentEvents.USERNAME, Object.class, (client, data, ack) -> {
            Map<?, ?> m = object(data);
            if (!(m.get("ConversationID") instanceof String) || !(m.get("BotID") instanceof String)) return;
            Chat chat = new Chat("c" + chatIds.incrementAndGet(), client);
            chats.put(chat.id, chat);
            client.set(CHAT, chat.id);
            client.sendEvent(LiveAgentEvents.MESSAGES);
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("ok", true);
            ok.put("chatId", chat.id);
            ok.put("resume", "r" + chat.id);
            answer(ack, ok);
            assign(chat);
        });
        ns.addEventListener(LiveAgentEvents.MESSAGES_TO_CLIENT, Object.class, (client, data, ack) -> object(data));
        ns.addEventListener(LiveAgentEvents.FROM_USER, Object.class, (client, data, ack) -> {
            Map<?, ?> m = object(data);
            Chat chat = chat(client.get(CHAT));
            if (chat == null || !(m.get("message") instanceof String text)) return;
            SocketIOClient agent = chat.agent;
            if (agent != null) {
                Map<String, Object> message = new LinkedHashMap<>();
                message.put("chatId", chat.id);
                message.put("seq", chat.seq.incrementAndGet());
                message.put("history", false);
                message.put("sender", "user");
                message.put("text", text);
                agent.sendEvent(AgentEvents.MESSAGE, message);
            }
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("ok", true);
            ok.put("id", m.get("id"));
            answer(ack, ok);
        });
        ns.addDisconnectListener(client -> {
            String id = client.get(CHAT);
            if (id != null) chats.remove(id);
        });
    }

    private void agents(SocketIONamespace ns) {
        ns.addAuthTokenListener((auth, client) -> {
            Object token = auth instanceof Map<?, ?> m ? m.get("token") : null;
            if (!(token instanceof String name) || name.isEmpty()) {
                return new AuthTokenResult(false, Map.of("message", "invalid token"));
            }
            client.set(AGENT, name);
            return AuthTokenResult.AuthTokenResultSuccess;
        });
        ns.addConnectListener(client -> {
            String name = client.get(AGENT);
            client.sendEvent(AgentEvents.SIGNED_IN, Map.of("name", name == null ? "" : name));
            List<Chat> assigned = new ArrayList<>();
            synchronized (this) {
                agents.add(client);
                while (!waiting.isEmpty()) {
                    Chat chat = waiting.poll();
                    chat.agent = client;
                    assigned.add(chat);
                }
            }
            assigned.forEach(this::tellAssigned);
        });
        ns.addEventListener(AgentEvents.SEND, Object.class, (client, data, ack) -> {
            Map<?, ?> m = object(data);
            if (!(m.get("chatId") instanceof String chatId) || !(m.get("text") instanceof String text)) return;
            Chat chat = chats.get(chatId);
            if (chat == null || chat.agent != client) return;
            Map<String, Object> toUser = new LinkedHashMap<>();
            toUser.put("message", text);
            toUser.put("id", chat.seq.incrementAndGet());
            chat.bot.sendEvent(
                    LiveAgentEvents.TO_USER,
                    new AckCallback<>(Object.class) {
                        @Override
                        public void onSuccess(Object result) {
                            // acknowledged: the bare server keeps nothing to send again
                        }
                    },
                    toUser);
        });
        ns.addDisconnectListener(client -> {
            synchronized (this) {
                agents.remove(client);
            }
        });
    }

    /** The next agent, round robin; with none signed in, the chat waits for the first. */
    private void assign(Chat chat) {
        synchronized (this) {
            if (agents.isEmpty()) {
                waiting.add(chat);
                return;
            }
            chat.agent = agents.get(nextAgent++ % agents.size());
        }
        tellAssigned(chat);
    }

    private void tellAssigned(Chat chat) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("chatId", chat.id);
        view.put("status", "assigned");
        chat.agent.sendEvent(AgentEvents.ASSIGNED, Map.of("chat", view, "messages", List.of()));
    }

    private Chat chat(Object id) {
        return id instanceof String s ? chats.get(s) : null;
    }

    private static Map<?, ?> object(Object data) {
        return data instanceof Map<?, ?> m ? m : Map.of();
    }

    private static void answer(AckRequest ack, Object data) {
        if (ack.isAckRequested()) ack.sendAckData(data);
    }
}
