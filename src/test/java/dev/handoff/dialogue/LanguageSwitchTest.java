package dev.handoff.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.HandoffRuntime;
import dev.handoff.humanhandoff.HandoffState;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.liveagent.LiveAgentClient;
import dev.handoff.liveagent.TestLiveAgentServer;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.protocol.LiveAgentEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A conversation follows the language its user writes in (lingua, as in production): an English-first bot that
 * speaks isiZulu answers an isiZulu sentence in isiZulu, and a handoff after the switch carries {@code zu}.
 */
class LanguageSwitchTest {
    private static final String BOT =
            """
            id: shop-bot
            languages: [en, zu]
            %s
            presets:
              human_handoff:
                live_agent_url: %s
                offer_after_misunderstood: 0
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
    private static final String ZULU_ORDER = "I-oda lami alikafiki namanje";
    private static final String ENGLISH_FALLBACK = "Sorry, I didn't understand that. Could you say it another way?";

    private HandoffRuntime runtime;
    private TestLiveAgentServer server;

    @AfterEach
    void tearDown() {
        if (runtime != null) {
            runtime.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private ConversationScript open(String setting, String language, LiveAgentClient liveAgent, String url) {
        runtime = TestRuntime.withLanguageDetection(liveAgent);
        Bot bot = runtime.bot(runtime.botLoader().loadOrThrow("shop-bot.yaml", BOT.formatted(setting, url)));
        return ConversationScript.open(runtime.conversations(), bot, "conv-1", language);
    }

    private ConversationScript open(String setting, String language) {
        return open(setting, language, new FakeLiveAgentClient(), "http://127.0.0.1:1");
    }

    @Test
    void anEnglishFirstBotAnswersAnIsiZuluSentenceInIsiZulu() {
        var s = open("", null).send(ZULU_ORDER).expectBot("Uxolo! I-oda lakho lisendleleni.");
        assertThat(s.conversation().language()).isEqualTo("zu");
    }

    @Test
    void withoutDetectionTheSameSentenceIsMisunderstoodInEnglish() {
        var s = open("detect_language: false", null).send(ZULU_ORDER).expectBot(ENGLISH_FALLBACK);
        assertThat(s.conversation().language()).isEqualTo("en");
    }

    @Test
    void aSingleWordOrAShortGreetingDoesNotSwitch() {
        var s = open("", null)
                .send("Ngiyabonga")
                .expectBot(ENGLISH_FALLBACK)
                .send("ngiyabonga kakhulu")
                .expectBot(ENGLISH_FALLBACK);
        assertThat(s.conversation().language()).isEqualTo("en");
    }

    @Test
    void theLanguageTheUserChoseWinsOverDetection() {
        var s = open("", "en").send(ZULU_ORDER).expectBot(ENGLISH_FALLBACK);
        assertThat(s.conversation().language()).isEqualTo("en");
    }

    @Test
    void theSwitchIsStickyAShortEnglishWordDoesNotSwitchBackButAnEnglishSentenceDoes() {
        var s = open("", null)
                .send(ZULU_ORDER)
                .expectBot("Uxolo! I-oda lakho lisendleleni.")
                .send("ok")
                .expectBot("Uxolo, angikuqondanga lokho. Ungakusho ngenye indlela?")
                .send("My order has not arrived yet")
                .expectBot("Sorry! Your order is on its way.");
        assertThat(s.conversation().language()).isEqualTo("en");
    }

    @Test
    void anAnswerToAFormFieldIsNeverTakenForTheUsersLanguageAndTheHandoffCarriesIsiZulu() {
        var liveAgent = new FakeLiveAgentClient();
        open("", null, liveAgent, "http://127.0.0.1:1")
                .send(ZULU_ORDER)
                .expectBot("Uxolo! I-oda lakho lisendleleni.")
                .send("ngifuna ukukhuluma nomuntu")
                .expectButtons("Ungathanda ukuxoxa nomunye wabenzeli bethu?", "Khuluma nomenzeli", "Qhubeka ne-bot")
                .send("1")
                .expectBot("Ngaphambi kokuthi ngikuxhumanise, ubani igama lakho?")
                .send("My name is Thandi Nkosi")
                .expectBotContaining("Iliphi ikheli le-imeyili")
                .send("+27 82 555 0101")
                .expectBotContaining("Ngikuxhumanisa nomenzeli")
                .expectState(HandoffState.CONNECTING);
        assertThat(liveAgent.last().request.language()).isEqualTo("zu");
    }

    @Test
    void theLiveAgentServerGetsIsiZuluInTheUsernameLanguageAfterASwitch() {
        server = TestLiveAgentServer.start();
        var client = new SocketIoLiveAgentClient(SocketIoSettings.defaults());
        var s = open("", null, client, server.url().toString())
                .send(ZULU_ORDER)
                .expectBot("Uxolo! I-oda lakho lisendleleni.")
                .send("ngifuna ukukhuluma nomuntu")
                .expectButtons("Ungathanda ukuxoxa nomunye wabenzeli bethu?", "Khuluma nomenzeli", "Qhubeka ne-bot")
                .send("1")
                .expectBotContaining("ubani igama lakho")
                .send("Thandi Nkosi")
                .expectBotContaining("Iliphi ikheli le-imeyili")
                .send("thandi@example.org")
                .expectBotContaining("Ngikuxhumanisa nomenzeli");
        JsonNode username = server.awaitConversation("conv-1").first(LiveAgentEvents.USERNAME);
        assertThat(username.path("language").asText()).isEqualTo("zu");
        s.expectSystem("Manje usuxoxa nomenzeli obukhoma.").expectState(HandoffState.WITH_AGENT);
    }
}
