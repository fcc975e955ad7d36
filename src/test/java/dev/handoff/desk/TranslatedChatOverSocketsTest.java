package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.AgentScript;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.desk.support.TestTranslator;
import dev.handoff.translate.TranslationException.Reason;
import dev.handoff.translate.TranslationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Translation through a real desk and real Socket.IO: ann reads English, the user writes isiZulu. */
class TranslatedChatOverSocketsTest {
    @TempDir
    Path data;

    final TestTranslator translator = new TestTranslator();
    DeskService desk;
    String url;

    @BeforeEach
    void start() {
        TranslationSettings settings = TranslationSettings.none();
        DeskConfig config = TestDesks.config(data)
                .withTranslation(new TranslationSettings(
                        settings.engine(),
                        null,
                        null,
                        null,
                        Duration.ofMillis(500),
                        settings.cacheSize(),
                        null,
                        settings.languages()));
        desk = TestDesks.start(config, translator);
        url = TestDesks.url(config);
    }

    @AfterEach
    void stop() {
        desk.stop();
    }

    TestBot zuluUser(String conversation) {
        return TestBot.connect(url, conversation, Map.of("department", "sales", "language", "zu"), List.of());
    }

    @Test
    void theAgentReadsTheUserInEnglishAndTheUserReadsTheAgentInIsiZulu() throws Exception {
        try (TestBot bot = zuluUser("conv-1");
                AgentScript ann = AgentScript.agent(url, "ann").expectAssigned("conv-1")) {
            JSONObject info = (JSONObject) ann.raw().events.await(AgentEvents.DESK_INFO);
            assertThat(info.getJSONObject("translation").getString("engine")).isEqualTo("test");
            assertThat(info.getJSONObject("translation").getJSONArray("pairs").toString())
                    .contains("[\"en\",\"zu\"]", "[\"zu\",\"en\"]");

            bot.say("Sawubona");
            ann.expectTranslated("Sawubona", "[zu→en] Sawubona").say("Good morning");
            assertThat(bot.nextToUser()).isEqualTo("[en→zu] Good morning");
            ann.expectSent("Good morning", "[en→zu] Good morning");
        }
    }

    @Test
    void anEngineKilledMidChatLosesNothing() {
        try (TestBot bot = zuluUser("conv-2");
                AgentScript ann = AgentScript.agent(url, "ann").expectAssigned("conv-2")) {
            bot.say("one");
            ann.expectTranslated("one", "[zu→en] one").say("reply one");
            assertThat(bot.nextToUser()).isEqualTo("[en→zu] reply one");

            translator.failWith(Reason.UNAVAILABLE);
            bot.say("two");
            ann.expectNotTranslated("two", "unavailable").say("reply two");
            assertThat(bot.nextToUser()).isEqualTo("reply two");

            translator.hang();
            bot.say("three");
            ann.expectNotTranslated("three", "timeout").say("reply three");
            assertThat(bot.nextToUser()).isEqualTo("reply three");
            ann.expectSent("reply one", "[en→zu] reply one");

            translator.answer();
            ann.retranslate("two").expectUpdated("two", "[zu→en] two");
        }
    }

    @Test
    void anAgentCorrectsTheChatsLanguageAndItsTranslationsAreRedone() throws Exception {
        try (TestBot bot = zuluUser("conv-3");
                AgentScript ann = AgentScript.agent(url, "ann").expectAssigned("conv-3")) {
            bot.say("Molo");
            ann.expectTranslated("Molo", "[zu→en] Molo");

            JSONArray messages = ann.chatLanguage("xh").getJSONArray("messages");

            assertThat(messages.getJSONObject(0).getJSONObject("translation").getString("text"))
                    .isEqualTo("[xh→en] Molo");
            ann.say("Hello");
            assertThat(bot.nextToUser()).isEqualTo("[en→xh] Hello");
        }
    }
}
