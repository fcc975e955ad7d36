package dev.handoff.humanhandoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import dev.handoff.HandoffRuntime;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.ConversationScript;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.liveagent.LiveAgentFailure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bot-side figure of the handoff, on scripted conversations, with a controlled clock. */
class HandoffMetricsTest {
    private static final String BOT =
            """
            id: shop
            languages: [en]
            presets:
              human_handoff:
                departments:
                  - id: sales
                    label: {en: Sales}
                  - id: support
                    label: {en: Support}
                collect_contact: false
            intents:
              greet:
                en: [hi]
            responses:
              hello: {en: Hello!}
            streams:
              greeting:
                trigger: greet
                steps:
                  - say: hello
            """;
    private static final String OFFER = "Would you like to chat with one of our agents?";
    private static final String CONNECTING = "Connecting you to an agent. Type /bot at any time to go back to the bot.";

    private final FakeLiveAgentClient liveAgent = new FakeLiveAgentClient();
    private final MockClock clock = new MockClock();
    private final MeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private HandoffRuntime runtime;
    private Bot bot;

    @BeforeEach
    void start() {
        runtime = TestRuntime.with(liveAgent, new AbstractModule() {
            @Override
            protected void configure() {
                bind(MeterRegistry.class).toInstance(meters);
            }
        });
        bot = runtime.bot(runtime.botLoader().loadOrThrow("shop.yaml", BOT));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private ConversationScript conversation(String id) {
        return ConversationScript.open(runtime.conversations(), bot, id, "en");
    }

    private ConversationScript handedOff(String id, String department) {
        return conversation(id)
                .send("I want to talk to a human")
                .expectButtons(OFFER, "Sales", "Support", "Continue with the bot")
                .pick(department)
                .expectBot(CONNECTING);
    }

    private double count(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anOfferIsCountedEachTimeTheButtonsAreShownAndOnlyThen() {
        conversation("c1")
                .send("hi")
                .expectBot("Hello!")
                .send("I want to talk to a human")
                .expectButtons(OFFER, "Sales", "Support", "Continue with the bot")
                .pick("Continue with the bot")
                .expectBotContaining("No problem");
        assertThat(count("handoff.offered")).isEqualTo(1);
        assertThat(count("handoff.accepted", "department", "sales")).isZero();
    }

    @Test
    void aHandoffThatConnectsIsAcceptedConnectedAndTimedOnTheControlledClock() {
        var s = handedOff("c1", "Sales");
        assertThat(count("handoff.accepted", "department", "sales")).isEqualTo(1);
        assertThat(meters.get("handoff.sessions.open").gauge().value()).isEqualTo(1);
        clock.add(Duration.ofMillis(2_500));
        liveAgent.last().listener.onConnected();
        s.expectSystem("You are now chatting with a live agent.");
        assertThat(count("handoff.connected", "department", "sales")).isEqualTo(1);
        var connect = meters.get("handoff.connect").tag("department", "sales").timer();
        assertThat(connect.count()).isEqualTo(1);
        assertThat(connect.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2_500);
        liveAgent.last().listener.onReconnecting();
        liveAgent.last().listener.onReconnected();
        s.expectSystemContaining("interrupted").expectSystem("You are now chatting with a live agent.");
        assertThat(count("handoff.connected", "department", "sales"))
                .as("a reconnect is no new connection")
                .isEqualTo(1);
        liveAgent.last().listener.onEnded();
        s.expectSystem("The agent has ended the chat. You are back with the bot.");
        assertThat(count("handoff.resolved", "department", "sales")).isEqualTo(1);
        assertThat(meters.get("handoff.sessions.open").gauge().value()).isZero();
    }

    @Test
    void theWaitForAnAgentIsTimedFromTheHandoffToTheAgentJoining() {
        var s = handedOff("c1", "Support");
        var session = liveAgent.last().reportingQueue();
        clock.add(Duration.ofSeconds(1));
        session.listener.onConnected();
        session.listener.onQueuePosition(1);
        s.expectSystemContaining("position 1");
        clock.add(Duration.ofSeconds(40));
        session.listener.onAgentJoined("Thandi");
        s.expectSystem("Thandi joined the chat.");
        var wait = meters.get("handoff.agent.wait").tag("department", "support").timer();
        assertThat(wait.totalTime(TimeUnit.SECONDS)).isEqualTo(41);
        assertThat(count("handoff.agent.joined", "department", "support")).isEqualTo(1);
    }

    @Test
    void eachFailureIsCountedByItsReason() {
        List<LiveAgentFailure.Kind> kinds = List.of(LiveAgentFailure.Kind.values());
        for (int i = 0; i < kinds.size(); i++) {
            var s = handedOff("c" + i, "Sales");
            liveAgent.last().listener.onFailed(new LiveAgentFailure(kinds.get(i), "test"), List.of());
            s.expectSystemContaining("no agent could be reached");
        }
        assertThat(count("handoff.failed", "department", "sales", "reason", "unreachable"))
                .isEqualTo(1);
        assertThat(count("handoff.failed", "department", "sales", "reason", "timeout"))
                .isEqualTo(1);
        assertThat(count("handoff.failed", "department", "sales", "reason", "refused"))
                .isEqualTo(1);
        assertThat(count("handoff.failed", "department", "sales", "reason", "lost"))
                .isEqualTo(1);
        assertThat(count("handoff.connected", "department", "sales")).isZero();
        assertThat(meters.get("handoff.sessions.open").gauge().value()).isZero();
    }

    @Test
    void aUserWhoTypesTheExitCommandBeforeAnAgentJoinedAbandonedWhileWaiting() {
        var s = handedOff("c1", "Sales");
        var session = liveAgent.last().reportingQueue();
        session.listener.onConnected();
        session.listener.onQueuePosition(3);
        s.expectSystemContaining("position 3").send("/bot").expectSystemContaining("You left the live chat");
        assertThat(count("handoff.abandoned", "department", "sales", "reason", "exit_command", "stage", "waiting"))
                .isEqualTo(1);
        assertThat(count("handoff.abandoned", "stage", "with_agent")).isZero();
    }

    @Test
    void withAServerThatDoesNotReportItsQueueLeavingBeforeTheChatWasAcceptedIsWaiting() {
        handedOff("c1", "Sales").send("/bot").expectSystemContaining("You left the live chat");
        var s = handedOff("c2", "Sales");
        liveAgent.last().listener.onConnected();
        s.expectSystem("You are now chatting with a live agent.")
                .send("/bot")
                .expectSystemContaining("You left the live chat");
        assertThat(count("handoff.abandoned", "reason", "exit_command", "stage", "waiting"))
                .isEqualTo(1);
        assertThat(count("handoff.abandoned", "reason", "exit_command", "stage", "with_agent"))
                .isEqualTo(1);
    }

    @Test
    void aConversationClosedWhileItWaitsForAnAgentIsAbandonedAsGone() {
        handedOff("c1", "Sales");
        runtime.conversations().close("c1");
        var s = handedOff("c2", "Sales");
        var session = liveAgent.last().reportingQueue();
        session.listener.onConnected();
        session.listener.onAgentJoined("Thandi");
        s.expectSystem("Thandi joined the chat.");
        runtime.conversations().close("c2");
        assertThat(count("handoff.abandoned", "reason", "gone", "stage", "waiting"))
                .isEqualTo(1);
        assertThat(count("handoff.abandoned", "reason", "gone", "stage", "with_agent"))
                .as("a user who leaves an agent's chat did not abandon it")
                .isZero();
        assertThat(meters.get("handoff.sessions.open").gauge().value()).isZero();
    }

    @Test
    void theShareOfConversationsHandedOffCountsEachConversationOnce() {
        conversation("a").send("hi").expectBot("Hello!");
        conversation("b").send("hi").expectBot("Hello!");
        conversation("c").send("hi").expectBot("Hello!");
        var s = handedOff("d", "Sales");
        liveAgent.last().listener.onEnded();
        s.expectSystemContaining("ended the chat")
                .send("I want to talk to a human")
                .expectButtons(OFFER, "Sales", "Support", "Continue with the bot")
                .pick("Support")
                .expectBot(CONNECTING);
        assertThat(count("handoff.conversations.started")).isEqualTo(4);
        assertThat(count("handoff.conversations.handed.off")).isEqualTo(1);
        assertThat(count("handoff.accepted", "department", "sales")
                        + count("handoff.accepted", "department", "support"))
                .isEqualTo(2);
        assertThat(meters.get("handoff.conversations.handed.off.share").gauge().value())
                .isEqualTo(0.25);
    }

    @Test
    void aRatingFailureWithACodeNoDeskDocumentsIsCountedAsOtherSoAServerCannotGrowTheSeries() {
        HandoffMetrics metrics = new HandoffMetrics();
        metrics.useRegistry(meters);

        metrics.ratingFailed("sales", "unknown_chat");
        metrics.ratingFailed("sales", "<script>made-up-" + System.nanoTime());
        metrics.ratingFailed("sales", null);

        assertThat(meters.get("handoff.ratings.failed")
                        .tag("reason", "unknown_chat")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("handoff.ratings.failed")
                        .tag("reason", "other")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(meters.find("handoff.ratings.failed").counters()).hasSize(2);
    }
}
