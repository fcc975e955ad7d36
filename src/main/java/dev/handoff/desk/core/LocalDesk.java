package dev.handoff.desk.core;

import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.api.AgentView;
import dev.handoff.desk.api.ArchivePage;
import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.DeskInfo;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.QueueSnapshot;
import dev.handoff.translate.LanguagePairs;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The {@link Desk} of this process: each call goes to its {@link HelpDesk} in the caller's thread. A future is
 * complete when the method returns, except {@link #durable()} (the store's), {@link #rate}, {@link #reply} and
 * {@link #retranslate} (the desk's own futures). A refusal thrown by the desk fails the future instead; a
 * desk's future that fails is passed on with its {@link CompletionException} unwrapped.
 */
public final class LocalDesk implements Desk {
    private final HelpDesk desk;
    private final DeskOutbox outbox;
    private final DeskConnections connections;
    private final KeylessQuota keyless;

    /**
     * {@code outbox} tells every connection of an agent what the agent changed ({@code status_changed}); {@code
     * connections} are this node's sockets by id; {@code keyless} admits new chats of bots without a key.
     */
    public LocalDesk(HelpDesk desk, DeskOutbox outbox, DeskConnections connections, KeylessQuota keyless) {
        this.desk = desk;
        this.outbox = outbox;
        this.connections = connections;
        this.keyless = keyless;
    }

    @Override
    public CompletableFuture<Opened> openChat(OpenRequest r) {
        return now(() -> {
            AtomicReference<String> replaced = new AtomicReference<>();
            String address = r.keylessAddress();
            Runnable beforeNewChat = address == null ? () -> {} : () -> keyless.admit(address);
            HelpDesk.Opened opened = desk.openChat(
                    r.chat(), beforeNewChat, chatId -> replaced.set(connections.attachUser(chatId, r.connection())));
            return new Opened(opened.chatId(), opened.needsHistory(), opened.resume(), replaced.get());
        });
    }

    @Override
    public CompletableFuture<Void> recordHistory(String chatId, List<HistoryLine> lines) {
        return run(() -> desk.recordHistory(chatId, lines));
    }

    @Override
    public CompletableFuture<Void> userReady(String chatId) {
        return run(() -> desk.userReady(chatId));
    }

    @Override
    public CompletableFuture<Void> userMessage(String chatId, String clientId, String text) {
        return run(() -> desk.userMessage(chatId, clientId, text));
    }

    @Override
    public CompletableFuture<Void> durable() {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        desk.afterDurable(failure -> {
            if (failure == null) durable.complete(null);
            else durable.completeExceptionally(unwrap(failure));
        });
        return durable;
    }

    @Override
    public CompletableFuture<Void> rate(ChatRating rating) {
        return later(() -> desk.rate(rating));
    }

    @Override
    public CompletableFuture<Void> userDisconnected(String chatId, String connection) {
        return run(() -> desk.userDisconnected(chatId, () -> connections.detachUser(chatId, connection)));
    }

    @Override
    public CompletableFuture<AgentView> agentConnected(String agent, String connection, DeskInfo info) {
        return now(() -> desk.agentConnected(agent, view -> {
            connections.attachAgent(agent, connection);
            connections.send(connection, new AgentEvent.SignedIn(view));
            connections.send(connection, new AgentEvent.Info(info));
            connections.send(connection, new AgentEvent.Queue(desk.queue(agent)));
            for (ChatView chat : desk.chatsWithMessages(agent))
                desk.showTo(agent, new AgentEvent.ChatSync(chat), e -> connections.send(connection, e));
        }));
    }

    @Override
    public CompletableFuture<Void> agentDisconnected(String agent, String connection) {
        return run(() -> {
            // a connection an earlier leader attached (cluster mode) was never counted here
            if (connections.detachAgent(agent, connection)) desk.agentDisconnected(agent);
        });
    }

    @Override
    public CompletableFuture<AgentView> setStatus(String agent, String status) {
        return now(() -> told(agent, desk.setStatus(agent, status)));
    }

    @Override
    public CompletableFuture<AgentView> setLanguage(String agent, String language) {
        return now(() -> told(agent, desk.setLanguage(agent, language)));
    }

    private AgentView told(String agent, AgentView view) {
        outbox.toAgent(agent, new AgentEvent.StatusChanged(view));
        return view;
    }

    @Override
    public CompletableFuture<QueueSnapshot> queue(String agent) {
        return now(() -> desk.queue(agent));
    }

    @Override
    public CompletableFuture<ChatView> take(String agent, String chatId) {
        return now(() -> desk.take(agent, chatId));
    }

    @Override
    public CompletableFuture<ChatView> read(String agent, String chatId) {
        return now(() -> desk.read(agent, chatId));
    }

    @Override
    public CompletableFuture<MessageView> reply(String agent, String chatId, String text) {
        return later(() -> desk.reply(agent, chatId, text));
    }

    @Override
    public CompletableFuture<ChatView> setChatLanguage(String agent, String chatId, String language) {
        return now(() -> desk.setChatLanguage(agent, chatId, language));
    }

    @Override
    public CompletableFuture<MessageView> retranslate(String agent, String chatId, int seq, boolean history) {
        return later(() -> desk.retranslate(agent, chatId, seq, history));
    }

    @Override
    public CompletableFuture<Void> showTo(String agent, String connection, AgentEvent event) {
        return run(() -> desk.showTo(agent, event, e -> connections.send(connection, e)));
    }

    @Override
    public CompletableFuture<Void> transfer(String agent, String chatId, String toAgent, String toDepartment) {
        return run(() -> desk.transfer(agent, chatId, toAgent, toDepartment));
    }

    @Override
    public CompletableFuture<ChatSummary> subject(String agent, String chatId, String subject) {
        return now(() -> desk.subject(agent, chatId, subject));
    }

    @Override
    public CompletableFuture<Void> resolve(String agent, String chatId) {
        return run(() -> desk.resolve(agent, chatId));
    }

    @Override
    public CompletableFuture<ArchivePage> archive(String agent, int offset, int limit, String query) {
        return now(() -> desk.archive(agent, offset, limit, query));
    }

    @Override
    public CompletableFuture<ChatView> archivedChat(String agent, String chatId) {
        return now(() -> desk.archivedChat(agent, chatId));
    }

    @Override
    public CompletableFuture<LanguagePairs> translatedPairs() {
        return later(desk::translatedPairs);
    }

    /** The answer, or the refusal, as a completed future. */
    private static <T> CompletableFuture<T> now(Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static CompletableFuture<Void> run(Runnable call) {
        return now(() -> {
            call.run();
            return null;
        });
    }

    /** The desk's own future, with a refusal thrown before it and a wrapped failure after it as plain failures. */
    private static <T> CompletableFuture<T> later(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> started;
        try {
            started = call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        started.whenComplete((v, e) -> {
            if (e == null) answer.complete(v);
            else answer.completeExceptionally(unwrap(e));
        });
        return answer;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
