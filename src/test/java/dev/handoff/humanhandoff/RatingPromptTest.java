package dev.handoff.humanhandoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import dev.handoff.HandoffRuntime;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.ConversationScript;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.liveagent.DeliveryState;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.liveagent.LiveAgentFailure;
import dev.handoff.liveagent.RatingOutcome;
import dev.handoff.routing.Route;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rating question after the agent ended the chat, on scripted conversations with a fake live agent. */
class RatingPromptTest {
    private static final String BOT =
            """
            id: shop
            languages: [en, zu]
            presets:
              human_handoff:
                departments:
                  - id: sales
                    label: {en: Sales, zu: Ukuthengisa}
                collect_contact: false
                ask_rating: %s
            intents:
              greet:
                en: [hi]
                zu: [sawubona]
            responses:
              hello: {en: Hello!, zu: Sawubona!}
            streams:
              greeting:
                trigger: greet
                steps:
                  - say: hello
            """;
    private static final String ASK = "How would you rate your chat with the agent, from 1 (poor) to 5 (excellent)?";
    private static final String COMMENT = "Thank you. Would you like to add a comment? Type it, or choose Skip.";
    private static final String ENDED = "The agent has ended the chat. You are back with the bot.";
    private static final List<String> STARS = List.of("1", "2", "3", "4", "5");

    private final FakeLiveAgentClient liveAgent = new FakeLiveAgentClient();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private HandoffRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) runtime.close();
    }

    private ConversationScript withAgent(boolean askRating, boolean offered, String language) {
        runtime = TestRuntime.with(liveAgent, new AbstractModule() {
            @Override
            protected void configure() {
                bind(MeterRegistry.class).toInstance(meters);
            }
        });
        Bot bot = runtime.bot(runtime.botLoader().loadOrThrow("shop.yaml", BOT.formatted(askRating)));
        var s = ConversationScript.open(runtime.conversations(), bot, "c1", language)
                .send(language.equals("zu") ? "ngifuna ukukhuluma nomuntu" : "I want to talk to a human")
                .send("1");
        s.next(); // the offer
        s.next(); // connecting
        var session = liveAgent.last();
        if (offered) session.offeringRating();
        session.listener.onDeliveryState(new DeliveryState("chat-7", "token-7", Long.MIN_VALUE, "p", 0, List.of()));
        session.listener.onConnected();
        s.next(); // connected
        return s;
    }

    private double count(String name) {
        var c = meters.find(name).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void afterTheAgentEndedTheChatTheUserRatesAndCommentsAndTheRatingIsSentForThatChat() {
        var s = withAgent(true, true, "en");
        liveAgent.last().listener.onEnded();
        s.expectSystem(ENDED)
                .expectButtons(ASK, STARS.toArray(String[]::new))
                .send("4")
                .expectRouted(Route.NLP_PIPELINE)
                .expectButtons(COMMENT, "Skip")
                .send("Quick and kind")
                .expectBot("Thank you for your feedback!");
        var sent = liveAgent.ratings().get(0);
        assertThat(sent.request().rating()).isEqualTo(4);
        assertThat(sent.request().comment()).isEqualTo("Quick and kind");
        assertThat(sent.request().chatId()).isEqualTo("chat-7");
        assertThat(sent.request().resumeToken()).isEqualTo("token-7");
        assertThat(sent.request().conversationId()).isEqualTo("c1");
        sent.outcome().complete(RatingOutcome.ok());
        s.send("hi").expectBot("Hello!").expectNoReply();
        assertThat(count("handoff.ratings.asked")).isEqualTo(1);
        assertThat(count("handoff.ratings.given")).isEqualTo(1);
        assertThat(count("handoff.ratings.delivered")).isEqualTo(1);
        assertThat(meters.get("handoff.rating").summary().totalAmount()).isEqualTo(4);
    }

    @Test
    void skippingTheCommentSendsTheRatingAlone() {
        var s = withAgent(true, true, "zu");
        liveAgent.last().listener.onEnded();
        s.next();
        s.next();
        s.send("5").next();
        s.send("yeqa").expectBot("Siyabonga ngombono wakho!");
        assertThat(liveAgent.ratings().get(0).request().comment()).isNull();
        assertThat(liveAgent.ratings().get(0).request().rating()).isEqualTo(5);
    }

    @Test
    void aMessageInsteadOfARatingGoesToTheBotAndNoRatingIsSent() {
        var s = withAgent(true, true, "en");
        liveAgent.last().listener.onEnded();
        s.expectSystem(ENDED)
                .expectButtons(ASK, STARS.toArray(String[]::new))
                .send("hi")
                .expectBot("Hello!");
        s.send("4").expectBotContaining("Sorry"); // no longer a rating: the bot's fallback
        assertThat(liveAgent.ratings()).isEmpty();
        assertThat(count("handoff.ratings.asked")).isEqualTo(1);
        assertThat(count("handoff.ratings.given")).isZero();
    }

    @Test
    void aRatingThatCouldNotBeDeliveredIsToldToTheUserAndCounted() {
        var s = withAgent(true, true, "en");
        liveAgent.last().listener.onEnded();
        s.next();
        s.next();
        s.send("2").next();
        s.send("skip").expectBot("Thank you for your feedback!");
        liveAgent.ratings().get(0).outcome().complete(RatingOutcome.failed("unreachable"));
        s.expectSystem("Sorry, your rating could not be delivered.");
        assertThat(meters.find("handoff.ratings.failed")
                        .tag("reason", "unreachable")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void noRatingIsAskedByDefaultNorFromAServerThatDoesNotOfferItNorAfterLeavingOrFailing() {
        var off = withAgent(false, true, "en");
        liveAgent.last().listener.onEnded();
        off.expectSystem(ENDED).send("hi").expectBot("Hello!");
        runtime.close();

        var notOffered = withAgent(true, false, "en");
        liveAgent.last().listener.onEnded();
        notOffered.expectSystem(ENDED).send("hi").expectBot("Hello!");
        runtime.close();

        var left = withAgent(true, true, "en");
        left.send("/bot").expectSystemContaining("You left").send("hi").expectBot("Hello!");
        runtime.close();

        var failed = withAgent(true, true, "en");
        liveAgent.last().listener.onFailed(new LiveAgentFailure(LiveAgentFailure.Kind.LOST, "x"), List.of());
        failed.expectSystemContaining("no agent could be reached").send("hi").expectBot("Hello!");
        assertThat(liveAgent.ratings()).isEmpty();
        assertThat(count("handoff.ratings.asked")).isZero();
        runtime = null;
    }

    @Test
    void aConversationClosedAfterTheRatingButBeforeTheCommentSendsTheRating() {
        var s = withAgent(true, true, "en");
        liveAgent.last().listener.onEnded();
        s.next();
        s.next();
        s.send("3").next();
        runtime.conversations().close("c1");
        assertThat(liveAgent.ratings()).hasSize(1);
        assertThat(liveAgent.ratings().get(0).request().rating()).isEqualTo(3);
    }

    @Test
    void aProcessStoppedAfterTheRatingButBeforeTheCommentSendsTheRating() {
        var s = withAgent(true, true, "en");
        liveAgent.last().listener.onEnded();
        s.next();
        s.next();
        s.send("2").next();
        runtime.conversations().shutdown();
        assertThat(liveAgent.ratings()).hasSize(1);
        assertThat(liveAgent.ratings().get(0).request().rating()).isEqualTo(2);
        assertThat(liveAgent.ratings().get(0).request().comment()).isNull();
    }

    @Test
    void ratingsAreReadFromNumbersAndStars() {
        assertThat(RatingPrompt.rating(" 4. ")).isEqualTo(4);
        assertThat(RatingPrompt.rating("★★★")).isEqualTo(3);
        assertThat(RatingPrompt.rating("6")).isNull();
        assertThat(RatingPrompt.rating("0")).isNull();
        assertThat(RatingPrompt.rating("great")).isNull();
        assertThat(RatingPrompt.rating("★★★★★★")).isNull();
    }
}
