package dev.handoff.desk.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.desk.api.AgentEvent;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's side of {@link ClusterConnections}: applies what the leader decided for this node's sockets (the
 * messages with {@code "relay"} on the node's channel), in the order the leader sent them, and sends the bots'
 * acknowledgements of {@code to_user} back to the leader's channel.
 *
 * <p>Runs on the bus's pool; each call is a few map operations and a socket write (never blocks). Unknown or
 * malformed messages are logged and skipped.
 */
public final class NodeRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRelay.class);

    private final ClusterBus bus;
    private final ClusterConnections.Local local;
    private volatile ClusterBus.Subscription subscription;

    private final Runnable missed;

    NodeRelay(ClusterBus bus, ClusterConnections.Local local, Runnable missed) {
        this.bus = bus;
        this.local = local;
        this.missed = missed;
    }

    /**
     * Listens on {@code node}'s channel; the future completes once Redis confirmed the subscription. {@code missed}
     * runs when a relay of the current leader went missing (the node's clients must resume).
     */
    public static CompletableFuture<NodeRelay> start(
            ClusterBus bus, String node, ClusterConnections.Local local, Runnable missed) {
        NodeRelay relay = new NodeRelay(bus, local, missed);
        return bus.subscribe(Requests.nodeChannel(node), relay::received).thenApply(s -> {
            relay.subscription = s;
            return relay;
        });
    }

    /** The newest leader's epoch seen in a relay, and the number of its last relay. On the bus's pool only. */
    private long epoch;

    private long sequence;

    void received(JsonNode m) {
        String op = m.path("relay").asText(null);
        if (op == null) return; // a reply: Requests' business
        long from = m.path("epoch").asLong();
        long seq = m.path("seq").asLong();
        if (from < epoch) return; // a deposed leader's late work
        if (from > epoch) {
            epoch = from;
        } else if (seq != sequence + 1) {
            // a relay went missing (Redis dropped it, or the leader could not send it): the clients resume
            missed.run();
        }
        sequence = seq;
        String connection = m.path("connection").asText();
        String chatId = m.path("chatId").asText(null);
        try {
            switch (op) {
                case "attachUser" -> local.attachUser(chatId, connection);
                case "replaced" -> local.replaced(chatId, connection);
                case "detachUser" -> local.detachUser(chatId, connection);
                case "attachAgent" -> local.attachAgent(m.path("agent").asText(), connection);
                case "detachAgent" -> local.detachAgent(m.path("agent").asText(), connection);
                case "send" -> local.send(connection, forwarded(m));
                case "toAgent" -> local.toAgent(m.path("agent").asText(), forwarded(m));
                case "toUser" -> {
                    int id = m.path("id").asInt();
                    local.toUser(chatId, id, m.path("text").asText(), () -> acknowledge(chatId, id));
                }
                case "agentStatus" -> local.agentStatus(chatId, m.path("status").asText());
                case "queuePosition" -> local.queuePosition(
                        chatId, m.path("position").asInt(), m.path("department").asText(null));
                case "agentJoined" -> local.agentJoined(
                        chatId, m.path("agent").asText(null), m.path("language").asText(null));
                case "endUserChat" -> local.endUserChat(chatId);
                default -> LOG.warn("cluster: unknown relay '{}' from the leader; skipped", op);
            }
        } catch (RuntimeException e) {
            LOG.warn("cluster: the leader's {} for {} failed here: {}", op, connection, e.toString());
        }
    }

    private static AgentEvent forwarded(JsonNode m) {
        return new AgentEvent.Forwarded(m.path("event").asText(), m.get("payload"));
    }

    private void acknowledge(String chatId, int id) {
        ObjectNode ack = DeskCalls.JSON.createObjectNode();
        ack.put("acked", chatId);
        ack.put("id", id);
        bus.publish(LeaderDesk.CHANNEL, ack).whenComplete((n, failure) -> {
            // a lost acknowledgement leaves the message unacknowledged: it is sent again when the bot resumes
            if (failure != null) LOG.debug("cluster: an acknowledgement for chat {} was not sent", chatId);
        });
    }

    @Override
    public void close() {
        ClusterBus.Subscription s = subscription;
        if (s != null) s.close();
    }
}
