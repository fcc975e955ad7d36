package dev.handoff.humanhandoff;

import dev.handoff.conversation.StoredHandoff;
import dev.handoff.dialogue.ActionContext;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.DialogueAction;
import dev.handoff.dialogue.TranscriptLine;
import dev.handoff.liveagent.DeliveryState;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentClient;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.routing.Conversations;
import dev.handoff.routing.Router;
import dev.handoff.routing.TakeoverResumer;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The {@code human_handoff} action: switches the conversation's routing from the NLP pipeline to a
 * live agent, opening one live-agent connection for it. The department is the action's
 * {@code department} argument, else the conversation's {@code department} slot (set by the handoff
 * options), else the first department.
 *
 * <p>Also the {@link TakeoverResumer} of handoffs: a conversation restored from the store while it was with the
 * live agent is handed back to the same live-agent server, for the same chat.
 */
@Singleton
public final class HandoffExecutor implements DialogueAction, TakeoverResumer {
    public static final String ACTION = "human_handoff";

    private final LiveAgentClient client;
    private final HandoffOverrides overrides;
    /** A provider: the router runs the engine, which runs this action. */
    private final Provider<Router> router;

    private final Provider<Conversations> conversations;
    private final HandoffMetrics metrics;

    @Inject
    public HandoffExecutor(
            LiveAgentClient client,
            HandoffOverrides overrides,
            Provider<Router> router,
            Provider<Conversations> conversations,
            HandoffMetrics metrics) {
        this.client = client;
        this.overrides = overrides;
        this.router = router;
        this.conversations = conversations;
        this.metrics = metrics;
    }

    @Override
    public Optional<String> requiredPreset() {
        return Optional.of(HandoffSettings.PRESET);
    }

    @Override
    public Outcome run(ActionContext context) {
        Conversation c = context.conversation();
        HandoffSettings settings = context.bot()
                .definition()
                .settings(HandoffSettings.class)
                .orElseThrow(() -> new IllegalStateException(
                        "bot '" + context.bot().id() + "' does not enable the " + HandoffSettings.PRESET + " preset"));
        String department = context.args()
                .getOrDefault(
                        "department",
                        c.slot("department")
                                .orElse(settings.departments().get(0).id()));
        var request = new HandoffRequest(
                overrides.liveAgentUrls().orElse(settings.liveAgentUrls()),
                c.id(),
                context.bot().id(),
                department,
                c.language(),
                new HandoffRequest.Contact(
                        c.slot("name").orElse(null),
                        c.slot("email").orElse(null),
                        c.slot("phone").orElse(null)),
                c.transcript().stream().map(HandoffExecutor::line).toList(),
                settings.connectTimeout(),
                settings.reconnectTimeout(),
                settings.liveAgentKey().value());
        new Handoff(c, settings, router.get(), conversations.get(), metrics).start(client, request);
        return Outcome.STOP;
    }

    @Override
    public boolean resume(Conversation c, StoredHandoff stored) {
        Bot bot = c.bot();
        var settings = bot.definition().settings(HandoffSettings.class);
        if (settings.isEmpty()) {
            return false;
        }
        var request = new HandoffRequest(
                LiveAgentUrls.parse(stored.liveAgentUrl()),
                c.id(),
                bot.id(),
                stored.department(),
                stored.language(),
                new HandoffRequest.Contact(stored.contactName(), stored.contactEmail(), stored.contactPhone()),
                c.transcript().stream().map(HandoffExecutor::line).toList(),
                settings.get().connectTimeout(),
                settings.get().reconnectTimeout(),
                settings.get().liveAgentKey().value());
        DeliveryState delivery = stored.userMessageIdPrefix() == null
                ? null
                : new DeliveryState(
                        stored.chatId(),
                        stored.resumeToken(),
                        stored.lastAgentMessageId(),
                        stored.userMessageIdPrefix(),
                        stored.lastUserMessageId(),
                        stored.unacknowledged().stream()
                                .map(m -> new DeliveryState.UserMessage(m.id(), m.text()))
                                .toList());
        new Handoff(c, settings.get(), router.get(), conversations.get(), metrics).resume(client, request, delivery);
        return true;
    }

    private static HandoffRequest.Line line(TranscriptLine line) {
        return line.speaker() == TranscriptLine.Speaker.USER
                ? HandoffRequest.Line.user(line.text())
                : HandoffRequest.Line.bot(line.text());
    }
}
