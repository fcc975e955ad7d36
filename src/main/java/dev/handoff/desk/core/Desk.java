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

/**
 * The desk as the endpoints see it: one method per request of a bot ({@code /live_agent}) or an agent ({@code
 * /agents}), each answered by a {@link CompletableFuture}. {@link LocalDesk} calls the {@link HelpDesk} of this
 * process; a remote adapter (cluster mode, issue 13) will send each call to the node that runs the desk and
 * complete the future with its reply.
 *
 * <p><b>Only data crosses the port.</b> Arguments and answers are strings, numbers and records of {@code
 * desk.api} and {@code desk.core} ({@link OpenChat}, {@link ChatRating}, {@link HistoryLine}, {@link AgentEvent}),
 * never callbacks: what the desk must do to a connection under its lock (attach a bot's connection to its chat,
 * show an agent's connection its chats) it does through the {@link DeskConnections} of the node that holds the
 * connection, which the call names by its id ({@code connection}: unique across nodes, the node holding it
 * comes with the call). A refusal fails the future with a {@link DeskException}, whose code and message are
 * plain data; a failure the desk did not foresee fails it with the exception (a remote adapter: with a {@link
 * DeskException} {@code internal}). Callers unwrap a {@link java.util.concurrent.CompletionException} from
 * dependent stages.
 *
 * <p><b>Threading.</b> A future may complete on any thread: the caller's (before the method returns, as {@link
 * LocalDesk}'s mostly do), the desk's delivery thread, a translation's, or a remote adapter's. Callers never
 * block an event thread on one; they continue with {@code whenComplete}. The methods marked <i>reads the
 * store</i> may read the database in the calling thread: call them off event threads. The desk takes the calls
 * in the order they are made; a caller that needs one call answered before the next (a {@code from_user} after
 * its {@code username}) waits for the first future before it makes the second.
 */
public interface Desk {

    // ---------------------------------------------------------------- bots (/live_agent)

    /**
     * A {@code username}: opens or resumes the conversation's chat ({@link HelpDesk#openChat(OpenChat, Runnable,
     * java.util.function.Consumer)}), refused with {@code conversation_in_use} or {@code over_capacity}. The desk
     * attaches {@code connection} to the chat ({@link DeskConnections#attachUser}) before anything can be sent
     * to the user.
     *
     * @param connection the bot's connection
     * @param keylessAddress for a bot that proved no key: the address a new chat counts against ({@link
     *     KeylessQuota}), else {@code null}
     */
    record OpenRequest(OpenChat chat, String connection, String keylessAddress) {}

    /**
     * What {@code username} did: the chat, whether to ask the bot for its history, the resume token to give the
     * client ({@code null}: none), and the connection this one replaced ({@code null}: none), which its node
     * closes.
     */
    record Opened(String chatId, boolean needsHistory, String resume, String replaced) {
        @Override
        public String toString() {
            return "Opened[chatId=" + chatId + ", needsHistory=" + needsHistory + ", resume="
                    + (resume == null ? "none" : "***") + ", replaced=" + replaced + "]";
        }
    }

    CompletableFuture<Opened> openChat(OpenRequest request);

    /** A {@code messages_to_client}: the conversation before the handoff. */
    CompletableFuture<Void> recordHistory(String chatId, List<HistoryLine> lines);

    /** The bot's connection with the delivery addition is answered: what the user has not acknowledged goes out. */
    CompletableFuture<Void> userReady(String chatId);

    /**
     * A {@code from_user}, taken in order (stored, not yet durable: see {@link #durable()}). {@code clientId}
     * ({@code null}: none) makes a message sent again a duplicate, stored once.
     */
    CompletableFuture<Void> userMessage(String chatId, String clientId, String text);

    /**
     * Completes once every write of the calls answered so far is durable, on the desk's delivery thread when
     * it has to wait (never the store's writer thread); fails with the store's failure.
     */
    CompletableFuture<Void> durable();

    /**
     * A {@code rate_chat}; completes once the rating is durable. Refusals: {@code invalid_rating}, {@code
     * unknown_chat}, {@code chat_open}, {@code already_rated}. Reads the store.
     */
    CompletableFuture<Void> rate(ChatRating rating);

    /**
     * The bot's connection closed: if {@code connection} still carried the chat ({@link
     * DeskConnections#detachUser}, under the desk's lock), the user is gone, and the chat ends unless the bot
     * is back within the grace.
     */
    CompletableFuture<Void> userDisconnected(String chatId, String connection);

    // ---------------------------------------------------------------- agents (/agents)

    /**
     * An agent's connection signed in: under the desk's lock and before any chat is assigned, {@code
     * connection} is attached to the agent and sent {@code signed_in}, {@code desk_info} ({@code info}, the
     * node's directory), {@code queue} and a {@code chat_sync} per open chat of the agent.
     */
    CompletableFuture<AgentView> agentConnected(String agent, String connection, DeskInfo info);

    /** An agent's connection closed: detached; the agent's last one starts the disconnect grace. */
    CompletableFuture<Void> agentDisconnected(String agent, String connection);

    /** {@code online} or {@code away}; every connection of the agent is told {@code status_changed}. */
    CompletableFuture<AgentView> setStatus(String agent, String status);

    /** The agent's language; every connection of the agent is told {@code status_changed}, its chats again. */
    CompletableFuture<AgentView> setLanguage(String agent, String language);

    CompletableFuture<QueueSnapshot> queue(String agent);

    CompletableFuture<ChatView> take(String agent, String chatId);

    /** A chat the agent may read, open or archived. Reads the store. */
    CompletableFuture<ChatView> read(String agent, String chatId);

    /** An agent's reply; completes once it is sent (after its translation, when it needs one). */
    CompletableFuture<MessageView> reply(String agent, String chatId, String text);

    CompletableFuture<ChatView> setChatLanguage(String agent, String chatId, String language);

    /** A user or bot message translated again; completes within the translation timeout. */
    CompletableFuture<MessageView> retranslate(String agent, String chatId, int seq, boolean history);

    /** {@code event} on one connection of the agent, translated for it and in its chat's order. */
    CompletableFuture<Void> showTo(String agent, String connection, AgentEvent event);

    /** Exactly one of {@code toAgent} and {@code toDepartment}. */
    CompletableFuture<Void> transfer(String agent, String chatId, String toAgent, String toDepartment);

    CompletableFuture<ChatSummary> subject(String agent, String chatId, String subject);

    CompletableFuture<Void> resolve(String agent, String chatId);

    /** A page of the archived chats the agent may read; {@code query} may be {@code null}. Reads the store. */
    CompletableFuture<ArchivePage> archive(String agent, int offset, int limit, String query);

    /** An archived chat the agent may read. Reads the store. */
    CompletableFuture<ChatView> archivedChat(String agent, String chatId);

    // ---------------------------------------------------------------- the desk

    /** What the translation engine translates, as it answered when the desk was made. */
    CompletableFuture<LanguagePairs> translatedPairs();
}
