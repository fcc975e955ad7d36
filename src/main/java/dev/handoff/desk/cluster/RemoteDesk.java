package dev.handoff.desk.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.api.AgentView;
import dev.handoff.desk.api.ArchivePage;
import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.api.DeskInfo;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.QueueSnapshot;
import dev.handoff.desk.core.ChatRating;
import dev.handoff.desk.core.Desk;
import dev.handoff.desk.core.DeskException;
import dev.handoff.desk.core.HistoryLine;
import dev.handoff.translate.LanguagePairs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The {@link Desk} of a node that does not lead: each call is a request on the leader's channel ({@link
 * LeaderDesk#CHANNEL}), answered by whichever node leads now. The leader answers the calls that store what a bot
 * sent ({@code username}, {@code messages_to_client}, {@code from_user}) only once their writes are durable, so
 * {@link #durable()} has nothing left to wait for.
 *
 * <p>Failures: a refusal comes back as the leader's {@link DeskException}; no leader, Redis unreachable or no answer
 * within the timeout fail with {@link DeskError.Code#UNAVAILABLE} (the call may or may not have been taken: the
 * clients send it again, and the desk's duplicate checks make that safe); a failure on the leader is {@link
 * DeskError.Code#INTERNAL}. Futures complete on the bus's pool or the requests' timer: callers never block them.
 */
public final class RemoteDesk implements Desk {
    /** Calls that read the store on the leader get longer. */
    private static final Duration READS = Duration.ofSeconds(15);

    /**
     * What a bot sent is answered once durable: a leader whose writes are behind (a burst of new chats) answers late,
     * and a call given up would drop the bot, whose chat is stored but who never got its resume token.
     */
    static final Duration BOT_WRITES = Duration.ofSeconds(30);

    private final Requests requests;
    private final Duration timeout;
    private final Supplier<CompletableFuture<LanguagePairs>> pairs;

    /**
     * @param timeout how long a call waits for the leader's answer
     * @param pairs what this node's translation engine translates (every node has the same engine)
     */
    public RemoteDesk(Requests requests, Duration timeout, Supplier<CompletableFuture<LanguagePairs>> pairs) {
        this.requests = requests;
        this.timeout = timeout;
        this.pairs = pairs;
    }

    @Override
    public CompletableFuture<Opened> openChat(OpenRequest request) {
        ObjectNode a = DeskCalls.args();
        a.set("chat", DeskCalls.tree(request.chat()));
        a.put("connection", request.connection());
        a.put("keylessAddress", request.keylessAddress());
        return call("openChat", a, Opened.class, BOT_WRITES);
    }

    @Override
    public CompletableFuture<Void> recordHistory(String chatId, List<HistoryLine> lines) {
        ObjectNode a = DeskCalls.args();
        a.put("chatId", chatId);
        a.set("lines", DeskCalls.tree(lines));
        return call("recordHistory", a, Void.class, BOT_WRITES);
    }

    @Override
    public CompletableFuture<Void> userReady(String chatId) {
        return call("userReady", DeskCalls.args().put("chatId", chatId), Void.class, timeout);
    }

    @Override
    public CompletableFuture<Void> userMessage(String chatId, String clientId, String text) {
        ObjectNode a =
                DeskCalls.args().put("chatId", chatId).put("clientId", clientId).put("text", text);
        return call("userMessage", a, Void.class, BOT_WRITES);
    }

    /** Nothing to wait for: the leader answered each write once it was durable. */
    @Override
    public CompletableFuture<Void> durable() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> rate(ChatRating rating) {
        ObjectNode a = DeskCalls.args();
        a.set("rating", DeskCalls.tree(rating));
        return call("rate", a, Void.class, READS);
    }

    @Override
    public CompletableFuture<Void> userDisconnected(String chatId, String connection) {
        ObjectNode a = DeskCalls.args().put("chatId", chatId).put("connection", connection);
        return call("userDisconnected", a, Void.class, timeout);
    }

    @Override
    public CompletableFuture<AgentView> agentConnected(String agent, String connection, DeskInfo info) {
        ObjectNode a = DeskCalls.args().put("agent", agent).put("connection", connection);
        a.set("info", DeskCalls.tree(info));
        return call("agentConnected", a, AgentView.class, timeout);
    }

    @Override
    public CompletableFuture<Void> agentDisconnected(String agent, String connection) {
        ObjectNode a = DeskCalls.args().put("agent", agent).put("connection", connection);
        return call("agentDisconnected", a, Void.class, timeout);
    }

    @Override
    public CompletableFuture<AgentView> setStatus(String agent, String status) {
        return call("setStatus", DeskCalls.args().put("agent", agent).put("status", status), AgentView.class, timeout);
    }

    @Override
    public CompletableFuture<AgentView> setLanguage(String agent, String language) {
        ObjectNode a = DeskCalls.args().put("agent", agent).put("language", language);
        return call("setLanguage", a, AgentView.class, timeout);
    }

    @Override
    public CompletableFuture<QueueSnapshot> queue(String agent) {
        return call("queue", DeskCalls.args().put("agent", agent), QueueSnapshot.class, timeout);
    }

    @Override
    public CompletableFuture<ChatView> take(String agent, String chatId) {
        return call("take", DeskCalls.args().put("agent", agent).put("chatId", chatId), ChatView.class, timeout);
    }

    @Override
    public CompletableFuture<ChatView> read(String agent, String chatId) {
        return call("read", DeskCalls.args().put("agent", agent).put("chatId", chatId), ChatView.class, READS);
    }

    @Override
    public CompletableFuture<MessageView> reply(String agent, String chatId, String text) {
        ObjectNode a =
                DeskCalls.args().put("agent", agent).put("chatId", chatId).put("text", text);
        return call("reply", a, MessageView.class, READS);
    }

    @Override
    public CompletableFuture<ChatView> setChatLanguage(String agent, String chatId, String language) {
        ObjectNode a =
                DeskCalls.args().put("agent", agent).put("chatId", chatId).put("language", language);
        return call("setChatLanguage", a, ChatView.class, timeout);
    }

    @Override
    public CompletableFuture<MessageView> retranslate(String agent, String chatId, int seq, boolean history) {
        ObjectNode a = DeskCalls.args()
                .put("agent", agent)
                .put("chatId", chatId)
                .put("seq", seq)
                .put("history", history);
        return call("retranslate", a, MessageView.class, READS);
    }

    /** Only {@link AgentEvent.ChatShown} is shown this way (after {@code read} and {@code archived_chat}). */
    @Override
    public CompletableFuture<Void> showTo(String agent, String connection, AgentEvent event) {
        if (!(event instanceof AgentEvent.ChatShown shown)) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("a cluster node shows only chat_shown, not " + event.event()));
        }
        ObjectNode a = DeskCalls.args().put("agent", agent).put("connection", connection);
        a.set("chat", DeskCalls.tree(shown.chat()));
        return call("showChat", a, Void.class, READS);
    }

    @Override
    public CompletableFuture<Void> transfer(String agent, String chatId, String toAgent, String toDepartment) {
        ObjectNode a = DeskCalls.args()
                .put("agent", agent)
                .put("chatId", chatId)
                .put("toAgent", toAgent)
                .put("toDepartment", toDepartment);
        return call("transfer", a, Void.class, timeout);
    }

    @Override
    public CompletableFuture<ChatSummary> subject(String agent, String chatId, String subject) {
        ObjectNode a =
                DeskCalls.args().put("agent", agent).put("chatId", chatId).put("subject", subject);
        return call("subject", a, ChatSummary.class, timeout);
    }

    @Override
    public CompletableFuture<Void> resolve(String agent, String chatId) {
        return call("resolve", DeskCalls.args().put("agent", agent).put("chatId", chatId), Void.class, timeout);
    }

    @Override
    public CompletableFuture<ArchivePage> archive(String agent, int offset, int limit, String query) {
        ObjectNode a = DeskCalls.args()
                .put("agent", agent)
                .put("offset", offset)
                .put("limit", limit)
                .put("query", query);
        return call("archive", a, ArchivePage.class, READS);
    }

    @Override
    public CompletableFuture<ChatView> archivedChat(String agent, String chatId) {
        ObjectNode a = DeskCalls.args().put("agent", agent).put("chatId", chatId);
        return call("archivedChat", a, ChatView.class, READS);
    }

    @Override
    public CompletableFuture<LanguagePairs> translatedPairs() {
        return pairs.get();
    }

    private <T> CompletableFuture<T> call(String op, ObjectNode args, Class<T> type, Duration within) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        requests.request(LeaderDesk.CHANNEL, DeskCalls.call(op, args), within).whenComplete((body, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(unavailable(op, failure));
                return;
            }
            try {
                answer.complete(DeskCalls.answer(body, type));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private static DeskException unavailable(String op, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ClusterException c && c.problem() == ClusterException.Problem.REMOTE_FAILED) {
            return new DeskException(DeskError.Code.INTERNAL, "the desk failed to do " + op + "; its log says why");
        }
        return new DeskException(
                DeskError.Code.UNAVAILABLE, "the desk cannot be reached now (" + cause.getMessage() + "); try again");
    }
}
