package dev.handoff.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.handoff.HandoffRuntime;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.liveagent.LiveAgentClient;
import dev.handoff.nlp.KeywordNlp;
import dev.handoff.nlp.NlpPipelineFactory;
import dev.handoff.routing.Route;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An action that throws or breaks its contract is contained: the user gets the fallback and goes on. */
class ActionContainmentTest {
    private static final String FALLBACK = "Sorry, I didn't understand that. Could you say it another way?";
    private static final String BOT =
            """
            id: actions
            languages: [en]
            intents:
              greet: {en: [hi]}
              boom: {en: [boom]}
              nothing: {en: [nothing]}
            responses:
              hello: {en: Hello!}
              before: {en: One moment...}
              after: {en: Never said}
            streams:
              greeting: {trigger: greet, steps: [{say: hello}]}
              exploding: {trigger: boom, steps: [{say: before}, {action: explode}, {say: after}]}
              contractless: {trigger: nothing, steps: [{action: return_null}, {say: after}]}
            """;

    /** Throws, as a buggy custom action would. */
    static final class ExplodingAction implements DialogueAction {
        @Override
        public Outcome run(ActionContext context) {
            throw new IllegalStateException("the CRM is down");
        }
    }

    /** Returns no outcome: a broken contract. */
    static final class NullAction implements DialogueAction {
        @Override
        public Outcome run(ActionContext context) {
            return null;
        }
    }

    private HandoffRuntime runtime;
    private Bot bot;
    private LogCapture log;

    @BeforeEach
    void setUp() {
        Module infrastructure = new AbstractModule() {
            @Override
            protected void configure() {
                bind(NlpPipelineFactory.class).to(KeywordNlp.class);
                bind(LiveAgentClient.class).toInstance(new FakeLiveAgentClient());
                DialogueActions.bind(binder(), "explode").to(ExplodingAction.class);
                DialogueActions.bind(binder(), "return_null").to(NullAction.class);
            }
        };
        runtime = HandoffRuntime.create(List.of(infrastructure), Modules.EMPTY_MODULE);
        bot = runtime.bot(runtime.botLoader().loadOrThrow("actions.yaml", BOT));
        log = LogCapture.of(DialogueEngine.class.getName());
    }

    @AfterEach
    void tearDown() {
        log.close();
        runtime.close();
    }

    private ConversationScript script() {
        return ConversationScript.open(runtime.conversations(), bot, "c-" + System.nanoTime(), "en");
    }

    @Test
    void anActionThatThrowsGivesTheUserTheFallbackAndTheConversationGoesOn() {
        script().send("boom")
                .expectBot("One moment...")
                .expectBot(FALLBACK)
                .expectNoReply()
                .send("hi")
                .expectBot("Hello!")
                .expectRouted(Route.NLP_PIPELINE)
                .expectNoReply();
        assertThat(log.messages()).anySatisfy(m -> assertThat(m)
                .contains("action 'explode'")
                .contains(ExplodingAction.class.getName())
                .contains("failed"));
    }

    @Test
    void anActionThatReturnsNoOutcomeIsLoggedAsABrokenContractAndTheConversationGoesOn() {
        script().send("nothing").expectBot(FALLBACK).expectNoReply().send("hi").expectBot("Hello!");
        assertThat(log.messages()).anySatisfy(m -> assertThat(m)
                .contains("action 'return_null'")
                .contains(NullAction.class.getName())
                .contains("broke its contract"));
    }
}
