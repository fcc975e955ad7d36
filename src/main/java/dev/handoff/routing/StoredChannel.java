package dev.handoff.routing;

import dev.handoff.conversation.ConversationStore;
import dev.handoff.conversation.ConversationStoreException;
import dev.handoff.conversation.ConversationWrite;
import dev.handoff.conversation.StoredHandoff;
import dev.handoff.conversation.StoredLine;
import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.DialogueState;
import dev.handoff.dialogue.Reply;
import dev.handoff.dialogue.UserChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stored conversation's channel: every reply is a transcript line, written to the store before it reaches the
 * user's channel, which may be absent (detached: a restarted process resumed the conversation before the user
 * came back; the lines wait in the store, where the user's next channel reads them).
 *
 * <p>Changes are written in units: a turn, or one live-agent event. A unit collects the lines said, the dialogue
 * state and the handoff, writes them in one transaction, then delivers the replies, in order. Every field is
 * guarded by the conversation's lock.
 */
final class StoredChannel implements UserChannel {
    private static final Logger log = LoggerFactory.getLogger(StoredChannel.class);

    private final ConversationStore store;
    private final String botId;
    private final Clock clock;
    private Conversation conversation;
    /** The user's channel, or {@code null} while detached. */
    private UserChannel user;
    /** The unit being collected, or {@code null}. */
    private Unit unit;

    private static final class Unit {
        final List<StoredLine> lines = new ArrayList<>();
        final List<Reply> replies = new ArrayList<>();
        /** What may leave the process only once the unit is stored (a user message for the live agent). */
        final List<Runnable> afterWrite = new ArrayList<>();

        boolean dialogue;
        Supplier<StoredHandoff> handoff;
    }

    StoredChannel(ConversationStore store, String botId, UserChannel user, Clock clock) {
        this.store = store;
        this.botId = botId;
        this.user = user;
        this.clock = clock;
    }

    /** Set once, right after the conversation is made with this channel. */
    void bind(Conversation conversation) {
        this.conversation = conversation;
    }

    boolean attached() {
        return user != null;
    }

    void attach(UserChannel channel) {
        this.user = channel;
    }

    void detach() {
        this.user = null;
    }

    /** A user message, as the next transcript line (of the unit in progress). */
    void userSaid(String text) {
        line(StoredLine.of(StoredLine.Sender.USER, text, clock.instant()), null);
    }

    @Override
    public void deliver(String conversationId, Reply reply) {
        StoredLine.Sender sender = reply instanceof Reply.AgentText
                ? StoredLine.Sender.AGENT
                : reply instanceof Reply.SystemNotice ? StoredLine.Sender.SYSTEM : StoredLine.Sender.BOT;
        List<String> options = reply instanceof Reply.BotButtons b ? b.options() : List.of();
        line(new StoredLine(sender, reply.text(), options, clock.instant()), reply);
    }

    private void line(StoredLine line, Reply reply) {
        if (unit != null) {
            unit.lines.add(line);
            if (reply != null) {
                unit.replies.add(reply);
            }
            return;
        }
        write(new ConversationWrite(botId, conversation.id(), null, null, List.of(line)));
        if (reply != null && user != null) {
            user.deliver(conversation.id(), reply);
        }
    }

    /**
     * Runs {@code work} as one unit (or as part of the unit in progress), then writes what it changed: the lines,
     * the dialogue state if {@code dialogue}, the handoff from {@code handoff} if not {@code null}; then delivers
     * the replies. Called with the conversation's lock held.
     */
    void unit(boolean dialogue, Supplier<StoredHandoff> handoff, Runnable work) {
        if (unit != null) {
            unit.dialogue |= dialogue;
            if (handoff != null) {
                unit.handoff = handoff;
            }
            work.run();
            return;
        }
        Unit u = new Unit();
        u.dialogue = dialogue;
        u.handoff = handoff;
        unit = u;
        try {
            work.run();
        } finally {
            unit = null;
            DialogueState state = u.dialogue ? conversation.state() : null;
            write(new ConversationWrite(
                    botId, conversation.id(), state, u.handoff == null ? null : u.handoff.get(), u.lines));
            if (user != null) {
                u.replies.forEach(r -> user.deliver(conversation.id(), r));
            }
            u.afterWrite.forEach(Runnable::run);
        }
    }

    /**
     * Runs {@code action} once the unit in progress is written (at once when none is): what must not leave the
     * process before the store has the line it belongs to. Called with the conversation's lock held.
     */
    void afterWrite(Runnable action) {
        if (unit != null) {
            unit.afterWrite.add(action);
        } else {
            action.run();
        }
    }

    private void write(ConversationWrite write) {
        try {
            store.write(write);
        } catch (ConversationStoreException e) {
            // the conversation goes on in memory; what this write held is not stored
            log.error("conversation {}: not stored: {}", conversation.id(), e.getMessage(), e);
        }
    }
}
