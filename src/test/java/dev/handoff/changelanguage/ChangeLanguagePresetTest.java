package dev.handoff.changelanguage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.HandoffRuntime;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.ConversationScript;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.liveagent.FakeLiveAgentClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The change_language preset as scripted conversations: the user asks for another language, picks one of
 * the bot's from a menu, and the conversation goes on in it; language detection never flips it back.
 */
class ChangeLanguagePresetTest {
    private static final String BOT =
            """
            id: shop-bot
            languages: [en, zu]
            presets:
              change_language: {}
            intents:
              order_late:
                en: [my order has not arrived yet]
                zu: [i-oda lami alikafiki namanje]
            responses:
              on_its_way:
                en: Sorry! Your order is on its way.
                zu: Uxolo! I-oda lakho lisendleleni.
            streams:
              late:
                trigger: order_late
                steps:
                  - say: on_its_way
            """;
    private static final String ENGLISH_ORDER = "My order has not arrived yet";
    private static final String ZULU_ORDER = "I-oda lami alikafiki namanje";
    private static final String ASK = "Which language would you like me to speak?";

    private HandoffRuntime runtime;

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    private ConversationScript open(HandoffRuntime r, String language) {
        runtime = r;
        Bot bot = runtime.bot(runtime.botLoader().loadOrThrow("shop-bot.yaml", BOT));
        return ConversationScript.open(runtime.conversations(), bot, "conv-1", language);
    }

    @Test
    void theUserPicksIsiZuluFromAMenuOfTheBotsLanguagesAndTheBotAnswersInIsiZuluFromThenOn() {
        var s = open(TestRuntime.withFakeLiveAgent(new FakeLiveAgentClient()), "en")
                .send("change language")
                .expectButtons(ASK, "English", "isiZulu")
                .pick("isiZulu")
                .expectBot("Kulungile: kusukela manje ngizokhuluma isiZulu.")
                .send(ZULU_ORDER.toLowerCase(java.util.Locale.ROOT))
                .expectBot("Uxolo! I-oda lakho lisendleleni.");
        assertThat(s.conversation().language()).isEqualTo("zu");

        s.send("shintsha ulimi")
                .expectButtons("Ungathanda ngikhulume luphi ulimi?", "English", "isiZulu")
                .pick("1")
                .expectBot("Done: I will speak English from now on.");
        assertThat(s.conversation().language()).isEqualTo("en");
    }

    @Test
    void aLanguageChosenFromTheMenuIsNotFlippedBackByDetection() {
        var s = open(TestRuntime.withLanguageDetection(new FakeLiveAgentClient()), null)
                .send("change language")
                .expectButtons(ASK, "English", "isiZulu")
                .pick("isiZulu")
                .expectBot("Kulungile: kusukela manje ngizokhuluma isiZulu.")
                .send(ENGLISH_ORDER);
        s.next(); // misunderstood, in isiZulu: the conversation stays in the language the user chose
        assertThat(s.conversation().language()).isEqualTo("zu");
    }

    @Test
    void withoutTheChoiceDetectionFlipsTheSameConversationBack() {
        var s = open(TestRuntime.withLanguageDetection(new FakeLiveAgentClient()), null)
                .send(ZULU_ORDER)
                .expectBot("Uxolo! I-oda lakho lisendleleni.")
                .send(ENGLISH_ORDER)
                .expectBot("Sorry! Your order is on its way.");
        assertThat(s.conversation().language()).isEqualTo("en");
    }
}
