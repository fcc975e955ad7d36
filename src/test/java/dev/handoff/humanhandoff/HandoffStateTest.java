package dev.handoff.humanhandoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.DialogueEngine;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.liveagent.HandoffRequest;
import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.preset.BotDef;
import dev.handoff.routing.Route;
import dev.handoff.routing.Router;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandoffStateTest {

    @Test
    void theLiveAgentHasTheConversationOnlyWhileConnectingOrWithTheAgent() {
        assertThat(HandoffState.WITH_BOT.route()).isEqualTo(Route.NLP_PIPELINE);
        assertThat(HandoffState.CONNECTING.route()).isEqualTo(Route.LIVE_AGENT);
        assertThat(HandoffState.WITH_AGENT.route()).isEqualTo(Route.LIVE_AGENT);
        assertThat(HandoffState.BACK_WITH_BOT.route()).isEqualTo(Route.NLP_PIPELINE);
        assertThat(HandoffState.FAILED.route()).isEqualTo(Route.NLP_PIPELINE);
    }

    @Test
    void aHandoffGoesFromTheBotThroughConnectingToTheAgentAndBackOrFails() {
        assertThat(HandoffState.WITH_BOT.next()).containsExactly(HandoffState.CONNECTING);
        assertThat(HandoffState.CONNECTING.next())
                .containsExactlyInAnyOrder(HandoffState.WITH_AGENT, HandoffState.FAILED, HandoffState.BACK_WITH_BOT);
        assertThat(HandoffState.WITH_AGENT.next())
                .containsExactlyInAnyOrder(HandoffState.CONNECTING, HandoffState.BACK_WITH_BOT, HandoffState.FAILED);
        assertThat(HandoffState.BACK_WITH_BOT.next()).containsExactly(HandoffState.CONNECTING);
        assertThat(HandoffState.FAILED.next()).containsExactly(HandoffState.CONNECTING);
        assertThat(HandoffState.WITH_BOT.canMoveTo(HandoffState.WITH_AGENT)).isFalse();
    }

    @Test
    void eventsThatComeAfterTheHandoffEndedChangeNothing() {
        Bot bot = new Bot(
                new BotDef("b", List.of("en"), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), false, "b.yaml"),
                (language, text) -> dev.handoff.nlp.Interpretation.misunderstood(List.of()),
                dev.handoff.translate.LanguageDetector.none());
        var conversation = new Conversation("c", bot, "en", (id, reply) -> {});
        var settings = new HandoffSettings(
                LiveAgentUrls.of(URI.create("http://127.0.0.1:1")),
                List.of(),
                2,
                true,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                "/bot",
                4000,
                Map.of(
                        "connected",
                        dev.handoff.preset.Text.of("connected"),
                        "ended",
                        dev.handoff.preset.Text.of("ended"),
                        "failed",
                        dev.handoff.preset.Text.of("failed"),
                        "left",
                        dev.handoff.preset.Text.of("left"),
                        "reconnecting",
                        dev.handoff.preset.Text.of("reconnecting"),
                        "undelivered",
                        dev.handoff.preset.Text.of("undelivered")));
        var client = new FakeLiveAgentClient();
        var router = new Router(new DialogueEngine(Map.of()));
        var handoff = new Handoff(
                conversation, settings, router, new dev.handoff.routing.Conversations(router), new HandoffMetrics());
        handoff.start(
                client,
                new HandoffRequest(
                        LiveAgentUrls.of(URI.create("http://127.0.0.1:1")),
                        "c",
                        "b",
                        null,
                        "en",
                        null,
                        List.of(),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1)));
        handoff.onConnected();
        handoff.onEnded();
        handoff.onConnected();
        handoff.onFailed(
                new dev.handoff.liveagent.LiveAgentFailure(dev.handoff.liveagent.LiveAgentFailure.Kind.LOST, ""),
                List.of());
        assertThat(handoff.history())
                .containsExactly(
                        HandoffState.WITH_BOT,
                        HandoffState.CONNECTING,
                        HandoffState.WITH_AGENT,
                        HandoffState.BACK_WITH_BOT);
        assertThat(router.route(conversation)).isEqualTo(Route.NLP_PIPELINE);
        assertThat(client.last().isClosed()).isTrue();
        handoff.onReconnected(); // ignored, too
        assertThat(handoff.state()).isEqualTo(HandoffState.BACK_WITH_BOT);
    }
}
