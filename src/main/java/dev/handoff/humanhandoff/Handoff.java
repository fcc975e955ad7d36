package dev.handoff.humanhandoff;

import dev.handoff.conversation.StoredHandoff;
import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.Reply;
import dev.handoff.liveagent.DeliveryState;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentClient;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.LiveAgentListener;
import dev.handoff.liveagent.LiveAgentSession;
import dev.handoff.liveagent.RatingRequest;
import dev.handoff.routing.Conversations;
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
 *
 * <p>With a conversation store, every change (its state, the live-agent session's delivery state, an agent's
 * message) goes through {@link Conversations#record}: stored, with the lines said, before the user sees it, so a
 * restarted process {@link #resume}s the handoff where it was.
 */
public final class Handoff implements Takeover, LiveAgentListener {
    private static final Logger log = LoggerFactory.getLogger(Handoff.class);

    private final Conversation conversation;
    private final HandoffSettings settings;
    private final Router router;
    private final Conversations conversations;
    private final HandoffMetrics metrics;
    private final List<HandoffState> history = new ArrayList<>();
    private HandoffState state = HandoffState.WITH_BOT;
    private LiveAgentSession session;
    private boolean over;
    /** With a desk that reports its queue: the position the user was last told, {@code null}: none. */
    private Integer position;
    /** With a desk that reports its queue: the agent the user was last told joined, {@code null}: none. */
    private String agent;
    /** The user closed the conversation during the handoff: stored as {@code CLOSED}, never resumed. */
    private boolean closed;

    private HandoffRequest request;
    private LiveAgentClient client;
    /** The session's delivery state as last reported (or as resumed), else {@code null}. */
    private DeliveryState delivery;

    // ---- for the figures ({@link HandoffMetrics}), under the conversation's lock
    /** When the handoff started, on the registry's clock. */
    private long acceptedAt;
    /** Taken up again from the store: its connection and agent were counted by the process that started it. */
    private boolean resumed;
    /** The live agent accepted the chat at least once. */
    private boolean connectedOnce;
    /** An agent joined the chat at least once (a server that reports its queue). */
    private boolean joinedOnce;
    /** The session is counted in {@code handoff.sessions.open}. */
    private boolean sessionCounted;

    Handoff(
            Conversation conversation,
            HandoffSettings settings,
            Router router,
            Conversations conversations,
            HandoffMetrics metrics) {
        this.conversation = conversation;
        this.settings = settings;
        this.router = router;
        this.conversations = conversations;
        this.metrics = metrics;
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
        acceptedAt = metrics.accepted(
                request.department(), conversation.attribute(Handoff.class).isEmpty());
        conversations.record(conversation, this::stored, () -> open(client, request));
    }

    /**
     * Takes a restored conversation over again where a stopped process left its handoff: connects to the same
     * live-agent server for the same conversation id, presenting the stored resume token, and sends again the user
     * messages that were not acknowledged (with their ids, so the server takes each once).
     */
    void resume(LiveAgentClient client, HandoffRequest request, DeliveryState stored) {
        log.info(
                "conversation {}: resuming the handoff to {} (chat {})",
                conversation.id(),
                request.liveAgentUrls(),
                stored == null ? "not yet accepted" : stored.chatId());
        this.delivery = stored;
        this.resumed = true;
        conversations.record(
                conversation, this::stored, () -> open(client, stored == null ? request : request.resuming(stored)));
    }

    private void open(LiveAgentClient client, HandoffRequest request) {
        synchronized (conversation) {
            this.request = request;
            this.client = client;
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
                metrics.failed(request.department(), "error");
                finish(HandoffState.FAILED, "failed");
                return;
            }
            metrics.sessionOpened();
            sessionCounted = true;
            if (over) {
                closeSession(); // the client failed at once, before it returned the session
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
        conversations.record(conversation, this::stored, () -> receive(text));
    }

    private void receive(String text) {
        synchronized (conversation) {
            if (text.strip().equalsIgnoreCase(settings.exitCommand())) {
                metrics.abandoned(request.department(), "exit_command", stage());
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
            LiveAgentSession.Outgoing out = session.prepare(text);
            String id = out.id();
            // sent once stored (the user's line, and the state that resends it): a kill in between resends it,
            // a kill after it finds both stored
            conversations.afterStored(conversation, out::send);
            if (id != null) {
                // stored with the user's line, before the session reports it: a kill now loses nothing
                DeliveryState d = delivery != null
                        ? delivery
                        : new DeliveryState(
                                null,
                                null,
                                Long.MIN_VALUE,
                                id.substring(0, Math.max(0, id.lastIndexOf('-'))),
                                0,
                                List.of());
                var unacknowledged = new ArrayList<>(d.unacknowledged());
                unacknowledged.add(new DeliveryState.UserMessage(id, text));
                delivery = new DeliveryState(
                        d.chatId(),
                        d.resumeToken(),
                        d.lastAgentMessageId(),
                        d.userMessageIdPrefix(),
                        Math.max(d.lastUserMessageId(), number(id)),
                        unacknowledged);
            }
            // the user's messages to the agent are not part of the user-bot transcript
        }
    }

    @Override
    public void close(Conversation c) {
        conversations.record(conversation, this::stored, () -> {
            if (!over) {
                over = true;
                closed = true;
                if (stage().equals("waiting")) {
                    metrics.abandoned(request.department(), "gone", "waiting");
                }
                closeSession();
                log.info("conversation {}: closed during the handoff ({})", conversation.id(), state);
            }
        });
    }

    /** The process stops: the connection is closed, the chat is left open on the live agent's side, nothing stored changes. */
    @Override
    public void suspend(Conversation c) {
        synchronized (conversation) {
            if (!over) {
                over = true;
                closeSession();
                log.info(
                        "conversation {}: handoff suspended ({}); the next process resumes it",
                        conversation.id(),
                        state);
            }
        }
    }

    /**
     * Where the user stands with the live agent, for {@code handoff.abandoned}: {@code with_agent} once an agent
     * has the chat (a server that reports its queue says when; any other server, once it accepted the chat), else
     * {@code waiting}.
     */
    private String stage() {
        boolean withAgent = session != null && session.reportsQueue() ? agent != null : connectedOnce;
        return withAgent ? "with_agent" : "waiting";
    }

    /** Closes the session (once counted in {@code handoff.sessions.open}, uncounted once). */
    private void closeSession() {
        if (session != null) {
            session.close();
        }
        if (sessionCounted) {
            sessionCounted = false;
            metrics.sessionClosed();
        }
    }

    /** The number at the end of a message id ({@code PREFIX-N}), or 0. */
    private static long number(String id) {
        try {
            return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The handoff as the conversation store keeps it. Called with the conversation's lock held. */
    private StoredHandoff stored() {
        HandoffRequest.Contact contact = request.contact();
        DeliveryState d = delivery;
        return new StoredHandoff(
                closed ? "CLOSED" : state.name(),
                request.department(),
                request.language(),
                contact.name(),
                contact.email(),
                contact.phone(),
                request.liveAgentUrls().text(),
                d == null ? null : d.chatId(),
                d == null ? null : d.resumeToken(),
                d == null ? Long.MIN_VALUE : d.lastAgentMessageId(),
                d == null ? null : d.userMessageIdPrefix(),
                d == null ? 0 : d.lastUserMessageId(),
                d == null
                        ? List.of()
                        : d.unacknowledged().stream()
                                .map(m -> new StoredHandoff.UserMessage(m.id(), m.text()))
                                .toList());
    }

    // ---- live-agent events (off the transport's threads, one at a time) -----------------------

    /**
     * Connected. A desk that reports its queue says next whether the chat waits or an agent has it
     * ({@link #onQueuePosition}, {@link #onAgentJoined}); with any other server the user hears {@code
     * connected}, as PROTOCOL.md gives no more.
     */
    @Override
    public void onConnected() {
        conversations.record(conversation, this::stored, () -> {
            if (!over) {
                moveTo(HandoffState.WITH_AGENT);
                if (!connectedOnce && !resumed) {
                    metrics.connected(request.department(), acceptedAt);
                }
                connectedOnce = true;
                if (!session.reportsQueue()) {
                    notice("connected");
                }
            }
        });
    }

    @Override
    public void onQueuePosition(int newPosition) {
        conversations.record(conversation, this::stored, () -> {
            if (!over && (position == null || position != newPosition)) {
                position = newPosition;
                agent = null;
                conversation.say(new Reply.SystemNotice(
                        settings.waiting(newPosition, conversation.language()),
                        Reply.HandoffProgress.waiting(newPosition)));
            }
        });
    }

    @Override
    public void onAgentJoined(String name) {
        conversations.record(conversation, this::stored, () -> {
            if (!over && !name.equals(agent)) {
                if (!joinedOnce && !resumed) {
                    metrics.agentJoined(request.department(), acceptedAt);
                }
                joinedOnce = true;
                agent = name;
                position = null;
                conversation.say(new Reply.SystemNotice(
                        settings.agentJoined(name, conversation.language()), Reply.HandoffProgress.joined(name)));
            }
        });
    }

    @Override
    public void onAgentMessage(String text) {
        conversations.record(conversation, this::stored, () -> {
            if (!over) {
                conversation.say(new Reply.AgentText(text));
            }
        });
    }

    /** The agent's message and the session's state that counts it delivered are stored together. */
    @Override
    public void onAgentMessage(String text, DeliveryState state) {
        conversations.record(conversation, this::stored, () -> {
            if (!over) {
                delivery = delivery == null ? state : delivery.updatedBy(state);
                conversation.say(new Reply.AgentText(text));
            }
        });
    }

    @Override
    public void onDeliveryState(DeliveryState state) {
        conversations.record(conversation, this::stored, () -> {
            if (!over) {
                // a report may lag behind a message this handoff already recorded with its id
                delivery = delivery == null ? state : delivery.updatedBy(state);
            }
        });
    }

    @Override
    public void onReconnecting() {
        conversations.record(conversation, this::stored, () -> {
            if (!over && state == HandoffState.WITH_AGENT) {
                moveTo(HandoffState.CONNECTING);
                notice("reconnecting");
            }
        });
    }

    @Override
    public void onReconnected() {
        conversations.record(conversation, this::stored, () -> {
            if (!over && state == HandoffState.CONNECTING) {
                moveTo(HandoffState.WITH_AGENT);
                if (!session.reportsQueue() || agent != null) {
                    notice("connected");
                }
                position = null; // a desk that reports its queue says where the chat waits again: told again
            }
        });
    }

    @Override
    public void onAgentAway() {
        conversations.record(conversation, this::stored, () -> {
            if (!over) {
                notice("agent_away");
            }
        });
    }

    @Override
    public void onAgentBack() {
        conversations.record(conversation, this::stored, () -> {
            if (!over) {
                notice("agent_back");
            }
        });
    }

    @Override
    public void onNotDelivered(String userMessage, String code, String reason) {
        conversations.record(conversation, this::stored, () -> {
            if (!over) {
                log.info(
                        "conversation {}: the live agent refused a user message ({}: {})",
                        conversation.id(),
                        code,
                        reason);
                conversation.say(new Reply.SystemNotice(
                        settings.message("not_delivered").in(conversation.language()) + " \"" + userMessage + "\""));
            }
        });
    }

    @Override
    public void onEnded() {
        conversations.record(conversation, this::stored, () -> {
            if (!over) {
                metrics.resolved(request.department());
                boolean rateable = session != null && session.offersRating();
                finish(HandoffState.BACK_WITH_BOT, "ended");
                if (rateable) {
                    askRating();
                }
            }
        });
    }

    @Override
    public void onFailed(LiveAgentFailure failure, List<String> undelivered) {
        conversations.record(conversation, this::stored, () -> {
            if (over) {
                return;
            }
            log.warn("conversation {}: handoff failed: {}", conversation.id(), failure);
            metrics.failed(request.department(), failure.kind());
            finish(HandoffState.FAILED, "failed");
            if (!undelivered.isEmpty()) {
                conversation.say(
                        new Reply.SystemNotice(settings.message("undelivered").in(conversation.language()) + " "
                                + undelivered.stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(", "))));
            }
        });
    }

    /**
     * The agent ended the chat on a server that offered the rating addition: with {@code ask_rating}, and the chat's
     * id and resume token known (delivery mode), the user is asked to rate it ({@link RatingPrompt}).
     */
    private void askRating() {
        DeliveryState d = delivery;
        if (!settings.askRating() || d == null || d.chatId() == null || d.resumeToken() == null) {
            return;
        }
        new RatingPrompt(
                        conversation,
                        settings,
                        router,
                        conversations,
                        client,
                        metrics,
                        new RatingRequest(
                                request.liveAgentUrls(),
                                request.key(),
                                request.conversationId(),
                                request.botId(),
                                d.chatId(),
                                d.resumeToken(),
                                1,
                                null),
                        request.department())
                .ask();
    }

    private void finish(HandoffState end, String message) {
        over = true;
        closeSession();
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
