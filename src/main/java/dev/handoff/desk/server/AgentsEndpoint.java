package dev.handoff.desk.server;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.config.AgentConfig;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.core.HelpDesk;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code /agents} namespace (see {@link AgentEvents}): agents sign in with a token and work their chats. */
final class AgentsEndpoint {
    private static final Logger log = LoggerFactory.getLogger(AgentsEndpoint.class);
    static final String AGENT_ATTRIBUTE = "desk.agent";
    private static final String NS = AgentEvents.NAMESPACE;

    private final DeskConfig config;
    private final HelpDesk desk;
    private final SocketOutbox outbox;

    AgentsEndpoint(DeskConfig config, HelpDesk desk, SocketOutbox outbox) {
        this.config = config;
        this.desk = desk;
        this.outbox = outbox;
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
                (client, agent, m) -> outbox.toAgent(
                        agent,
                        new AgentEvent.StatusChanged(desk.setStatus(agent, Payloads.string(m, "status", true)))));
        on(
                ns,
                AgentEvents.SET_LANGUAGE,
                (client, agent, m) -> outbox.toAgent(
                        agent,
                        new AgentEvent.StatusChanged(desk.setLanguage(agent, Payloads.string(m, "language", true)))));
        on(
                ns,
                AgentEvents.GET_QUEUE,
                (client, agent, m) -> SocketOutbox.send(client, new AgentEvent.Queue(desk.queue(agent))));
        on(ns, AgentEvents.TAKE, (client, agent, m) -> desk.take(agent, chatId(m)));
        on(
                ns,
                AgentEvents.GET_CHAT,
                (client, agent, m) -> SocketOutbox.send(client, new AgentEvent.ChatShown(desk.read(agent, chatId(m)))));
        on(ns, AgentEvents.SEND, (client, agent, m) -> desk.send(agent, chatId(m), Payloads.string(m, "text", true)));
        on(
                ns,
                AgentEvents.TRANSFER,
                (client, agent, m) -> desk.transfer(
                        agent, chatId(m), Payloads.string(m, "agent", false), Payloads.string(m, "department", false)));
        on(
                ns,
                AgentEvents.SUBJECT,
                (client, agent, m) -> desk.subject(agent, chatId(m), Payloads.string(m, "subject", false)));
        on(ns, AgentEvents.RESOLVE, (client, agent, m) -> desk.resolve(agent, chatId(m)));
        on(ns, AgentEvents.LIST_ARCHIVE, (client, agent, m) -> {
            Integer offset = Payloads.integer(m, "offset");
            Integer limit = Payloads.integer(m, "limit");
            SocketOutbox.send(
                    client,
                    new AgentEvent.Archive(desk.archive(offset == null ? 0 : offset, limit == null ? 50 : limit)));
        });
        on(
                ns,
                AgentEvents.GET_ARCHIVED,
                (client, agent, m) ->
                        SocketOutbox.send(client, new AgentEvent.ChatShown(desk.archivedChat(chatId(m)))));
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
        desk.agentConnected(name, view -> {
            outbox.attachAgent(name, client);
            SocketOutbox.send(client, new AgentEvent.SignedIn(view));
            SocketOutbox.send(client, new AgentEvent.Queue(desk.queue(name)));
        });
    }

    private Optional<AgentConfig> agentFor(Object auth, SocketIOClient client) {
        String token = null;
        if (auth instanceof Map<?, ?> m && m.get("token") instanceof String s) token = s;
        if (token == null && client.getHandshakeData() != null)
            token = client.getHandshakeData().getSingleUrlParam("token");
        return config.agentByToken(token);
    }

    interface AgentHandler {
        void handle(SocketIOClient client, String agent, Map<String, Object> payload);
    }

    private void on(SocketIONamespace ns, String event, AgentHandler handler) {
        ns.addEventListener(
                event,
                Object.class,
                (client, data, ack) -> guard(client, event, () -> {
                    String agent = client.get(AGENT_ATTRIBUTE);
                    if (agent == null) throw new BadPayload("not signed in");
                    Map<String, Object> m = data == null ? Map.of() : Payloads.object(data);
                    handler.handle(client, agent, m);
                }));
    }

    private static String chatId(Map<String, Object> m) {
        return Payloads.string(m, "chatId", true);
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
