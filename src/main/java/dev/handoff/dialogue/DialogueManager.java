package dev.handoff.dialogue;

import dev.handoff.routing.Route;
import dev.handoff.routing.Router;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dialogue manager as a channel sees it: open a conversation with a bot, pass it the user's
 * messages, close it. Replies reach the user through the conversation's {@link UserChannel}, also
 * when they come later (a live agent's messages).
 */
@Singleton
public final class DialogueManager {
    private final Router router;
    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();

    @Inject
    public DialogueManager(Router router) {
        this.router = router;
    }

    /** Opens a conversation; {@code language} null means the bot's first language. */
    public Conversation open(String conversationId, Bot bot, String language, UserChannel channel) {
        if (language != null && !bot.definition().languages().contains(language)) {
            throw new IllegalArgumentException("bot '" + bot.id() + "' does not speak '" + language
                    + "' (its languages: " + String.join(", ", bot.definition().languages()) + ")");
        }
        var conversation = new Conversation(conversationId, bot, language, channel);
        if (conversations.putIfAbsent(conversationId, conversation) != null) {
            throw new IllegalStateException("conversation '" + conversationId + "' is already open");
        }
        return conversation;
    }

    public Optional<Conversation> conversation(String conversationId) {
        return Optional.ofNullable(conversations.get(conversationId));
    }

    /** Passes one user message to the conversation; says where it went. */
    public Route send(String conversationId, String text) {
        Conversation conversation = conversation(conversationId)
                .orElseThrow(() -> new IllegalArgumentException("no open conversation '" + conversationId + "'"));
        return router.receive(conversation, text);
    }

    /** Closes the conversation: a live-agent connection it holds is closed too. */
    public void close(String conversationId) {
        Conversation conversation = conversations.remove(conversationId);
        if (conversation != null) {
            synchronized (conversation) {
                conversation.takeover().ifPresent(t -> t.close(conversation));
            }
        }
    }

    /** Closes every open conversation. */
    public void closeAll() {
        conversations.keySet().forEach(this::close);
    }
}
