package dev.handoff.desk.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.type.CollectionType;
import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.DeskInfo;
import dev.handoff.desk.core.ChatRating;
import dev.handoff.desk.core.Desk;
import dev.handoff.desk.core.DeskException;
import dev.handoff.desk.core.HistoryLine;
import dev.handoff.desk.core.OpenChat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of {@link RemoteDesk}: answers the calls the other nodes send on {@link #CHANNEL} with the
 * leader's own {@link Desk} (a {@link dev.handoff.desk.core.LocalDesk} whose connections are {@link
 * ClusterConnections}), and takes the acknowledgements of {@code to_user} the nodes send there ({@code {"acked":
 * CHAT, "id": N}}).
 *
 * <p>Threads: calls arrive on the bus's pool one at a time, in the order Redis delivered them; the calls that take
 * only the desk's lock run there, the ones that read the store ({@code read}, {@code archive}, {@code
 * archived_chat}, {@code rate}) on {@code reads}. The calls that store what a bot sent are answered once durable.
 */
public final class LeaderDesk implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderDesk.class);
    /** The channel the leader serves, relative to the desk's prefix. */
    public static final String CHANNEL = "leader";

    private static final CollectionType HISTORY =
            DeskCalls.JSON.getTypeFactory().constructCollectionType(List.class, HistoryLine.class);

    private final Desk desk;
    private final ClusterConnections connections;
    private final Executor reads;
    private volatile ClusterBus.Subscription calls;
    private volatile ClusterBus.Subscription acks;
    private volatile java.util.function.Consumer<String> restarted;

    private LeaderDesk(Desk desk, ClusterConnections connections, Executor reads) {
        this.desk = desk;
        this.connections = connections;
        this.reads = reads;
    }

    /** Serves {@link #CHANNEL}; the future completes once Redis confirmed both subscriptions. */
    public static CompletableFuture<LeaderDesk> serve(
            ClusterBus bus, Desk desk, ClusterConnections connections, Executor reads) {
        LeaderDesk leader = new LeaderDesk(desk, connections, reads);
        return Requests.serve(bus, CHANNEL, leader::answer)
                .thenCompose(calls -> {
                    leader.calls = calls;
                    return bus.subscribe(CHANNEL, leader::acknowledged);
                })
                .thenApply(acks -> {
                    leader.acks = acks;
                    return leader;
                })
                .whenComplete((l, failure) -> {
                    if (failure != null) leader.close();
                });
    }

    /** {@code then} gets the id of each node that says it (re)started: its earlier sockets are gone. */
    void onRestarted(java.util.function.Consumer<String> then) {
        this.restarted = then;
    }

    private void acknowledged(JsonNode message) {
        if (message.has("restarted")) {
            java.util.function.Consumer<String> then = restarted;
            if (then != null) then.accept(message.path("restarted").asText());
            return;
        }
        if (!message.has("acked")) return;
        connections.acknowledged(
                message.path("acked").asText(), message.path("id").asInt(-1));
    }

    /** One call: its answer, a refusal as an answer, any other failure as the reply's error. */
    CompletionStage<JsonNode> answer(JsonNode body) {
        String op = body.path("op").asText();
        JsonNode a = body.path("args");
        CompletableFuture<?> done;
        try {
            done = switch (op) {
                case "openChat" -> durable(desk.openChat(new Desk.OpenRequest(
                        DeskCalls.read(a.path("chat"), OpenChat.class),
                        text(a, "connection"),
                        text(a, "keylessAddress"))));
                case "recordHistory" -> durable(
                        desk.recordHistory(text(a, "chatId"), DeskCalls.JSON.convertValue(a.path("lines"), HISTORY)));
                case "userReady" -> desk.userReady(text(a, "chatId"));
                case "userMessage" -> durable(
                        desk.userMessage(text(a, "chatId"), text(a, "clientId"), text(a, "text")));
                case "rate" -> off(() -> desk.rate(DeskCalls.read(a.path("rating"), ChatRating.class)));
                case "userDisconnected" -> desk.userDisconnected(text(a, "chatId"), text(a, "connection"));
                case "agentConnected" -> desk.agentConnected(
                        text(a, "agent"), text(a, "connection"), DeskCalls.read(a.path("info"), DeskInfo.class));
                case "agentDisconnected" -> desk.agentDisconnected(text(a, "agent"), text(a, "connection"));
                case "setStatus" -> desk.setStatus(text(a, "agent"), text(a, "status"));
                case "setLanguage" -> desk.setLanguage(text(a, "agent"), text(a, "language"));
                case "queue" -> desk.queue(text(a, "agent"));
                case "take" -> desk.take(text(a, "agent"), text(a, "chatId"));
                case "read" -> off(() -> desk.read(text(a, "agent"), text(a, "chatId")));
                case "reply" -> desk.reply(text(a, "agent"), text(a, "chatId"), text(a, "text"));
                case "setChatLanguage" -> desk.setChatLanguage(
                        text(a, "agent"), text(a, "chatId"), text(a, "language"));
                case "retranslate" -> desk.retranslate(
                        text(a, "agent"),
                        text(a, "chatId"),
                        a.path("seq").asInt(),
                        a.path("history").asBoolean());
                case "showChat" -> desk.showTo(
                        text(a, "agent"),
                        text(a, "connection"),
                        new AgentEvent.ChatShown(DeskCalls.read(a.path("chat"), ChatView.class)));
                case "transfer" -> desk.transfer(
                        text(a, "agent"), text(a, "chatId"), text(a, "toAgent"), text(a, "toDepartment"));
                case "subject" -> desk.subject(text(a, "agent"), text(a, "chatId"), text(a, "subject"));
                case "resolve" -> desk.resolve(text(a, "agent"), text(a, "chatId"));
                case "archive" -> off(() -> desk.archive(
                        text(a, "agent"),
                        a.path("offset").asInt(),
                        a.path("limit").asInt(),
                        text(a, "query")));
                case "archivedChat" -> off(() -> desk.archivedChat(text(a, "agent"), text(a, "chatId")));
                default -> CompletableFuture.failedFuture(new IllegalArgumentException("no desk call '" + op + "'"));
            };
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        return done.handle((value, failure) -> {
            if (failure == null) return DeskCalls.ok(value);
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof DeskException refused) return DeskCalls.refused(refused);
            LOG.error("cluster: the desk call {} from another node failed", op, cause);
            throw new CompletionException(cause);
        });
    }

    /** The call's answer once every write so far is durable (a failure to store fails the call). */
    private <T> CompletableFuture<T> durable(CompletableFuture<T> call) {
        return call.thenCompose(value -> desk.durable().thenApply(v -> value));
    }

    /** A call that reads the store, on the reads' pool (a full pool refuses it, as a failure). */
    private <T> CompletableFuture<T> off(Supplier<CompletableFuture<T>> call) {
        return CompletableFuture.supplyAsync(call, reads).thenCompose(f -> f);
    }

    private static String text(JsonNode args, String field) {
        JsonNode n = args.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** Stops serving the channel. */
    @Override
    public void close() {
        ClusterBus.Subscription c = calls;
        if (c != null) c.close();
        ClusterBus.Subscription k = acks;
        if (k != null) k.close();
    }
}
