package dev.handoff.desk.cluster;

import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.api.AgentView;
import dev.handoff.desk.api.ArchivePage;
import dev.handoff.desk.api.ChatSummary;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.DeskInfo;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.QueueSnapshot;
import dev.handoff.desk.core.ChatRating;
import dev.handoff.desk.core.Desk;
import dev.handoff.desk.core.HistoryLine;
import dev.handoff.translate.LanguagePairs;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Desk} a cluster node's endpoints call: the leader's own desk while this node leads, else the {@link
 * RemoteDesk} that asks whichever node leads. {@link #use} switches; a call goes wholly to one or the other. The
 * calls that store what a bot sent ({@code openChat}, {@code recordHistory}, {@code userMessage}) complete once
 * durable, and {@link #durable()} has nothing left to wait for.
 */
public final class ClusterDesk implements Desk {
    private volatile Desk current;

    public ClusterDesk(Desk initial) {
        this.current = initial;
    }

    /** From now on, calls go to {@code desk}. */
    public void use(Desk desk) {
        this.current = desk;
    }

    /** The desk calls go to now. */
    public Desk current() {
        return current;
    }

    @Override
    public CompletableFuture<Opened> openChat(OpenRequest request) {
        Desk desk = current;
        return whenDurable(desk, desk.openChat(request));
    }

    @Override
    public CompletableFuture<Void> recordHistory(String chatId, List<HistoryLine> lines) {
        Desk desk = current;
        return whenDurable(desk, desk.recordHistory(chatId, lines));
    }

    @Override
    public CompletableFuture<Void> userReady(String chatId) {
        return current.userReady(chatId);
    }

    @Override
    public CompletableFuture<Void> userMessage(String chatId, String clientId, String text) {
        Desk desk = current;
        return whenDurable(desk, desk.userMessage(chatId, clientId, text));
    }

    /**
     * Nothing to wait for: the calls that store what a bot sent are answered once durable, on the leader's own desk
     * as through {@link RemoteDesk} (so a switch between the two after such a call cannot report its write
     * durable when the desk that took it gave it up).
     */
    @Override
    public CompletableFuture<Void> durable() {
        return CompletableFuture.completedFuture(null);
    }

    /** The call's answer once the desk that took it has made it durable. */
    private static <T> CompletableFuture<T> whenDurable(Desk desk, CompletableFuture<T> call) {
        if (desk instanceof RemoteDesk) return call; // the leader answered once durable
        return call.thenCompose(value -> desk.durable().thenApply(v -> value));
    }

    @Override
    public CompletableFuture<Void> rate(ChatRating rating) {
        return current.rate(rating);
    }

    @Override
    public CompletableFuture<Void> userDisconnected(String chatId, String connection) {
        return current.userDisconnected(chatId, connection);
    }

    @Override
    public CompletableFuture<AgentView> agentConnected(String agent, String connection, DeskInfo info) {
        return current.agentConnected(agent, connection, info);
    }

    @Override
    public CompletableFuture<Void> agentDisconnected(String agent, String connection) {
        return current.agentDisconnected(agent, connection);
    }

    @Override
    public CompletableFuture<AgentView> setStatus(String agent, String status) {
        return current.setStatus(agent, status);
    }

    @Override
    public CompletableFuture<AgentView> setLanguage(String agent, String language) {
        return current.setLanguage(agent, language);
    }

    @Override
    public CompletableFuture<QueueSnapshot> queue(String agent) {
        return current.queue(agent);
    }

    @Override
    public CompletableFuture<ChatView> take(String agent, String chatId) {
        return current.take(agent, chatId);
    }

    @Override
    public CompletableFuture<ChatView> read(String agent, String chatId) {
        return current.read(agent, chatId);
    }

    @Override
    public CompletableFuture<MessageView> reply(String agent, String chatId, String text) {
        return current.reply(agent, chatId, text);
    }

    @Override
    public CompletableFuture<ChatView> setChatLanguage(String agent, String chatId, String language) {
        return current.setChatLanguage(agent, chatId, language);
    }

    @Override
    public CompletableFuture<MessageView> retranslate(String agent, String chatId, int seq, boolean history) {
        return current.retranslate(agent, chatId, seq, history);
    }

    @Override
    public CompletableFuture<Void> showTo(String agent, String connection, AgentEvent event) {
        return current.showTo(agent, connection, event);
    }

    @Override
    public CompletableFuture<Void> transfer(String agent, String chatId, String toAgent, String toDepartment) {
        return current.transfer(agent, chatId, toAgent, toDepartment);
    }

    @Override
    public CompletableFuture<ChatSummary> subject(String agent, String chatId, String subject) {
        return current.subject(agent, chatId, subject);
    }

    @Override
    public CompletableFuture<Void> resolve(String agent, String chatId) {
        return current.resolve(agent, chatId);
    }

    @Override
    public CompletableFuture<ArchivePage> archive(String agent, int offset, int limit, String query) {
        return current.archive(agent, offset, limit, query);
    }

    @Override
    public CompletableFuture<ChatView> archivedChat(String agent, String chatId) {
        return current.archivedChat(agent, chatId);
    }

    @Override
    public CompletableFuture<LanguagePairs> translatedPairs() {
        return current.translatedPairs();
    }
}
