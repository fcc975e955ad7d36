package dev.handoff.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.humanhandoff.Handoff;
import dev.handoff.humanhandoff.HandoffState;
import dev.handoff.routing.Conversations;
import dev.handoff.routing.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A conversation as a test script: {@code send("hi").expectBot("Hello!")}. Replies are checked in
 * the order they reach the user; an expectation waits (up to a timeout) for replies that arrive
 * later, such as a live agent's.
 */
public final class ConversationScript implements UserChannel {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Conversations conversations;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final List<Reply> all = new ArrayList<>();
    private Conversation conversation;
    private Route lastRoute;

    private ConversationScript(Conversations conversations) {
        this.conversations = conversations;
    }

    public static ConversationScript open(
            Conversations conversations, Bot bot, String conversationId, String language) {
        var script = new ConversationScript(conversations);
        script.conversation = conversations.open(conversationId, bot, language, script);
        return script;
    }

    @Override
    public void deliver(String conversationId, Reply reply) {
        synchronized (all) {
            all.add(reply);
        }
        replies.add(reply);
    }

    public Conversation conversation() {
        return conversation;
    }

    public ConversationScript send(String text) {
        lastRoute = conversations.send(conversation.id(), text);
        return this;
    }

    /** Answers a menu: the same as typing the label. */
    public ConversationScript pick(String label) {
        return send(label);
    }

    public Reply next() {
        try {
            Reply reply = replies.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (reply == null) {
                throw new AssertionError("no reply within " + WAIT.toSeconds() + " s; replies so far: " + everything());
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public ConversationScript expectBot(String text) {
        assertThat(next()).isEqualTo(new Reply.BotText(text));
        return this;
    }

    public ConversationScript expectBotContaining(String part) {
        Reply reply = next();
        assertThat(reply).isInstanceOf(Reply.BotText.class);
        assertThat(reply.text()).contains(part);
        return this;
    }

    public ConversationScript expectButtons(String text, String... options) {
        assertThat(next()).isEqualTo(new Reply.BotButtons(text, List.of(options)));
        return this;
    }

    public ConversationScript expectAgent(String text) {
        assertThat(next()).isEqualTo(new Reply.AgentText(text));
        return this;
    }

    /** A notice with this text (whatever handoff progress it carries: see the two-argument form). */
    public ConversationScript expectSystem(String text) {
        Reply reply = next();
        assertThat(reply).isInstanceOf(Reply.SystemNotice.class);
        assertThat(reply.text()).isEqualTo(text);
        return this;
    }

    /** Any notices of the user's place in the queue (the desk may send none), then a notice with this text. */
    public ConversationScript expectSystemAfterWaiting(String text) {
        Reply reply = next();
        while (reply instanceof Reply.SystemNotice n
                && n.progress() != null
                && n.progress().waiting()) reply = next();
        assertThat(reply).isInstanceOf(Reply.SystemNotice.class);
        assertThat(reply.text()).isEqualTo(text);
        return this;
    }

    /** A notice with this text and this handoff progress ({@code null}: none). */
    public ConversationScript expectSystem(String text, Reply.HandoffProgress progress) {
        assertThat(next()).isEqualTo(new Reply.SystemNotice(text, progress));
        return this;
    }

    public ConversationScript expectSystemContaining(String part) {
        Reply reply = next();
        assertThat(reply).isInstanceOf(Reply.SystemNotice.class);
        assertThat(reply.text()).contains(part);
        return this;
    }

    /** Nothing more has reached the user (the bot answers synchronously, so "now" is enough for bot replies). */
    public ConversationScript expectNoReply() {
        assertThat(replies).as("replies not yet checked").isEmpty();
        return this;
    }

    /** Where the last message went. */
    public ConversationScript expectRouted(Route route) {
        assertThat(lastRoute).isEqualTo(route);
        return this;
    }

    /** Where the next message will go. */
    public ConversationScript expectRoute(Route route) {
        assertThat(conversations.route(conversation.id())).isEqualTo(route);
        return this;
    }

    public ConversationScript expectState(HandoffState state) {
        assertThat(Handoff.stateOf(conversation)).isEqualTo(state);
        return this;
    }

    public List<Reply> everything() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }
}
