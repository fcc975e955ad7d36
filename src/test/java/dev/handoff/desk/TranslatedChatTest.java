package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.api.ChatView;
import dev.handoff.desk.api.MessageView;
import dev.handoff.desk.api.TranslationView;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.core.DeskTranslation;
import dev.handoff.desk.core.HelpDesk;
import dev.handoff.desk.core.HistoryLine;
import dev.handoff.desk.core.OpenChat;
import dev.handoff.desk.store.InMemoryChatStore;
import dev.handoff.desk.store.StoredMessage;
import dev.handoff.desk.support.ManualDeadlines;
import dev.handoff.desk.support.MutableClock;
import dev.handoff.desk.support.RecordingOutbox;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.desk.support.TestTranslator;
import dev.handoff.translate.DetectedLanguage;
import dev.handoff.translate.LanguageDetector;
import dev.handoff.translate.TranslationException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The desk's translation flow with a deterministic translator and hand-moved deadlines, no sockets: ann reads
 * English, the users write isiZulu; the timeout is 3 s.
 */
class TranslatedChatTest {
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
    final RecordingOutbox outbox = new RecordingOutbox();
    final InMemoryChatStore store = new InMemoryChatStore();
    final AtomicInteger ids = new AtomicInteger();
    final TestTranslator translator = new TestTranslator();
    final ManualDeadlines deadlines = new ManualDeadlines();
    final Map<String, String> detections = new java.util.concurrent.ConcurrentHashMap<>();
    final LanguageDetector detector =
            text -> Optional.ofNullable(detections.get(text)).map(l -> new DetectedLanguage(l, 0.9));
    final DeskConfig config = DeskConfigLoader.parse(TestDesks.YAML, "test").withDataDir(Path.of("unused"));

    HelpDesk desk() {
        return new HelpDesk(
                config,
                store,
                clock,
                outbox,
                () -> "chat-" + ids.incrementAndGet(),
                new DeskTranslation(translator, detector, TIMEOUT, deadlines));
    }

    static OpenChat zulu(String conversation) {
        return new OpenChat(conversation, "bot-1", "sales", "zu", null, true);
    }

    List<MessageView> messages(String agent, String event) {
        return outbox.toAgent(agent, event).stream()
                .map(MessageView.class::cast)
                .toList();
    }

    static TranslationView translated(String text, String source, String target) {
        return new TranslationView(TestTranslator.wrapped(text, source, target), target, TestTranslator.ENGINE, null);
    }

    @Test
    void aUserMessageInAnotherLanguageReachesTheAgentWithItsTranslation() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.agentConnected("ann", v -> {});
        desk.userMessage(chat, null, "Sawubona");

        assertThat(messages("ann", AgentEvents.MESSAGE)).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("Sawubona");
            assertThat(m.language()).isEqualTo("zu");
            assertThat(m.translation()).isEqualTo(translated("Sawubona", "zu", "en"));
        });
        assertThat(store.messages(chat).get(0).translation().text()).isEqualTo("[zu→en] Sawubona");
    }

    @Test
    void withoutAMachineEngineTheMemoryTranslatesWhatItKnowsAndTheRestIsShownUnmarked() {
        dev.handoff.translate.memory.TranslationMemory memory = dev.handoff.translate.memory.TranslationMemory.builder()
                .add(Map.of("en", "Thank you", "zu", "Ngiyabonga"))
                .build();
        HelpDesk desk = new HelpDesk(
                config,
                store,
                clock,
                outbox,
                () -> "chat-" + ids.incrementAndGet(),
                new DeskTranslation(
                        new dev.handoff.translate.TranslationChain(
                                memory,
                                dev.handoff.translate.Translators.none(),
                                100,
                                TIMEOUT,
                                clock,
                                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                        detector,
                        TIMEOUT,
                        deadlines));
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.agentConnected("ann", v -> {});
        desk.userMessage(chat, null, "Ngiyabonga");
        desk.userMessage(chat, null, "Iphasela lami alifikanga");

        assertThat(messages("ann", AgentEvents.MESSAGE))
                .satisfiesExactly(
                        known -> assertThat(known.translation())
                                .isEqualTo(new TranslationView("Thank you", "en", "memory", null)),
                        unknown -> assertThat(unknown.translation())
                                .as("no engine to ask: no translation, and no 'not translated' mark")
                                .isNull());
    }

    @Test
    void aMessageInTheAgentsOwnLanguageIsNotTranslated() {
        HelpDesk desk = desk();
        String chat = desk.openChat(new OpenChat("c1", "bot-1", "sales", "en", null, true), id -> {})
                .chatId();
        desk.agentConnected("ann", v -> {});
        desk.userMessage(chat, null, "Hello");

        assertThat(messages("ann", AgentEvents.MESSAGE)).singleElement().satisfies(m -> assertThat(m.translation())
                .isNull());
        assertThat(translator.requests()).isEmpty();
    }

    @Test
    void messagesOfOneChatWaitForASlowTranslationInOrderWhileOtherChatsAreNotHeld() {
        HelpDesk desk = desk();
        String slow = desk.openChat(zulu("c1"), id -> {}).chatId();
        String other = desk.openChat(zulu("c2"), id -> {}).chatId();
        desk.agentConnected("ann", v -> {});

        translator.hold();
        desk.userMessage(slow, null, "one");
        translator.answer();
        desk.userMessage(slow, null, "two");
        desk.userMessage(other, null, "elsewhere");

        assertThat(messages("ann", AgentEvents.MESSAGE))
                .extracting(MessageView::text)
                .containsExactly("elsewhere");

        translator.release();
        assertThat(messages("ann", AgentEvents.MESSAGE))
                .extracting(MessageView::text)
                .containsExactly("elsewhere", "one", "two");
        assertThat(messages("ann", AgentEvents.MESSAGE).get(1).translation()).isEqualTo(translated("one", "zu", "en"));
    }

    @Test
    void aTranslationSlowerThanTheTimeoutLetsTheOriginalThroughMarkedAndFollowsAsMessageUpdated() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.agentConnected("ann", v -> {});
        translator.hold();
        desk.userMessage(chat, null, "Ngicela usizo");
        deadlines.advance(TIMEOUT.minusMillis(1));
        assertThat(messages("ann", AgentEvents.MESSAGE)).isEmpty();

        deadlines.advance(Duration.ofMillis(1));
        assertThat(messages("ann", AgentEvents.MESSAGE)).singleElement().satisfies(m -> assertThat(m.translation())
                .isEqualTo(new TranslationView(null, "en", TestTranslator.ENGINE, "timeout")));

        translator.release();
        assertThat(messages("ann", AgentEvents.MESSAGE_UPDATED)).singleElement().satisfies(m -> {
            assertThat(m.seq()).isEqualTo(1);
            assertThat(m.translation()).isEqualTo(translated("Ngicela usizo", "zu", "en"));
        });
        assertThat(store.messages(chat).get(0).translation().text()).isEqualTo("[zu→en] Ngicela usizo");
    }

    @Test
    void aTranslationThatComesAfterTheAgentCorrectedTheLanguageNeitherUndoesTheCorrectionNorIsShown() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.agentConnected("ann", v -> {});
        translator.hold();
        desk.userMessage(chat, null, "Ngicela usizo");
        deadlines.advance(TIMEOUT);
        assertThat(messages("ann", AgentEvents.MESSAGE)).hasSize(1);

        translator.answer();
        desk.setChatLanguage("ann", chat, "xh");
        translator.release(); // the zu→en answer asked before the correction comes now

        assertThat(store.messages(chat).get(0).language())
                .as("the agent's correction stands")
                .isEqualTo("xh");
        assertThat(store.messages(chat).get(0).translation().text()).isEqualTo("[xh→en] Ngicela usizo");
        assertThat(messages("ann", AgentEvents.MESSAGE_UPDATED))
                .as("the stale translation is not pushed after the corrected chat")
                .noneMatch(m -> m.translation() != null
                        && "[zu→en] Ngicela usizo".equals(m.translation().text()));
    }

    @Test
    void theAgentCanRetryAFailedTranslation() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.agentConnected("ann", v -> {});
        translator.failWith(Reason.RATE_LIMITED);
        desk.userMessage(chat, null, "Sawubona");
        assertThat(messages("ann", AgentEvents.MESSAGE).get(0).translation().error())
                .isEqualTo("rate_limited");
        assertThat(store.messages(chat).get(0).translation().error()).isEqualTo("rate_limited");

        translator.answer();
        MessageView retried = desk.retranslate("ann", chat, 1, false).join();

        assertThat(retried.translation()).isEqualTo(translated("Sawubona", "zu", "en"));
        assertThat(messages("ann", AgentEvents.MESSAGE_UPDATED)).containsExactly(retried);
        assertThat(store.messages(chat).get(0).translation().error()).isNull();
    }

    @Test
    void theBotHistoryIsTranslatedInOneRequestPerLanguageAndStoredTranslationsAreReused() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.recordHistory(
                chat,
                List.of(
                        new HistoryLine("bot", "Sawubona!"),
                        new HistoryLine("user", "Ngifuna umuntu"),
                        new HistoryLine("bot", "Ngiyakudlulisela")));
        desk.agentConnected("ann", v -> {});

        assertThat(translator.requests()).singleElement().satisfies(r -> {
            assertThat(r.texts()).containsExactly("Sawubona!", "Ngifuna umuntu", "Ngiyakudlulisela");
            assertThat(r.source()).isEqualTo("zu");
            assertThat(r.target()).isEqualTo("en");
        });
        ChatView assigned =
                (ChatView) outbox.toAgent("ann", AgentEvents.ASSIGNED).get(0);
        assertThat(assigned.messages())
                .extracting(m -> m.translation().text())
                .containsExactly("[zu→en] Sawubona!", "[zu→en] Ngifuna umuntu", "[zu→en] Ngiyakudlulisela");

        List<ChatView> shown = new ArrayList<>();
        desk.showTo(
                "ann",
                new dev.handoff.desk.api.AgentEvent.ChatShown(desk.read("ann", chat)),
                e -> shown.add((ChatView) e.payload()));
        assertThat(shown).singleElement().satisfies(v -> assertThat(v.messages())
                .extracting(m -> m.translation().text())
                .containsExactly("[zu→en] Sawubona!", "[zu→en] Ngifuna umuntu", "[zu→en] Ngiyakudlulisela"));
        assertThat(translator.requests()).hasSize(1);
    }

    @Test
    void aChatTransferredToAnAgentOfAnotherLanguageIsTranslatedIntoTheirs() {
        HelpDesk desk = desk();
        String chat = desk.openChat(new OpenChat("c1", "bot-1", "sales", "xh", null, true), id -> {})
                .chatId();
        desk.agentConnected("ann", v -> {});
        desk.userMessage(chat, null, "Molo");
        desk.agentConnected("cara", v -> {});
        desk.transfer("ann", chat, "cara", null);

        ChatView assigned =
                (ChatView) outbox.toAgent("cara", AgentEvents.ASSIGNED).get(0);
        assertThat(assigned.messages().get(0).translation()).isEqualTo(translated("Molo", "xh", "af"));
    }

    @Test
    void anAgentsReplyGoesToTheUserInTheUsersLanguageAndTheAgentSeesWhatWasSent() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.userReady(chat);
        desk.agentConnected("ann", v -> {});
        translator.translates("en", "zu", "Good morning", "Sawubona");

        MessageView echo = desk.reply("ann", chat, "Good morning").join();

        assertThat(outbox.toUser(chat)).containsExactly("Sawubona");
        assertThat(echo.text()).isEqualTo("Good morning");
        assertThat(echo.language()).isEqualTo("en");
        assertThat(echo.translation()).isEqualTo(new TranslationView("Sawubona", "zu", TestTranslator.ENGINE, null));
        assertThat(messages("ann", AgentEvents.MESSAGE)).containsExactly(echo);
    }

    @Test
    void aReplyWhoseTranslationFailsGoesToTheUserAsWrittenAndTheAgentIsTold() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.userReady(chat);
        desk.agentConnected("ann", v -> {});
        translator.hang();

        var echo = desk.reply("ann", chat, "Good morning");
        assertThat(outbox.toUser(chat)).isEmpty();
        deadlines.advance(TIMEOUT);

        assertThat(outbox.toUser(chat)).containsExactly("Good morning");
        assertThat(echo.join().translation())
                .isEqualTo(new TranslationView(null, "zu", TestTranslator.ENGINE, "timeout"));
    }

    @Test
    void repliesOfOneChatReachTheUserInOrderWhileOneIsTranslated() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.userReady(chat);
        desk.agentConnected("ann", v -> {});
        translator.hold();
        var first = desk.reply("ann", chat, "first");
        translator.answer();
        var second = desk.reply("ann", chat, "second");
        assertThat(outbox.toUser(chat)).isEmpty();

        translator.release();

        assertThat(outbox.toUser(chat)).containsExactly("[en→zu] first", "[en→zu] second");
        assertThat(first.join().seq()).isLessThan(second.join().seq());
    }

    @Test
    void aTranslatedReplyIsResentWithTheSameTextAfterAReconnectAndAfterARestart() {
        HelpDesk desk = desk();
        HelpDesk.Opened opened = desk.openChat(zulu("c1"), id -> {});
        desk.userReady(opened.chatId());
        desk.agentConnected("ann", v -> {});
        desk.reply("ann", opened.chatId(), "Good morning").join();
        desk.userDisconnected(opened.chatId());
        outbox.clear();

        translator.failWith(Reason.UNAVAILABLE); // what was sent is stored: nothing is translated again
        desk.openChat(resume("c1", opened.resume()), id -> {});
        desk.userReady(opened.chatId());
        assertThat(outbox.toUser(opened.chatId())).containsExactly("[en→zu] Good morning");

        outbox.clear();
        HelpDesk restarted = desk();
        restarted.resumeStored();
        restarted.openChat(resume("c1", opened.resume()), id -> {});
        restarted.userReady(opened.chatId());
        assertThat(outbox.toUser(opened.chatId())).containsExactly("[en→zu] Good morning");
    }

    static OpenChat resume(String conversation, String token) {
        return new OpenChat(conversation, "bot-1", "sales", "zu", null, true, false, token, false);
    }

    @Test
    void aDetectedLanguageSticksUntilTwoMessagesInARowSayOtherwise() {
        HelpDesk desk = desk();
        String chat = desk.openChat(new OpenChat("c1", "bot-1", "sales", null, null, true), id -> {})
                .chatId();
        desk.agentConnected("ann", v -> {});
        detections.putAll(Map.of(
                "Sawubona", "zu", "Thank you", "en", "Ngiyabonga", "zu", "Please help", "en", "I am stuck", "en"));
        for (String text : List.of("Sawubona", "ok", "Thank you", "Ngiyabonga", "Please help", "I am stuck"))
            desk.userMessage(chat, null, text);

        assertThat(store.messages(chat))
                .extracting(StoredMessage::language)
                .containsExactly("zu", "zu", "en", "zu", "en", "en");
        assertThat(desk.read("ann", chat).chat().language()).isEqualTo("en");
        assertThat(messages("ann", AgentEvents.MESSAGE))
                .extracting(
                        m -> m.translation() == null ? null : m.translation().text())
                .containsExactly("[zu→en] Sawubona", "[zu→en] ok", null, "[zu→en] Ngiyabonga", null, null);
    }

    @Test
    void theUsernameLanguageIsNotChangedByDetection() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        detections.putAll(Map.of("Hello there", "en", "How are you", "en"));
        desk.userMessage(chat, null, "Hello there");
        desk.userMessage(chat, null, "How are you");
        assertThat(store.messages(chat)).extracting(StoredMessage::language).containsExactly("zu", "zu");
    }

    @Test
    void anAgentsCorrectionOfTheChatsLanguageRedoesItsTranslations() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.agentConnected("ann", v -> {});
        desk.userMessage(chat, null, "Molo");
        outbox.clear();

        desk.setChatLanguage("ann", chat, "xh");
        desk.userMessage(chat, null, "Enkosi");

        ChatView shown = (ChatView) outbox.toAgent("ann", AgentEvents.CHAT).get(0);
        assertThat(shown.chat().language()).isEqualTo("xh");
        assertThat(shown.messages().get(0).translation()).isEqualTo(translated("Molo", "xh", "en"));
        assertThat(messages("ann", AgentEvents.MESSAGE).get(0).translation())
                .isEqualTo(translated("Enkosi", "xh", "en"));
        assertThat(store.messages(chat)).extracting(StoredMessage::language).containsExactly("xh", "xh");
    }

    @Test
    void anEngineThatDiesMidChatLosesNothing() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.userReady(chat);
        desk.agentConnected("ann", v -> {});
        desk.userMessage(chat, null, "one");
        desk.reply("ann", chat, "reply one").join();

        translator.failWith(Reason.UNAVAILABLE);
        desk.userMessage(chat, null, "two");
        desk.reply("ann", chat, "reply two").join();
        translator.hang();
        desk.userMessage(chat, null, "three");
        var three = desk.reply("ann", chat, "reply three");
        deadlines.advance(TIMEOUT);
        three.join();

        assertThat(messages("ann", AgentEvents.MESSAGE))
                .filteredOn(m -> m.sender().equals("user"))
                .extracting(m -> m.text() + ":" + m.translation().error())
                .containsExactly("one:null", "two:unavailable", "three:timeout");
        assertThat(outbox.toUser(chat)).containsExactly("[en→zu] reply one", "reply two", "reply three");
    }

    @Test
    void anAgentWhoChangesItsLanguageGetsItsChatsTranslatedIntoTheNewOne() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.agentConnected("ann", v -> {});
        desk.userMessage(chat, null, "Sawubona");

        desk.setLanguage("ann", "af");

        ChatView synced =
                (ChatView) outbox.toAgent("ann", AgentEvents.CHAT_SYNC).get(0);
        assertThat(synced.messages().get(0).translation()).isEqualTo(translated("Sawubona", "zu", "af"));
    }

    @Test
    void aTranslationThatFailsAfterTheTimeoutKeepsTheTimeoutAndOneThatSucceedsReplacesIt() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.agentConnected("ann", v -> {});
        translator.hold();
        desk.userMessage(chat, null, "one");
        deadlines.advance(TIMEOUT);
        assertThat(store.messages(chat).get(0).translation().error()).isEqualTo("timeout");

        translator.release();
        assertThat(store.messages(chat).get(0).translation())
                .isEqualTo(new dev.handoff.desk.store.StoredTranslation("[zu→en] one", "en", "test", null));
    }

    @Test
    void aReplyWhoseChatIsResolvedWhileItIsTranslatedIsRefusedNotLost() {
        HelpDesk desk = desk();
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.agentConnected("ann", v -> {});
        translator.hold();
        var reply = desk.reply("ann", chat, "Good morning");
        desk.resolve("ann", chat);
        translator.release();

        assertThat(reply)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(dev.handoff.desk.core.DeskException.class);
        assertThat(outbox.toUser(chat)).isEmpty();
    }

    @Test
    void aChatWithoutALanguageTakesTheOneDetectedInItsBotHistoryAndTheHistoryIsTranslated() {
        HelpDesk desk = desk();
        String chat = desk.openChat(new OpenChat("c1", "bot-1", "sales", null, null, true), id -> {})
                .chatId();
        detections.put("Ngifuna umuntu", "zu");
        desk.recordHistory(
                chat, List.of(new HistoryLine("user", "Ngifuna umuntu"), new HistoryLine("bot", "Kulungile")));
        desk.agentConnected("ann", v -> {});

        ChatView assigned =
                (ChatView) outbox.toAgent("ann", AgentEvents.ASSIGNED).get(0);
        assertThat(assigned.chat().language()).isEqualTo("zu");
        assertThat(assigned.messages())
                .extracting(m -> m.translation().text())
                .containsExactly("[zu→en] Ngifuna umuntu", "[zu→en] Kulungile");
    }

    @Test
    void aPairTheEngineDoesNotTranslateIsMarkedAtOnceWithoutAskingIt() {
        TestTranslator spanishOnly =
                new TestTranslator(dev.handoff.translate.LanguagePairs.allOf(java.util.Set.of("en", "es")));
        HelpDesk desk = new HelpDesk(
                config,
                store,
                clock,
                outbox,
                () -> "chat-1",
                new DeskTranslation(spanishOnly, detector, TIMEOUT, deadlines));
        String chat = desk.openChat(zulu("c1"), id -> {}).chatId();
        desk.agentConnected("ann", v -> {});
        desk.userMessage(chat, null, "Sawubona");

        assertThat(messages("ann", AgentEvents.MESSAGE).get(0).translation())
                .isEqualTo(new TranslationView(null, "en", TestTranslator.ENGINE, "unsupported_pair"));
        assertThat(spanishOnly.requests()).isEmpty();
    }
}
