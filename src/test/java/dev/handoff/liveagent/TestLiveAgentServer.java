package dev.handoff.liveagent;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.protocol.LiveAgentEvents;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A real Socket.IO server (netty-socketio) on 127.0.0.1 playing the live agent, for tests.
 *
 * <p>It serves the {@code /live_agent} namespace and, by default, greets every connection with
 * {@code startConversation}. It records what each connection sent, in order; a connection belongs
 * to a conversation once it sent {@code username}. Tests drive the agent's side by conversation id:
 *
 * <pre>{@code
 * try (TestLiveAgentServer server = TestLiveAgentServer.start()) {
 *     LiveAgentSession session = client.open(request(server.url(), "c1"), listener);
 *     server.awaitConversation("c1");
 *     server.emitToUser("c1", "Hi, I'm Thandi");
 *     session.send("hello");
 *     assertThat(server.awaitFromUser("c1", 1)).containsExactly("hello");
 *     server.endChat("c1");
 * }
 * }</pre>
 *
 * <p>Every {@code await...} method waits up to {@link #AWAIT} and then fails with what the server
 * saw. The server can also be told to stay silent (no {@code startConversation}), to refuse
 * connections (a namespace connect error), to echo each {@code from_user} back as {@code to_user},
 * to drop a connection without {@code disconnect_socket}, and to stop and restart on the same port.
 *
 * <p>With {@link #offerDelivery(boolean) offerDelivery(true)} it speaks the delivery addition (README,
 * "The delivery addition") as the desk does: {@code startConversation {"delivery": 1}}, {@code username}
 * acknowledged (or refused), {@code from_user} stored once per id and acknowledged (or rejected, or its
 * acknowledgement withheld), {@code to_user} with ids whose acknowledgements it records, and
 * {@code agent_status}.
 */
public final class TestLiveAgentServer implements AutoCloseable {
    /** How long every {@code await...} method waits. Generous: tests run on loaded machines. */
    public static final Duration AWAIT = Duration.ofSeconds(30);

    /** One event a client sent, with its payload ({@code null} if none). */
    public record Received(String event, JsonNode payload) {
        /** The payload's {@code message} as text, or {@code null}. */
        public String message() {
            return payload == null || !payload.hasNonNull("message")
                    ? null
                    : payload.get("message").asText();
        }

        @Override
        public String toString() {
            return event + (payload == null ? "" : " " + payload);
        }
    }

    /** One Socket.IO connection to {@code /live_agent}. */
    public final class Connection {
        private final SocketIOClient client;
        private final List<Received> received = new ArrayList<>();
        /** The Engine.IO transport each of {@link #received} came over, as the server saw it then. */
        private final List<String> receivedOver = new ArrayList<>();

        private String conversationId;
        private boolean disconnected;
        private boolean delivery;

        private Connection(SocketIOClient client) {
            this.client = client;
        }

        /** The conversation it carries, once it sent {@code username}; else {@code null}. */
        public String conversationId() {
            synchronized (lock) {
                return conversationId;
            }
        }

        /** What the client sent on this connection, in order. */
        public List<Received> received() {
            synchronized (lock) {
                return List.copyOf(received);
            }
        }

        /**
         * The Engine.IO transport ({@code polling} or {@code websocket}) that carried each event of {@link
         * #received()}, as the server saw it when it handled the event (an upgrade is seen once it completed).
         */
        public List<String> receivedOver() {
            synchronized (lock) {
                return List.copyOf(receivedOver);
            }
        }

        /** The Engine.IO transport the connection is on now: {@code polling} or {@code websocket}. */
        public String transport() {
            return transportOf(client);
        }

        /** The names of the events the client sent on this connection, in order. */
        public List<String> events() {
            return received().stream().map(Received::event).toList();
        }

        /** The first payload of that event on this connection, or {@code null}. */
        public JsonNode first(String event) {
            return received().stream()
                    .filter(r -> r.event().equals(event))
                    .map(Received::payload)
                    .findFirst()
                    .orElse(null);
        }

        /** Emits an event, with any payload, on this connection (for example {@code startConversation} by hand). */
        public void emit(String event, Object... data) {
            client.sendEvent(event, data);
        }

        /** Disconnects this connection from the server side, without {@code disconnect_socket}. */
        public void drop() {
            client.disconnect();
        }

        public boolean isDisconnected() {
            synchronized (lock) {
                return disconnected;
            }
        }

        @Override
        public String toString() {
            synchronized (lock) {
                return "Connection[" + conversationId + (disconnected ? ", disconnected" : "") + ", " + received + "]";
            }
        }
    }

    /** The message of the connect error a refusing server sends. */
    public static final String REFUSAL = "not accepting conversations";

    private final int port;
    private final int workerThreads;
    private final Object lock = new Object();
    private final List<Connection> connections = new ArrayList<>(); // guarded by lock
    private int refusedConnections; // guarded by lock
    private SocketIOServer server; // guarded by this
    private volatile boolean sendStartConversation = true;
    private volatile boolean refuseConnections;
    private volatile boolean echoUserMessages;
    private volatile boolean offerDelivery;
    private volatile boolean offerNotices;
    private volatile String chatIdPrefix = "chat-";
    private volatile Map<String, String> chatRefusal; // {code, message} or null
    private volatile boolean withholdUsernameAcks;
    private volatile boolean issueResumeTokens;
    private volatile boolean withholdFromUserAcks;
    private volatile Map<String, String> rejectedMessages = Map.of(); // message text -> error code
    private String refusedForNowCode; // guarded by lock
    private int refusalsForNow; // guarded by lock
    private final Map<String, String> heldFrom = new HashMap<>(); // conversation -> id refused for now; guarded by lock
    private volatile Duration pingInterval;
    private final Map<String, LinkedHashMap<String, String>> stored = new HashMap<>(); // guarded by lock
    private final Map<String, List<Long>> toUserAcks = new HashMap<>(); // guarded by lock

    private TestLiveAgentServer(int port, int workerThreads) {
        this.port = port;
        this.workerThreads = workerThreads;
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static TestLiveAgentServer start() {
        return start(freePort());
    }

    /**
     * Starts a server on that port of 127.0.0.1, with one I/O worker thread: netty-socketio answers a long-polling
     * POST before it handles the packets in it, and closes the connection, so with more workers a client's next POST
     * (on a new connection, maybe another worker) can be handled at the same time, and its events come out of order
     * (mrniko/netty-socketio#41). Tests pin the client's order, not that.
     */
    public static TestLiveAgentServer start(int port) {
        return start(port, 1);
    }

    /** Starts a server on that port of 127.0.0.1 with that many I/O worker threads (for load). */
    public static TestLiveAgentServer start(int port, int workerThreads) {
        TestLiveAgentServer server = new TestLiveAgentServer(port, workerThreads);
        server.restart();
        return server;
    }

    /** A port of 127.0.0.1 that nothing listens on (at the time of the call). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL a client connects to; the client appends {@code /live_agent}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    // ---- behaviour ----

    /** Whether to greet each new connection with {@code startConversation} (default: yes). */
    public TestLiveAgentServer sendStartConversation(boolean send) {
        this.sendStartConversation = send;
        return this;
    }

    /**
     * Whether to refuse new connections to the namespace (default: no), as a Socket.IO server whose
     * connect handler rejects them does: a {@code CONNECT_ERROR} packet {@code {"message": REFUSAL}}.
     * Refused connections are counted ({@link #refusedConnections()}), not recorded.
     */
    public TestLiveAgentServer refuseConnections(boolean refuse) {
        this.refuseConnections = refuse;
        return this;
    }

    /** Whether to answer each {@code from_user} with a {@code to_user} carrying the same message (default: no). */
    public TestLiveAgentServer echoUserMessages(boolean echo) {
        this.echoUserMessages = echo;
        return this;
    }

    // ---- the delivery addition ----

    /** Whether to offer the delivery addition in {@code startConversation} (default: no: PROTOCOL.md exactly). */
    /** The {@code chatId} the next {@code username} acknowledgements name: {@code prefix + ConversationID}. */
    public TestLiveAgentServer chatIdPrefix(String prefix) {
        this.chatIdPrefix = prefix;
        return this;
    }

    /** Whether to offer the notices addition in {@code startConversation} (default: no); it sends none by itself. */
    public TestLiveAgentServer offerNotices(boolean offer) {
        this.offerNotices = offer;
        return this;
    }

    public TestLiveAgentServer offerDelivery(boolean offer) {
        this.offerDelivery = offer;
        return this;
    }

    /** Answers every {@code username} in delivery mode with {@code {"ok": false, "error": {code, message}}}. */
    public TestLiveAgentServer refuseChats(String code, String message) {
        this.chatRefusal = Map.of("code", code, "message", message);
        return this;
    }

    /**
     * Whether to answer {@code username} in delivery mode with a resume token too, {@code "resume": "resume-" +
     * ConversationID} (default: no), as every node of one desk would for the same chat.
     */
    public TestLiveAgentServer issueResumeTokens(boolean issue) {
        this.issueResumeTokens = issue;
        return this;
    }

    /** Whether to leave {@code username} unacknowledged (default: no). */
    public TestLiveAgentServer withholdUsernameAcks(boolean withhold) {
        this.withholdUsernameAcks = withhold;
        return this;
    }

    /** Whether to store {@code from_user} messages but never acknowledge them (an acknowledgement lost). */
    public TestLiveAgentServer withholdFromUserAcks(boolean withhold) {
        this.withholdFromUserAcks = withhold;
        return this;
    }

    /** Answers a {@code from_user} with exactly this text with {@code {"ok": false, "id", "error": {code}}}. */
    public TestLiveAgentServer rejectFromUser(String text, String code) {
        Map<String, String> rejected = new HashMap<>(rejectedMessages);
        rejected.put(text, code);
        this.rejectedMessages = Map.copyOf(rejected);
        return this;
    }

    /**
     * Answers the next {@code count} delivery-mode {@code from_user}s with {@code {"ok": false, "id", "error":
     * {code}}} (a refusal that is not final, such as {@code busy}), without storing them, and, as the desk does, every
     * later {@code from_user} of the conversation with the same refusal until the refused one comes again.
     */
    public TestLiveAgentServer refuseFromUserForNow(String code, int count) {
        synchronized (lock) {
            this.refusedForNowCode = code;
            this.refusalsForNow = count;
        }
        return this;
    }

    /**
     * The Engine.IO ping interval of the next {@link #restart()} (default: netty-socketio's 25 s); the
     * ping timeout stays long, so only the client can notice a stall quickly.
     */
    public TestLiveAgentServer pingInterval(Duration interval) {
        this.pingInterval = interval;
        return this;
    }

    /**
     * The conversation's {@code from_user} messages as a delivery-mode server stores them: once per
     * id, in the order first received (a legacy connection's messages are not stored here).
     */
    public List<String> storedFromUser(String conversationId) {
        synchronized (lock) {
            return List.copyOf(
                    stored.getOrDefault(conversationId, new LinkedHashMap<>()).values());
        }
    }

    /** Waits until the server stored at least {@code count} distinct messages of the conversation. */
    public List<String> awaitStoredFromUser(String conversationId, int count) {
        return await(count + " stored from_user message(s) of conversation " + conversationId, () -> {
            List<String> messages = storedFromUser(conversationId);
            return messages.size() >= count ? messages : null;
        });
    }

    /** {@code to_user {message, id}} with an acknowledgement the server records ({@link #awaitToUserAcks}). */
    public void emitToUser(String conversationId, long id, String text) {
        currentConnection(conversationId)
                .client
                .sendEvent(
                        LiveAgentEvents.TO_USER,
                        new AckCallback<>(JsonNode.class) {
                            @Override
                            public void onSuccess(JsonNode answer) {
                                synchronized (lock) {
                                    if (answer != null && answer.path("ok").asBoolean()) {
                                        toUserAcks
                                                .computeIfAbsent(conversationId, c -> new ArrayList<>())
                                                .add(answer.path("id").asLong());
                                    }
                                    lock.notifyAll();
                                }
                            }
                        },
                        Map.of("message", text, "id", id));
    }

    /** The {@code to_user} ids the client acknowledged so far, in order. */
    public List<Long> toUserAcks(String conversationId) {
        synchronized (lock) {
            return List.copyOf(toUserAcks.getOrDefault(conversationId, List.of()));
        }
    }

    /** Waits until the client acknowledged at least {@code count} {@code to_user}; returns the acknowledged ids. */
    public List<Long> awaitToUserAcks(String conversationId, int count) {
        return await(count + " to_user acknowledgement(s) of conversation " + conversationId, () -> {
            List<Long> acks = toUserAcks.getOrDefault(conversationId, List.of());
            return acks.size() >= count ? List.copyOf(acks) : null;
        });
    }

    /** {@code agent_status {status}}: {@code away} or {@code back}. */
    public void emitAgentStatus(String conversationId, String status) {
        emit(conversationId, LiveAgentEvents.AGENT_STATUS, Map.of("status", status));
    }

    // ---- driving a conversation (the agent's side) ----

    /**
     * Emits an event, with any payload, on the conversation's current connection (the latest open one
     * that sent its {@code username}; waits for one up to {@link #AWAIT}).
     */
    public void emit(String conversationId, String event, Object... data) {
        currentConnection(conversationId).client.sendEvent(event, data);
    }

    /** {@code to_user {message}}: an agent's message for the user. */
    public void emitToUser(String conversationId, String text) {
        emit(conversationId, LiveAgentEvents.TO_USER, Map.of("message", text));
    }

    /** {@code messages}: asks the client for the transcript. */
    public void requestMessages(String conversationId) {
        emit(conversationId, LiveAgentEvents.MESSAGES);
    }

    /** {@code disconnect_socket}: the agent ends the chat. */
    public void endChat(String conversationId) {
        emit(conversationId, LiveAgentEvents.DISCONNECT_SOCKET);
    }

    /** Disconnects the conversation's current connection from the server side, without {@code disconnect_socket}. */
    public void dropConnection(String conversationId) {
        currentConnection(conversationId).client.disconnect();
    }

    // ---- what clients sent ----

    /** Every connection so far, in connection order. */
    public List<Connection> connections() {
        synchronized (lock) {
            return List.copyOf(connections);
        }
    }

    /** The conversation's connections so far (those that sent its {@code username}), in order. */
    public List<Connection> connections(String conversationId) {
        synchronized (lock) {
            return connections.stream()
                    .filter(c -> conversationId.equals(c.conversationId))
                    .toList();
        }
    }

    /** Everything the conversation's connections sent, connection after connection. */
    public List<Received> received(String conversationId) {
        return connections(conversationId).stream()
                .flatMap(c -> c.received().stream())
                .toList();
    }

    /** The messages of the conversation's {@code from_user} events, in order, over all its connections. */
    public List<String> fromUser(String conversationId) {
        return received(conversationId).stream()
                .filter(r -> r.event().equals(LiveAgentEvents.FROM_USER))
                .map(Received::message)
                .toList();
    }

    /** How many connections were refused so far. */
    public int refusedConnections() {
        synchronized (lock) {
            return refusedConnections;
        }
    }

    /** Waits for the first connection that sent {@code username} for this conversation. */
    public Connection awaitConversation(String conversationId) {
        return awaitConnection(conversationId, 1);
    }

    /** Waits for the conversation's n-th connection (1 is the first) to send {@code username}. */
    public Connection awaitConnection(String conversationId, int n) {
        return await("connection #" + n + " of conversation " + conversationId, () -> {
            List<Connection> mine = connections(conversationId);
            return mine.size() >= n ? mine.get(n - 1) : null;
        });
    }

    /** Waits until the conversation sent at least {@code count} {@code from_user} messages; returns all of them. */
    public List<String> awaitFromUser(String conversationId, int count) {
        return await(count + " from_user message(s) of conversation " + conversationId, () -> {
            List<String> messages = fromUser(conversationId);
            return messages.size() >= count ? messages : null;
        });
    }

    /** Waits until the conversation sent that event; returns its latest payload (may be a {@code NullNode}). */
    public JsonNode awaitEvent(String conversationId, String event) {
        return await("'" + event + "' from conversation " + conversationId, () -> {
            List<Received> all = received(conversationId);
            for (int i = all.size() - 1; i >= 0; i--) {
                if (all.get(i).event().equals(event)) {
                    JsonNode payload = all.get(i).payload();
                    return payload == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : payload;
                }
            }
            return null;
        });
    }

    /** Waits until the conversation sent that event at least {@code count} times; returns the payloads, in order. */
    public List<JsonNode> awaitEvents(String conversationId, String event, int count) {
        return await(count + " '" + event + "' from conversation " + conversationId, () -> {
            List<JsonNode> payloads = new ArrayList<>();
            received(conversationId).stream()
                    .filter(r -> r.event().equals(event))
                    .forEach(r -> payloads.add(r.payload()));
            return payloads.size() >= count ? payloads : null;
        });
    }

    /** Waits until at least {@code count} connections were made (whether or not they sent {@code username}). */
    public List<Connection> awaitConnections(int count) {
        return await(count + " connection(s)", () -> {
            List<Connection> all = connections();
            return all.size() >= count ? all : null;
        });
    }

    /** Waits until every connection of the conversation is closed. */
    public void awaitDisconnected(String conversationId) {
        await("conversation " + conversationId + " to disconnect", () -> {
            List<Connection> mine = connections(conversationId);
            return !mine.isEmpty() && mine.stream().allMatch(Connection::isDisconnected) ? Boolean.TRUE : null;
        });
    }

    /** Waits until every connection so far is closed. */
    public void awaitAllDisconnected() {
        await(
                "every connection to close",
                () -> connections().stream().allMatch(Connection::isDisconnected) ? Boolean.TRUE : null);
    }

    /** Waits until at least {@code count} connections were refused. */
    public void awaitRefused(int count) {
        await(count + " refused connection(s)", () -> refusedConnections() >= count ? Boolean.TRUE : null);
    }

    // ---- lifecycle ----

    /** Stops listening and drops every connection (as a crash or a network cut would). Idempotent. */
    public synchronized void stop() {
        if (server != null) {
            shutDownNow(server);
            server.stop();
            server = null;
        }
    }

    /** Starts again on the same port (after {@link #stop}); recorded connections are kept. */
    public synchronized void restart() {
        if (server != null) {
            return;
        }
        Configuration config = new Configuration();
        config.setHostname("127.0.0.1");
        config.setPort(port);
        config.setRandomSession(true);
        config.setTransports(Transport.WEBSOCKET, Transport.POLLING);
        config.getSocketConfig().setReuseAddress(true);
        config.getSocketConfig().setAcceptBackLog(1024);
        config.setWorkerThreads(workerThreads);
        if (pingInterval != null) {
            config.setPingInterval((int) pingInterval.toMillis());
        }
        SocketIOServer created = new SocketIOServer(config);
        SocketIONamespace namespace = created.addNamespace(LiveAgentEvents.NAMESPACE);
        namespace.addConnectListener(client -> {
            if (refuseConnections) {
                refuse(client);
                return;
            }
            synchronized (lock) {
                connections.add(new Connection(client));
                lock.notifyAll();
            }
            if (sendStartConversation && (offerDelivery || offerNotices)) {
                Map<String, Object> offer = new java.util.LinkedHashMap<>();
                if (offerDelivery) offer.put("delivery", 1);
                if (offerNotices) offer.put("notices", 1);
                client.sendEvent(LiveAgentEvents.START_CONVERSATION, offer);
            } else if (sendStartConversation) {
                client.sendEvent(LiveAgentEvents.START_CONVERSATION);
            }
        });
        namespace.addDisconnectListener(client -> {
            synchronized (lock) {
                Connection connection = find(client);
                if (connection != null) {
                    connection.disconnected = true;
                }
                lock.notifyAll();
            }
        });
        for (String event :
                List.of(LiveAgentEvents.USERNAME, LiveAgentEvents.MESSAGES_TO_CLIENT, LiveAgentEvents.FROM_USER)) {
            namespace.addEventListener(
                    event, JsonNode.class, (client, payload, ack) -> record(client, event, payload, ack));
        }
        created.start();
        server = created;
    }

    @Override
    public void close() {
        stop();
    }

    // ---- internals ----

    private void record(SocketIOClient client, String event, JsonNode payload, AckRequest ack) {
        Object answer = null;
        synchronized (lock) {
            Connection connection = find(client);
            if (connection == null) {
                return;
            }
            connection.received.add(new Received(event, payload));
            connection.receivedOver.add(transportOf(client));
            if (event.equals(LiveAgentEvents.USERNAME) && payload != null && payload.hasNonNull("ConversationID")) {
                connection.conversationId = payload.get("ConversationID").asText();
                connection.delivery = offerDelivery && payload.path("delivery").asInt() == 1;
                if (connection.delivery && !withholdUsernameAcks) {
                    Map<String, String> refusal = chatRefusal;
                    answer = refusal != null
                            ? Map.of("ok", false, "error", refusal)
                            : issueResumeTokens
                                    ? Map.of(
                                            "ok",
                                            true,
                                            "chatId",
                                            chatIdPrefix + connection.conversationId,
                                            "resume",
                                            "resume-" + connection.conversationId)
                                    : Map.of("ok", true, "chatId", chatIdPrefix + connection.conversationId);
                }
            }
            if (event.equals(LiveAgentEvents.FROM_USER)
                    && connection.delivery
                    && payload != null
                    && payload.hasNonNull("id")) {
                answer = store(connection.conversationId, payload);
            }
            lock.notifyAll();
        }
        if (answer != null && ack.isAckRequested()) {
            ack.sendAckData(answer);
        } else if (ack.isAckRequested()) {
            withhold(ack);
        }
        if (echoUserMessages
                && event.equals(LiveAgentEvents.FROM_USER)
                && payload != null
                && payload.hasNonNull("message")) {
            client.sendEvent(
                    LiveAgentEvents.TO_USER,
                    Map.of("message", payload.get("message").asText()));
        }
    }

    /** Stores a delivery-mode {@code from_user} once per id; returns its acknowledgement, or {@code null} to withhold it. */
    private Object store(String conversationId, JsonNode payload) {
        String id = payload.get("id").asText();
        String message = payload.path("message").asText();
        String held = heldFrom.get(conversationId);
        if (held != null && !held.equals(id)) return refusal(id, refusedForNowCode);
        heldFrom.remove(conversationId);
        if (refusalsForNow > 0) {
            refusalsForNow--;
            heldFrom.put(conversationId, id);
            return refusal(id, refusedForNowCode);
        }
        String rejection = rejectedMessages.get(message);
        if (rejection != null) {
            return Map.of(
                    "ok", false, "id", id, "error", Map.of("code", rejection, "message", "not taken: " + rejection));
        }
        stored.computeIfAbsent(conversationId, c -> new LinkedHashMap<>()).putIfAbsent(id, message);
        return withholdFromUserAcks ? null : Map.of("ok", true, "id", id);
    }

    private static Map<String, Object> refusal(String id, String code) {
        return Map.of("ok", false, "id", id, "error", Map.of("code", code, "message", "not taken now: " + code));
    }

    /**
     * netty-socketio answers a requested acknowledgement by itself (with no data) once the listeners
     * return; mark it answered so that nothing at all goes back, as with an acknowledgement lost.
     */
    private static void withhold(AckRequest ack) {
        try {
            java.lang.reflect.Field sent = AckRequest.class.getDeclaredField("sended");
            sent.setAccessible(true);
            ((java.util.concurrent.atomic.AtomicBoolean) sent.get(ack)).set(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot withhold an acknowledgement with this netty-socketio", e);
        }
    }

    /** What a Socket.IO server does when it rejects a namespace connection: {@code CONNECT_ERROR {message}}. */
    private void refuse(SocketIOClient client) {
        Packet error = new Packet(PacketType.MESSAGE, client.getEngineIOVersion());
        error.setSubType(PacketType.ERROR);
        error.setNsp(LiveAgentEvents.NAMESPACE);
        error.setData(Map.of("message", REFUSAL));
        client.send(error);
        synchronized (lock) {
            refusedConnections++;
            lock.notifyAll();
        }
    }

    private static String transportOf(SocketIOClient client) {
        return client.getTransport().name().toLowerCase(java.util.Locale.ROOT);
    }

    private Connection find(SocketIOClient client) {
        for (int i = connections.size() - 1; i >= 0; i--) {
            if (connections.get(i).client.getSessionId().equals(client.getSessionId())) {
                return connections.get(i);
            }
        }
        return null;
    }

    /** The conversation's latest open connection, waiting (up to {@link #AWAIT}) for it to identify itself. */
    private Connection currentConnection(String conversationId) {
        return await("an open connection of conversation " + conversationId, () -> {
            for (int i = connections.size() - 1; i >= 0; i--) {
                Connection connection = connections.get(i);
                if (conversationId.equals(connection.conversationId) && !connection.disconnected) {
                    return connection;
                }
            }
            return null;
        });
    }

    /**
     * netty-socketio's stop() shuts its event loops down with netty's default 2 s quiet period, twice;
     * tests stop servers often, so shut them down without one first (stop() then finds them done).
     */
    private static void shutDownNow(SocketIOServer server) {
        for (String group : List.of("bossGroup", "workerGroup")) {
            try {
                java.lang.reflect.Field field = SocketIOServer.class.getDeclaredField(group);
                field.setAccessible(true);
                EventLoopGroup loops = (EventLoopGroup) field.get(server);
                if (loops != null) {
                    loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall back to stop()'s own graceful shutdown
            }
        }
    }

    private <T> T await(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        synchronized (lock) {
            while (true) {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + AWAIT.toSeconds() + " s waiting for " + what
                            + "; connections: "
                            + connections.stream().map(Objects::toString).collect(Collectors.joining(", ", "[", "]")));
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
        }
    }
}
