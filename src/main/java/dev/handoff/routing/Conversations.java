package dev.handoff.routing;

import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.UserChannel;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entrance a channel calls: open a conversation with a bot, pass it the user's messages, close
 * it. Replies reach the user through the conversation's {@link UserChannel}, also when they come
 * later (a live agent's messages). Thread-safe; turns of one conversation are handled one at a time.
 */
@Singleton
public final class Conversations {
    private final Router router;
    private final Map<String, Conversation> open = new ConcurrentHashMap<>();

    @Inject
    public Conversations(Router router) {
        this.router = router;
    }

    /**
     * Opens a conversation; {@code language} null means the bot's first language.
     *
     * @throws IllegalArgumentException if the bot does not speak {@code language}
     * @throws IllegalStateException if a conversation with this id is already open
     */
    public Conversation open(String conversationId, Bot bot, String language, UserChannel channel) {
        if (language != null && !bot.definition().languages().contains(language)) {
            throw new IllegalArgumentException("bot '" + bot.id() + "' does not speak '" + language
                    + "' (its languages: " + String.join(", ", bot.definition().languages()) + ")");
        }
        var conversation = new Conversation(conversationId, bot, language, channel);
        if (open.putIfAbsent(conversationId, conversation) != null) {
            throw new IllegalStateException("conversation '" + conversationId + "' is already open");
        }
        return conversation;
    }

    /**
     * The user chose one of the bot's languages (a channel's language picker): the replies from now on are in
     * it, and language detection no longer changes it.
     *
     * @throws IllegalArgumentException if no such conversation is open, or the bot does not speak it
     */
    public void chooseLanguage(String conversationId, String language) {
        require(conversationId).chooseLanguage(language);
    }

    /** Passes one user message to the conversation; says where it went. */
    public Route send(String conversationId, String text) {
        return router.receive(require(conversationId), text);
    }

    /** Where the conversation's next message goes. */
    public Route route(String conversationId) {
        return router.route(require(conversationId));
    }

    /** Closes the conversation: a live-agent connection it holds is closed too. Idempotent. */
    public void close(String conversationId) {
        Conversation conversation = open.remove(conversationId);
        if (conversation != null) {
            router.close(conversation);
        }
    }

    /** Closes every open conversation. */
    public void closeAll() {
        open.keySet().forEach(this::close);
    }

    private Conversation require(String conversationId) {
        Conversation conversation = open.get(conversationId);
        if (conversation == null) {
            throw new IllegalArgumentException("no open conversation '" + conversationId + "'");
        }
        return conversation;
    }
}
