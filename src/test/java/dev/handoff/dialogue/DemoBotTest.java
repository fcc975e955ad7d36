package dev.handoff.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.util.Modules;
import dev.handoff.HandoffRuntime;
import dev.handoff.humanhandoff.HandoffState;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.liveagent.LiveAgentClient;
import dev.handoff.nlp.NlpModule;
import dev.handoff.preset.Validator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled demo bot with the real NLP pipeline: what a user of {@code handoff chat} meets. */
class DemoBotTest {
    private static final FakeLiveAgentClient liveAgent = new FakeLiveAgentClient();
    private static HandoffRuntime runtime;
    private static Bot bot;
    private static int conversations;

    @BeforeAll
    static void setUp() {
        runtime = HandoffRuntime.create(
                List.of(new NlpModule(), new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(LiveAgentClient.class).toInstance(liveAgent);
                    }
                }),
                Modules.EMPTY_MODULE);
        bot = runtime.bot(runtime.botLoader().loadOrThrow("bots/demo.yaml", DialogueTest.resource("bots/demo.yaml")));
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    private ConversationScript script(String language) {
        return ConversationScript.open(runtime.conversations(), bot, "demo-" + (++conversations), language);
    }

    @Test
    void theDemoBotAndThePresetValidateWithoutAnyProblem() throws Exception {
        var validator = new Validator(runtime.presets(), runtime.actions());
        assertThat(validator
                        .validate(
                                "bots/demo.yaml",
                                DialogueTest.resource("bots/demo.yaml").getBytes(StandardCharsets.UTF_8))
                        .all())
                .isEmpty();
        assertThat(validator.validate(Path.of("presets/human_handoff.yaml")).all())
                .isEmpty();
        assertThat(Files.readString(Path.of("presets/human_handoff.yaml")))
                .isEqualTo(DialogueTest.resource("presets/human_handoff.yaml"));
    }

    @Test
    void smallTyposAndOtherWordOrdersStillReachTheRightStream() {
        script("en")
                .send("helo")
                .expectBotContaining("Hello!")
                .send("opening hourz")
                .expectBotContaining("We are open")
                .send("hours opening your what are")
                .expectBotContaining("We are open")
                .send("tank you")
                .expectBot("You're welcome!");
    }

    @Test
    void isiZuluUsersGetIsiZuluAnswersAndTheHandoffOffer() {
        script("zu")
                .send("sawubona")
                .expectBotContaining("Sawubona!")
                .send("ngifuna ukukhuluma nomuntu")
                .expectButtons(
                        "Ungathanda ukuxoxa nomunye wabenzeli bethu?",
                        "Ukuthengisa",
                        "Usizo lwezobuchwepheshe",
                        "Qhubeka ne-bot");
    }

    @Test
    void anEnglishUserSwitchesToIsiZuluFromTheLanguageMenu() {
        script("en")
                .send("change language")
                .expectButtons("Which language would you like me to speak?", "English", "isiZulu")
                .pick("isiZulu")
                .expectBot("Kulungile: kusukela manje ngizokhuluma isiZulu.")
                .send("sawubona")
                .expectBotContaining("Sawubona!");
    }

    @Test
    void unrelatedQuestionsAreMisunderstoodAndTwoInARowOfferAnAgent() {
        script("en")
                .send("what is the weather in Paris tomorrow")
                .expectBotContaining("Sorry, I didn't understand that.")
                .send("asdf qwerty")
                .expectButtons(
                        "Would you like to chat with one of our agents?",
                        "Sales",
                        "Technical support",
                        "Continue with the bot")
                .send("sales")
                .expectBotContaining("what is your name")
                .send("Thandi")
                .expectBotContaining("email address or phone number")
                .send("thandi@example.org")
                .expectBotContaining("Connecting you")
                .expectState(HandoffState.CONNECTING);
        assertThat(liveAgent.last().request.department()).isEqualTo("sales");
    }
}
