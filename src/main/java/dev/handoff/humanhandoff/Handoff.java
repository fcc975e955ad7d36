package dev.handoff.humanhandoff;

import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.Reply;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentClient;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentListener;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.routing.Route;
import dev.handoff.routing.Router;
import dev.handoff.routing.Takeover;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handoff of one conversation: holds the conversation while it is with the live agent, sends the
 * user's messages there, shows the agent's messages, and gives the conversation back to the bot when
 * the chat ends, the user leaves, or the live agent cannot be reached.
 *
 * <p>Its state is kept on the conversation ({@link #stateOf}); every change happens with the
 * conversation's lock held, so a turn and a live-agent event never interleave.
 */
public final class Handoff implements Takeover, LiveAgentListener {
    private static final Logger log = LoggerFactory.getLogger(Handoff.class);

    private final Conversation conversation;
    private final HandoffSettings settings;
    private final Router router;
    private final List<HandoffState> history = new ArrayList<>();
    private HandoffState state = HandoffState.WITH_BOT;
    private LiveAgentSession session;
    private boolean over;
    /** With a desk that reports its queue: the position the user was last told, {@code null}: none. */
    private Integer position;
    /** With a desk that reports its queue: the agent the user was last told joined, {@code null}: none. */
    private String agent;

    Handoff(Conversation conversation, HandoffSettings settings, Router router) {
        this.conversation = conversation;
        this.settings = settings;
        this.router = router;
        history.add(state);
    }

    /** The conversation's handoff state: {@link HandoffState#WITH_BOT} if it was never handed off. */
    public static HandoffState stateOf(Conversation conversation) {
        return conversation.attribute(Handoff.class).map(Handoff::state).orElse(HandoffState.WITH_BOT);
    }

    public HandoffState state() {
        synchronized (conversation) {
            return state;
        }
    }

    /** Every state this handoff went through, oldest first. */
    public List<HandoffState> history() {
        synchronized (conversation) {
            return List.copyOf(history);
        }
    }

    /** Takes the conversation over and starts connecting; returns at once. */
    void start(LiveAgentClient client, HandoffRequest request) {
        synchronized (conversation) {
            conversation.setAttribute(Handoff.class, this);
            router.takeOver(conversation, this);
            moveTo(HandoffState.CONNECTING);
            try {
                session = client.open(request, this);
            } catch (RuntimeException e) {
                log.error(
                        "conversation {}: the live-agent client ({}) could not open a session; the handoff failed",
                        conversation.id(),
                        client.getClass().getName(),
                        e);
                finish(HandoffState.FAILED, "failed");
                return;
            }
            if (over) {
                session.close(); // the client failed at once, before it returned the session
            }
        }
    }

    @Override
    public Route route() {
        synchronized (conversation) {
            return state.route();
        }
    }

    @Override
    public void receive(Conversation c, String text) {
        synchronized (conversation) {
            if (text.strip().equalsIgnoreCase(settings.exitCommand())) {
                finish(HandoffState.BACK_WITH_BOT, "left");
                return;
            }
            if (text.length() > settings.maxMessageLength()) {
                // refused here, where the user can shorten it: the desk would drop it, or the transport fail on it
                log.info(
                        "conversation {}: a message of {} characters was not sent (max_message_length {})",
                        conversation.id(),
                        text.length(),
                        settings.maxMessageLength());
                conversation.say(new Reply.SystemNotice(settings.tooLong(text.length(), conversation.language())));
                return;
            }
            session.send(text);
            // the user's messages to the agent are not part of the user-bot transcript
        }
    }

    @Override
    public void close(Conversation c) {
        synchronized (conversation) {
            if (!over) {
                over = true;
                if (session != null) {
                    session.close();
                }
                log.info("conversation {}: closed during the handoff ({})", conversation.id(), state);
            }
        }
    }

    // ---- live-agent events (off the transport's threads, one at a time) -----------------------

    /**
     * Connected. A desk that reports its queue says next whether the chat waits or an agent has it
     * ({@link #onQueuePosition}, {@link #onAgentJoined}); with any other server the user hears {@code
     * connected}, as PROTOCOL.md gives no more.
     */
    @Override
    public void onConnected() {
        synchronized (conversation) {
            if (!over) {
                moveTo(HandoffState.WITH_AGENT);
                if (!session.reportsQueue()) {
                    notice("connected");
                }
            }
        }
    }

    @Override
    public void onQueuePosition(int newPosition) {
        synchronized (conversation) {
            if (!over && (position == null || position != newPosition)) {
                position = newPosition;
                agent = null;
                conversation.say(new Reply.SystemNotice(
                        settings.waiting(newPosition, conversation.language()),
                        Reply.HandoffProgress.waiting(newPosition)));
            }
        }
    }

    @Override
    public void onAgentJoined(String name) {
        synchronized (conversation) {
            if (!over && !name.equals(agent)) {
                agent = name;
                position = null;
                conversation.say(new Reply.SystemNotice(
                        settings.agentJoined(name, conversation.language()), Reply.HandoffProgress.joined(name)));
            }
        }
    }

    @Override
    public void onAgentMessage(String text) {
        synchronized (conversation) {
            if (!over) {
                conversation.say(new Reply.AgentText(text));
            }
        }
    }

    @Override
    public void onReconnecting() {
        synchronized (conversation) {
            if (!over && state == HandoffState.WITH_AGENT) {
                moveTo(HandoffState.CONNECTING);
                notice("reconnecting");
            }
        }
    }

    @Override
    public void onReconnected() {
        synchronized (conversation) {
            if (!over && state == HandoffState.CONNECTING) {
                moveTo(HandoffState.WITH_AGENT);
                if (!session.reportsQueue() || agent != null) {
                    notice("connected");
                }
                position = null; // a desk that reports its queue says where the chat waits again: told again
            }
        }
    }

    @Override
    public void onAgentAway() {
        synchronized (conversation) {
            if (!over) {
                notice("agent_away");
            }
        }
    }

    @Override
    public void onAgentBack() {
        synchronized (conversation) {
            if (!over) {
                notice("agent_back");
            }
        }
    }

    @Override
    public void onNotDelivered(String userMessage, String code, String reason) {
        synchronized (conversation) {
            if (!over) {
                log.info(
                        "conversation {}: the live agent refused a user message ({}: {})",
                        conversation.id(),
                        code,
                        reason);
                conversation.say(new Reply.SystemNotice(
                        settings.message("not_delivered").in(conversation.language()) + " \"" + userMessage + "\""));
            }
        }
    }

    @Override
    public void onEnded() {
        synchronized (conversation) {
            if (!over) {
                finish(HandoffState.BACK_WITH_BOT, "ended");
            }
        }
    }

    @Override
    public void onFailed(LiveAgentFailure failure, List<String> undelivered) {
        synchronized (conversation) {
            if (over) {
                return;
            }
            log.warn("conversation {}: handoff failed: {}", conversation.id(), failure);
            finish(HandoffState.FAILED, "failed");
            if (!undelivered.isEmpty()) {
                conversation.say(
                        new Reply.SystemNotice(settings.message("undelivered").in(conversation.language()) + " "
                                + undelivered.stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(", "))));
            }
        }
    }

    private void finish(HandoffState end, String message) {
        over = true;
        if (session != null) {
            session.close();
        }
        moveTo(end);
        router.release(conversation, this);
        notice(message);
    }

    private void moveTo(HandoffState target) {
        if (!state.canMoveTo(target)) {
            throw new IllegalStateException(
                    "conversation " + conversation.id() + ": handoff cannot go from " + state + " to " + target);
        }
        log.info("conversation {}: handoff {} -> {}", conversation.id(), state, target);
        state = target;
        history.add(target);
    }

    private void notice(String message) {
        conversation.say(new Reply.SystemNotice(settings.message(message).in(conversation.language())));
    }
}
