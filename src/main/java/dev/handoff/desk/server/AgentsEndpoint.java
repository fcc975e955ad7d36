package dev.handoff.desk.server;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.api.Requests;
import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.core.DeskException;
import dev.handoff.desk.core.HelpDesk;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /agents} namespace (see {@link AgentEvents}): agents sign in with a token and work their chats.
 * Handlers run on netty's event threads, except the reads that may go to the database ({@code chat},
 * {@code archive}, {@code archived_chat}), which run on {@code reads} and answer when they are done.
 */
final class AgentsEndpoint {
    private static final Logger log = LoggerFactory.getLogger(AgentsEndpoint.class);
    static final String AGENT_ATTRIBUTE = "desk.agent";
    private static final String NS = AgentEvents.NAMESPACE;

    private final DeskConfig config;
    private final HelpDesk desk;
    private final SocketOutbox outbox;
    private final ConnectionGate gate;
    private final Executor reads;

    AgentsEndpoint(DeskConfig config, HelpDesk desk, SocketOutbox outbox, ConnectionGate gate, Executor reads) {
        this.config = config;
        this.desk = desk;
        this.outbox = outbox;
        this.gate = gate;
        this.reads = reads;
    }

    void register(SocketIONamespace ns) {
        ns.addAuthTokenListener((auth, client) -> {
            if (agentFor(auth, client).isPresent()) return AuthTokenResult.AuthTokenResultSuccess;
            log.warn(
                    "{}: connection {} from {} refused: invalid or missing token",
                    NS,
                    client.getSessionId(),
                    client.getRemoteAddress());
            return new AuthTokenResult(false, Map.of("message", "invalid token"));
        });
        ns.addConnectListener(client -> guard(client, "connect", () -> onConnect(client)));
        ns.addDisconnectListener(client -> guard(client, "disconnect", () -> {
            String name = client.get(AGENT_ATTRIBUTE);
            if (name == null) return;
            outbox.detachAgent(name, client);
            desk.agentDisconnected(name);
        }));
        on(
                ns,
                AgentEvents.SET_STATUS,
                Requests.Status.class,
                (client, agent, r) ->
                        outbox.toAgent(agent, new AgentEvent.StatusChanged(desk.setStatus(agent, r.status()))));
        on(
                ns,
                AgentEvents.SET_LANGUAGE,
                Requests.Language.class,
                (client, agent, r) ->
                        outbox.toAgent(agent, new AgentEvent.StatusChanged(desk.setLanguage(agent, r.language()))));
        on(
                ns,
                AgentEvents.GET_QUEUE,
                NoPayload.class,
                (client, agent, r) -> SocketOutbox.send(client, new AgentEvent.Queue(desk.queue(agent))));
        on(ns, AgentEvents.TAKE, Requests.ChatRef.class, (client, agent, r) -> desk.take(agent, r.chatId()));
        onReads(
                ns,
                AgentEvents.GET_CHAT,
                Requests.ChatRef.class,
                (client, agent, r) ->
                        SocketOutbox.send(client, new AgentEvent.ChatShown(desk.read(agent, r.chatId()))));
        on(ns, AgentEvents.SEND, Requests.Send.class, (client, agent, r) -> desk.send(agent, r.chatId(), r.text()));
        on(
                ns,
                AgentEvents.TRANSFER,
                Requests.Transfer.class,
                (client, agent, r) -> desk.transfer(agent, r.chatId(), r.agent(), r.department()));
        on(
                ns,
                AgentEvents.SUBJECT,
                Requests.Subject.class,
                (client, agent, r) -> desk.subject(agent, r.chatId(), r.subject()));
        on(ns, AgentEvents.RESOLVE, Requests.ChatRef.class, (client, agent, r) -> desk.resolve(agent, r.chatId()));
        onReads(
                ns,
                AgentEvents.LIST_ARCHIVE,
                Requests.Page.class,
                (client, agent, r) -> SocketOutbox.send(
                        client,
                        new AgentEvent.Archive(desk.archive(
                                agent, r.offset() == null ? 0 : r.offset(), r.limit() == null ? 50 : r.limit()))));
        onReads(
                ns,
                AgentEvents.GET_ARCHIVED,
                Requests.ChatRef.class,
                (client, agent, r) ->
                        SocketOutbox.send(client, new AgentEvent.ChatShown(desk.archivedChat(agent, r.chatId()))));
    }

    private void onConnect(SocketIOClient client) {
        Optional<AgentConfig> agent = agentFor(client.getHandshakeData().getAuthToken(), client);
        if (agent.isEmpty()) {
            SocketOutbox.send(
                    client,
                    new AgentEvent.Refused(
                            new DeskError("connect", DeskError.Code.INVALID_TOKEN.wire(), "invalid token")));
            client.disconnect();
            return;
        }
        String name = agent.get().name();
        client.set(AGENT_ATTRIBUTE, name);
        gate.identified(client);
        desk.agentConnected(name, view -> {
            outbox.attachAgent(name, client);
            SocketOutbox.send(client, new AgentEvent.SignedIn(view));
            SocketOutbox.send(client, new AgentEvent.Queue(desk.queue(name)));
            for (var chat : desk.chatsWithMessages(name)) SocketOutbox.send(client, new AgentEvent.ChatSync(chat));
        });
    }

    private Optional<AgentConfig> agentFor(Object auth, SocketIOClient client) {
        String token = null;
        if (auth instanceof Map<?, ?> m && m.get("token") instanceof String s) token = s;
        if (token == null && client.getHandshakeData() != null)
            token = client.getHandshakeData().getSingleUrlParam("token");
        return config.agentByToken(token);
    }

    /** The payload of an event without one: whatever the agent sends is ignored. */
    private record NoPayload() {}

    interface AgentHandler<R extends Record> {
        void handle(SocketIOClient client, String agent, R request);
    }

    private <R extends Record> void on(SocketIONamespace ns, String event, Class<R> type, AgentHandler<R> handler) {
        ns.addEventListener(
                event,
                Object.class,
                (client, data, ack) -> guard(client, event, () -> handle(client, data, type, handler)));
    }

    /** As {@link #on}, with the handler on {@link #reads}; when too many reads wait, the agent gets {@code busy}. */
    private <R extends Record> void onReads(
            SocketIONamespace ns, String event, Class<R> type, AgentHandler<R> handler) {
        ns.addEventListener(event, Object.class, (client, data, ack) -> {
            try {
                reads.execute(() -> guard(client, event, () -> handle(client, data, type, handler)));
            } catch (RejectedExecutionException e) {
                guard(client, event, () -> {
                    throw new DeskException(
                            DeskError.Code.BUSY, "too many reads are waiting for the database; try again shortly");
                });
            }
        });
    }

    private static <R extends Record> void handle(
            SocketIOClient client, Object data, Class<R> type, AgentHandler<R> handler) {
        String agent = client.get(AGENT_ATTRIBUTE);
        if (agent == null) throw new BadPayload("not signed in");
        Map<String, Object> m = data == null ? Map.of() : Payloads.object(data);
        handler.handle(client, agent, Payloads.decode(m, type));
    }

    private void guard(SocketIOClient client, String event, Guard.Handler handler) {
        String who = client.get(AGENT_ATTRIBUTE);
        Guard.run(
                log,
                NS,
                event,
                client,
                who == null ? "not signed in" : "agent " + who,
                handler,
                (code, message) ->
                        SocketOutbox.send(client, new AgentEvent.Refused(new DeskError(event, code.wire(), message))));
    }
}
