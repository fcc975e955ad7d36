package dev.handoff.desk.core;

import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.api.MessageView;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DeskOutbox} that shows agents their chats in their language: a user or bot message in another
 * language reaches the agent with its translation ({@link TranslationFlow}), or, when none came within the
 * timeout, with the failure marked, never later; a chat shown whole ({@code assigned}, {@code chat}, {@code
 * chat_sync}) is translated as a batch. The events of one chat reach its agent in the order the desk sent them
 * ({@link ChatChains}); other chats are not held. A translation that comes after the timeout follows as {@code
 * message_updated}. Messages for users pass straight through.
 *
 * <p>The desk calls this under its lock, so it only chains futures: it never waits. {@code readerLanguage} gives an
 * agent's preferred language (under the desk's lock, as every call from the desk is).
 */
final class TranslatingOutbox implements DeskOutbox {
    private static final Logger log = LoggerFactory.getLogger(TranslatingOutbox.class);

    private final DeskOutbox out;
    private final TranslationFlow flow;
    private final UnaryOperator<String> readerLanguage;
    private final ChatChains chains = new ChatChains();

    TranslatingOutbox(DeskOutbox out, TranslationFlow flow, UnaryOperator<String> readerLanguage) {
        this.out = out;
        this.flow = flow;
        this.readerLanguage = readerLanguage;
    }

    @Override
    public void toUser(String chatId, int id, String text, Runnable acknowledged) {
        out.toUser(chatId, id, text, acknowledged);
    }

    @Override
    public void agentStatus(String chatId, String status) {
        out.agentStatus(chatId, status);
    }

    @Override
    public void queuePosition(String chatId, int position, String department) {
        out.queuePosition(chatId, position, department);
    }

    @Override
    public void agentJoined(String chatId, String agent, String language) {
        out.agentJoined(chatId, agent, language);
    }

    @Override
    public void endUserChat(String chatId) {
        out.endUserChat(chatId);
    }

    @Override
    public void toAgent(String agent, AgentEvent event) {
        String chatId = chatOf(event);
        if (chatId == null) {
            out.toAgent(agent, event);
            return;
        }
        chains.then(chatId, translated(agent, event), e -> {
            deliver(agent, e);
            return null;
        });
    }

    /** As {@link #toAgent}, to one connection of the agent ({@code send}) instead of all of them. */
    void toConnection(String agent, AgentEvent event, java.util.function.Consumer<AgentEvent> send) {
        String chatId = chatOf(event);
        if (chatId == null) {
            send.accept(event);
            return;
        }
        chains.then(chatId, translated(agent, event), e -> {
            send.accept(e);
            return null;
        });
    }

    /** The event with its translations, for {@code agent}: complete at once when it needs none. */
    private CompletableFuture<AgentEvent> translated(String agent, AgentEvent event) {
        String reader = readerLanguage.apply(agent);
        if (event instanceof AgentEvent.Message m)
            return flow.messages(List.of(m.message()), reader, false, late(agent))
                    .thenApply(ms -> new AgentEvent.Message(ms.get(0)));
        if (event instanceof AgentEvent.Assigned a)
            return flow.chat(a.chat(), reader, late(agent)).thenApply(AgentEvent.Assigned::new);
        if (event instanceof AgentEvent.ChatShown c)
            return flow.chat(c.chat(), reader, late(agent)).thenApply(AgentEvent.ChatShown::new);
        if (event instanceof AgentEvent.ChatSync c)
            return flow.chat(c.chat(), reader, late(agent)).thenApply(AgentEvent.ChatSync::new);
        return CompletableFuture.completedFuture(event);
    }

    /** A translation that came after the timeout: {@code message_updated}, after what the chat showed before. */
    private java.util.function.Consumer<MessageView> late(String agent) {
        return m -> chains.then(m.chatId(), CompletableFuture.completedFuture(m), v -> {
            deliver(agent, new AgentEvent.MessageUpdated(v));
            return null;
        });
    }

    private void deliver(String agent, AgentEvent event) {
        try {
            out.toAgent(agent, event);
        } catch (RuntimeException e) {
            log.error("agent {}: cannot send {}: {}", agent, event.event(), e.toString(), e);
        }
    }

    /** The chat an event is about, for the events that must keep their order; {@code null}: send at once. */
    private static String chatOf(AgentEvent event) {
        if (event instanceof AgentEvent.Message m) return m.message().chatId();
        if (event instanceof AgentEvent.MessageUpdated m) return m.message().chatId();
        if (event instanceof AgentEvent.Assigned a) return a.chat().chat().chatId();
        if (event instanceof AgentEvent.ChatShown c) return c.chat().chat().chatId();
        if (event instanceof AgentEvent.ChatSync c) return c.chat().chat().chatId();
        if (event instanceof AgentEvent.Unassigned u) return u.closed().chatId();
        if (event instanceof AgentEvent.ChatArchived a) return a.closed().chatId();
        return null;
    }
}
