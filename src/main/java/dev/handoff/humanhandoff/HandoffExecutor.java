package dev.handoff.humanhandoff;

import dev.handoff.dialogue.ActionContext;
import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.DialogueAction;
import dev.handoff.dialogue.TranscriptLine;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentClient;
import dev.handoff.routing.Router;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The {@code human_handoff} action: switches the conversation's routing from the NLP pipeline to a
 * live agent, opening one live-agent connection for it. The department is the action's
 * {@code department} argument, else the conversation's {@code department} slot (set by the handoff
 * options), else the first department.
 */
@Singleton
public final class HandoffExecutor implements DialogueAction {
    public static final String ACTION = "human_handoff";

    private final LiveAgentClient client;
    private final HandoffOverrides overrides;
    /** A provider: the router runs the engine, which runs this action. */
    private final Provider<Router> router;

    @Inject
    public HandoffExecutor(LiveAgentClient client, HandoffOverrides overrides, Provider<Router> router) {
        this.client = client;
        this.overrides = overrides;
        this.router = router;
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
                overrides.liveAgentUrl().orElse(settings.liveAgentUrl()),
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
        new Handoff(c, settings, router.get()).start(client, request);
        return Outcome.STOP;
    }

    private static HandoffRequest.Line line(TranscriptLine line) {
        return line.speaker() == TranscriptLine.Speaker.USER
                ? HandoffRequest.Line.user(line.text())
                : HandoffRequest.Line.bot(line.text());
    }
}
